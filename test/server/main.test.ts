/** `server/main.ts` as an operator runs it: environment in, URL on stdout, clean stop on SIGTERM. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { OffsetClock } from '../../server/clock.ts';
import { migrateToLatest } from '../../server/db/migrations.ts';
import { createSqliteDatabase } from '../../server/db/sqlite.ts';
import { enqueueMail } from '../../server/mail/outbox.ts';
import { hashPassword } from '../../src/cli/passwords.ts';
import { CONFIG_DIR } from './helpers.ts';

const MAIN = new URL('../../server/main.ts', import.meta.url).pathname;
let scratch: string;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'mpd-main-test-'));
});
after(() => rm(scratch, { recursive: true, force: true }));

function start(env: Record<string, string>) {
  // What the operator did not set stays unset, whatever the environment running the tests has.
  const inherited = { ...process.env };
  for (const name of ['MPD_DEMO', 'MPD_TEST_CLOCK', 'CORRECTION_SWEEP_SECONDS', 'SMTP_URL', 'STAFF_CREDENTIALS', 'PUBLIC_URL']) delete inherited[name];
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...inherited, HOST: '127.0.0.1', PORT: '0', ...env },
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

/** A sign-in to an agency's staff console, from the desk's own origin. */
const staffSignInStatus = async (url: string, agencyId: string, user: string, password: string) =>
  (await fetch(`${url}api/${agencyId}/staff/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: new URL(url).origin }, body: JSON.stringify({ user, password }) })).status;

test('without MPD_DEMO, SMTP_URL or STAFF_CREDENTIALS: no dev mailbox, no demo users, mails kept unsent, and it says so', async () => {
  const dataDir = join(scratch, 'data-no-demo');
  await mkdir(dataDir, { recursive: true });
  // A mail already waiting in the outbox, as a filing leaves it.
  const db = createSqliteDatabase(join(dataDir, 'mesa-de-partes.sqlite'));
  await migrateToLatest(db);
  const mailId = await enqueueMail(
    db,
    {
      agencyId: 'cenares',
      requestId: null,
      kind: 'request.attended',
      recipient: 'rosa.quispe@example.pe',
      payload: { requestNumber: '1-2026', applicantName: 'Rosa Quispe', documentNumber: '10117410', note: 'Atendida.' },
    },
    new Date(Date.now() - 60_000),
  );
  await db.destroy();

  const server = start({ DATA_DIR: dataDir, CONFIG_DIR });
  const url = await server.url;
  assert.equal((await fetch(`${url}dev/mails`)).status, 404, 'no dev mailbox outside demo mode');
  assert.equal((await fetch(`${url}dev/clock`)).status, 404, 'no settable clock without MPD_TEST_CLOCK');
  assert.equal(await staffSignInStatus(url, 'cenares', 'mesa', 'mesa-cenares'), 401, 'the demo users do not exist outside demo mode');
  await new Promise((resolve) => setTimeout(resolve, 300)); // a sender would have taken the due mail by now

  server.child.kill('SIGTERM');
  assert.equal(await server.exited, 0, server.output().stderr);
  const { stdout, stderr } = server.output();
  const said = stdout + stderr;
  assert.match(said, /no se están enviando correos/i);
  assert.match(said, /SMTP_URL/);
  assert.match(said, /Consola de la mesa cerrada/);
  assert.doesNotMatch(said, /mesa-cenares/);
  assert.doesNotMatch(said, /Correos de prueba/);

  const after = createSqliteDatabase(join(dataDir, 'mesa-de-partes.sqlite'));
  try {
    const row = await after.selectFrom('mail_outbox').selectAll().where('id', '=', mailId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'pending', 'the mail waits in the outbox');
    assert.equal(row.attempts, 0, 'no sender tried it');
  } finally {
    await after.destroy();
  }
});

test('with MPD_DEMO=1: the dev mailbox and the demo staff users', async () => {
  const server = start({ DATA_DIR: join(scratch, 'data-demo'), CONFIG_DIR, MPD_DEMO: '1' });
  const url = await server.url;
  assert.equal((await fetch(`${url}dev/mails`)).status, 200);
  // Demo mode does not open the settable clock: only MPD_TEST_CLOCK=1 does.
  const clockAnswer = await fetch(`${url}dev/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"now":"2030-01-01T00:00:00Z"}' });
  assert.equal(clockAnswer.status, 404);
  assert.equal(await staffSignInStatus(url, 'cenares', 'mesa', 'mesa-cenares'), 201);
  server.child.kill('SIGTERM');
  assert.equal(await server.exited, 0, server.output().stderr);
  const { stdout } = server.output();
  assert.match(stdout, /Correos de prueba/);
  assert.match(stdout, /cenares: mesa \/ mesa-cenares/);
});

