/**
 * Characters a citizen's text may not carry: control characters and the invisible format marks
 * that reorder or hide what a reader sees. A right-to-left override makes `factura\u202Efdp.exe`
 * read as "facturaexe.pdf" on a staff screen: a program that looks like a PDF. A stray control
 * character breaks mails, the receipt and the CSV an agency exports. The form refuses them as the
 * citizen types, the server refuses them again, and names that reach staff from elsewhere (file
 * names of uploads) have them removed.
 */

/**
 * Refused everywhere: C0/C1 controls other than tab and line breaks, unpaired surrogates, and
 * the format characters that change direction or hide text: ALM (U+061C), the Mongolian vowel
 * separator (U+180E), zero-width space (U+200B), LRM/RLM (U+200E/F), the embeddings and
 * overrides (U+202A–202E), word joiner and invisible operators (U+2060–2064), the isolates
 * (U+2066–2069), the deprecated format controls (U+206A–206F), the BOM (U+FEFF) and the
 * interlinear annotation marks (U+FFF9–FFFB). Zero-width (non-)joiners and the soft hyphen stay:
 * scripts and emoji need them and they cannot reorder text.
 */
const HARMFUL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]|\p{Cs}/u;
const HARMFUL_ALL = new RegExp(HARMFUL.source, 'gu');
/** Line breaks and tabs: fine in a multi-line field, not in a one-line one. */
const LINE_BREAKS = /[\t\n\r\u2028\u2029]/;
const LINE_BREAKS_ALL = new RegExp(LINE_BREAKS.source, 'g');

/** Whether `text` holds a character a citizen's field refuses (`multiline`: line breaks are fine). */
export function hasHarmfulCharacters(text: string | null | undefined, options: { multiline?: boolean } = {}): boolean {
  if (!text) return false;
  return HARMFUL.test(text) || (!options.multiline && LINE_BREAKS.test(text));
}

/** The message key of a field holding such a character (params: `label`; src/i18n/messages/<locale>/form.ts). */
export const HARMFUL_TEXT_CODE = 'text.control';

/**
 * A name that came from outside (an upload's file name, a stored value) made safe to show: the
 * harmful characters and line breaks removed, nothing else changed.
 */
export function visibleText(text: string): string {
  return text.replace(HARMFUL_ALL, '').replace(LINE_BREAKS_ALL, ' ');
}
