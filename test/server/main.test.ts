/** `server/main.ts` as an operator runs it: environment in, URL on stdout, clean stop on SIGTERM. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CONFIG_DIR } from './helpers.ts';

const MAIN = new URL('../../server/main.ts', import.meta.url).pathname;
let scratch: string;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'mpd-main-test-'));
});
after(() => rm(scratch, { recursive: true, force: true }));

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /Mesa de partes lista en (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${stdout}\n${stderr}`)));
  });
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

test('starts with every demo config, serves the demo and stops cleanly on SIGTERM', async () => {
  const publicDir = join(scratch, 'public');
  await mkdir(publicDir, { recursive: true });
  await writeFile(join(publicDir, 'index.html'), '<!doctype html><title>Demo</title>');
  const dataDir = join(scratch, 'data');
  const server = start({ DATA_DIR: dataDir, CONFIG_DIR, PUBLIC_DIR: publicDir });
  const url = await server.url;

  const time = await fetch(`${url}api/ins/time`);
  assert.equal(time.status, 200);
  assert.ok(Math.abs(Date.parse(((await time.json()) as { now: string }).now) - Date.now()) < 60_000, 'the system clock');
  for (const id of ['cenares', 'inpe', 'ins', 'sis']) {
    assert.equal((await fetch(`${url}api/${id}/config`)).status, 200, id);
  }
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<title>Demo<\/title>/);
  assert.ok(existsSync(join(dataDir, 'mesa-de-partes.sqlite')), 'the database lives in DATA_DIR');

  server.child.kill('SIGTERM');
  assert.equal(await server.exited, 0, server.output().stderr);
});

test('a bad config stops start-up, naming the file and what is wrong', async () => {
  const configDir = join(scratch, 'bad-configs');
  await mkdir(configDir, { recursive: true });
  const config = JSON.parse(await readFile(join(CONFIG_DIR, 'inpe.json'), 'utf8'));
  config.attachments.main.maxSizeMB = 'veinte';
  await writeFile(join(configDir, 'inpe.json'), JSON.stringify(config));
  const server = start({ DATA_DIR: join(scratch, 'data-bad'), CONFIG_DIR: configDir });
  await assert.rejects(server.url);
  assert.equal(await server.exited, 1);
  const { stderr, stdout } = server.output();
  assert.match(stderr, /inpe\.json/);
  assert.match(stderr, /attachments\.main\.maxSizeMB/);
  assert.doesNotMatch(stdout, /Mesa de partes lista/);
});
