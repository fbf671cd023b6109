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
import type { CaptchaPlace } from '../config/schema.ts';

export type { FilingSubmission, FieldError, CorrectionDocument, CorrectionFieldError, CaptchaPlace };

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
  /**
   * Lets this receipt be downloaded (`downloadReceipt`) for a while without another captcha.
   * Fresh with every answer, a replay's too; never part of what is stored.
   */
  downloadToken?: string;
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
  /** Lets the receipt and the response be downloaded for a while without another captcha. */
  downloadToken?: string;
}

/**
 * What a receipt or response download names: the request, as tracking finds it, and the
 * `downloadToken` the search or the filing gave (`tracking.downloadExpired` 403 once it ended).
 */
export interface RequestDownload {
  requestNumber: string;
  documentNumber: string;
  downloadToken: string;
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

/** Asks an email code (`verification` captcha place). */
export interface VerificationCodeSent {
  /** When the code stops working (ISO instant). */
  expiresAt: string;
  /** Before this instant another code for the same email is refused (`verification.tooSoon`). */
  resendAfter: string;
}

/**
 * Proof that whoever sends holds the email: returned for the right code, carried by the filing
 * (`FilingSubmission.verificationToken`) when the agency requires it. Short-lived and bound to
 * that email.
 */
export interface VerificationToken {
  token: string;
  email: string;
  expiresAt: string;
}

/** A person as RENIEC gives them, by DNI. */
export interface PersonLookup {
  dni: string;
  givenNames: string;
  surnames: string;
}

/** An organization as SUNAT gives it, by RUC. */
export interface OrganizationLookup {
  ruc: string;
  name: string;
  /** SUNAT's "estado del contribuyente", e.g. ACTIVO, BAJA DE OFICIO. */
  state: string;
  /** SUNAT's "condición del domicilio fiscal", e.g. HABIDO, NO HABIDO. */
  condition: string;
  /** False when `state` is not ACTIVO: the form warns, it does not block. */
  active: boolean;
}

/**
 * What a captcha produced, sent with the call it protects (in the `Captcha-Response` header, so
 * it stays out of the idempotency hash: a retry may carry a fresh one).
 */
export interface CaptchaOptions {
  captcha?: string;
}

/**
 * `POST /api/{agencyId}/upload-grants`: the right to upload up to one filing's (or correction's)
 * bytes, sent with every tus creation and PATCH as the `Upload-Grant` header.
 */
export interface UploadGrant {
  uploadGrant: string;
  /** When the server stops taking it (the client then asks a new one). */
  expiresAt: string;
  /** Bytes all the uploads made with it may declare together (each creation counts at least 64 KiB). */
  maxBytes: number;
  /** How many uploads it may create (every slot twice). */
  maxUploads: number;
}

/** What an upload is for: a filing's slots or the replacement of observed documents. */
export type UploadGrantPurpose = 'filing' | 'correction';

/** An ALTCHA challenge (`GET /api/{agencyId}/captcha/challenge`), solved by the widget. */
export interface AltchaChallenge {
  algorithm: string;
  challenge: string;
  maxnumber?: number;
  salt: string;
  signature: string;
}

/** A citizen's session ("Mis trámites"): sent as `Authorization: Bearer <token>`, never a cookie. */
export interface CitizenSession {
  token: string;
  expiresAt: string;
  email: string;
  /** How the citizen signed in. */
  method: 'email-code' | 'oidc';
  /** The identity document the session is bound to, when the sign-in gave one. */
  documentType?: IdentityDocumentType;
  documentNumber?: string;
  name?: string;
}

/** One of the citizen's requests in "Mis trámites". */
export interface MyRequestSummary {
  requestNumber: string;
  status: string;
  statusLabel: string;
  subject: string;
  receivedAt: string;
  deemedFiledDate: IsoDate;
  /** True while the owner may still update or cancel it (pending, and the agency allows it). */
  canUpdate: boolean;
  canCancel: boolean;
  /**
   * The data the owner may change, as they stand, so the update form starts from them and its
   * confirmation shows old → new. Optional: without them the form starts empty.
   */
  documentNumber?: string;
  email?: string;
  phone?: string;
}

/** The main data the owner may change while the request is pending. */
export interface MyRequestChanges {
  subject?: string;
  /** The number printed on the main document ("SN" when it has none). */
  documentNumber?: string;
  email?: string;
  /**
   * Required with a new `email` (not the same one in other case): the token of
   * `confirmVerificationCode` for that address, so a request's notices cannot be sent to a
   * mailbox nobody proved.
   */
  emailToken?: string;
  phone?: string;
}

/**
 * The calls a captcha protects (`submitFiling`, `trackRequest`, `lookupCorrection`,
 * `submitCorrection`, `requestVerificationCode`) take `options.captcha`; the others need none.
 */
export interface DeskBackend {
  /** The tus endpoint that receives this agency's uploads. */
  readonly uploadEndpoint: string;
  /** Files a request. The same idempotency key always yields the same receipt. */
  submitFiling(filing: FilingSubmission, idempotencyKey: string, signal?: AbortSignal, options?: CaptchaOptions): Promise<Receipt>;
  /** The server's clock, so "when will this count as filed" does not trust the device's clock. */
  serverTime(signal?: AbortSignal): Promise<Date>;
  /**
   * The request with this number filed with this identity document, and its timeline. An
   * unknown number and a wrong document both fail with `tracking.notFound` (404); a number not
   * in the agency's format with `tracking.malformed` (400). Optional: a backend without it has
   * no tracking view.
   */
  trackRequest?(requestNumber: string, documentNumber: string, signal?: AbortSignal, options?: CaptchaOptions): Promise<Tracking>;
  /** The cargo de recepción as a PDF, found like `trackRequest` (and failing like it). */
  downloadReceipt?(request: RequestDownload, signal?: AbortSignal): Promise<Blob>;
  /**
   * The request as the correction panel shows it, found like `trackRequest` (and failing like
   * it). Reading it also settles a deadline that passed: the answer is then `expired`.
   */
  lookupCorrection?(requestNumber: string, documentNumber: string, signal?: AbortSignal, options?: CaptchaOptions): Promise<CorrectionCase>;
  /**
   * Sends the replacements. The same idempotency key always yields the same receipt. Fails with
   * `correction.deadlinePassed` or `correction.notObserved` (409), `correction.invalid` (422,
   * with per-document `fieldErrors`), or an upload problem like filing.
   */
  submitCorrection?(
    submission: CorrectionSubmission,
    idempotencyKey: string,
    signal?: AbortSignal,
    options?: CaptchaOptions,
  ): Promise<CorrectionReceipt>;

