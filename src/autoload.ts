/**
 * Registers every mpd- element, fetching each one's code only when it is needed: the CDN build's
 * entry (`dist/cdn/mesa-de-partes.js`, one `<script type="module">` on any page), and
 * `import 'mesa-de-partes/autoload'` for a page whose bundler splits dynamic imports.
 *
 * `<mpd-desk>` is defined at once, its views' elements when each view opens; any other mpd-
 * element the page uses on its own is fetched the first time it appears in the document. So a
 * page showing the desk downloads only what the desk shows. Like `define.ts`, a tag already
 * defined is left alone.
 */
import { Desk } from './elements/desk/desk.ts';
import { LAZY_TAGS, loadElement } from './elements/element-loaders.ts';
import { defineElement } from './internal/define.ts';

Desk.views = Desk.views.map((view) =>
  view.element && !view.load ? { ...view, load: () => loadElement(view.element!) } : view,
);
defineElement(Desk);

const selector = LAZY_TAGS.join(',');

function loadPresent(): void {
  for (const element of document.querySelectorAll(selector)) {
    const tag = element.localName;
    if (!customElements.get(tag)) {
      loadElement(tag).catch((error: unknown) => console.error(`mesa-de-partes: no se pudo cargar <${tag}>`, error));
    }
  }
}

loadPresent();
// Elements the page adds later (a framework rendering them, a dialog the citizen opens). Once
// every tag is defined there is nothing left to watch for, so a busy page pays nothing more.
const watcher = new MutationObserver(() => {
  loadPresent();
  if (LAZY_TAGS.every((tag) => customElements.get(tag))) watcher.disconnect();
});
watcher.observe(document.documentElement, { childList: true, subtree: true });
