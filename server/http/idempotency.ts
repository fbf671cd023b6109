/**
 * `Idempotency-Key`: reading the header and remembering the answer given to a key, the same way
 * for every route that takes one (filings, corrections). The answers live in the
 * `idempotency_keys` table, so a retry reaching another process is answered alike; a route keeps
 * its keys apart from another's with a prefix (`correction:`).
 */
import type { Transaction } from 'kysely';
import type { Database, DeskDatabase } from '../db/schema.ts';
import { ProblemError } from './problems.ts';

const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** The trimmed `Idempotency-Key`; a problem when it is missing or unreasonably long. */
export function requireIdempotencyKey(header: string | undefined): string {
  const key = header?.trim() ?? '';
  if (!key) {
    throw new ProblemError('idempotency.missing', {
      detail: 'Envíe la cabecera Idempotency-Key con un valor único por solicitud (por ejemplo un UUID).',
    });
  }
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new ProblemError('request.malformed', {
      detail: `La cabecera Idempotency-Key puede tener hasta ${MAX_IDEMPOTENCY_KEY_LENGTH} caracteres.`,
    });
  }
  return key;
}

/** Another request with the same key committed first (found inside our transaction). */
class IdempotencyKeyTaken extends Error {}

/**
 * The answer stored for this key, and whether it was given to the same body; null when the key
 * is new. The row is written with its answer in the transaction that claimed the key, so a row
 * another request can read always has one.
 */
async function storedAnswer<T>(db: DeskDatabase, agencyId: string, key: string, bodyHash: string): Promise<{ answer: T; sameBody: boolean } | null> {
  const stored = await db
    .selectFrom('idempotency_keys')
    .select(['body_sha256', 'response_json'])
    .where('agency_id', '=', agencyId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (!stored) return null;
  return { answer: JSON.parse(stored.response_json) as T, sameBody: stored.body_sha256 === bodyHash };
}

/**
 * Answers a key once: the stored answer for a retry with the same body (checked first, before
 * anything the first attempt has by now used up, such as its uploads, is checked again),
 * `conflict(earlier)` for the same key with another body, otherwise what `produce` answers. A
 * retry racing the first attempt (`IdempotencyKeyTaken` from `claimKey`) gets the winner's answer.
 * Only answers that were produced are remembered: after a refusal the key may be used again.
 */
export async function answerOnce<T>(
  options: { db: DeskDatabase; agencyId: string; key: string; bodyHash: string; conflict: (earlier: T) => ProblemError },
  produce: () => Promise<T>,
): Promise<{ answer: T; replayed: boolean }> {
  const replay = async () => {
    const stored = await storedAnswer<T>(options.db, options.agencyId, options.key, options.bodyHash);
    if (!stored) return null;
    if (!stored.sameBody) throw options.conflict(stored.answer);
    return { answer: stored.answer, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return { answer: await produce(), replayed: false };
  } catch (error) {
    if (!(error instanceof IdempotencyKeyTaken)) throw error;
    const replayed = await replay();
    if (replayed) return replayed;
    throw error; // cannot happen: the key's row was committed before we saw it
  }
}

/**
 * Claims the key first thing in the transaction that will store its answer. Under concurrency
 * the loser's insert does nothing (PostgreSQL makes it wait for the winner's commit): it throws
 * `IdempotencyKeyTaken`, and the caller replays the winner's answer.
 */
export async function claimKey(trx: Transaction<Database>, agencyId: string, key: string, bodyHash: string, at: string): Promise<void> {
  const claim = await trx
    .insertInto('idempotency_keys')
    .values({ agency_id: agencyId, idempotency_key: key, body_sha256: bodyHash, response_json: '', request_id: null, created_at: at })
    .onConflict((conflict) => conflict.columns(['agency_id', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  if (Number(claim.numInsertedOrUpdatedRows ?? 0n) === 0) throw new IdempotencyKeyTaken();
}

/** Stores the answer of a claimed key, in the claiming transaction. */
export async function saveAnswer(trx: Transaction<Database>, agencyId: string, key: string, answer: unknown, requestId: string): Promise<void> {
  await trx
    .updateTable('idempotency_keys')
    .set({ response_json: JSON.stringify(answer), request_id: requestId })
    .where('agency_id', '=', agencyId)
    .where('idempotency_key', '=', key)
    .execute();
}
