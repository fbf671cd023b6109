#!/usr/bin/env node
// The package's command line (`npx mesa-de-partes check-config my-agency.json`,
// `npx mesa-de-partes hash-password`). The sources are TypeScript, run through tsx like the
// reference backend, so the command checks a config with exactly the code the elements and the
// server use.
import { register } from 'tsx/esm/api';

register();
const [command] = process.argv.slice(2);
if (command === 'hash-password') {
  const { main } = await import('../src/cli/hash-password.ts');
  process.exitCode = await main(process.argv.slice(3));
} else {
  const { main } = await import('../src/cli/check-config.ts');
  process.exitCode = await main(process.argv.slice(2));
}
