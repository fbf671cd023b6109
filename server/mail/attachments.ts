/**
 * What the mails carry besides their text: `request.received` attaches the receipt ("cargo de
 * recepción") as `cargo-<number>.pdf`, drawn by `server/receipts/receipt-pdf.ts`.
 */
import type { Receipt } from '../../src/api/types.ts';
import { receiptFilename } from '../../src/domain/request-number.ts';
import { renderReceiptPdf } from '../receipts/receipt-pdf.ts';
import type { MailAttachment, OutboxMail } from './sender.ts';

export async function defaultAttachments(mail: OutboxMail): Promise<MailAttachment[]> {
  if (mail.kind !== 'request.received') return [];
  const { receipt } = mail.payload as { receipt: Receipt };
  const content = await renderReceiptPdf({ receipt, config: mail.agency, trackingUrl: mail.trackingUrl });
  return [{ filename: receiptFilename(receipt.requestNumber), content, contentType: 'application/pdf' }];
}
