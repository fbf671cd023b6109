/**
 * Issue 11 §1 and §6: uploads cannot fill the disk. Against the real server (tus, SQLite, files
 * in a temp folder): upload grants (captcha or per-address limit, agency-bound, expiring, with a
 * byte budget), `Upload-Expires` and the sweep of uploads nobody filed, the disk reserve, and
 * what a full or read-only disk answers.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Problem } from '../../src/api/types.ts';
import { fileUploadStorage, type UploadStorageFactory } from '../../server/storage/uploads.ts';
import { sweepExpiredUploads } from '../../server/uploads/expiry.ts';
import { secretHash } from '../../server/verification/options.ts';
import { makePdf } from '../server/documents.ts';
import {
  captchaHeaders,
  CONFIG_DIR,
  grantHeaders,
  postFiling,
  postJson,
  requestUploadGrant,
  startServer,
  tusMetadata,
  tusUpload,
  verifiedSubmission,
  type TestServer,
} from '../server/helpers.ts';

const MB = 1024 * 1024;
const MAIN = { slot: 'main', index: 0 } as const;

/** A bare tus creation (nothing sent), with whatever grant header the test gives. */
function create(server: TestServer, agencyId: string, size: number, headers: Record<string, string> = {}, purpose?: 'filing' | 'correction'): Promise<Response> {
  return fetch(`${server.url}/api/${agencyId}/uploads/`, {
    method: 'POST',
    headers: { 'tus-resumable': '1.0.0', 'upload-length': String(size), 'upload-metadata': tusMetadata('carta.pdf', MAIN, 'application/pdf', purpose), ...headers },
  });
}

function patch(url: string, offset: number, bytes: Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'PATCH',
    headers: { 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream', ...headers },
    body: Buffer.from(bytes),
  });
}

async function problemOf(response: Response): Promise<Problem> {
  assert.equal(response.headers.get('content-type'), 'application/problem+json');
  return (await response.json()) as Problem;
}

/** Spanish a citizen can read: no English words of tus or SQLite. */
function assertSpanish(text: string | undefined): void {
  assert.ok(text && /[áéíóúñ]|archivo|subir|espacio/i.test(text), `not Spanish: ${text}`);
  assert.doesNotMatch(text, /\b(the|error|failed|SQLITE|ENOSPC|upload)\b/i);
}

