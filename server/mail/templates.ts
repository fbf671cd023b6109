/**
 * The Spanish (es-PE) mails the desk sends, as a pure function of (kind, payload, agency config,
 * links) → {subject, text, html}: no clock, no database, so every kind is unit-tested.
 *
 * The payload is what was written in the outbox row (JSON), so each kind's shape is exported
 * here for the code that enqueues it. Mail text follows the CENARES mails of the user manual
 * (seed 003), in plain words.
 */
import type { Receipt, ReceiptFile } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { businessCalendar } from '../../src/config/derive.ts';
import { limaDateTime } from '../../src/domain/calendar.ts';
import { identityDocumentName } from '../../src/domain/identity.ts';
import type { MailKind } from '../db/schema.ts';
import type { RequestLinks } from '../links.ts';

/** `request.received`, enqueued with the filing. */
export interface ReceivedPayload {
  agencyId: string;
  /** The applicant's identity document number, asked by tracking and correction. */
  documentNumber: string;
  receipt: Receipt;
}

/**
 * Who the mail is about; enough for the greeting and the links. `documentNumber` may be left
 * out: the sender then reads it from the request row (the staff desk does not repeat it).
 */
export interface MailRequestRef {
  requestNumber: string;
  applicantName: string;
  documentNumber?: string;
}

/** `request.observed`: the desk found problems the citizen must correct. */
export interface ObservedPayload extends MailRequestRef {
  /** The general observation. */
  note?: string | null;
  /** The documents to replace, each with what is wrong with it. */
  documents: { label: string; name: string; note: string }[];
  /** The last Lima date to correct (YYYY-MM-DD); computed from `observedAt` when left out. */
  deadlineDate?: string;
  /** ISO instant of the observation. */
  observedAt?: string;
  /** Business days given to correct; 2 unless the agency says otherwise. */
  businessDays?: number;
}

/** `request.corrected`: the citizen's correction (subsanación) was received. */
export interface CorrectedPayload extends MailRequestRef {
  /** ISO instant the correction was received. */
  receivedAt: string;
  /** The original filing date, which a correction in time keeps (art. 137). */
  deemedFiledDate: string;
  /** The replacements, each with the number printed on it when the citizen gave one. */
  files: { label: string; name: string; documentNumber?: string }[];
}

/** `request.notPresented`: the correction deadline passed without a correction (art. 136). */
export interface NotPresentedPayload extends MailRequestRef {
  /** The last Lima date the correction was accepted (YYYY-MM-DD). */
  deadlineDate: string;
}

/** `request.forwarded`: sent to the office that will attend it. */
export interface ForwardedPayload extends MailRequestRef {
  office: { id?: string | null; name: string };
  note?: string | null;
}

/** `request.attended`: the request was answered / closed. */
export interface AttendedPayload extends MailRequestRef {
  note: string;
  /** The response file attached to the mail, when the desk attended with one. */
  response?: { name: string; pages: number };
}

/** `verification.code`: the email code (server/verification); about no request. */
export interface VerificationCodePayload {
  code: string;
  email: string;
  /** ISO instant the code stops working. */
  expiresAt: string;
  minutes: number;
}

/** `request.updated`: the owner changed the request's main data in "Mis trámites". */
export interface UpdatedPayload extends MailRequestRef {
  /** What changed, with the words of the form. */
  changes: { label: string; before: string; after: string }[];
}

/** `request.cancelled`: the owner cancelled (anuló) the request in "Mis trámites". */
export interface CancelledPayload extends MailRequestRef {
  reason?: string | null;
  /** ISO instant of the cancellation. */
  at: string;
}

/** The links a mail carries (server/links.ts builds them). */
export type MailLinks = RequestLinks;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export class MailPayloadError extends Error {}

