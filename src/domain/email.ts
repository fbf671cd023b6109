/**
 * One email address, exactly: the rule the form applies as the citizen types and the server
 * applies to every address it accepts, so both refuse the same things.
 *
 * Why strict: a relay parses the To it is given. `rosa,quispe@gmail.com` or `rosa;x@gmail.com`
 * read as two addresses sent a citizen's receipt to a stranger, and an address the relay refuses
 * (`rosa@gmail..com`, a trailing dot, quotes) fails silently while an observation's deadline runs.
 * So the local part is a dot-atom (RFC 5322 §3.2.3, no quoted strings, no comments), the domain a
 * list of valid DNS labels (internationalised names allowed, kept in their ASCII "xn--" form so
 * every relay reads them), and the whole address at most 254 characters (RFC 5321 §4.5.3.1.3
 * path limit less the angle brackets).
 */

/** What is wrong with an address; each is a message key `email.<code>` (src/i18n/messages/<locale>/form.ts). */
export type EmailErrorCode =
  | 'required'
  | 'tooLong'
  | 'separator'
  | 'spaces'
  | 'quoted'
  | 'at'
  | 'dots'
  | 'local'
  | 'domain';

export type EmailResult = { ok: true; address: string } | { ok: false; code: EmailErrorCode };

export const EMAIL_MAX_LENGTH = 254;
const LOCAL_MAX_LENGTH = 64;
const DOMAIN_MAX_LENGTH = 253;

/** RFC 5322 atext: what a dot-atom's atoms are made of. */
const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
/** What a domain may hold before it is converted: letters of any script, digits, hyphens, dots. */
const DOMAIN_CHARACTERS = /^[\p{L}\p{M}\p{N}.-]+$/u;
/** A DNS label in ASCII (LDH rule, RFC 1123). */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const SEPARATORS = /[,;]/;
// Any whitespace, also the invisible and bidirectional marks a paste can carry.
const SPACES = /[\s\p{Cc}\p{Cf}]/u;

/**
 * The ASCII form of an internationalised domain ("perú.pe" → "xn--per-2na.pe"), or null when it
 * is not one. The WHATWG URL parser applies IDNA (UTS #46) the same way in browsers and in Node,
 * so no punycode library is needed; only letters, digits, hyphens and dots reach it, so nothing
 * else in a URL (ports, paths, percent escapes) can be read into the name.
 */
function asciiDomain(domain: string): string | null {
  if (!DOMAIN_CHARACTERS.test(domain)) return null;
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return null;
  }
}

/** Checks one address; `address` is the form the desk stores and sends to (domain in ASCII). */
export function checkEmail(input: string): EmailResult {
  const text = (input ?? '').trim();
  if (text === '') return { ok: false, code: 'required' };
  if (SEPARATORS.test(text)) return { ok: false, code: 'separator' };
  if (SPACES.test(text)) return { ok: false, code: 'spaces' };
  if (text.includes('"')) return { ok: false, code: 'quoted' };
  const at = text.indexOf('@');
  if (at < 0 || at !== text.lastIndexOf('@')) return { ok: false, code: 'at' };
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local === '' || domain === '') return { ok: false, code: 'at' };
  const atoms = local.split('.');
  if (atoms.some((atom) => atom === '') || domain.split('.').some((label) => label === '')) return { ok: false, code: 'dots' };
  if (!atoms.every((atom) => ATOM.test(atom)) || local.length > LOCAL_MAX_LENGTH) return { ok: false, code: 'local' };
  const ascii = asciiDomain(domain);
  if (ascii === null || ascii.length > DOMAIN_MAX_LENGTH) return { ok: false, code: 'domain' };
  const labels = ascii.split('.');
  // A dotless name is no mail domain here, and an all-digit last label is an IP address in disguise.
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || /^\d+$/.test(labels.at(-1)!)) {
    return { ok: false, code: 'domain' };
  }
  // An ASCII domain stays as typed (the citizen's own spelling, case included); only an
  // internationalised one takes its "xn--" form.
  const address = `${local}@${/^[\x00-\x7f]*$/.test(domain) ? domain : ascii}`;
  if (address.length > EMAIL_MAX_LENGTH) return { ok: false, code: 'tooLong' };
  return { ok: true, address };
}

/**
 * What two spellings of one mailbox share, for comparing them: the checked address (domain in
 * ASCII) without regard to case, or the trimmed text when it is no address.
 */
export function emailKey(email: string): string {
  const checked = checkEmail(email);
  return (checked.ok ? checked.address : (email ?? '').trim()).toLowerCase();
}
