/**
 * What the mails carry besides their text: `request.received` attaches the receipt ("cargo de
 * recepción") as `cargo-<number>.pdf`, drawn by `server/receipts/receipt-pdf.ts`;
 * `request.attended` attaches the desk's response file, when it was attended with one, as
 * `respuesta-<number>.pdf` (read from the response storage).
 */
import type { Receipt } from '../../src/api/types.ts';
import { receiptFilename, responseFilename } from '../../src/domain/request-number.ts';
import { renderReceiptPdf } from '../receipts/receipt-pdf.ts';
import type { ResponseStorageFactory } from '../storage/responses.ts';
import type { MailAttachment, OutboxMail } from './sender.ts';

/** The attachments of every mail kind; without `responsesFor`, attended mails carry none. */
export function mailAttachments(responsesFor?: ResponseStorageFactory): (mail: OutboxMail) => Promise<MailAttachment[]> {
  return async (mail) => {
    if (mail.kind === 'request.received') {
      const { receipt } = mail.payload as { receipt: Receipt };
      const content = await renderReceiptPdf({ receipt, config: mail.agency, trackingUrl: mail.trackingUrl });
      return [{ filename: receiptFilename(receipt.requestNumber), content, contentType: 'application/pdf' }];
    }
    if (mail.kind === 'request.attended' && responsesFor) {
      const { requestNumber, response } = mail.payload as { requestNumber: string; response?: { id: string } };
      if (!response) return [];
      const content = await responsesFor(mail.agency.id).read(response.id);
      return [{ filename: responseFilename(requestNumber), content, contentType: 'application/pdf' }];
    }
    return [];
  };
}

/** The receipt only: for senders that have no response storage. */
export const defaultAttachments = mailAttachments();
