/**
 * Writing a mail into the outbox. Call it with the transaction that records the event, so the
 * mail exists exactly when the event does; `server/mail/sender.ts` delivers it.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, MailKind } from '../db/schema.ts';

export interface OutgoingMail {
  agencyId: string;
  requestId: string | null;
  kind: MailKind;
  recipient: string;
  /** Everything the template needs; kept as JSON so a mail can be rendered by any process. */
  payload: Record<string, unknown>;
}

export async function enqueueMail(db: Kysely<Database> | Transaction<Database>, mail: OutgoingMail, now: Date): Promise<string> {
  const id = crypto.randomUUID();
  await db
    .insertInto('mail_outbox')
    .values({
      id,
      agency_id: mail.agencyId,
      request_id: mail.requestId,
      kind: mail.kind,
      recipient: mail.recipient,
      payload_json: JSON.stringify(mail.payload),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now.toISOString(),
      last_error: null,
      created_at: now.toISOString(),
      sent_at: null,
    })
    .execute();
  return id;
}
