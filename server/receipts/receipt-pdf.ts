/**
 * The cargo de recepción (art. 125/135 TUO Ley 27444) as a PDF: request number, agency, date and
 * hour received (Lima), the date it counts as presented and why, applicant and identity
 * document, procedure and subject, each file with its pages and SHA-256, folios, and how to
 * track it (the link, also as a QR code).
 *
 * Printed in DejaVu Sans (the npm package `dejavu-fonts-ttf`: Bitstream Vera licence, DejaVu's
 * changes in the public domain), embedded as a subset of the characters used: names are printed
 * as typed (ñ, tildes, ą, the ʼ U+02BC of Quechua and Aymara names), where pdf-lib's standard
 * fonts only encode WinAnsi and printed "?". A character the font lacks (another script, most
 * emoji) loses its accent when that makes it printable, else becomes "?" (see `drawableText`).
 * The mail sender attaches the same PDF.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import type { Receipt, ReceiptFile } from '../../src/api/types.ts';
import { businessCalendar } from '../../src/config/derive.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { formatBytes } from '../../src/domain/files.ts';
import { identityDocumentName } from '../../src/domain/identity.ts';
import { visibleText } from '../../src/domain/text.ts';
import { formatDate, formatLimaDateTime, formatLongDate, formatWeekday } from '../../src/internal/format.ts';

export interface ReceiptPdfInput {
  receipt: Receipt;
  config: AgencyConfig;
  /** Where the citizen follows the request (printed and encoded as a QR code). */
  trackingUrl: string;
}

type FontFiles = { regular: Uint8Array; bold: Uint8Array; mono: Uint8Array };
let fontFiles: Promise<FontFiles> | undefined;

/** The three TrueType faces, read once per process. */
function loadFontFiles(): Promise<FontFiles> {
  fontFiles ??= (async () => {
    const require = createRequire(import.meta.url);
    const read = (file: string) => readFile(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
    const [regular, bold, mono] = await Promise.all([read('DejaVuSans.ttf'), read('DejaVuSans-Bold.ttf'), read('DejaVuSansMono.ttf')]);
    return { regular, bold, mono };
  })();
  fontFiles.catch(() => (fontFiles = undefined));
  return fontFiles;
}

/**
 * fontkit, parsing each face once per process: pdf-lib parses the bytes again on every
 * `embedFont`, which for these faces took most of a receipt's time.
 */
const parsedFonts = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();
const cachingFontkit: typeof fontkit = {
  create(bytes: Uint8Array) {
    let font = parsedFonts.get(bytes);
    if (!font) parsedFonts.set(bytes, (font = fontkit.create(bytes)));
    return font;
  },
};

const characterSets = new WeakMap<PDFFont, ReadonlySet<number>>();

function characterSet(font: PDFFont): ReadonlySet<number> {
  let set = characterSets.get(font);
  if (!set) characterSets.set(font, (set = new Set(font.getCharacterSet())));
  return set;
}

/**
 * Text `font` can draw: NFC-composed, without the marks that reorder text, whitespace made
 * plain, a character the font lacks stripped of its accents when that makes it fit ("ǘ" → "u"),
 * anything else replaced by "?".
 */
export function drawableText(text: string, font: PDFFont): string {
  const known = characterSet(font);
  const has = (char: string) => known.has(char.codePointAt(0)!);
  let out = '';
  for (const char of visibleText(text).normalize('NFC').replace(/[\t\u00a0\u2000-\u200a]/g, ' ')) {
    if (has(char)) {
      out += char;
      continue;
    }
    const base = char.normalize('NFD').replace(/\p{M}+/gu, '');
    out += base && [...base].every(has) ? base : '?';
  }
  return out;
}

const PAGE_WIDTH = 595.28; // A4
const PAGE_HEIGHT = 841.89;
const MARGIN = 50;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const TEXT = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.3, 0.3, 0.3);
const QR_SIZE = 110;

/** Draws top to bottom, adding pages as needed. */
class Writer {
  private page!: PDFPage;
  private y = 0;

  constructor(
    private readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    readonly mono: PDFFont,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = PAGE_HEIGHT - MARGIN;
  }

