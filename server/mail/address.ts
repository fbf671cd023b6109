/**
 * The one address a mail goes to. nodemailer parses a string recipient as an address list, so
 * `rosa,quispe@gmail.com` became two recipients; handed an object `{ name, address }` it takes the
 * address as one mailbox. The address is checked again with the domain rule before sending: a row
 * written before the rule existed (or by another process) cannot reach a second mailbox either.
 */
import { checkEmail, EMAIL_MAX_LENGTH, type EmailErrorCode } from '../../src/domain/email.ts';
import { interpolate } from '../../src/i18n/index.ts';
import { messages as formMessages } from '../../src/i18n/messages/es-PE/form.ts';

/** The stored recipient is not one valid address: no retry will change that. */
export class InvalidRecipientError extends Error {}

/** The Spanish sentence for an address problem, from the form's own catalog (one wording for both). */
export function emailMessage(code: EmailErrorCode): string {
  const template = formMessages[`email.${code}`] ?? formMessages['email.format']!;
  return `${interpolate(template, { max: EMAIL_MAX_LENGTH })}.`;
}

/** The recipient as nodemailer's address object; throws `InvalidRecipientError` when it is not one address. */
export function recipientOf(stored: string): { name: string; address: string } {
  const checked = checkEmail(stored);
  if (!checked.ok) throw new InvalidRecipientError(`The recipient is not one valid address (${checked.code}): ${JSON.stringify(stored)}`);
  return { name: '', address: checked.address };
}
