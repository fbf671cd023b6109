/**
 * Rate limits kept in the database, so every process of a desk counts alike.
 *
 * Each bucket ("lookup:<address>", "code-email:<agency>:<email>"…) is one row of
 * `rate_counters`, a fixed window: the first hit opens it, later hits count in it until it
 * ends, and the next hit opens a new one. A hit is one `INSERT … ON CONFLICT DO UPDATE …
 * RETURNING`: atomic on SQLite and on PostgreSQL (the conflicting row is locked), so two
 * parallel requests can never both take the last place, as a read-then-write count could.
 *
 * Inside a transaction, pass it: a refusal that rolls the transaction back takes its hit back
 * too, and on PostgreSQL the counter row stays locked until commit, which also serializes what
 * the transaction does for that bucket.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database, DeskDatabase } from '../db/schema.ts';

export interface RateRule {
  /** What is counted, e.g. `lookup:203.0.113.7`. Kept short: it is a primary key. */
  bucket: string;
  /** Hits allowed per window. */
  limit: number;
  windowMs: number;
}

/** `windowStart`: when the window this hit counted in opened (what `refund` takes). */
export type RateDecision =
  | { allowed: true; count: number; windowStart: string }
  | { allowed: false; count: number; windowStart: string; /** Until the window ends. */ retryAfterSeconds: number };

type Executor = Kysely<Database> | Transaction<Database>;

export class RateLimiter {
  constructor(
    private readonly db: DeskDatabase,
    private readonly clock: Clock,
  ) {}

  /** Counts one hit against `rule.bucket` and says whether it is within the limit. */
  async hit(rule: RateRule, executor: Executor = this.db): Promise<RateDecision> {
    const now = this.clock.now();
    const at = now.toISOString();
    const windowOpenedBy = new Date(now.getTime() - rule.windowMs).toISOString();
    const row = await executor
      .insertInto('rate_counters')
      .values({ bucket: rule.bucket, window_start: at, count: 1 })
      .onConflict((conflict) =>
        conflict.column('bucket').doUpdateSet((eb) => {
          // A window that ended restarts at one. So does one that opens after `now`: a clock that
          // was set back (or a process whose clock runs ahead) must not hold a bucket for days.
          const ended = eb.or([eb('rate_counters.window_start', '<=', windowOpenedBy), eb('rate_counters.window_start', '>', at)]);
          // Both expressions read the row as it was.
          return {
            count: eb.case().when(ended).then(1).else(eb('rate_counters.count', '+', 1)).end(),
            window_start: eb.case().when(ended).then(at).else(eb.ref('rate_counters.window_start')).end(),
          };
        }),
      )
      .returning(['count', 'window_start'])
      .executeTakeFirstOrThrow();
    const count = Number(row.count);
    const windowStart = row.window_start;
    if (count <= rule.limit) return { allowed: true, count, windowStart };
    const endsAt = Date.parse(windowStart) + rule.windowMs;
    return { allowed: false, count, windowStart, retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)) };
  }

  /**
   * Gives one hit back, e.g. when an email code was used: a code that proved its mailbox was no
   * abuse, so a citizen filing several requests in a row is not held back by the limit.
   *
   * Only to the window the hit counted in: `countedAt` is that window's `windowStart`, or any
   * moment from the hit until the window ended (e.g. when a code was created). A bucket holds one
   * window at a time, and a newer one opened after `countedAt`, so once the window rolled over the
   * refund does nothing instead of freeing a place the hit never took.
   */
  async refund(bucket: string, countedAt: string, executor: Executor = this.db): Promise<void> {
    await executor
      .updateTable('rate_counters')
      .set((eb) => ({ count: eb('count', '-', 1) }))
      .where('bucket', '=', bucket)
      .where('window_start', '<=', countedAt)
      .where('count', '>', 0)
      .execute();
  }

  /** Forgets counters whose window ended long ago (any process may run it; it only deletes). */
  async prune(olderThanMs: number, executor: Executor = this.db): Promise<void> {
    const before = new Date(this.clock.now().getTime() - olderThanMs).toISOString();
    await executor.deleteFrom('rate_counters').where('window_start', '<', before).execute();
  }
}
