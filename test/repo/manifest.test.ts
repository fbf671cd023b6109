// The custom-elements manifest is generated from the elements' JSDoc, so a header that forgets an
// event or a part, or a tag the analyzer cannot see, would ship wrong docs to editors and
// framework wrappers. This runs the analyzer as `npm run manifest` does and checks what it wrote
// against the elements' sources, src/events.ts and the README's table of events.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
// @ts-expect-error -- the analyzer's command line has no types; it returns the manifest it builds.
import { cli as analyze } from '@custom-elements-manifest/analyzer/cli.js';
import { LAZY_TAGS } from '../../src/elements/element-loaders.ts';
import { MPD_EVENTS } from '../../src/events.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Named {
  name: string;
  description?: string;
}
interface ElementDeclaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  events?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
  attributes?: Named[];
}
interface Manifest {
  modules: { path: string; declarations?: ElementDeclaration[]; exports?: { kind: string; name: string }[] }[];
}

let elements: { path: string; declaration: ElementDeclaration }[] = [];
let definitions: string[] = [];

before(async () => {
  // With custom-elements-manifest.config.mjs, as `npm run manifest`, but nothing written.
  const manifest = (await analyze({ argv: ['analyze', '--quiet'], cwd: root, noWrite: true })) as Manifest;
  elements = manifest.modules.flatMap((module) =>
    (module.declarations ?? []).filter((declaration) => declaration.tagName).map((declaration) => ({ path: module.path, declaration })),
  );
  definitions = manifest.modules.flatMap((module) => (module.exports ?? []).filter((entry) => entry.kind === 'custom-element-definition').map((entry) => entry.name));
});

const tagsOf = () => elements.map((element) => element.declaration.tagName).sort();

test('every mpd- element is in the manifest under its tag, with a definition export', () => {
  const expected = ['mpd-desk', ...LAZY_TAGS].sort();
  assert.deepEqual(tagsOf(), expected);
  assert.deepEqual([...definitions].sort(), expected);
});

test("each element documents every part its template names (`part=\"…\"`), and every event it fires", () => {
  for (const { path, declaration } of elements) {
    const source = readFileSync(join(root, path), 'utf8');
    const documentedParts = new Set(declaration.cssParts?.map((part) => part.name));
    const renderedParts = [...source.matchAll(/\bpart="([^"$]+)"/g)].flatMap((match) => match[1]!.split(/\s+/));
    assert.deepEqual(
      renderedParts.filter((part) => !documentedParts.has(part)),
      [],
      `${declaration.tagName}: @csspart missing in its JSDoc`,
    );
    const documentedEvents = new Set(declaration.events?.map((event) => event.name));
    const firedEvents = [
      ...[...source.matchAll(/\bemit(?:<[^>]+>)?\(\s*'(mpd-[a-z-]+)'/g)].map((match) => match[1]!),
      ...[...source.matchAll(/lookupFailed\(error, '(mpd-[a-z-]+)'\)/g)].map((match) => match[1]!),
      ...(source.includes('deliverReceipt(') ? ['mpd-receipt-download'] : []),
    ];
    assert.deepEqual(
      firedEvents.filter((event) => !documentedEvents.has(event)),
      [],
      `${declaration.tagName}: @event missing in its JSDoc`,
    );
    for (const event of declaration.events ?? []) {
      assert.ok(event.description?.trim(), `${declaration.tagName}: ${event.name} has no description`);
      // A long one swallowed the header's next paragraph: JSDoc tags belong after the prose.
      assert.ok(event.description!.length < 400, `${declaration.tagName}: ${event.name}'s description runs on`);
    }
  }
});

test('the documented events are exactly the typed ones (src/events.ts)', () => {
  const documented = new Set(elements.flatMap(({ declaration }) => declaration.events?.map((event) => event.name) ?? []));
  assert.deepEqual([...documented].sort(), Object.keys(MPD_EVENTS).sort());
});

test("the README's table of events lists every event with whether it is cancelable", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const [name, { cancelable }] of Object.entries(MPD_EVENTS)) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
    assert.ok(row, `README: no row for ${name}`);
    assert.match(row, cancelable ? /\| yes \|\s*$/ : /\| no \|\s*$/, `README: ${name} cancelable should be ${cancelable ? 'yes' : 'no'}`);
  }
});

test('the desk documents the theme tokens, and each element taking a config documents `config-src`', () => {
  const desk = elements.find(({ declaration }) => declaration.tagName === 'mpd-desk')!.declaration;
  const tokens = desk.cssProperties?.map((property) => property.name) ?? [];
  for (const token of ['--mpd-color-primary', '--mpd-color-focus', '--mpd-font-family', '--mpd-radius']) assert.ok(tokens.includes(token), token);
  for (const tag of ['mpd-desk', 'mpd-filing-form', 'mpd-tracking-panel', 'mpd-correction-panel', 'mpd-my-requests']) {
    const element = elements.find(({ declaration }) => declaration.tagName === tag)!.declaration;
    assert.ok(element.attributes?.some((attribute) => attribute.name === 'config-src'), `${tag}: config-src attribute`);
  }
});
