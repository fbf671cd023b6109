/**
 * The notification address as the correction panel shows it to whoever holds a request number
 * and an identity document: enough for the citizen to recognise their own address, not enough
 * for anyone else to learn it.
 */

/** A fixed run, so the hint does not tell how long the hidden part is. */
const HIDDEN = '•••••';

/**
 * `juana.perez@micorreo.com` → `j•••••z@micorreo.com`: the first and last character of the
 * local part and the whole domain. A local part of one or two characters keeps only its first.
 * Text that is not an address keeps only its first character.
 */
export function emailHint(email: string): string {
  const address = email.trim();
  const at = address.lastIndexOf('@');
  if (at <= 0) return address ? `${[...address][0]}${HIDDEN}` : '';
  const local = [...address.slice(0, at)];
  const domain = address.slice(at + 1);
  const last = local.length > 2 ? local[local.length - 1] : '';
  return `${local[0]}${HIDDEN}${last}@${domain}`;
}
