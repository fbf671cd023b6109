// The arithmetic of `npm run size` on a small manifest shaped like Vite's: what the entry costs,
// and what each later step adds without counting a shared chunk twice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FIRST_VIEW_BUDGET_BYTES,
  INITIAL_BUDGET_BYTES,
  budgetProblems,
  dynamicEntries,
  entryKey,
  staticClosure,
  stepCosts,
  type Manifest,
} from '../../scripts/size-budget.ts';

const manifest: Manifest = {
  'src/autoload.ts': {
    file: 'mesa-de-partes.js',
    isEntry: true,
    imports: ['_lit.js'],
    dynamicImports: ['src/form.ts', '_messages.js', 'node_modules/pdfjs-dist/pdf.mjs?url'],
  },
  '_lit.js': { file: 'chunks/lit.js', imports: ['_runtime.js'] },
  '_runtime.js': { file: 'chunks/runtime.js' },
  '_messages.js': { file: 'chunks/messages.js', name: 'messages' },
  'src/form.ts': { file: 'chunks/form.js', src: 'src/form.ts', isDynamicEntry: true, imports: ['_lit.js', '_shared.js'], dynamicImports: ['node_modules/uppy/index.js'] },
  '_shared.js': { file: 'chunks/shared.js', imports: ['src/autoload.ts'] },
  'node_modules/uppy/index.js': { file: 'chunks/uppy.js', src: 'node_modules/uppy/index.js', isDynamicEntry: true, imports: ['_shared.js'] },
  'node_modules/pdfjs-dist/pdf.mjs?url': { file: 'chunks/worker-url.js', src: 'node_modules/pdfjs-dist/pdf.mjs?url', isDynamicEntry: true, assets: ['assets/worker.mjs'] },
};

const sizes: Record<string, number> = {
  'mesa-de-partes.js': 10,
  'chunks/lit.js': 6,
  'chunks/runtime.js': 1,
  'chunks/messages.js': 8,
  'chunks/form.js': 12,
  'chunks/shared.js': 3,
  'chunks/uppy.js': 40,
  'chunks/worker-url.js': 1,
  'assets/worker.mjs': 400,
};

describe('size budget', () => {
  it('finds the one entry', () => {
    assert.equal(entryKey(manifest), 'src/autoload.ts');
    assert.throws(() => entryKey({ a: { file: 'a.js' } }), /one entry/);
  });

  it('counts an entry with its static imports, transitively, and not its dynamic ones', () => {
    assert.deepEqual(staticClosure(manifest, ['src/autoload.ts']), ['mesa-de-partes.js', 'chunks/lit.js', 'chunks/runtime.js']);
  });

  it('finds lazy chunks by source path, or by name for a chunk of several modules', () => {
    assert.deepEqual(dynamicEntries(manifest, /form\.ts$|^messages$/), ['src/form.ts', '_messages.js']);
    assert.deepEqual(dynamicEntries(manifest, /nothing/), []);
  });

  it('adds to each step only what the page does not have yet, assets when asked', () => {
    const steps = stepCosts(
      manifest,
      [
        { label: 'form', entries: /form\.ts$|^messages$/ },
        { label: 'upload', entries: /uppy/ },
        { label: 'pdf', entries: /pdfjs-dist/, withAssets: true },
      ],
      (file) => sizes[file]!,
    );
    assert.deepEqual(
      steps.map((step) => [step.label, step.bytes]),
      [
        ['initial', 17],
        ['form', 12 + 3 + 8],
        ['upload', 40],
        ['pdf', 401],
      ],
    );
    assert.deepEqual(steps[2]!.files, ['chunks/uppy.js']);
  });

  it('refuses a step that matches no lazy chunk, so a renamed module cannot hide from the report', () => {
    assert.throws(() => stepCosts(manifest, [{ label: 'gone', entries: /gone/ }], () => 1), /no lazy chunk/);
  });

  it('gates both the shell (the issue\'s 30 kB) and the desk with its filing form', () => {
    assert.equal(INITIAL_BUDGET_BYTES, 30_000);
    assert.deepEqual(budgetProblems(INITIAL_BUDGET_BYTES, FIRST_VIEW_BUDGET_BYTES), []);
    assert.match(budgetProblems(INITIAL_BUDGET_BYTES + 1, FIRST_VIEW_BUDGET_BYTES).join(), /showing <mpd-desk> downloads 30\.0 kB/);
    const problems = budgetProblems(10_000, FIRST_VIEW_BUDGET_BYTES + 100);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /with its filing form/);
  });
});