  // ── Issue 5: captcha, email code, look-ups, "Mis trámites" (all optional: a backend without
  // them simply has no such step) ──────────────────────────────────────────────────────────

  /**
   * An upload grant, asked before the first upload of a filing or correction (the captcha answer
   * for the place `upload` where the agency asks one; `upload.grantTooMany` 429 where it asks none
   * and the client asked too many). Optional: without it no `Upload-Grant` is sent.
   */
  createUploadGrant?(purpose: UploadGrantPurpose, options?: CaptchaOptions, signal?: AbortSignal): Promise<UploadGrant>;
  /** A fresh ALTCHA challenge for `place`, when the agency's captcha is ALTCHA (its answer is good only there). */
  captchaChallenge?(place: CaptchaPlace, signal?: AbortSignal): Promise<AltchaChallenge>;
  /** Sends a 6-digit code to `email` (`verification.tooSoon` 429, `verification.tooMany` 429). */
  requestVerificationCode?(email: string, options?: CaptchaOptions, signal?: AbortSignal): Promise<VerificationCodeSent>;
  /** The token for the right code (`verification.wrongCode` 422, `verification.expired` 410, `verification.tooManyAttempts` 429). */
  confirmVerificationCode?(email: string, code: string, signal?: AbortSignal): Promise<VerificationToken>;
  /** Names by DNI (`lookup.notFound` 404, `lookup.tooMany` 429, `lookup.unavailable` 503). */
  lookupPerson?(dni: string, signal?: AbortSignal): Promise<PersonLookup>;
  /** Razón social and state by RUC (`lookup.notFound` 404, `lookup.tooMany` 429, `lookup.unavailable` 503). */
  lookupOrganization?(ruc: string, signal?: AbortSignal): Promise<OrganizationLookup>;
  /** Signs in with an email code: the code proves the email, the document narrows the list. */
  signInWithEmailCode?(
    input: { email: string; code: string; documentType: IdentityDocumentType; documentNumber: string },
    signal?: AbortSignal,
  ): Promise<CitizenSession>;
  /** Signs in with an OpenID Connect authorization code (PKCE), exchanged by the backend. */
  signInWithOidc?(input: { code: string; codeVerifier: string; redirectUri: string }, signal?: AbortSignal): Promise<CitizenSession>;
  /** Revokes the session (`session.expired` 401 when it already ended: treat as signed out). */
  signOut?(token: string, signal?: AbortSignal): Promise<void>;
  listMyRequests?(token: string, signal?: AbortSignal): Promise<MyRequestSummary[]>;
  /** After a confirmation step; `request.illegalTransition` 409 when no longer pending, `session.expired` 401. */
  updateMyRequest?(token: string, requestNumber: string, changes: MyRequestChanges, signal?: AbortSignal): Promise<MyRequestSummary>;
  cancelMyRequest?(token: string, requestNumber: string, reason: string | null, signal?: AbortSignal): Promise<MyRequestSummary>;
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
    /**
     * The problem's other RFC 9457 extension members, e.g. `attemptsLeft` with
     * `verification.wrongCode`, `resendAfter` (ISO instant) with `verification.tooSoon`.
     */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'BackendError';
  }
}