test('STAFF_CREDENTIALS: a plain-text password stops start-up outside demo mode, saying how to hash it; a hash starts', async () => {
  const refused = start({ DATA_DIR: join(scratch, 'data-plain'), CONFIG_DIR, STAFF_CREDENTIALS: 'cenares:ana:clave-de-ana' });
  refused.url.catch(() => {}); // it never listens
  assert.equal(await refused.exited, 1);
  assert.match(refused.output().stderr, /«cenares:ana» está en texto plano.*npx mesa-de-partes hash-password.*MPD_DEMO=1/s);

  const hash = await hashPassword('clave-de-ana', { cost: 1024 });
  const server = start({ DATA_DIR: join(scratch, 'data-hashed'), CONFIG_DIR, STAFF_CREDENTIALS: `cenares:ana:${hash}` });
  const url = await server.url;
  assert.equal(await staffSignInStatus(url, 'cenares', 'ana', 'clave-de-ana'), 201);
  server.child.kill('SIGTERM');
  assert.equal(await server.exited, 0, server.output().stderr);
});

test('with MPD_TEST_CLOCK=1: PUT /dev/clock places the server clock, which keeps flowing', async () => {
  const server = start({ DATA_DIR: join(scratch, 'data-clock'), CONFIG_DIR, MPD_TEST_CLOCK: '1', CORRECTION_SWEEP_SECONDS: '3600' });
  const url = await server.url;
  const put = (body: string) => fetch(`${url}dev/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
  const placed = await put('{"now":"2026-03-18T05:00:00.000Z"}');
  assert.equal(placed.status, 200);
  const { now } = (await placed.json()) as { now: string };
  assert.ok(Math.abs(Date.parse(now) - Date.parse('2026-03-18T05:00:00.000Z')) < 1000, now);
  const time = (await (await fetch(`${url}api/cenares/time`)).json()) as { now: string };
  assert.ok(Date.parse(time.now) >= Date.parse(now) && Date.parse(time.now) - Date.parse(now) < 5000, 'the API answers on the placed clock');
  const read = (await (await fetch(`${url}dev/clock`)).json()) as { now: string };
  assert.ok(Date.parse(read.now) >= Date.parse(time.now));
  const bad = await put('{"now":"ayer"}');
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as { code: string }).code, 'request.malformed');
  server.child.kill('SIGTERM');
  assert.equal(await server.exited, 0, server.output().stderr);
  assert.match(server.output().stdout, /Reloj de pruebas \(MPD_TEST_CLOCK=1\)/);
});

test('OffsetClock: placed anywhere, then time flows from there', () => {
  let system = Date.parse('2026-01-01T00:00:00Z');
  const clock = new OffsetClock(() => system);
  assert.equal(clock.now().toISOString(), '2026-01-01T00:00:00.000Z');
  clock.set('2026-03-18T04:59:59.000Z');
  system += 1500;
  assert.equal(clock.now().toISOString(), '2026-03-18T05:00:00.500Z');
  assert.throws(() => clock.set('mañana'), RangeError);
  clock.reset();
  assert.equal(clock.now().getTime(), system);
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
