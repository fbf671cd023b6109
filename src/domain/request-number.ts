/**
 * Request numbers are per agency and per year, in a format the agency configures:
 * `{seq}-{year}` gives `6-2022` (CENARES), `MPV-{year}-{seq:6}` gives `MPV-2026-000123`.
 *
 * Placeholders: `{seq}` (the sequence number), `{seq:N}` (zero-padded to N digits) and
 * `{year}` (four digits). Everything else is literal text; braces are reserved.
 */

export type RequestNumberParts = { seq: number; year: number };

/** `year` is null when the pattern has no `{year}`. */
export type ParsedRequestNumber = { seq: number; year: number | null };

type Token = { kind: 'literal'; text: string } | { kind: 'seq'; width: number } | { kind: 'year' };

const PLACEHOLDER = /\{([^{}]*)\}/g;
const SEQ_WIDTH = /^seq:([1-9]\d?)$/;
// Wider than any real counter; keeps `\d{N,}` and padding sane.
const MAX_SEQ_WIDTH = 20;

/** Splits a pattern into tokens, or returns null when it is not a valid pattern. */
function tokenize(pattern: string): Token[] | null {
  const tokens: Token[] = [];
  let seqCount = 0;
  let yearCount = 0;
  let last = 0;
  const pushLiteral = (text: string): boolean => {
    if (/[{}]/.test(text)) return false; // an unmatched brace
    if (text !== '') tokens.push({ kind: 'literal', text });
    return true;
  };
  for (const match of pattern.matchAll(PLACEHOLDER)) {
    if (!pushLiteral(pattern.slice(last, match.index))) return null;
    last = match.index + match[0].length;
    const name = match[1]!;
    const width = SEQ_WIDTH.exec(name);
    if (name === 'seq') {
      tokens.push({ kind: 'seq', width: 0 });
      seqCount++;
    } else if (width && Number(width[1]) <= MAX_SEQ_WIDTH) {
      tokens.push({ kind: 'seq', width: Number(width[1]) });
      seqCount++;
    } else if (name === 'year') {
      tokens.push({ kind: 'year' });
      yearCount++;
    } else {
      return null;
    }
  }
  if (!pushLiteral(pattern.slice(last))) return null;
  return seqCount === 1 && yearCount <= 1 ? tokens : null;
}

function tokensOrThrow(pattern: string): Token[] {
  const tokens = tokenize(pattern);
  if (!tokens) {
    throw new RangeError(
      `Invalid request number pattern "${pattern}": use {seq} or {seq:N} once, {year} at most once, and no other braces`,
    );
  }
  return tokens;
}

/** True when the pattern has exactly one `{seq}`/`{seq:N}`, at most one `{year}`, and no other placeholder. */
export function isValidRequestNumberPattern(pattern: string): boolean {
  return tokenize(pattern) !== null;
}

export function formatRequestNumber(pattern: string, parts: RequestNumberParts): string {
  const { seq, year } = parts;
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`Expected a sequence number >= 0, got ${seq}`);
  if (!Number.isInteger(year) || year < 0 || year > 9999) throw new RangeError(`Expected a four-digit year, got ${year}`);
  return tokensOrThrow(pattern)
    .map((token) => {
      switch (token.kind) {
        case 'literal':
          return token.text;
        case 'seq':
          return String(seq).padStart(token.width, '0');
        case 'year':
          return String(year).padStart(4, '0');
      }
    })
    .join('');
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Anchored, case-insensitive regular expression matching numbers made with `pattern`. */
export function requestNumberRegExp(pattern: string): RegExp {
  const source = tokensOrThrow(pattern)
    .map((token) => {
      switch (token.kind) {
        case 'literal':
          return escapeRegExp(token.text);
        case 'seq':
          return token.width > 0 ? `(\\d{${token.width},})` : '(\\d+)';
        case 'year':
          return '(\\d{4})';
      }
    })
    .join('');
  return new RegExp(`^${source}$`, 'i');
}

/** Reads the sequence number and year back out of a request number, or null if it does not fit the pattern. */
export function parseRequestNumber(pattern: string, input: string): ParsedRequestNumber | null {
  const tokens = tokensOrThrow(pattern);
  const match = requestNumberRegExp(pattern).exec(input.trim());
  if (!match) return null;
  const groups = tokens.filter((token) => token.kind !== 'literal');
  const seqText = match[groups.findIndex((token) => token.kind === 'seq') + 1]!;
  const yearIndex = groups.findIndex((token) => token.kind === 'year');
  const seq = Number(seqText);
  if (!Number.isSafeInteger(seq)) return null;
  return { seq, year: yearIndex === -1 ? null : Number(match[yearIndex + 1]) };
}

/**
 * The number as the desk formats it ("mpv-2026-0000123" → "MPV-2026-000123"), or null when the
 * input does not fit the pattern. Every lookup by number (tracking, staff) goes through it.
 */
export function canonicalRequestNumber(pattern: string, input: string): string | null {
  const parsed = parseRequestNumber(pattern, input);
  if (!parsed) return null;
  try {
    return formatRequestNumber(pattern, { seq: parsed.seq, year: parsed.year ?? 0 });
  } catch {
    return null;
  }
}

/** The receipt's file name, `cargo-6-2026.pdf`, safe as a file name on every system. */
export function receiptFilename(requestNumber: string): string {
  return `cargo-${requestNumber.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}

/** The file name of the agency's response to a request: `respuesta-<number>.pdf`. */
export function responseFilename(requestNumber: string): string {
  return `respuesta-${requestNumber.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}
