// The custom-elements manifest (custom-elements.json) for editors, docs tools and framework
// wrappers, built from the elements' JSDoc headers: `npm run manifest` (also run at pack time and
// by the library builds; the file is generated, not committed). test/repo/manifest.test.ts checks
// that every element, event and part is in it.

/**
 * The elements name their tag in `static tagName` and are registered in src/define.ts (a loop the
 * analyzer cannot follow), so this reads the tag from that field: one source, no `@tagname` copy.
 * It also drops the pseudo-event the analyzer reads in the base class's generic `emit`.
 */
function tagsAndEvents() {
  return {
    name: 'mpd-tags-and-events',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          // The analyzer takes the base class's `new CustomEvent(name, …)` for an event called "name".
          if (declaration.events) declaration.events = declaration.events.filter((event) => event.name?.startsWith('mpd-'));
          const field = declaration.members?.find((member) => member.static && member.name === 'tagName');
          const tagName = field?.default?.match(/^'(mpd-[a-z-]+)'$/)?.[1];
          if (declaration.kind !== 'class' || !tagName) continue;
          declaration.tagName = tagName;
          declaration.customElement = true;
          mod.exports = [
            ...(mod.exports ?? []),
            { kind: 'custom-element-definition', name: tagName, declaration: { name: declaration.name, module: mod.path } },
          ];
        }
      }
    },
  };
}

export default {
  // The two internal base classes bring the inherited properties and attributes (config-src…).
  globs: ['src/elements/**/*.ts', 'src/internal/mpd-element.ts', 'src/internal/lookup-panel.ts'],
  exclude: ['src/**/*.d.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  // package.json names the file itself ("customElements"); the analyzer must not rewrite it.
  packagejson: false,
  litelement: true,
  plugins: [tagsAndEvents()],
};