/** The request number and document number of any payload, for the links. */
export function requestRefOf(kind: MailKind, payload: unknown): { requestNumber: string; documentNumber: string | undefined } {
  // A code mail is about no request: the sender builds links for every mail, this one uses none.
  if (kind === 'verification.code') return { requestNumber: '', documentNumber: '' };
  if (kind === 'request.received') {
    const received = asReceived(payload);
    return { requestNumber: received.receipt.requestNumber, documentNumber: received.documentNumber };
  }
  const ref = asRef(payload);
  return { requestNumber: ref.requestNumber, documentNumber: typeof ref.documentNumber === 'string' ? ref.documentNumber : undefined };
}

export function renderMail(kind: MailKind, payload: unknown, config: AgencyConfig, links: MailLinks): RenderedMail {
  switch (kind) {
    case 'request.received':
      return received(asReceived(payload), config, links);
    case 'request.observed':
      return observed(asObserved(payload), config, links);
    case 'request.corrected':
      return corrected(asCorrected(payload), config, links);
    case 'request.notPresented':
      return notPresented(asNotPresented(payload), config, links);
    case 'request.forwarded':
      return forwarded(asForwarded(payload), config, links);
    case 'request.attended':
      return attended(asAttended(payload), config, links);
    case 'verification.code':
      return verificationCode(asVerificationCode(payload), config);
    case 'request.updated':
      return updated(asUpdated(payload), config, links);
    case 'request.cancelled':
      return cancelled(asCancelled(payload), config, links);
    default:
      throw new MailPayloadError(`Unknown mail kind: ${String(kind)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The mails. Each builds a list of blocks rendered both as text and as HTML, so the two
// never say different things.

type Block =
  | { type: 'p'; text: string }
  | { type: 'rows'; rows: [string, string][] }
  | { type: 'table'; head: string[]; rows: string[][] }
  | { type: 'link'; before: string; label: string; href: string; after?: string };

function received(payload: ReceivedPayload, config: AgencyConfig, links: MailLinks): RenderedMail {
  const { receipt } = payload;
  const received = limaDateTime(new Date(receipt.receivedAt));
  const rows: [string, string][] = [
    ['Número de solicitud (*)', receipt.requestNumber],
    ['Fecha de recepción', `${formatDate(received.date)} ${received.time}`],
    ['Se considera presentada el', formatDate(receipt.deemedFiledDate)],
    ['Documento de identidad (**)', `${identityDocumentName(receipt.applicant.documentType)} ${payload.documentNumber}`],
  ];
  if (receipt.organization) rows.push(['Representa a', `${receipt.organization.name} (RUC ${receipt.organization.ruc})`]);
  if (receipt.procedure) rows.push(['Trámite', receipt.procedure.name]);
  rows.push(['Asunto', receipt.subject]);
  if (receipt.office) rows.push(['Dirigido a', receipt.office.name]);
  if (receipt.documentKind || receipt.documentNumber) {
    rows.push(['Documento', [receipt.documentKind?.name, receipt.documentNumber].filter(Boolean).join(' ')]);
  }
  if (receipt.folios !== undefined) rows.push(['Folios', String(receipt.folios)]);
  rows.push(['Documentos recibidos', receipt.files.map(describeFile).join('\n')]);

  const blocks: Block[] = [
    {
      type: 'p',
      text: `Estimado(a) ${receipt.applicant.name}, hemos recibido su solicitud. Si encontramos alguna observación en los documentos presentados, le escribiremos a este correo.`,
    },
    { type: 'rows', rows },
  ];
  if (receipt.deemedFiledDate !== receipt.receivedDate) {
    blocks.push({
      type: 'p',
      text: `Su solicitud llegó fuera del horario o en un día no hábil, por eso se considera presentada el ${formatDate(receipt.deemedFiledDate)}.`,
    });
  }
  blocks.push(
    {
      type: 'link',
      before: 'Para ver en qué estado está su solicitud, ingrese a la Mesa de Partes Digital, opción',
      label: 'SEGUIMIENTO',
      href: links.tracking,
      after: 'Se le pedirá el número de solicitud (*) y su documento de identidad (**).',
    },
    {
      type: 'link',
      before:
        `Si recibe una observación, tendrá un plazo de hasta ${businessDaysInWords(OBSERVATION_BUSINESS_DAYS)} desde esa notificación para corregirla en la misma Mesa de Partes Digital, opción`,
      label: 'SUBSANAR OBSERVACIONES',
      href: links.correction,
    },
    { type: 'p', text: 'Adjuntamos el cargo de recepción en PDF.' },
  );
  return compose(`Hemos recibido su solicitud N° ${receipt.requestNumber}`, blocks, config);
}

function observed(payload: ObservedPayload, config: AgencyConfig, links: MailLinks): RenderedMail {
  const days = payload.businessDays ?? OBSERVATION_BUSINESS_DAYS;
  let deadlineDate = payload.deadlineDate;
  if (!deadlineDate && payload.observedAt && !Number.isNaN(Date.parse(payload.observedAt))) {
    // Counted from the day after the notification (art. 136 TUO Ley 27444), business days only.
    deadlineDate = businessCalendar(config).addBusinessDays(limaDateTime(new Date(payload.observedAt)).date, days);
  }
  const deadline = deadlineDate ? ` (hasta el ${formatDate(deadlineDate)})` : '';
  const blocks: Block[] = [
    {
      type: 'p',
      text: `Estimado(a) ${payload.applicantName}, su solicitud N° ${payload.requestNumber} ha sido observada.`,
    },
    {
      type: 'rows',
      rows: payload.note ? [['Número de solicitud', payload.requestNumber], ['Observaciones', payload.note]] : [['Número de solicitud', payload.requestNumber]],
    },
  ];
  if (payload.documents.length > 0) {
    blocks.push(
      { type: 'p', text: 'Documentos observados por subsanar:' },
      {
        type: 'table',
        head: ['Documento', 'Archivo', 'Observación'],
        rows: payload.documents.map((doc) => [doc.label, doc.name, doc.note]),
      },
    );
  }
  blocks.push(
    {
      type: 'p',
      text: `Tiene un plazo de hasta ${businessDaysInWords(days)} desde esta notificación${deadline} para corregir los documentos observados. Si no los corrige a tiempo, su solicitud se tendrá por no presentada (artículo 136 del TUO de la Ley N° 27444).`,
    },
    {
      type: 'link',
      before: 'Para corregirlos, ingrese a la Mesa de Partes Digital, opción',
      label: 'SUBSANAR OBSERVACIONES',
      href: links.correction,
      after: 'Se le pedirá el número de solicitud y su documento de identidad.',
    },
  );
  return compose(`Su solicitud N° ${payload.requestNumber} ha sido observada`, blocks, config);
}

function corrected(payload: CorrectedPayload, config: AgencyConfig, links: MailLinks): RenderedMail {
  const received = limaDateTime(new Date(payload.receivedAt));
  const numbered = payload.files.some((file) => file.documentNumber);
  const blocks: Block[] = [
    {
      type: 'p',
      text: `Estimado(a) ${payload.applicantName}, hemos recibido la subsanación de su solicitud N° ${payload.requestNumber}. La revisaremos y le escribiremos a este correo.`,
    },
    {
      type: 'rows',
      rows: [
        ['Número de solicitud', payload.requestNumber],
        ['Subsanación recibida el', `${formatDate(received.date)} ${received.time}`],
        ['Se considera presentada el', formatDate(payload.deemedFiledDate)],
      ],
    },
    { type: 'p', text: 'Documentos que reemplazó:' },
    {
      type: 'table',
      head: numbered ? ['Documento', 'Archivo', 'N° de documento'] : ['Documento', 'Archivo'],
      rows: payload.files.map((file) => (numbered ? [file.label, file.name, file.documentNumber ?? '-'] : [file.label, file.name])),
    },
    {
      type: 'p',
      text: `Como subsanó dentro del plazo, su solicitud conserva su fecha de presentación original: el ${formatDate(payload.deemedFiledDate)}.`,
    },
    {
      type: 'link',
      before: 'Puede ver el avance de su solicitud en la Mesa de Partes Digital, opción',
      label: 'SEGUIMIENTO',
      href: links.tracking,
    },
  ];
  return compose(`Hemos recibido la subsanación de su solicitud N° ${payload.requestNumber}`, blocks, config);
}

function notPresented(payload: NotPresentedPayload, config: AgencyConfig, links: MailLinks): RenderedMail {
  const blocks: Block[] = [
    {
      type: 'p',
      text: `Estimado(a) ${payload.applicantName}, el plazo para subsanar las observaciones de su solicitud N° ${payload.requestNumber} venció el ${formatDate(payload.deadlineDate)} sin que recibiéramos la subsanación.`,
    },
    {
      type: 'rows',
      rows: [
        ['Número de solicitud', payload.requestNumber],
        ['Plazo para subsanar', `hasta el ${formatDate(payload.deadlineDate)}`],
        ['Estado', 'NO PRESENTADO'],
      ],
    },
    {
      type: 'p',
      text: 'Por eso su solicitud se tiene por no presentada (artículo 136 del TUO de la Ley N° 27444). Puede presentar una nueva solicitud con los documentos corregidos en la Mesa de Partes Digital.',
    },
    {
      type: 'link',
      before: 'Puede ver el detalle en la Mesa de Partes Digital, opción',
      label: 'SEGUIMIENTO',
      href: links.tracking,
    },
  ];
  return compose(`Su solicitud N° ${payload.requestNumber} se tiene por no presentada`, blocks, config);
}

function verificationCode(payload: VerificationCodePayload, config: AgencyConfig): RenderedMail {
  const until = limaDateTime(new Date(payload.expiresAt));
  const blocks: Block[] = [
    { type: 'p', text: `Su código de validación para la Mesa de Partes Digital de ${config.agency.shortName} es:` },
    { type: 'rows', rows: [['Código de validación', payload.code], ['Válido hasta', `${formatDate(until.date)} ${until.time} (${payload.minutes} minutos)`]] },
    { type: 'p', text: 'Escríbalo en la Mesa de Partes Digital para confirmar que este correo es suyo. No lo comparta con nadie: la entidad nunca se lo pedirá por teléfono.' },
    { type: 'p', text: 'Si no lo pidió, ignore este correo: nadie podrá usar su correo sin este código.' },
  ];
  return compose(`Su código de validación: ${payload.code}`, blocks, config);
}

function updated(payload: UpdatedPayload, config: AgencyConfig, links: MailLinks): RenderedMail {
  const blocks: Block[] = [
    { type: 'p', text: `Estimado(a) ${payload.applicantName}, se actualizaron los datos de su solicitud N° ${payload.requestNumber} desde «Mis trámites».` },
    { type: 'table', head: ['Dato', 'Antes', 'Ahora'], rows: payload.changes.map((change) => [change.label, change.before || '-', change.after || '-']) },
    { type: 'p', text: 'Si usted no hizo este cambio, comuníquese con la mesa de partes de la entidad.' },
    { type: 'link', before: 'Puede ver su solicitud en la Mesa de Partes Digital, opción', label: 'SEGUIMIENTO', href: links.tracking },
  ];
  return compose(`Se actualizaron los datos de su solicitud N° ${payload.requestNumber}`, blocks, config);
}

function cancelled(payload: CancelledPayload, config: AgencyConfig, links: MailLinks): RenderedMail {
  const at = limaDateTime(new Date(payload.at));
  const rows: [string, string][] = [
    ['Número de solicitud', payload.requestNumber],
    ['Anulada el', `${formatDate(at.date)} ${at.time}`],
    ['Estado', 'ANULADO'],
  ];
  if (payload.reason) rows.push(['Motivo', payload.reason]);
  const blocks: Block[] = [
    { type: 'p', text: `Estimado(a) ${payload.applicantName}, anuló su solicitud N° ${payload.requestNumber} desde «Mis trámites». La entidad no la atenderá.` },
    { type: 'rows', rows },
    { type: 'p', text: 'Si usted no la anuló, comuníquese con la mesa de partes de la entidad.' },
    { type: 'link', before: 'Puede ver su solicitud en la Mesa de Partes Digital, opción', label: 'SEGUIMIENTO', href: links.tracking },
  ];
  return compose(`Su solicitud N° ${payload.requestNumber} fue anulada`, blocks, config);
}

function forwarded(payload: ForwardedPayload, config: AgencyConfig, links: MailLinks): RenderedMail {
  const rows: [string, string][] = [
    ['Número de solicitud', payload.requestNumber],
    ['Derivada a', payload.office.name],
  ];
  if (payload.note) rows.push(['Observaciones', payload.note]);
  const blocks: Block[] = [
    {
      type: 'p',
      text: `Estimado(a) ${payload.applicantName}, su solicitud N° ${payload.requestNumber} fue derivada al área que la atenderá.`,
    },
    { type: 'rows', rows },
    {
      type: 'link',
      before: 'Puede ver el avance de su solicitud en la Mesa de Partes Digital, opción',
      label: 'SEGUIMIENTO',
      href: links.tracking,
    },
  ];
  return compose(`Su solicitud N° ${payload.requestNumber} fue derivada a ${payload.office.name}`, blocks, config);
}

function attended(payload: AttendedPayload, config: AgencyConfig, links: MailLinks): RenderedMail {
  const blocks: Block[] = [
    { type: 'p', text: `Estimado(a) ${payload.applicantName}, su solicitud N° ${payload.requestNumber} ha sido atendida.` },
    { type: 'rows', rows: [['Número de solicitud', payload.requestNumber], ['Respuesta', payload.note]] },
    ...(payload.response
      ? [
          {
            type: 'p' as const,
            text: `Adjuntamos el documento de respuesta «${payload.response.name}» (${payload.response.pages} ${payload.response.pages === 1 ? 'página' : 'páginas'}). También puede descargarlo desde la opción SEGUIMIENTO.`,
          },
        ]
      : []),
    {
      type: 'link',
      before: 'Puede ver el detalle en la Mesa de Partes Digital, opción',
      label: 'SEGUIMIENTO',
      href: links.tracking,
    },
  ];
  return compose(`Su solicitud N° ${payload.requestNumber} ha sido atendida`, blocks, config);
}

// ---------------------------------------------------------------------------------------------

function compose(subject: string, blocks: Block[], config: AgencyConfig): RenderedMail {
  const footer = footerLines(config);
  const text = `${blocks.map(blockText).join('\n\n')}\n\n--\n${footer.join('\n')}\n`;
  const html = [
    '<!doctype html>',
    '<html lang="es-PE"><head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;line-height:1.5;max-width:640px">',
    `<p style="font-weight:bold;color:#0b4a8b">Mesa de Partes Digital – ${escapeHtml(config.agency.shortName)}</p>`,
    ...blocks.map(blockHtml),
    '<hr>',
    `<p style="font-size:13px;color:#555">${footer.map(escapeHtml).join('<br>')}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: `${subject} – ${config.agency.shortName}`, text, html };
}

function footerLines(config: AgencyConfig): string[] {
  const contact = config.agency.contact;
  const lines = [`${config.agency.name} (${config.agency.shortName})`];
  if (contact?.office) lines.push(contact.office);
  if (contact?.address) lines.push(contact.address);
  const reach = [contact?.phone, contact?.email].filter(Boolean).join(' | ');
  if (reach) lines.push(reach);
  if (contact?.web) lines.push(contact.web);
  lines.push('Este correo se envió automáticamente.');
  return lines;
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'p':
      return block.text;
    case 'rows': {
      return block.rows
        .map(([label, value]) => {
          const [first, ...rest] = value.split('\n');
          return [`${label}: ${first}`, ...rest.map((line) => `  ${line}`)].join('\n');
        })
        .join('\n');
    }
    case 'table':
      return block.rows.map((row) => `- ${row.map((cell, i) => `${block.head[i]}: ${cell}`).join('; ')}`).join('\n');
    case 'link':
      return `${block.before} ${block.label}: ${block.href}${block.after ? `\n${block.after}` : ''}`;
  }
}

