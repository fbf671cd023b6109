#!/usr/bin/env node
// `npm run size`: builds the CDN bundle (dist/cdn), prints each file's size raw and gzip, then
// what a page downloads step by step: to show <mpd-desk> (the budget, 30 kB gzip), when its
// filing form opens, when the first file is added (Uppy + tus), the first PDF (pdf.js and its
// worker), and so on. Exits 1 over the budget. `--no-build` measures the dist/cdn already there.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { INITIAL_BUDGET_BYTES, stepCosts } from './size-budget.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist/cdn');

if (!process.argv.includes('--no-build')) {
  const built = spawnSync('npx', ['vite', 'build', '-c', 'vite.cdn.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

/** gzip at level 9, what a CDN serves pre-compressed; brotli would be smaller still. */
const sizes = new Map();
function sizeOf(file) {
  let size = sizes.get(file);
  if (!size) {
    const bytes = readFileSync(join(outDir, file));
    size = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    sizes.set(file, size);
  }
  return size;
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`.padStart(9);

const files = (function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === '.vite') return [];
    return statSync(path).isDirectory() ? walk(path) : [relative(outDir, path)];
  });
})(outDir).filter((file) => /\.m?js$/.test(file));

console.log('\nFiles of dist/cdn (raw, gzip):');
for (const file of files.sort((a, b) => sizeOf(b).gzip - sizeOf(a).gzip)) {
  console.log(`${kb(sizeOf(file).raw)} ${kb(sizeOf(file).gzip)}  ${file}`);
}

const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8'));
const steps = stepCosts(
  manifest,
  [
    { label: 'the filing form opens (the desk\'s first view)', entries: /filing-form\.ts$|dropzone\.ts$|email-verification\.ts$|^captcha$|^messages$/ },
    { label: 'the first file is added: its inspection and the upload stack (Uppy + tus)', entries: /inspect-file\.ts$|@uppy[\\/](core|tus)[\\/]/ },
    { label: 'the first PDF is added: pdf.js and its worker', entries: /pdfjs-dist[\\/]legacy[\\/]build[\\/]pdf(\.worker\.min)?\.mjs(\?url)?$/, withAssets: true },
    { label: 'the captcha starts: ALTCHA', entries: /altcha[\\/]dist/ },
    { label: '"Seguimiento" opens', entries: /tracking-panel\.ts$/ },
    { label: '"Subsanar observaciones" opens', entries: /correction-panel\.ts$/ },
    { label: '"Mis trámites" opens', entries: /my-requests\.ts$/ },
  ],
  (file) => sizeOf(file).gzip,
);

console.log('\nWhat a page downloads (gzip), step by step:');
for (const step of steps) {
  const label = step.label === 'initial' ? 'to show <mpd-desk> (entry and its static imports)' : step.label;
  console.log(`${kb(step.bytes)}  ${label}: ${step.files.join(', ') || 'nothing new'}`);
}
const counted = new Set(steps.flatMap((step) => step.files));
const elsewhere = files.filter((file) => !counted.has(file));
if (elsewhere.length) console.log(`           in no step above: ${elsewhere.join(', ')}`);
const initial = steps[0].bytes;
const firstView = initial + steps[1].bytes;
console.log(`\n<mpd-desk> with its filing form: ${kb(firstView).trim()} gzip.`);
if (initial > INITIAL_BUDGET_BYTES) {
  console.error(`Over budget: showing <mpd-desk> downloads ${kb(initial).trim()} gzip, the budget is ${kb(INITIAL_BUDGET_BYTES).trim()}.`);
  process.exit(1);
}
console.log(`Within budget: showing <mpd-desk> downloads ${kb(initial).trim()} gzip (budget ${kb(INITIAL_BUDGET_BYTES).trim()}).`);
