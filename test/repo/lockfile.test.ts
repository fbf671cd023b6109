import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

test('package-lock.json installs with `npm ci` (run `npm run repair-lock` after `npm install`)', () => {
  const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
    packages: Record<string, { optionalDependencies?: Record<string, string> }>;
  };
  const present = new Set(Object.keys(lock.packages).filter(Boolean).map((path) => path.split('node_modules/').at(-1)));
  const dangling = Object.values(lock.packages).flatMap((entry) =>
    Object.keys(entry.optionalDependencies ?? {}).filter((name) => !present.has(name)),
  );
  assert.deepEqual(dangling, []);
});
