/** Changing a request's status the one way every step does it. */
import type { Transaction } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Moves the request from `from` to `to` only if it is still `from` (the status the caller read
 * in its transaction): of two steps racing (two desks, a sweep and a correction), exactly one
 * wins. True when this one did.
 */
export async function moveStatus(trx: Transaction<Database>, requestId: string, from: string, to: string): Promise<boolean> {
  const updated = await trx.updateTable('requests').set({ status: to }).where('id', '=', requestId).where('status', '=', from).executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