const CELL = 'style="border:1px solid #ccc;padding:6px 8px;text-align:left;vertical-align:top"';

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'p':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'rows':
      return [
        '<table style="border-collapse:collapse;margin:12px 0">',
        ...block.rows.map(
          ([label, value]) =>
            `<tr><th scope="row" ${CELL}>${escapeHtml(label)}</th><td ${CELL}>${value.split('\n').map(escapeHtml).join('<br>')}</td></tr>`,
        ),
        '</table>',
      ].join('\n');
    case 'table':
      return [
        '<table style="border-collapse:collapse;margin:12px 0">',
        `<tr>${block.head.map((cell) => `<th scope="col" ${CELL}>${escapeHtml(cell)}</th>`).join('')}</tr>`,
        ...block.rows.map((row) => `<tr>${row.map((cell) => `<td ${CELL}>${escapeHtml(cell)}</td>`).join('')}</tr>`),
        '</table>',
      ].join('\n');
    case 'link':
      return (
        `<p>${escapeHtml(block.before)} <a href="${escapeHtml(block.href)}">${escapeHtml(block.label)}</a>.` +
        `${block.after ? ` ${escapeHtml(block.after)}` : ''}</p>`
      );
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** `2026-03-10` → `10/03/2026` */
export function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}

function describeFile(file: ReceiptFile): string {
  const label = file.slot === 'main' ? 'Documento principal' : `Anexo ${file.index}`;
  const pages = file.pages === null ? '' : file.pages === 1 ? ' (1 página)' : ` (${file.pages} páginas)`;
  return `${label}: ${file.name}${pages}`;
}