  private ensure(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  gap(height: number): void {
    this.y -= height;
  }

  /** Wraps `text` to `width` and draws it; returns the height used. */
  paragraph(text: string, options: { font?: PDFFont; size?: number; x?: number; width?: number; color?: ReturnType<typeof rgb> } = {}): void {
    const font = options.font ?? this.regular;
    const size = options.size ?? 10;
    const x = options.x ?? MARGIN;
    const width = options.width ?? CONTENT_WIDTH - (x - MARGIN);
    const lineHeight = size * 1.35;
    for (const line of wrap(drawableText(text, font), font, size, width)) {
      this.ensure(lineHeight);
      this.y -= lineHeight;
      this.page.drawText(line, { x, y: this.y + size * 0.3, size, font, color: options.color ?? TEXT });
    }
  }

  heading(text: string, size = 12): void {
    this.ensure(size * 3);
    this.gap(size * 0.6);
    this.paragraph(text, { font: this.bold, size });
    this.rule();
  }

  rule(): void {
    this.gap(3);
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: PAGE_WIDTH - MARGIN, y: this.y },
      thickness: 0.6,
      color: MUTED,
    });
    this.gap(4);
  }

  /** "Label: value" with the label in bold on its own column. */
  field(label: string, value: string): void {
    const labelWidth = 165;
    const size = 10;
    const lines = wrap(drawableText(value, this.regular), this.regular, size, CONTENT_WIDTH - labelWidth);
    const lineHeight = size * 1.35;
    this.ensure(lineHeight * Math.min(lines.length, 3));
    const top = this.y;
    this.paragraph(label, { font: this.bold, size, width: labelWidth - 8 });
    const afterLabel = this.y;
    this.y = top;
    this.paragraph(value, { size, x: MARGIN + labelWidth });
    this.y = Math.min(this.y, afterLabel) - 3;
  }

  image(image: PDFImage, size: number): void {
    this.ensure(size + 6);
    this.y -= size;
    this.page.drawImage(image, { x: PAGE_WIDTH - MARGIN - size, y: this.y, width: size, height: size });
    this.y += size;
  }

  get cursor(): number {
    return this.y;
  }

  set cursor(y: number) {
    this.y = y;
  }
}

const advances = new WeakMap<PDFFont, Map<string, number>>();

/**
 * The width of `text` as the sum of its characters' advances, each measured once per font: an
 * embedded font measures a string by shaping it (fontkit's layout), far too slow to repeat for
 * every candidate line of the wrap. Kerning is left out; the difference is a fraction of a point.
 */
function textWidth(font: PDFFont, text: string, size: number): number {
  let known = advances.get(font);
  if (!known) advances.set(font, (known = new Map()));
  let total = 0;
  for (const char of text) {
    let advance = known.get(char);
    if (advance === undefined) known.set(char, (advance = font.widthOfTextAtSize(char, 1000)));
    total += advance;
  }
  return (total * size) / 1000;
}

/** Greedy word wrap; a word longer than the line (a URL, a hash) is cut by characters. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (candidate: string) => textWidth(font, candidate, size) <= width;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let rest = word;
    while (!fits(rest)) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** Why the filing counts from a later day than it arrived, in words (empty when it does not). */
export function deemedReasonText(receipt: Receipt, config: AgencyConfig): string {
  if (receipt.deemedFiledDate === receipt.receivedDate) return '';
  if (receipt.deemedFiledReason === 'after-hours') {
    const hours = config.filingHours;
    const range = hours.kind === 'office-hours' ? ` (lunes a viernes de ${hours.opens} a ${hours.closes})` : '';
    return `Llegó después del horario de atención${range}.`;
  }
  const why = businessCalendar(config).nonWorkingReason(receipt.receivedDate);
  const date = formatDate(receipt.receivedDate);
  switch (why?.kind) {
    case 'holiday':
      return `El ${date} es feriado: ${why.name}.`;
    case 'decreed':
      return `El ${date} es día no laborable: ${why.name}.`;
    case 'weekend':
      return `Llegó un ${formatWeekday(receipt.receivedDate)}, que no es día hábil.`;
    default:
      return 'Llegó en un día no hábil.';
  }
}

function fileTitle(file: ReceiptFile): string {
  return file.slot === 'main' ? 'Documento principal' : `Anexo ${file.index}`;
}

function fileFacts(file: ReceiptFile): string {
  const pages = file.pages === null ? 'sin conteo de páginas' : file.pages === 1 ? '1 página' : `${file.pages} páginas`;
  return `${pages}, ${formatBytes(file.size, 'es-PE')}`;
}

