#!/usr/bin/env node
// `npm test`: every suite, then one closing line `N passed, N failed` over all of them.
//   node scripts/test.mjs            all suites
//   node scripts/test.mjs node       domain, config and server unit tests (node:test)
//   node scripts/test.mjs browser    element tests in Chromium (@web/test-runner)
//   node scripts/test.mjs e2e        builds the demo and the CDN bundle, drives them in Chromium against the real server
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(root, '.test-results');
const only = process.argv[2] ?? 'all';

function filesUnder(dir, predicate) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, predicate) : predicate(path) ? [path] : [];
  });
}

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function tapTotals(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const tap = readFileSync(file, 'utf8');
  const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled') };
}

async function nodeSuite(name, files) {
  if (files.length === 0) return { passed: 0, failed: 0 };
  const tapFile = join(resultsDir, `${name}.tap`);
  const code = await run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files.map((file) => relative(root, file)),
  ]);
  const totals = tapTotals(tapFile);
  // A crash before any test ran still has to fail the run.
  if (code !== 0 && totals.failed === 0) totals.failed = 1;
  return totals;
}

const suites = {
  async node() {
    const files = filesUnder(join(root, 'test'), (path) => path.endsWith('.test.ts'))
      .filter((path) => !path.includes('/test/elements/') && !path.includes('/test/e2e/'));
    return nodeSuite('node', files);
  },
  async browser() {
    const resultsFile = join(resultsDir, 'browser.json');
    const code = await run(process.execPath, ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js'], {
      MPD_BROWSER_RESULTS: resultsFile,
    });
    const totals = existsSync(resultsFile)
      ? JSON.parse(readFileSync(resultsFile, 'utf8'))
      : { passed: 0, failed: 0, sessionErrors: 1 };
    const failed = totals.failed + totals.sessionErrors;
    return { passed: totals.passed, failed: code !== 0 && failed === 0 ? 1 : failed };
  },
  async e2e() {
    const files = filesUnder(join(root, 'test/e2e'), (path) => path.endsWith('.test.ts'));
    if (files.length === 0) return { passed: 0, failed: 0 };
    const built = await run('npx', ['vite', 'build', '--logLevel', 'warn']);
    if (built !== 0) return { passed: 0, failed: 1 };
    // cdn.test.ts embeds the CDN build on a page of another origin.
    const cdnBuilt = await run('npx', ['vite', 'build', '-c', 'vite.cdn.config.ts', '--logLevel', 'warn']);
    if (cdnBuilt !== 0) return { passed: 0, failed: 1 };
    return nodeSuite('e2e', files);
  },
};

rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const selected = only === 'all' ? Object.keys(suites) : [only];
const totals = { passed: 0, failed: 0 };
for (const name of selected) {
  if (!suites[name]) {
    console.error(`unknown suite "${name}"; use one of: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n=== ${name} tests ===`);
  const result = await suites[name]();
  console.log(`=== ${name}: ${result.passed} passed, ${result.failed} failed ===`);
  totals.passed += result.passed;
  totals.failed += result.failed;
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