/** Runs `run` with console.error/warn captured; answers what they printed. */
async function capturingLogs<T>(run: () => Promise<T>): Promise<{ result: T; logs: string }> {
  const lines: string[] = [];
  const original = { error: console.error, warn: console.warn };
  const keep = (...args: unknown[]) => lines.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${(arg as { code?: string }).code ?? ''}` : String(arg))).join(' '));
  console.error = keep;
  console.warn = keep;
  try {
    return { result: await run(), logs: lines.join('\n') };
  } finally {
    Object.assign(console, original);
  }
}

const uploadFiles = async (server: TestServer, agencyId: string): Promise<string[]> => {
  const folder = join(server.dataDir, 'uploads', agencyId);
  return existsSync(folder) ? readdir(folder) : [];
};

describe('upload grants', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  test('tus creation and PATCH without a valid grant are refused with a Spanish problem; the preflight allows the header', async () => {
    const missing = await create(server, 'inpe', 1000);
    assert.equal(missing.status, 400);
    const missingProblem = await problemOf(missing);
    assert.equal(missingProblem.code, 'upload.grantMissing');
    assertSpanish(missingProblem.detail);

    const forged = await create(server, 'inpe', 1000, { 'upload-grant': 'x'.repeat(43) });
    assert.equal(forged.status, 403);
    assert.equal((await problemOf(forged)).code, 'upload.grantInvalid');

    const pdf = await makePdf();
    const created = await create(server, 'inpe', pdf.byteLength, await grantHeaders(server, 'inpe', pdf.byteLength));
    assert.equal(created.status, 201);
    const url = new URL(created.headers.get('location')!, `${server.url}/api/inpe/uploads/`).href;
    const unpermitted = await patch(url, 0, pdf);
    assert.equal(unpermitted.status, 400);
    assert.equal((await problemOf(unpermitted)).code, 'upload.grantMissing');
    const permitted = await patch(url, 0, pdf, await grantHeaders(server, 'inpe'));
    assert.equal(permitted.status, 204);

    const preflight = await fetch(`${server.url}/api/inpe/uploads/`, {
      method: 'OPTIONS',
      headers: { origin: 'https://www.gob.pe', 'access-control-request-method': 'POST', 'access-control-request-headers': 'upload-grant,tus-resumable' },
    });
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Upload-Grant/i);
  });

  test('an agency with a captcha asks an answer for the place "upload"; the filing still asks its own', async () => {
    const config = server.configs.get('cenares')!;
    const noAnswer = await postJson(server, 'cenares', 'upload-grants', {});
    assert.equal(noAnswer.status, 400);
    assert.equal(noAnswer.body.code, 'captcha.required');
    const otherPlace = await postJson(server, 'cenares', 'upload-grants', {}, await captchaHeaders(server, 'cenares', 'tracking'));
    assert.equal(otherPlace.status, 403);
    assert.equal(otherPlace.body.code, 'captcha.invalid');

    const granted = await requestUploadGrant(server, 'cenares');
    assert.equal(granted.status, 201);
    assert.equal(typeof granted.body.uploadGrant, 'string');
    assert.ok(Date.parse(granted.body.expiresAt) > server.clock.now().getTime());
    // One filing's most: the main document and every annex slot at its own limit.
    const { main, annexes } = config.attachments;
    let filing = main.maxSizeMB * MB;
    for (let slot = 1; slot <= annexes.max; slot++) filing += (annexes.sizeBySlot.find((entry) => entry.slot === slot)?.maxSizeMB ?? annexes.maxSizeMB) * MB;
    assert.equal(granted.body.maxBytes, Math.round(filing));
    // A correction's grant: every document replaced at the correction limit (CENARES: 20 MB each).
    const correction = await requestUploadGrant(server, 'cenares', 'correction');
    assert.equal(correction.body.maxBytes, (1 + annexes.max) * config.corrections.maxSizeMB! * MB);

    // The grant's answer cannot be spent again, and the filing needs its own.
    const replay = await postJson(server, 'cenares', 'upload-grants', {}, { 'captcha-response': (await captchaHeaders(server, 'cenares', 'upload'))['captcha-response']! });
    assert.equal(replay.status, 201);
    const pdf = await makePdf();
    const main1 = await tusUpload(server, 'cenares', pdf, { name: 'solicitud.pdf' });
    const withoutCaptcha = await postJson(server, 'cenares', 'filings', await verifiedSubmission(server, 'cenares', { main: main1 }), { 'idempotency-key': crypto.randomUUID() });
    assert.equal(withoutCaptcha.status, 400);
    assert.equal(withoutCaptcha.body.code, 'captcha.required');
  });

  test('the byte budget holds: parallel creations cannot spend more than one filing', async () => {
    const grant = await requestUploadGrant(server, 'inpe');
    const size = 20 * MB; // INPE's main document limit; the grant holds one filing (70 MB)
    const fits = Math.floor(grant.body.maxBytes / size);
    const answers = await Promise.all(Array.from({ length: fits + 3 }, () => create(server, 'inpe', size, { 'upload-grant': grant.body.uploadGrant })));
    const statuses = answers.map((answer) => answer.status);
    assert.equal(statuses.filter((status) => status === 201).length, fits, statuses.join(','));
    const refused = answers.filter((answer) => answer.status !== 201);
    for (const answer of refused) {
      assert.equal(answer.status, 403);
      const problem = await problemOf(answer);
      assert.equal(problem.code, 'upload.grantExhausted');
      assertSpanish(problem.detail);
    }
    const row = await server.db.selectFrom('upload_grants').select(['used_bytes', 'max_bytes']).where('agency_id', '=', 'inpe').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    assert.ok(Number(row.used_bytes) <= Number(row.max_bytes));
  });

  test('a grant creates a bounded number of uploads, each charged at least 64 KiB: one-byte creations cannot make millions of files', async () => {
    const grant = (await requestUploadGrant(server, 'inpe')).body;
    const slots = 1 + server.configs.get('inpe')!.attachments.annexes.max;
    // Every slot may be retried, but the count is a small bound, not the byte budget (70 million one-byte files).
    assert.ok(grant.maxUploads >= slots && grant.maxUploads <= 2 * slots, `maxUploads ${grant.maxUploads}`);
    const headers = { 'upload-grant': grant.uploadGrant };
    for (let made = 0; made < grant.maxUploads; made++) assert.equal((await create(server, 'inpe', 1, headers)).status, 201);
    const refused = await create(server, 'inpe', 1, headers);
    assert.equal(refused.status, 403);
    const problem = await problemOf(refused);
    assert.equal(problem.code, 'upload.grantExhausted');
    assertSpanish(problem.detail);
    const row = await server.db.selectFrom('upload_grants').selectAll().where('token_hash', '=', secretHash(grant.uploadGrant)).executeTakeFirstOrThrow();
    assert.equal(Number(row.used_uploads), grant.maxUploads);
    assert.ok(Number(row.used_bytes) >= grant.maxUploads * 64 * 1024, `used_bytes ${row.used_bytes}`);
    const leases = await server.db.selectFrom('upload_leases').select((eb) => eb.fn.countAll<number>().as('count')).where('size', '=', 1).executeTakeFirstOrThrow();
    assert.equal(Number(leases.count), grant.maxUploads, 'the refused creation leaves no lease');
  });

  test('a grant is bound to its agency and purpose, and expires', async () => {
    const grant = (await requestUploadGrant(server, 'inpe')).body;
    const elsewhere = await create(server, 'sis', 1000, { 'upload-grant': grant.uploadGrant });
    assert.equal(elsewhere.status, 403);
    assert.equal((await problemOf(elsewhere)).code, 'upload.grantInvalid');
    const otherPurpose = await create(server, 'inpe', 1000, { 'upload-grant': grant.uploadGrant }, 'correction');
    assert.equal(otherPurpose.status, 403);
    assert.equal((await problemOf(otherPurpose)).code, 'upload.grantInvalid');

    const before = server.clock.now();
    server.clock.set(new Date(Date.parse(grant.expiresAt) + 1000));
    try {
      const late = await create(server, 'inpe', 1000, { 'upload-grant': grant.uploadGrant });
      assert.equal(late.status, 403);
      assert.equal((await problemOf(late)).code, 'upload.grantInvalid');
    } finally {
      server.clock.set(before);
    }
  });
});

describe('grants where the agency asks no captcha', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(undefined, { identity: { trustProxy: true }, uploadLimits: { grantsPerAddressPerHour: 3, grantsPerAgencyPerHour: 5 } });
  });
  after(() => server.close());

  const from = (address: string) => requestUploadGrant(server, 'inpe', 'filing', { 'x-forwarded-for': address });

  test('are limited per client address (an IPv6 client per /64) and per agency per hour', async () => {
    for (const host of ['1', '2', '3']) assert.equal((await from(`2001:db8:1:1::${host}`)).status, 201);
    // Another address of the same /64 is the same client.
    const sameBlock = await from('2001:db8:1:1:ffff::9');
    assert.equal(sameBlock.status, 429);
    assert.equal(sameBlock.body.code, 'upload.grantTooMany');
    assert.ok(Number(sameBlock.headers.get('retry-after')) > 0);
    assertSpanish(sameBlock.body.detail);
    // Other clients, until the agency's hour is full.
    assert.equal((await from('2001:db8:2:2::1')).status, 201);
    assert.equal((await from('198.51.100.7')).status, 201);
    const agencyFull = await from('2001:db8:3:3::1');
    assert.equal(agencyFull.status, 429);
    assert.equal(agencyFull.body.code, 'upload.grantTooMany');
    // An hour later the limits start over.
    server.clock.set(new Date(server.clock.now().getTime() + 3_600_000 + 1000));
    assert.equal((await from('2001:db8:1:1::1')).status, 201);
  });
});

describe('grants where the agency asks a captcha', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(undefined, { identity: { trustProxy: true }, uploadLimits: { grantsPerAddressPerHour: 2, grantsPerAgencyPerHour: 3 } });
  });
  after(() => server.close());

  test('are limited per client address too: a solved captcha (cheap for a bot) does not lift the limit', async () => {
    const from = (address: string) => requestUploadGrant(server, 'cenares', 'filing', { 'x-forwarded-for': address });
    for (let granted = 0; granted < 2; granted++) assert.equal((await from('203.0.113.5')).status, 201);
    const refused = await from('203.0.113.5');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'upload.grantTooMany');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assertSpanish(refused.body.detail);
    // The per-agency cap is for agencies without captcha: other clients go on.
    for (const address of ['198.51.100.1', '198.51.100.2']) {
      for (let granted = 0; granted < 2; granted++) assert.equal((await from(address)).status, 201);
    }
  });
});

describe('expiry of uploads nobody filed', () => {
  let server: TestServer;
  const expiryMs = 2 * 3_600_000;
  before(async () => {
    server = await startServer(undefined, { uploadLimits: { expiryMs } });
  });
  after(() => server.close());

  test('creation answers Upload-Expires; once it passes, the sweep deletes unfinished and unfiled uploads and keeps filed ones; a late filing is told to attach again', async () => {
    const pdf = await makePdf();
    const created = await create(server, 'inpe', pdf.byteLength, { ...(await grantHeaders(server, 'inpe', pdf.byteLength)), origin: 'https://www.gob.pe' });
    assert.equal(created.status, 201);
    const expires = Date.parse(created.headers.get('upload-expires') ?? '');
    assert.ok(Math.abs(expires - (server.clock.now().getTime() + expiryMs)) < 2000, `Upload-Expires ${created.headers.get('upload-expires')}`);
    assert.match(created.headers.get('access-control-expose-headers') ?? '', /Upload-Expires/i);
    const unfinishedUrl = new URL(created.headers.get('location')!, `${server.url}/api/inpe/uploads/`).href;
    assert.equal((await patch(unfinishedUrl, 0, pdf.subarray(0, 100), await grantHeaders(server, 'inpe'))).status, 204);
    const unfinished = unfinishedUrl.split('/').pop()!;

    const filed = await tusUpload(server, 'inpe', pdf, { name: 'presentado.pdf' });
    const forgotten = await tusUpload(server, 'inpe', pdf, { name: 'olvidado.pdf' });
    assert.equal((await postFiling(server, 'inpe', await verifiedSubmission(server, 'inpe', { main: filed }))).status, 201);

    server.clock.set(new Date(server.clock.now().getTime() + expiryMs + 1000));
    const { sweepExpiredUploads } = await import('../../server/uploads/expiry.ts');
    const { fileUploadStorage } = await import('../../server/storage/uploads.ts');
    await sweepExpiredUploads({ db: server.db, clock: server.clock, storageFor: fileUploadStorage(server.dataDir), expiryMs });

    const left = await uploadFiles(server, 'inpe');
    assert.ok(left.includes(filed), 'a filed document keeps its bytes');
    assert.ok(!left.some((name) => name.startsWith(forgotten)), `the unfiled upload is gone: ${left.join(', ')}`);
    assert.ok(!left.some((name) => name.startsWith(unfinished)), 'the unfinished upload is gone');
    assert.equal(await server.db.selectFrom('uploads').select('id').where('id', '=', forgotten).executeTakeFirst(), undefined);

    const late = await postFiling(server, 'inpe', await verifiedSubmission(server, 'inpe', { main: forgotten }));
    assert.equal(late.status, 422);
    assert.deepEqual(late.body.errors?.map((error) => [error.field, error.code]), [['mainFile', 'upload.notFound']]);
  });

  test('one run of the sweep deletes every expired upload, a batch at a time, not just one batch', async () => {
    const pdf = await makePdf();
    const ids: string[] = [];
    for (let made = 0; made < 5; made++) ids.push(await tusUpload(server, 'inpe', pdf, { name: `olvidado-${made}.pdf` }));
    server.clock.set(new Date(server.clock.now().getTime() + expiryMs + 1000));
    const deleted = await sweepExpiredUploads({ db: server.db, clock: server.clock, storageFor: fileUploadStorage(server.dataDir), expiryMs, batch: 2 });
    assert.equal(deleted, 5);
    const left = await uploadFiles(server, 'inpe');
    assert.deepEqual(ids.filter((id) => left.some((name) => name.startsWith(id))), []);
    assert.deepEqual(await server.db.selectFrom('upload_leases').select('upload_id').where('upload_id', 'in', ids).execute(), []);
  });
});

describe('the sweep the server runs', () => {
  const expiryMs = 3_600_000;
  const removed: string[] = [];
  let server: TestServer;
  before(async () => {
    // Another upload store (as S3 would be): the sweep must delete there, not under dataDir.
    const dataDir = await mkdtemp(join(tmpdir(), 'mpd-other-store-'));
    const files = fileUploadStorage(dataDir);
    const uploadStorage: UploadStorageFactory = (agencyId) => {
      const storage = files(agencyId);
      const remove = storage.datastore.remove.bind(storage.datastore);
      storage.datastore.remove = async (id: string) => {
        removed.push(id);
        return remove(id);
      };
      return storage;
    };
    server = await startServer(undefined, { uploadStorage, uploadLimits: { expiryMs } });
  });
  after(() => server.close());

  test('uses the app\'s own upload store and limits', async () => {
    const forgotten = await tusUpload(server, 'inpe', await makePdf(), { name: 'olvidado.pdf' });
    server.clock.set(new Date(server.clock.now().getTime() + expiryMs + 1000));
    const job = server.app.startUploadSweep(3_600_000); // runs at once
    try {
      for (let waited = 0; removed.length === 0 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await job.stop();
    }
    assert.deepEqual(removed, [forgotten]);
    assert.equal(await server.db.selectFrom('uploads').select('id').where('id', '=', forgotten).executeTakeFirst(), undefined);
  });
});

describe('the reserve and a full or read-only disk', () => {
  let server: TestServer;
  const disk = { free: 50_000 * MB, total: 100_000 * MB };
  before(async () => {
    server = await startServer(undefined, { uploadLimits: { freeSpace: async () => ({ ...disk }) } });
  });
  after(() => server.close());

  test('new uploads are refused with 507 below the reserve, and files already uploaded can still be filed', async () => {
    const pdf = await makePdf();
    const uploaded = await tusUpload(server, 'inpe', pdf, { name: 'solicitud.pdf' });
    disk.free = 1500 * MB; // under the 2 GB reserve (5 % of this disk would be 5 GB: the smaller counts)
    try {
      const refused = await create(server, 'inpe', pdf.byteLength, await grantHeaders(server, 'inpe', pdf.byteLength));
      assert.equal(refused.status, 507);
      const problem = await problemOf(refused);
      assert.equal(problem.code, 'storage.full');
      assertSpanish(problem.detail);
      assert.equal((await postFiling(server, 'inpe', await verifiedSubmission(server, 'inpe', { main: uploaded }))).status, 201);
    } finally {
      disk.free = 50_000 * MB;
    }
  });

  test('creations count the bytes unfinished uploads still owe: two that each fit alone but not together, the second gets 507', async () => {
    const size = 20 * MB;
    const reserve = 2048 * MB; // the smaller of 2 GB and 5 % of this 100 GB disk
    const owedBefore = (await server.db.selectFrom('upload_leases').leftJoin('uploads', 'uploads.id', 'upload_leases.upload_id').where('uploads.id', 'is', null).select('upload_leases.size').execute()).reduce(
      (sum, row) => sum + Number(row.size),
      0,
    );
    disk.free = reserve + owedBefore + size + size / 2;
    try {
      const first = await create(server, 'inpe', size, await grantHeaders(server, 'inpe', size));
      assert.equal(first.status, 201);
      const second = await create(server, 'inpe', size, await grantHeaders(server, 'inpe', size));
      assert.equal(second.status, 507);
      assert.equal((await problemOf(second)).code, 'storage.full');
    } finally {
      disk.free = 50_000 * MB;
    }
  });

  test('a full database answers 507 in Spanish and logs SQLITE_FULL, not a failed rollback; nothing half-written stays', async () => {
    const pdf = await makePdf();
    const submissions = [];
    for (let index = 0; index < 12; index++) {
      submissions.push(await verifiedSubmission(server, 'inpe', { main: await tusUpload(server, 'inpe', pdf, { name: `solicitud-${index}.pdf` }) }));
    }
    await sql.raw('CREATE TABLE filler (bytes BLOB)').execute(server.db);
    const { page_count: pages } = (await sql<{ page_count: number }>`PRAGMA page_count`.execute(server.db)).rows[0]!;
    await sql.raw(`PRAGMA max_page_count = ${pages}`).execute(server.db);
    // Take the pages SQLite still has free: the next table page a filing needs finds the disk full.
    for (let full = false; !full; ) {
      full = await sql.raw('INSERT INTO filler VALUES (randomblob(3000))').execute(server.db).then(
        () => false,
        (error: { code?: string }) => (assert.equal(error.code, 'SQLITE_FULL'), true),
      );
    }
    let refused: { answer: Awaited<ReturnType<typeof postFiling>>; logs: string; key: string; submission: (typeof submissions)[number]; requests: number } | undefined;
    try {
      // Filings fill what room their tables' last pages had; one soon needs a new page.
      for (const submission of submissions) {
        const requests = (await server.db.selectFrom('requests').select('id').execute()).length;
        const key = crypto.randomUUID();
        const { result: answer, logs } = await capturingLogs(() => postFiling(server, 'inpe', submission, key));
        if (answer.status !== 201) {
          refused = { answer, logs, key, submission, requests };
          break;
        }
      }
    } finally {
      await sql.raw('PRAGMA max_page_count = 1073741823').execute(server.db);
      await sql.raw('DROP TABLE filler').execute(server.db);
    }
    assert.ok(refused, 'no filing met the full database');
    assert.equal(refused.answer.status, 507, JSON.stringify(refused.answer.body));
    assert.equal(refused.answer.body.code, 'storage.full');
    assertSpanish(refused.answer.body.detail);
    assert.match(refused.logs, /SQLITE_FULL/);
    assert.doesNotMatch(refused.logs, /cannot rollback/);
    assert.equal((await server.db.selectFrom('requests').select('id').execute()).length, refused.requests, 'nothing of the refused filing stays');
    // Once there is room the same filing goes through.
    assert.equal((await postFiling(server, 'inpe', refused.submission, refused.key)).status, 201);
  });

  test('a read-only database answers 507 too', async () => {
    const pdf = await makePdf();
    const uploaded = await tusUpload(server, 'inpe', pdf, { name: 'solicitud.pdf' });
    const submission = await verifiedSubmission(server, 'inpe', { main: uploaded });
    await sql.raw('PRAGMA query_only = ON').execute(server.db);
    let answer;
    let logs;
    try {
      ({ result: answer, logs } = await capturingLogs(() => postFiling(server, 'inpe', submission)));
    } finally {
      await sql.raw('PRAGMA query_only = OFF').execute(server.db);
    }
    assert.equal(answer.status, 507);
    assert.equal(answer.body.code, 'storage.full');
    assert.match(logs, /SQLITE_READONLY|readonly/);
  });
});

describe('a disk that fills during an upload', () => {
  let server: TestServer;
  let store: string;
  before(async () => {
    const { fileUploadStorage } = await import('../../server/storage/uploads.ts');
    store = await mkdtemp(join(tmpdir(), 'mpd-full-disk-'));
    server = await startServer(undefined, {
      // The real file store, whose writes hit a full disk after 1 KB.
      uploadStorage: (agencyId) => {
        const storage = fileUploadStorage(store)(agencyId);
        const write = storage.datastore.write.bind(storage.datastore);
        storage.datastore.write = async (stream, id, offset) => {
          const { Readable } = await import('node:stream');
          const chunks: Buffer[] = [];
          for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
          await write(Readable.from([Buffer.concat(chunks).subarray(0, 1024)]), id, offset);
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
        };
        return storage;
      },
    });
  });
  after(async () => {
    await server.close();
    await rm(store, { recursive: true, force: true });
  });

  test('answers 507 in Spanish, logs ENOSPC and leaves no partial file', async () => {
    const pdf = await makePdf({ padBytes: 64 * 1024 });
    const created = await create(server, 'inpe', pdf.byteLength, await grantHeaders(server, 'inpe', pdf.byteLength));
    assert.equal(created.status, 201);
    const url = new URL(created.headers.get('location')!, `${server.url}/api/inpe/uploads/`).href;
    const grant = await grantHeaders(server, 'inpe');
    const { result: answer, logs } = await capturingLogs(() => patch(url, 0, pdf, grant));
    assert.equal(answer.status, 507);
    const problem = await problemOf(answer);
    assert.equal(problem.code, 'storage.full');
    assertSpanish(problem.detail);
    assert.match(logs, /ENOSPC/);
    assert.ok(existsSync(join(store, 'uploads', 'inpe')));
    assert.deepEqual(await readdir(join(store, 'uploads', 'inpe')), [], 'no partial upload left');
  });
});

describe('start-up', () => {
  test('the server says which data folder it cannot write, and does not start', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mpd-readonly-'));
    try {
      // A file where the uploads folder goes: no folder can be made there (even for root).
      await writeFile(join(dataDir, 'uploads'), 'no soy una carpeta');
      await mkdir(join(dataDir, 'responses'), { recursive: true });
      const child = spawn(process.execPath, ['--import', 'tsx', new URL('../../server/main.ts', import.meta.url).pathname], {
        env: { ...process.env, MPD_DEMO: '', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, CONFIG_DIR },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGTERM');
          resolve(null);
        }, 20_000);
        child.on('exit', (exit) => {
          clearTimeout(timer);
          resolve(exit);
        });
      });
      assert.notEqual(code, 0, output);
      assert.notEqual(code, null, `still running:\n${output}`);
      assert.match(output, new RegExp(`No se puede escribir en la carpeta ${join(dataDir, 'uploads').replace(/[/.]/g, '\\$&')}`));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
