#!/usr/bin/env node
// `npm start`: builds the demo pages, then runs the reference backend on the embedded defaults
// (SQLite and uploads in ./data) serving them, in demo mode (MPD_DEMO=1: the in-process mailbox
// at /mail.html and the demo staff users). The server prints the URL to open.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(command, args, options = {}) {
  return spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
}

const build = run('npx', ['vite', 'build', '--logLevel', 'warn']);
build.on('exit', (code) => {
  if (code !== 0) {
    console.error('No se pudo construir la demostración (vite build).');
    process.exit(code ?? 1);
  }
  const server = run(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { PUBLIC_DIR: 'dist/demo', MPD_DEMO: '1', ...process.env },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  server.on('exit', (serverCode) => process.exit(serverCode ?? 0));
});
