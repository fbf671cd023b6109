#!/usr/bin/env node
// The package's command line (`npx mesa-de-partes check-config my-agency.json`). The sources are
// TypeScript, run through tsx like the reference backend, so the command checks a config with
// exactly the code the elements and the server use.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/check-config.ts');
process.exitCode = await main(process.argv.slice(2));