/** Business days given to correct an observation unless the payload says otherwise (art. 136). */
export const OBSERVATION_BUSINESS_DAYS = 2;

const DAY_WORDS: Record<number, string> = { 1: 'un (01)', 2: 'dos (02)', 3: 'tres (03)', 4: 'cuatro (04)', 5: 'cinco (05)' };

/** `1` → "un (01) día hábil", `2` → "dos (02) días hábiles", `12` → "12 días hábiles". */
export function businessDaysInWords(days: number): string {
  return `${daysInWords(days)} ${days === 1 ? 'día hábil' : 'días hábiles'}`;
}

/** `1` → "un (01)", `2` → "dos (02)"; other numbers as digits. */
export function daysInWords(days: number): string {
  return DAY_WORDS[days] ?? String(days);
}

// ---------------------------------------------------------------------------------------------
// Payload checks: a row written by an older or buggy version must fail loudly (the sender keeps
// it pending with the error), not render "undefined".

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function needString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new MailPayloadError(`Mail payload: ${what} is missing`);
  return value;
}

function asReceived(payload: unknown): ReceivedPayload {
  if (!isObject(payload) || !isObject(payload.receipt)) throw new MailPayloadError('Mail payload: receipt is missing');
  const receipt = payload.receipt as unknown as Receipt;
  needString(receipt.requestNumber, 'receipt.requestNumber');
  needString(receipt.receivedAt, 'receipt.receivedAt');
  if (!isObject(receipt.applicant) || !Array.isArray(receipt.files)) throw new MailPayloadError('Mail payload: receipt is incomplete');
  return {
    agencyId: needString(payload.agencyId, 'agencyId'),
    documentNumber: needString(payload.documentNumber, 'documentNumber'),
    receipt,
  };
}

