#!/usr/bin/env node
// `npm run size`: builds the CDN bundle (dist/cdn), prints each file's size raw and gzip, then
// what a page downloads step by step: to show <mpd-desk> (the budget, 30 kB gzip), when
// its filing form opens (the desk as a citizen first sees it: a budget of its own), when the
// first file is added (Uppy + tus), the first PDF (pdf.js and its worker), and so on, for a
// Spanish page. Exits 1 over either budget. `--no-build` measures the dist/cdn already there.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { FIRST_VIEW_BUDGET_BYTES, INITIAL_BUDGET_BYTES, budgetProblems, stepCosts } from './size-budget.ts';

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
    // The form with what it renders at once, and the Spanish catalogs of FilingForm.messageAreas
    // and the dropzone's and captcha's (keep in step with them).
    {
      label: 'the filing form opens (the desk\'s first view)',
      entries: /filing-form\.ts$|dropzone\.ts$|^captcha$|messages[\\/]es-PE[\\/](form|files|captcha)\.ts$/,
    },
    { label: 'the first file is added: its inspection and the upload stack (Uppy + tus)', entries: /inspect-file\.ts$|@uppy[\\/](core|tus)[\\/]/ },
    { label: 'the first PDF is added: pdf.js and its worker', entries: /pdfjs-dist[\\/]legacy[\\/]build[\\/]pdf(\.worker\.min)?\.mjs(\?url)?$/, withAssets: true },
    { label: 'the citizen starts on the form (or scrolls to its captcha): ALTCHA', entries: /altcha[\\/]dist/ },
    { label: 'an agency on reCAPTCHA, hCaptcha or Turnstile instead: its loader (then the provider\'s own script)', entries: /captcha[\\/]providers\.ts$/ },
    { label: 'the request is filed: the words of its receipt download', entries: /messages[\\/]es-PE[\\/]tracking\.ts$/ },
    { label: 'an agency that asks for the email code: <mpd-email-verification>', entries: /email-verification\.ts$|messages[\\/]es-PE[\\/]verify\.ts$/ },
    { label: '"Seguimiento" opens', entries: /tracking-panel\.ts$/ },
    { label: '"Subsanar observaciones" opens', entries: /correction-panel\.ts$|messages[\\/]es-PE[\\/]correction\.ts$/ },
    { label: '"Mis trámites" opens', entries: /my-requests\.ts$|messages[\\/]es-PE[\\/]account\.ts$/ },
    { label: 'a page in English instead: the English catalogs of the desk and its form', entries: /messages[\\/]en[\\/](desk|form|files|captcha)\.ts$/ },
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
console.log(`\n<mpd-desk> with its filing form: ${kb(firstView).trim()} gzip (budget ${kb(FIRST_VIEW_BUDGET_BYTES).trim()}).`);
const problems = budgetProblems(initial, firstView);
if (problems.length) {
  for (const problem of problems) console.error(`Over budget: ${problem}.`);
  process.exit(1);
}
console.log(
  `Within budget: showing <mpd-desk> downloads ${kb(initial).trim()} gzip (budget ${kb(INITIAL_BUDGET_BYTES).trim()}), ` +
    `with its filing form ${kb(firstView).trim()} (budget ${kb(FIRST_VIEW_BUDGET_BYTES).trim()}).`,
);