export async function renderReceiptPdf(input: { receipt: Receipt; config: AgencyConfig; trackingUrl: string }): Promise<Uint8Array> {
  const { receipt, config, trackingUrl } = input;
  const doc = await PDFDocument.create();
  // Document properties are UTF-16 strings: only the reordering marks are removed.
  doc.setTitle(visibleText(`Cargo de recepción N° ${receipt.requestNumber}`));
  doc.setAuthor(visibleText(config.agency.name));
  doc.setSubject('Cargo de recepción - Mesa de Partes Digital');
  doc.setCreator('mesa-de-partes');
  doc.setLanguage('es-PE');
  const fixedDate = new Date(receipt.receivedAt);
  doc.setCreationDate(fixedDate);
  doc.setModificationDate(fixedDate);

  doc.registerFontkit(cachingFontkit);
  const fonts = await loadFontFiles();
  // Subset: only the glyphs this receipt uses are embedded (the whole regular face is 740 KB).
  const w = new Writer(
    doc,
    await doc.embedFont(fonts.regular, { subset: true }),
    await doc.embedFont(fonts.bold, { subset: true }),
    await doc.embedFont(fonts.mono, { subset: true }),
  );
  const qrPng = await QRCode.toBuffer(trackingUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 330 });
  const qr = await doc.embedPng(qrPng);

  // Header: agency, title, number (the QR sits to the right of it).
  const top = w.cursor;
  const headerWidth = CONTENT_WIDTH - QR_SIZE - 16;
  w.paragraph(config.agency.name, { font: w.bold, size: 11, width: headerWidth, color: MUTED });
  w.paragraph('Mesa de Partes Digital', { size: 10, width: headerWidth, color: MUTED });
  w.gap(8);
  w.paragraph('Cargo de recepción', { font: w.bold, size: 20, width: headerWidth });
  w.gap(4);
  w.paragraph(`Solicitud N° ${receipt.requestNumber}`, { font: w.bold, size: 15, width: headerWidth });
  const afterHeader = w.cursor;
  w.cursor = top;
  w.image(qr, QR_SIZE);
  w.cursor = Math.min(afterHeader, top - QR_SIZE) - 6;

  w.heading('Recepción');
  w.field('N° de solicitud', receipt.requestNumber);
  w.field('Fecha y hora de recepción', `${formatLimaDateTime(receipt.receivedAt)} (hora de Lima)`);
  const reason = deemedReasonText(receipt, config);
  w.field('Se considera presentada el', reason ? `${formatLongDate(receipt.deemedFiledDate)}. ${reason}` : formatLongDate(receipt.deemedFiledDate));

  w.heading('Solicitante');
  w.field('Nombre', receipt.applicant.name);
  w.field('Documento de identidad', `${identityDocumentName(receipt.applicant.documentType)} ${receipt.applicant.documentNumber}`);
  w.field('Correo electrónico', receipt.applicant.email);
  if (receipt.organization) w.field('Persona jurídica', `${receipt.organization.name} (RUC ${receipt.organization.ruc})`);

  w.heading('Solicitud');
  if (receipt.procedure) w.field('Trámite', receipt.procedure.name);
  if (receipt.office) w.field('Dependencia de destino', receipt.office.name);
  if (receipt.documentKind) w.field('Tipo de documento', receipt.documentKind.name);
  if (receipt.documentNumber) w.field('Número de documento', receipt.documentNumber);
  w.field('Asunto', receipt.subject);
  if (receipt.folios !== undefined) w.field('Folios', String(receipt.folios));

  w.heading('Documentos recibidos');
  const files = [...receipt.files].sort((a, b) => (a.slot === b.slot ? a.index - b.index : a.slot === 'main' ? -1 : 1));
  for (const file of files) {
    w.paragraph(`${fileTitle(file)}: ${file.name}`, { font: w.bold, size: 10 });
    w.paragraph(fileFacts(file), { size: 10, x: MARGIN + 12 });
    w.paragraph(`SHA-256: ${file.sha256}`, { font: w.mono, size: 8, x: MARGIN + 12 });
    w.gap(4);
  }

  w.heading('Seguimiento');
  w.paragraph(
    'Para conocer el estado de su solicitud, ingrese en la Mesa de Partes Digital el número de solicitud y el número de su documento de identidad, o abra este enlace (también en el código QR):',
  );
  w.gap(2);
  w.paragraph(trackingUrl, { font: w.mono, size: 8 });
  w.gap(12);
  w.paragraph(
    'Este cargo acredita la recepción de los documentos indicados (art. 125 del TUO de la Ley 27444). La huella SHA-256 permite comprobar que cada archivo es el recibido.',
    { size: 8, color: MUTED },
  );

  return doc.save({ useObjectStreams: false });
}
