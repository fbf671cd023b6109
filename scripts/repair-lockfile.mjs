#!/usr/bin/env node
// The npm registry this project installs from serves only some platforms' builds of a few
// native packages (e.g. @rollup/rollup-darwin-arm64, @napi-rs/canvas-*). `npm install` then
// writes a lockfile that lists them as optional dependencies without entries of their own, and
// `npm ci` refuses it ("Missing: … from lock file"). This drops those dangling optional names.
// Run it after any `npm install` that changes package-lock.json; test/repo checks it was run.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const present = new Set(Object.keys(lock.packages).filter(Boolean).map((path) => path.split('node_modules/').at(-1)));
let removed = 0;
for (const entry of Object.values(lock.packages)) {
  if (!entry.optionalDependencies) continue;
  for (const name of Object.keys(entry.optionalDependencies)) {
    if (!present.has(name)) {
      delete entry.optionalDependencies[name];
      removed += 1;
    }
  }
  if (Object.keys(entry.optionalDependencies).length === 0) delete entry.optionalDependencies;
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: dropped ${removed} optional dependencies this registry does not serve`);
