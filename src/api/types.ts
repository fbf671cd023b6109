/**
 * The backend contract as TypeScript. `openapi.json` beside this file is the published HTTP
 * form of the same contract; `HttpDeskBackend` (client.ts) speaks it, and an agency with its own
 * document-management system may instead hand the elements any object that implements
 * `DeskBackend`.
 */
import type { DeemedFiledReason, IsoDate } from '../domain/calendar.ts';
import type { CorrectionDocument, CorrectionFieldError } from '../domain/correction.ts';
import type { FieldError, FilingSubmission } from '../domain/filing.ts';
import type { IdentityDocumentType } from '../domain/identity.ts';

export type { FilingSubmission, FieldError, CorrectionDocument, CorrectionFieldError };

export type SlotKind = 'main' | 'annex';

export interface ReceiptFile {
  slot: SlotKind;
  /** 0 for the main document, 1… for annexes, as citizens count them. */
  index: number;
  name: string;
  size: number;
  /** Counted by the server; null for files that are not PDFs. */
  pages: number | null;
  sha256: string;
}

export interface Receipt {
  requestNumber: string;
  agencyId: string;
  status: string;
  /** ISO 8601 instant the server received the filing. */
  receivedAt: string;
  /** The Lima calendar date of `receivedAt`. */
  receivedDate: IsoDate;
  /** The date the filing counts as presented (art. 135/145 TUO Ley 27444). */
  deemedFiledDate: IsoDate;
  deemedFiledReason: DeemedFiledReason;
  applicant: {
    name: string;
    documentType: IdentityDocumentType;
    documentNumber: string;
    email: string;
  };
  organization?: { ruc: string; name: string };
  procedure?: { id: string; name: string };
  office?: { id: string; name: string };
  documentKind?: { id: string; name: string };
  documentNumber?: string;
  subject: string;
  folios?: number;
  files: ReceiptFile[];
}

/** RFC 9457 problem details with a stable `code` the widget maps to a message. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  /** Per-field problems: a filing's fields, or a correction's (`replacement:main-0`…). */
  errors?: Array<FieldError | CorrectionFieldError>;
  /**
   * With `idempotency.conflict`: the receipt of the request already filed with this key, so a
   * citizen whose first send went through (but whose answer was lost) still gets its number.
   */
  receipt?: Receipt;
}

export interface ServerTime {
  now: string;
}

/** One row of a request's timeline (N°, etapa, fecha, entidad origen, entidad destino, observaciones). */
export interface TimelineEntry {
  /** 1, 2, … in the order the stages happened. */
  n: number;
  /** The state code (`RECIBIDO`, `OBSERVADO`, …). */
  stage: string;
  /** The stage in Spanish, as citizens read it. */
  stageLabel: string;
  /** ISO 8601 instant. */
  at: string;
  origin: string;
  destination: string | null;
  note: string | null;
}

/** What the citizen sees of their request when tracking it. */
export interface Tracking {
  requestNumber: string;
  status: string;
  statusLabel: string;
  procedure?: { id: string; name: string };
  subject: string;
  createdAt: string;
  receivedAt: string;
  deemedFiledDate: IsoDate;
  /** The PDF the agency answered with, once attended with one (`POST /api/{agencyId}/responses`). */
  response?: { name: string; size: number; pages: number; sha256: string };
  timeline: TimelineEntry[];
}

/** A file that replaced an observed document (a later version of its slot). */
export interface CorrectedFile {
  slot: SlotKind;
  index: number;
  /** "Documento principal", "Anexo 2". */
  label: string;
  /** 2 for the first replacement (version 1 is the file filed). */
  version: number;
  name: string;
  size: number;
  pages: number | null;
  sha256: string;
  /** The number printed on the replacement, when the citizen gave one. */
  documentNumber?: string;
}

/** A document the desk observed, with what it said and, once corrected, its replacement. */
export interface ObservedDocument {
  slot: SlotKind;
  index: number;
  label: string;
  /** The observed file's name. */
  name: string;
  note: string;
  replacement?: CorrectedFile;
}

