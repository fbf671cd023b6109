/**
 * What the identity work leaves behind and nobody would clear if no citizen came by, done now
 * and then by server/main.ts (any number of processes may run it: it only updates and deletes):
 * - email codes in outbox rows that can no longer help (`forgetStaleCodes`): with the relay
 *   down, an unsent code mail would otherwise keep its code readable in the database for good;
 * - rate counters (server/http/rate-limit.ts) whose window ended a day ago;
 * - staff sessions that ended a day ago, staff sign-in counters nobody used for a day and failed
 *   staff sign-ins older than 90 days (server/staff; the rest of the staff audit is kept).
 */
import type { Clock } from '../clock.ts';
import type { DeskDatabase } from '../db/schema.ts';
import { RateLimiter } from '../http/rate-limit.ts';
import { startPeriodic, type PeriodicJob } from '../periodic.ts';
import { forgetStaleCodes } from './codes.ts';
import { SignInAttempts } from '../staff/attempts.ts';
import { pruneFailedSignIns } from '../staff/audit.ts';
import { StaffSessions, DEFAULT_STAFF_SESSION } from '../staff/sessions.ts';

/** The longest rate window is an hour: a day-old counter can only restart at one. */
const COUNTER_RETENTION_MS = 24 * 3_600_000;

/** Counters are pruned at most this often: a full pass over the table is not needed every minute. */
const COUNTER_PRUNE_EVERY_MS = 3_600_000;

export async function runHousekeeping(db: DeskDatabase, clock: Clock, options: { pruneCounters?: boolean } = {}): Promise<void> {
  await forgetStaleCodes(db, clock.now());
  if (options.pruneCounters ?? true) {
    await new RateLimiter(db, clock).prune(COUNTER_RETENTION_MS);
    await new SignInAttempts(db, clock).prune();
    await new StaffSessions(db, clock, DEFAULT_STAFF_SESSION).prune();
    await pruneFailedSignIns(db, clock);
  }
}

/** Runs `runHousekeeping` now and every `intervalMs` (see server/periodic.ts). */
export function startHousekeeping(
  db: DeskDatabase,
  clock: Clock,
  intervalMs = 60_000,
  log: { error(message: string, error: unknown): void } = console,
): PeriodicJob {
  let prunedAt = Number.NEGATIVE_INFINITY;
  return startPeriodic(async () => {
    // Real elapsed time, not the desk's clock (a test clock may jump back and forth).
    const pruneCounters = performance.now() - prunedAt >= COUNTER_PRUNE_EVERY_MS;
    if (pruneCounters) prunedAt = performance.now();
    try {
      await runHousekeeping(db, clock, { pruneCounters });
    } catch (error) {
      log.error('[housekeeping] clearing stale codes and counters failed', error);
    }
  }, intervalMs);
}