function asRef(payload: unknown): MailRequestRef & Record<string, unknown> {
  if (!isObject(payload)) throw new MailPayloadError('Mail payload is not an object');
  needString(payload.requestNumber, 'requestNumber');
  needString(payload.applicantName, 'applicantName');
  if (payload.documentNumber !== undefined) needString(payload.documentNumber, 'documentNumber');
  return payload as unknown as MailRequestRef & Record<string, unknown>;
}

function asObserved(payload: unknown): ObservedPayload {
  const ref = asRef(payload);
  if (ref.note !== undefined && ref.note !== null && typeof ref.note !== 'string') throw new MailPayloadError('Mail payload: note must be text');
  const documents = ref.documents ?? [];
  if (!Array.isArray(documents) || !documents.every((doc) => isObject(doc) && typeof doc.note === 'string')) {
    throw new MailPayloadError('Mail payload: documents must be a list of {label, name, note}');
  }
  return { ...(ref as unknown as ObservedPayload), documents: documents.map((doc) => ({ label: String(doc.label ?? ''), name: String(doc.name ?? ''), note: String(doc.note) })) };
}

function asCorrected(payload: unknown): CorrectedPayload {
  const ref = asRef(payload);
  if (Number.isNaN(Date.parse(needString(ref.receivedAt, 'receivedAt')))) throw new MailPayloadError('Mail payload: receivedAt is not an instant');
  needString(ref.deemedFiledDate, 'deemedFiledDate');
  if (!Array.isArray(ref.files) || ref.files.length === 0 || !ref.files.every((file) => isObject(file) && typeof file.name === 'string')) {
    throw new MailPayloadError('Mail payload: files must be a list of {label, name, documentNumber?}');
  }
  return ref as unknown as CorrectedPayload;
}

