// Writes the agency config's JSON Schema (for editors and for `$schema` in each agency's file)
// from the valibot schema, the single source of truth. `--check` fails when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from '../src/config/json-schema.ts';

const target = fileURLToPath(new URL('../src/config/agency-config.schema.json', import.meta.url));
const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;

if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    console.error('agency-config.schema.json is stale: run `npm run schema`.');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
