/**
 * FilingDesk without HTTP. Over HTTP the in-process SQLite database finishes one filing before
 * the next request is read, so these calls are the way to make filings overlap inside the
 * server, as they do with several processes on one database.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { SettableClock } from '../../server/clock.ts';
import { migrateToLatest } from '../../server/db/migrations.ts';
import type { DeskDatabase } from '../../server/db/schema.ts';
import { createSqliteDatabase } from '../../server/db/sqlite.ts';
import { FilingDesk } from '../../server/filings/file-request.ts';
import { ProblemError } from '../../server/http/problems.ts';
import { BUSINESS_MORNING, loadDemoConfigs, validSubmission } from './helpers.ts';
import { DownloadGrants } from '../../server/tracking/download-grants.ts';

let dataDir: string;
let db: DeskDatabase;
let config: AgencyConfig;
let desk: FilingDesk;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mpd-desk-test-'));
  db = createSqliteDatabase(join(dataDir, 'desk.sqlite'));
  await migrateToLatest(db);
  config = (await loadDemoConfigs()).find((candidate) => candidate.id === 'inpe')!;
  const clock = new SettableClock(BUSINESS_MORNING);
  desk = new FilingDesk(config, db, clock, new DownloadGrants(randomBytes(32), clock));
});
after(async () => {
  await db.destroy();
  await rm(dataDir, { recursive: true, force: true });
});

async function recordedUpload(id: string): Promise<string> {
  await db
    .insertInto('uploads')
    .values({
      id,
      agency_id: config.id,
      slot: 'main',
      slot_index: 0,
      name: `${id}.pdf`,
      type: 'application/pdf',
      size: 1000,
      pages: 1,
      sha256: '0'.repeat(64),
      storage_key: `uploads/inpe/${id}`,
      created_at: BUSINESS_MORNING,
      request_id: null,
      purpose: 'filing',
    })
    .execute();
  return id;
}

test('migrations run again without changing anything', async () => {
  await migrateToLatest(db);
  const tables = await db.introspection.getTables();
  assert.deepEqual(
    tables.map((table) => table.name).filter((name) => !name.startsWith('kysely_')).sort(),
    ['captcha_uses', 'citizen_sessions', 'idempotency_keys', 'mail_outbox', 'rate_counters', 'request_corrections', 'request_counters', 'request_events', 'request_files', 'request_observations', 'request_responses', 'requests', 'staff_audit', 'staff_sessions', 'staff_sign_in_attempts', 'upload_grants', 'upload_leases', 'uploads', 'verification_codes', 'verification_tokens'],
  );
  // The stored receipt is the whole answer to a key: no status column that was always 201.
  const keys = tables.find((table) => table.name === 'idempotency_keys')!;
  assert.deepEqual(
    keys.columns.map((column) => column.name).sort(),
    ['agency_id', 'body_sha256', 'created_at', 'idempotency_key', 'request_id', 'response_json'],
  );
});

test('overlapping filings with one key: one number, the others replay it', async () => {
  const body = validSubmission(config, { main: await recordedUpload('overlap') });
  const results = await Promise.all(Array.from({ length: 5 }, () => desk.file('same-key', structuredClone(body))));
  assert.deepEqual(new Set(results.map((result) => result.receipt.requestNumber)), new Set(['INPE-2026-000001']));
  assert.equal(results.filter((result) => !result.replayed).length, 1);
  const counter = await db.selectFrom('request_counters').select('last_seq').where('agency_id', '=', 'inpe').executeTakeFirstOrThrow();
  assert.equal(counter.last_seq, 1);
});

test('overlapping filings with different keys and one upload: one filed, the other refused', async () => {
  const main = await recordedUpload('contested');
  const attempts = await Promise.allSettled([
    desk.file('key-a', validSubmission(config, { main })),
    desk.file('key-b', validSubmission(config, { main })),
  ]);
  assert.equal(attempts.filter((attempt) => attempt.status === 'fulfilled').length, 1);
  const refused = attempts.find((attempt) => attempt.status === 'rejected') as PromiseRejectedResult;
  assert.ok(refused.reason instanceof ProblemError);
  assert.equal(refused.reason.problem.code, 'upload.alreadyUsed');
  // The refused attempt left no idempotency record: its key can be used again.
  const keys = await db.selectFrom('idempotency_keys').select('idempotency_key').where('idempotency_key', 'in', ['key-a', 'key-b']).execute();
  assert.equal(keys.length, 1);
});