/**
 * Where a request stands for the correction panel: `open` (observed, deadline running),
 * `corrected` (already corrected), `expired` (deadline passed: NO PRESENTADO), `not-observed`
 * (nothing to correct: never observed, or closed another way).
 */
export type CorrectionState = 'open' | 'corrected' | 'expired' | 'not-observed';

/** What the correction panel shows of a request found by number and identity document. */
export interface CorrectionCase {
  requestNumber: string;
  status: string;
  statusLabel: string;
  state: CorrectionState;
  procedure?: { id: string; name: string };
  subject: string;
  applicant: {
    name: string;
    documentType: IdentityDocumentType;
    documentNumber: string;
    /** The notification address, partly hidden ("j•••••e@micorreo.com"). */
    emailHint: string;
  };
  organization?: { ruc: string; name: string };
  receivedAt: string;
  /** The original filing date, which a correction in time keeps (art. 137). */
  deemedFiledDate: IsoDate;
  /** Once observed: the general note, each observed document and the deadline. */
  observation?: {
    note: string | null;
    observedAt: string;
    deadline: { date: IsoDate; endsAt: string };
    documents: ObservedDocument[];
  };
  /** When the correction was received (state `corrected`). */
  correctedAt?: string;
  /** The server's clock when it answered: the time left is counted from it, not the device's. */
  now: string;
}

/** The replacements of every observed document, sent together with one `Idempotency-Key`. */
export interface CorrectionSubmission {
  requestNumber: string;
  /** The identity document the request was filed with, as for tracking. */
  documentNumber: string;
  documents: CorrectionDocument[];
}

/** "Subsanación recibida". */
export interface CorrectionReceipt {
  requestNumber: string;
  status: string;
  statusLabel: string;
  applicantName: string;
  emailHint: string;
  /** When the server received the correction. */
  receivedAt: string;
  /** Unchanged by the correction (art. 137). */
  deemedFiledDate: IsoDate;
  files: CorrectedFile[];
}

export interface DeskBackend {
  /** The tus endpoint that receives this agency's uploads. */
  readonly uploadEndpoint: string;
  /** Files a request. The same idempotency key always yields the same receipt. */
  submitFiling(filing: FilingSubmission, idempotencyKey: string, signal?: AbortSignal): Promise<Receipt>;
  /** The server's clock, so "when will this count as filed" does not trust the device's clock. */
  serverTime(signal?: AbortSignal): Promise<Date>;
  /**
   * The request with this number filed with this identity document, and its timeline. An
   * unknown number and a wrong document both fail with `tracking.notFound` (404); a number not
   * in the agency's format with `tracking.malformed` (400). Optional: a backend without it has
   * no tracking view.
   */
  trackRequest?(requestNumber: string, documentNumber: string, signal?: AbortSignal): Promise<Tracking>;
  /** The cargo de recepción as a PDF, found like `trackRequest` (and failing like it). */
  downloadReceipt?(requestNumber: string, documentNumber: string, signal?: AbortSignal): Promise<Blob>;
  /**
   * The request as the correction panel shows it, found like `trackRequest` (and failing like
   * it). Reading it also settles a deadline that passed: the answer is then `expired`.
   */
  lookupCorrection?(requestNumber: string, documentNumber: string, signal?: AbortSignal): Promise<CorrectionCase>;
  /**
   * Sends the replacements. The same idempotency key always yields the same receipt. Fails with
   * `correction.deadlinePassed` or `correction.notObserved` (409), `correction.invalid` (422,
   * with per-document `fieldErrors`), or an upload problem like filing.
   */
  submitCorrection?(submission: CorrectionSubmission, idempotencyKey: string, signal?: AbortSignal): Promise<CorrectionReceipt>;
}

/** Thrown by a backend for any failed call; `code` is stable, `status` 0 means no answer. */
export class BackendError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: Array<FieldError | CorrectionFieldError> = [],
    /** For `idempotency.conflict`: the receipt of the request that key already filed. */
    readonly receipt?: Receipt,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}
