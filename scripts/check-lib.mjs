#!/usr/bin/env node
// Fails when the npm build (dist/lib, or the folder given) still imports a `.ts` file, which an
// installed package does not have: TypeScript's `rewriteRelativeImportExtensions` misses some
// dynamic imports (inside decorated classes), so the build checks its own output.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const dir = process.argv[2] ?? 'dist/lib';
const TS_SPECIFIER = /(?:from\s*|import\s*\(\s*)(['"])(\.{1,2}\/[^'"]*\.ts)\1/g;

function jsFiles(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? jsFiles(path) : path.endsWith('.js') ? [path] : [];
  });
}

const problems = jsFiles(dir).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(TS_SPECIFIER)].map((match) => `${relative(dir, file)} imports ${match[2]}`),
);
if (problems.length) {
  console.error(`The npm build imports files it does not ship:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${dir}: no .ts imports left`);
