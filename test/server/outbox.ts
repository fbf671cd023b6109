/**
 * Stands in for the mail relay in server tests that do not run the sender: marks every pending
 * mail as sent at the test clock's now, as the sender does when the relay accepts it. The
 * correction term starts when the observation mail is sent (art. 136), so tests of deadlines
 * deliver it first.
 */
import type { Clock } from '../../server/clock.ts';
import type { DeskDatabase } from '../../server/db/schema.ts';

export async function deliverPendingMails(server: { db: DeskDatabase; clock: Clock }): Promise<number> {
  const result = await server.db
    .updateTable('mail_outbox')
    .set({ status: 'sent', sent_at: server.clock.now().toISOString(), last_error: null })
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
