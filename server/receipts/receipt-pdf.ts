/**
 * The cargo de recepción (art. 125/135 TUO Ley 27444) as a PDF: request number, agency, date and
 * hour received (Lima), the date it counts as presented and why, applicant and identity
 * document, procedure and subject, each file with its pages and SHA-256, folios, and how to
 * track it (the link, also as a QR code).
 *
 * Built with pdf-lib's standard fonts, which only encode WinAnsi (Windows-1252): Spanish accents,
 * ñ, ¿¡, «» and typographic quotes are there; anything else (another script, an emoji) is
 * replaced before drawing (see `winAnsiSafe`). The mail sender attaches the same PDF.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import type { Receipt, ReceiptFile } from '../../src/api/types.ts';
import { businessCalendar } from '../../src/config/derive.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { formatBytes } from '../../src/domain/files.ts';
import { identityDocumentName } from '../../src/domain/identity.ts';
import { formatDate, formatLimaDateTime, formatLongDate, formatWeekday } from '../../src/internal/format.ts';

export interface ReceiptPdfInput {
  receipt: Receipt;
  config: AgencyConfig;
  /** Where the citizen follows the request (printed and encoded as a QR code). */
  trackingUrl: string;
}

/** The Windows-1252 characters in 0x80–0x9F; with printable ASCII and Latin-1 they are WinAnsi. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char);
}

/**
 * Text the standard fonts can draw: NFC-composed, whitespace made plain, letters outside WinAnsi
 * stripped of their accents when that makes them fit ("ő" → "o"), anything else replaced by "?".
 */
export function winAnsiSafe(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC').replace(/[\t\r\n\u00a0\u2000-\u200b\u2028\u2029]/g, ' ')) {
    if (isWinAnsi(char)) {
      out += char;
      continue;
    }
    const base = char.normalize('NFD').replace(/\p{M}+/gu, '');
    out += base && [...base].every(isWinAnsi) ? base : '?';
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
    for (const line of wrap(winAnsiSafe(text), font, size, width)) {
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
    const lines = wrap(winAnsiSafe(value), this.regular, size, CONTENT_WIDTH - labelWidth);
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

/** Greedy word wrap; a word longer than the line (a URL, a hash) is cut by characters. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (candidate: string) => font.widthOfTextAtSize(candidate, size) <= width;
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
  doc.setTitle(winAnsiSafe(`Cargo de recepción N° ${receipt.requestNumber}`));
  doc.setAuthor(winAnsiSafe(config.agency.name));
  doc.setSubject('Cargo de recepción - Mesa de Partes Digital');
  doc.setCreator('mesa-de-partes');
  doc.setLanguage('es-PE');
  const fixedDate = new Date(receipt.receivedAt);
  doc.setCreationDate(fixedDate);
  doc.setModificationDate(fixedDate);

  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
    await doc.embedFont(StandardFonts.Courier),
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
