/**
 * Staff sign-in attempts, limited in three buckets, each with a delay that grows: after `free`
 * failures a bucket is locked for a minute, and each further failure doubles the lock, up to the
 * bucket's longest. A bucket forgets its failures after a day without attempts.
 * - per client address (an IPv6 /64 counts as one, server/lookups/address-block.ts), over all
 *   users: 20 (an office shares one address), locks up to an hour;
 * - per user and address: 5, locks up to an hour. Only the guesser's own address is locked, so
 *   failures from one address never keep the real user, signing in from another, out;
 * - per user from anywhere: 30, locks only up to 15 minutes. This bounds guessing spread over
 *   many addresses (past the 30, about four guesses an hour) while a lock that anyone can cause
 *   ends soon: to keep a user out, a guesser must keep failing from fresh addresses (each gets
 *   its 5 and is then locked itself), and the user is back 15 minutes after the last failure.
 *   A success gives the attempt back rather than clearing it, so the real user signing in does
 *   not hand a distributed guesser 30 more tries.
 *
 * The attempt is counted before the password is checked (and given back when it was right), in a
 * transaction per bucket: a burst of parallel guesses gets no more tries than one at a time
 * would. A locked bucket is answered without writing anything, and the buckets are claimed in
 * order, so once an address is locked its further guesses (say, at random user names) add no rows
 * here nor in the audit, and a locked (user, address) adds nothing to the user's count from
 * anywhere. The counters live in the database: every process of the desk counts alike.
 */
import type { Clock } from '../clock.ts';
import type { DeskDatabase } from '../db/schema.ts';

/** Failures a user may make from one address before that address is locked for the user. */
export const USER_FREE_FAILURES = 5;
/** Failures one address (one /64) may make, over all users, before the first lock: an office shares one. */
export const ADDRESS_FREE_FAILURES = 20;
/** Failures a user may make over all addresses before the short lock (USER_ANYWHERE_LONGEST_LOCK_MS). */
export const USER_ANYWHERE_FREE_FAILURES = 30;
export const USER_ANYWHERE_LONGEST_LOCK_MS = 15 * 60_000;
const FIRST_LOCK_MS = 60_000;
const LONGEST_LOCK_MS = 3_600_000;
const FORGET_AFTER_MS = 24 * 3_600_000;

export interface AttemptBucket {
  key: string;
  free: number;
  /** The longest lock (default an hour). */
  longestLockMs?: number;
}

export type AttemptClaim = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function lockMs(failures: number, free: number, longestMs = LONGEST_LOCK_MS): number {
  return Math.min(longestMs, FIRST_LOCK_MS * 2 ** Math.max(0, failures - free));
}

export class SignInAttempts {
  constructor(
    private readonly db: DeskDatabase,
    private readonly clock: Clock,
  ) {}

  /** Counts an attempt against each bucket in turn; refused (nothing more written) at the first locked one. */
  async claim(buckets: readonly AttemptBucket[]): Promise<AttemptClaim> {
    for (const bucket of buckets) {
      const claim = await this.claimOne(bucket);
      if (!claim.allowed) return claim;
    }
    return { allowed: true };
  }

  private async claimOne(bucket: AttemptBucket): Promise<AttemptClaim> {
    const now = this.clock.now();
    const at = now.toISOString();
    const forgotten = new Date(now.getTime() - FORGET_AFTER_MS).toISOString();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('staff_sign_in_attempts')
        .values({ bucket: bucket.key, failures: 1, locked_until: null, last_attempt_at: at })
        .onConflict((conflict) =>
          conflict
            .column('bucket')
            .doUpdateSet((eb) => ({
              failures: eb
                .case()
                .when('staff_sign_in_attempts.last_attempt_at', '<=', forgotten)
                .then(1)
                .else(eb('staff_sign_in_attempts.failures', '+', 1))
                .end(),
              last_attempt_at: at,
            }))
            // A locked bucket is left as it is: the refusal below writes nothing.
            .where((eb) => eb.or([eb('staff_sign_in_attempts.locked_until', 'is', null), eb('staff_sign_in_attempts.locked_until', '<=', at)])),
        )
        .returning(['failures'])
        .executeTakeFirst();
      if (!row) {
        const locked = await trx.selectFrom('staff_sign_in_attempts').select('locked_until').where('bucket', '=', bucket.key).executeTakeFirstOrThrow();
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(locked.locked_until ?? at) - now.getTime()) / 1000)) };
      }
      const failures = Number(row.failures);
      if (failures >= bucket.free) {
        // This attempt still runs; the ones after it wait.
        const until = new Date(now.getTime() + lockMs(failures, bucket.free, bucket.longestLockMs)).toISOString();
        await trx.updateTable('staff_sign_in_attempts').set({ locked_until: until }).where('bucket', '=', bucket.key).execute();
      }
      return { allowed: true };
    });
  }

  /** After a right password: `forget`'s failures are forgotten; each of `giveBack` gets its attempt back. */
  async succeeded(forget: AttemptBucket, giveBack: readonly AttemptBucket[]): Promise<void> {
    await this.db.deleteFrom('staff_sign_in_attempts').where('bucket', '=', forget.key).execute();
    for (const bucket of giveBack) {
      await this.db
        .updateTable('staff_sign_in_attempts')
        .set((eb) => ({
          failures: eb('failures', '-', 1),
          locked_until: eb.case().when('failures', '<=', bucket.free).then(null).else(eb.ref('locked_until')).end(),
        }))
        .where('bucket', '=', bucket.key)
        .where('failures', '>', 0)
        .execute();
    }
  }

  /** Forgets buckets nobody tried for a day and that are not locked (housekeeping). */
  async prune(): Promise<void> {
    const now = this.clock.now();
    const forgotten = new Date(now.getTime() - FORGET_AFTER_MS).toISOString();
    await this.db
      .deleteFrom('staff_sign_in_attempts')
      .where('last_attempt_at', '<=', forgotten)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now.toISOString())]))
      .execute();
  }
}