function asNotPresented(payload: unknown): NotPresentedPayload {
  const ref = asRef(payload);
  needString(ref.deadlineDate, 'deadlineDate');
  return ref as unknown as NotPresentedPayload;
}

function asForwarded(payload: unknown): ForwardedPayload {
  const ref = asRef(payload);
  if (!isObject(ref.office)) throw new MailPayloadError('Mail payload: office is missing');
  needString(ref.office.name, 'office.name');
  return ref as unknown as ForwardedPayload;
}

function asAttended(payload: unknown): AttendedPayload {
  const ref = asRef(payload);
  needString(ref.note, 'note');
  return ref as unknown as AttendedPayload;
}

function asVerificationCode(payload: unknown): VerificationCodePayload {
  if (!isObject(payload)) throw new MailPayloadError('Mail payload is not an object');
  // A row whose code was cleared after sending is never sent again; if it were, it must fail.
  if (!/^\d{6}$/.test(String(payload.code ?? ''))) throw new MailPayloadError('Mail payload: code is missing');
  if (Number.isNaN(Date.parse(needString(payload.expiresAt, 'expiresAt')))) throw new MailPayloadError('Mail payload: expiresAt is not an instant');
  return { code: String(payload.code), email: String(payload.email ?? ''), expiresAt: String(payload.expiresAt), minutes: Number(payload.minutes ?? 10) };
}

function asUpdated(payload: unknown): UpdatedPayload {
  const ref = asRef(payload);
  if (!Array.isArray(ref.changes) || !ref.changes.every((change) => isObject(change) && typeof change.label === 'string')) {
    throw new MailPayloadError('Mail payload: changes must be a list of {label, before, after}');
  }
  return ref as unknown as UpdatedPayload;
}

function asCancelled(payload: unknown): CancelledPayload {
  const ref = asRef(payload);
  if (Number.isNaN(Date.parse(needString(ref.at, 'at')))) throw new MailPayloadError('Mail payload: at is not an instant');
  return ref as unknown as CancelledPayload;
}
