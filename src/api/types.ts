/**
 * The backend contract as TypeScript. `openapi.json` beside this file is the published HTTP
 * form of the same contract; `HttpDeskBackend` (client.ts) speaks it, and an agency with its own
 * document-management system may instead hand the elements any object that implements
 * `DeskBackend`.
 */
import type { DeemedFiledReason, IsoDate } from '../domain/calendar.ts';
import type { FieldError, FilingSubmission } from '../domain/filing.ts';
import type { IdentityDocumentType } from '../domain/identity.ts';

export type { FilingSubmission, FieldError };

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
  errors?: FieldError[];
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
}

/** Thrown by a backend for any failed call; `code` is stable, `status` 0 means no answer. */
export class BackendError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    /** For `idempotency.conflict`: the receipt of the request that key already filed. */
    readonly receipt?: Receipt,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}
