// The npm build (tsconfig.build.json) as a webmaster's bundler meets it: every entry of
// package.json's `exports` that points into dist/lib exists with its types, and no emitted module
// imports a `.ts` file the package does not ship.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('the npm build', { timeout: 180_000 }, () => {
  let outDir: string;
  before(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'mpd-lib-'));
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: root });
  });
  after(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  test('emits every module package.json exports, with its declarations', () => {
    const exportsMap = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, string | { types: string; default: string }> }).exports;
    const libEntries = Object.values(exportsMap).filter((target): target is { types: string; default: string } => typeof target === 'object');
    assert.ok(libEntries.length >= 3, 'the library entries');
    for (const entry of libEntries) {
      for (const path of [entry.default, entry.types]) {
        assert.match(path, /^\.\/dist\/lib\//);
        assert.ok(existsSync(join(outDir, path.replace('./dist/lib/', ''))), `${path} is built`);
      }
    }
  });

  test('leaves no import of a .ts file (scripts/check-lib.mjs, which build:lib runs)', async () => {
    const { stdout } = await run(process.execPath, [join(root, 'scripts/check-lib.mjs'), outDir], { cwd: root });
    assert.match(stdout, /no \.ts imports left/);
    const dropzone = readFileSync(join(outDir, 'elements/dropzone/dropzone.js'), 'utf8');
    assert.match(dropzone, /import\(["']\.\.\/\.\.\/uploads\/inspect-file\.js["']\)/);
  });
});
