/**
 * Attachment rules: allowed extensions and sizes per upload slot, and a check that a file's
 * first bytes match its extension (a renamed file is refused before it is uploaded, and
 * again by the backend).
 */

export type SlotRule = {
  /** Lowercase extensions with the dot, e.g. ['.pdf']. An empty list sets no type restriction. */
  accept: readonly string[];
  maxBytes: number;
};

export type FileFacts = { name: string; size: number };

export type FileProblem =
  | { code: 'file.empty' }
  | { code: 'file.type'; accept: readonly string[] }
  | { code: 'file.size'; maxBytes: number };

export type SniffedKind = 'pdf' | 'png' | 'jpeg' | 'zip' | 'rar' | 'ole' | 'unknown';

/** How many leading bytes `sniffFileKind` needs to see to give its best answer. */
export const SNIFF_BYTES = 1024;

/** Lowercase extension with its dot ('.pdf'), or '' when the name has none. */
export function extensionOf(name: string): string {
  // Some browsers and multipart parsers still hand over a full Windows or POSIX path.
  const base = name.trim().replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  // A leading dot marks a hidden file (".pdf" has no extension); a trailing one is no extension.
  if (dot <= 0 || dot === base.length - 1) return '';
  return base.slice(dot).toLowerCase();
}

function normalizeExtension(extension: string): string {
  const lower = extension.trim().toLowerCase();
  return lower.startsWith('.') ? lower : `.${lower}`;
}

/** Every problem the file has against the slot rule (empty list: acceptable). */
export function checkFileAgainstRule(file: FileFacts, rule: SlotRule): FileProblem[] {
  const problems: FileProblem[] = [];
  if (file.size <= 0) problems.push({ code: 'file.empty' });
  if (rule.accept.length > 0) {
    const extension = extensionOf(file.name);
    if (extension === '' || !rule.accept.some((allowed) => normalizeExtension(allowed) === extension)) {
      problems.push({ code: 'file.type', accept: rule.accept });
    }
  }
  if (file.size > rule.maxBytes) problems.push({ code: 'file.size', maxBytes: rule.maxBytes });
  return problems;
}

const PDF_MARKER = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const SIGNATURES: ReadonlyArray<readonly [SniffedKind, readonly number[]]> = [
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]], // PK\x03\x04: .zip and Office Open XML (.docx, .xlsx)
  ['zip', [0x50, 0x4b, 0x05, 0x06]], // PK\x05\x06: an empty zip archive
  ['rar', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]], // "Rar!\x1a\x07": RAR 4 and RAR 5
  ['ole', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]], // OLE2 compound file: .doc, .xls
];

function startsWithAt(bytes: Uint8Array, marker: readonly number[], offset: number): boolean {
  if (offset + marker.length > bytes.length) return false;
  for (let i = 0; i < marker.length; i++) if (bytes[offset + i] !== marker[i]) return false;
  return true;
}

/** The file type given by the first bytes of a file (pass at least `SNIFF_BYTES` of them). */
export function sniffFileKind(head: Uint8Array): SniffedKind {
  for (const [kind, signature] of SIGNATURES) if (startsWithAt(head, signature, 0)) return kind;
  // PDF readers (Acrobat, pdf.js) accept a header anywhere in the first 1024 bytes, and real
  // files from scanners and e-signature tools do carry leading junk: refusing them would refuse
  // documents every reader opens.
  const last = Math.min(head.length, SNIFF_BYTES) - PDF_MARKER.length;
  for (let offset = 0; offset <= last; offset++) if (startsWithAt(head, PDF_MARKER, offset)) return 'pdf';
  return 'unknown';
}

const KIND_BY_EXTENSION: ReadonlyMap<string, SniffedKind> = new Map([
  ['.pdf', 'pdf'],
  ['.png', 'png'],
  ['.jpg', 'jpeg'],
  ['.jpeg', 'jpeg'],
  ['.docx', 'zip'],
  ['.xlsx', 'zip'],
  ['.zip', 'zip'],
  ['.doc', 'ole'],
  ['.xls', 'ole'],
  ['.rar', 'rar'],
]);

/**
 * The extensions whose content the desk can check, in the browser and on the server alike. An
 * agency may accept only these: a file type nobody can check would be refused by the server
 * after its whole upload.
 */
export const SUPPORTED_EXTENSIONS: readonly string[] = [...KIND_BY_EXTENSION.keys()];

/** Whether the sniffed content is what the extension promises (an unknown extension never matches). */
export function contentMatchesExtension(extension: string, kind: SniffedKind): boolean {
  const expected = KIND_BY_EXTENSION.get(normalizeExtension(extension));
  return expected === kind;
}

const KB = 1024;
const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/**
 * A size for people, e.g. "20 MB", "512 KB". Units are binary (1 MB = 1024 × 1024 bytes), the
 * same unit the slot limits use and the one Windows Explorer shows, so a file the citizen sees
 * as "20 MB" fits a "20 MB" limit.
 */
export function formatBytes(bytes: number, locale = 'es-PE'): string {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  let unit = 0;
  let value = bytes;
  // Also move up when rounding would show "1024 KB" instead of "1 MB".
  while (unit < UNITS.length - 1 && Math.round(value * 10) / 10 >= KB) {
    value /= KB;
    unit++;
  }
  if (unit === 0) value = Math.round(value);
  return `${number.format(value)} ${UNITS[unit]}`;
}
