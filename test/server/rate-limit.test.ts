// The database rate limiter shared by look-ups and email codes (server/http/rate-limit.ts).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SettableClock } from '../../server/clock.ts';
import type { DeskDatabase } from '../../server/db/schema.ts';
import { migrateToLatest } from '../../server/db/migrations.ts';
import { createSqliteDatabase } from '../../server/db/sqlite.ts';
import { RateLimiter } from '../../server/http/rate-limit.ts';

describe('RateLimiter', () => {
  let dir: string;
  let db: DeskDatabase;
  let second: DeskDatabase;
  const clock = new SettableClock('2026-03-02T15:00:00Z');

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mpd-rate-'));
    db = createSqliteDatabase(join(dir, 'desk.sqlite'));
    await migrateToLatest(db);
    second = createSqliteDatabase(join(dir, 'desk.sqlite'));
  });
  after(async () => {
    await db.destroy();
    await second.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  test('allows the limit in a window, refuses the next with the seconds left, and opens a new window after', async () => {
    const limiter = new RateLimiter(db, clock);
    const rule = { bucket: 'test:a', limit: 3, windowMs: 60_000 };
    const opened = '2026-03-02T15:00:00.000Z';
    for (let n = 1; n <= 3; n += 1) assert.deepEqual(await limiter.hit(rule), { allowed: true, count: n, windowStart: opened });
    clock.set('2026-03-02T15:00:20Z');
    assert.deepEqual(await limiter.hit(rule), { allowed: false, count: 4, windowStart: opened, retryAfterSeconds: 40 });
    clock.set('2026-03-02T15:01:00Z');
    assert.deepEqual(await limiter.hit(rule), { allowed: true, count: 1, windowStart: '2026-03-02T15:01:00.000Z' });
  });

  test('a window that opens after now (a clock set back) restarts instead of holding the bucket', async () => {
    const limiter = new RateLimiter(db, clock);
    const rule = { bucket: 'test:clock-back', limit: 1, windowMs: 60_000 };
    clock.set('2026-03-05T12:00:00Z');
    assert.equal((await limiter.hit(rule)).allowed, true);
    clock.set('2026-03-01T12:00:00Z');
    assert.deepEqual(await limiter.hit(rule), { allowed: true, count: 1, windowStart: '2026-03-01T12:00:00.000Z' });
  });

  test('two connections to one database share the count (as two processes would)', async () => {
    const rule = { bucket: 'test:shared', limit: 2, windowMs: 60_000 };
    const first = new RateLimiter(db, clock);
    const other = new RateLimiter(second, clock);
    const answers = await Promise.all([first.hit(rule), other.hit(rule), first.hit(rule), other.hit(rule)]);
    assert.deepEqual(answers.map((answer) => answer.allowed).sort(), [false, false, true, true]);
  });

  test('a refund gives one place back, never below zero; a hit rolled back with its transaction does not count', async () => {
    const limiter = new RateLimiter(db, clock);
    const rule = { bucket: 'test:refund', limit: 1, windowMs: 60_000 };
    const first = await limiter.hit(rule);
    assert.equal(first.allowed, true);
    assert.equal((await limiter.hit(rule)).allowed, false);
    await limiter.refund(rule.bucket, first.windowStart);
    await limiter.refund(rule.bucket, first.windowStart);
    await limiter.refund(rule.bucket, first.windowStart);
    assert.equal((await limiter.hit(rule)).allowed, true);

    const fresh = { bucket: 'test:rollback', limit: 1, windowMs: 60_000 };
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await limiter.hit(fresh, trx);
        throw new Error('refused later in the transaction');
      }),
    );
    assert.equal((await limiter.hit(fresh)).count, 1);
  });

  test('a refund after the window rolled over frees no place in the new window', async () => {
    clock.set('2026-03-02T16:00:00Z');
    const limiter = new RateLimiter(db, clock);
    const rule = { bucket: 'test:rolled', limit: 1, windowMs: 60_000 };
    const old = await limiter.hit(rule);
    clock.set('2026-03-02T16:00:30Z');
    const countedAt = clock.now().toISOString(); // e.g. when the code it paid for was created
    clock.set('2026-03-02T16:01:10Z');
    assert.equal((await limiter.hit(rule)).allowed, true, 'a new window');
    await limiter.refund(rule.bucket, old.windowStart);
    await limiter.refund(rule.bucket, countedAt);
    const refused = await limiter.hit(rule);
    assert.equal(refused.allowed, false, 'the new window is still full');
    assert.equal(refused.count, 2);
  });
});
