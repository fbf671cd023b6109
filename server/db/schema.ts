/**
 * The reference backend's tables, as Kysely sees them. Instants are ISO 8601 strings and Lima
 * calendar dates `YYYY-MM-DD` strings, so SQLite and PostgreSQL store and compare them alike.
 */
import type { Generated, Kysely } from 'kysely';

export type SlotKind = 'main' | 'annex';

/** A finished tus upload that passed the content checks, waiting to be (or already) filed. */
export interface UploadsTable {
  id: string;
  agency_id: string;
  slot: SlotKind;
  /** 0 for the main document, 1… for annexes. */
  slot_index: number;
  name: string;
  type: string | null;
  size: number;
  /** Counted by the server; null for files that are not PDFs. */
  pages: number | null;
  sha256: string;
  /** Where the bytes live in the upload store, e.g. `uploads/cenares/<id>`. */
  storage_key: string;
  created_at: string;
  /** The request that used this upload; an upload is filed once. */
  request_id: string | null;
  /** What it was uploaded for: a filing's slot, or the correction of an observed document. */
  purpose: UploadPurpose;
}

export type UploadPurpose = 'filing' | 'correction';

/** The last request number given per agency and Lima year. */
export interface RequestCountersTable {
  agency_id: string;
  year: number;
  last_seq: number;
}

export interface RequestsTable {
  id: string;
  agency_id: string;
  request_number: string;
  year: number;
  seq: number;
  status: string;
  person_kind: string;
  applicant_document_type: string;
  applicant_document_number: string;
  applicant_given_names: string;
  applicant_surnames: string;
  applicant_email: string;
  applicant_phone: string | null;
  organization_ruc: string | null;
  organization_name: string | null;
  procedure_id: string | null;
  office_id: string | null;
  document_kind_id: string | null;
  document_number: string | null;
  folios: number | null;
  subject: string;
  /** JSON array of the consent ids the citizen accepted. */
  accepted_consents: string;
  received_at: string;
  received_date: string;
  deemed_filed_date: string;
  deemed_filed_reason: string;
  created_at: string;
  /** Set when observed: the last moment a correction is accepted (ISO instant) … */
  correction_due_at: string | null;
  /** … and its Lima date, as the mail and the panel give it. */
  correction_due_date: string | null;
}

/** Files of a request; a correction adds a new version of the same slot. */
export interface RequestFilesTable {
  request_id: string;
  slot: SlotKind;
  slot_index: number;
  version: number;
  upload_id: string;
  name: string;
  type: string | null;
  size: number;
  pages: number | null;
  sha256: string;
  storage_key: string;
  created_at: string;
  /** The number printed on the document, when the citizen gave one with a correction. */
  document_number: string | null;
  /** The correction that added this version; null for the files filed. */
  correction_id: string | null;
}

/** The one correction of an observed request (art. 136: observed once, corrected once). */
export interface RequestCorrectionsTable {
  id: string;
  request_id: string;
  received_at: string;
}

/** The request's timeline (N°, etapa, fecha, entidad origen, entidad destino, observaciones). */
export interface RequestEventsTable {
  id: string;
  request_id: string;
  stage: string;
  at: string;
  origin: string;
  destination: string | null;
  note: string | null;
}

/** Answers already given to an `Idempotency-Key`, replayed when the same body comes again. */
export interface IdempotencyKeysTable {
  agency_id: string;
  idempotency_key: string;
  body_sha256: string;
  response_json: string;
  request_id: string | null;
  created_at: string;
}

export type MailKind =
  | 'request.received'
  | 'request.observed'
  | 'request.corrected'
  | 'request.notPresented'
  | 'request.forwarded'
  | 'request.attended'
  // Issue 5 (server/verification, server/my-requests): the email code, and the owner's update and cancel.
  | 'verification.code'
  | 'request.updated'
  | 'request.cancelled';
/** `failed`: terminal, the mail can never be sent (the relay refused it for good, or its payload does not render). */
export type MailStatus = 'pending' | 'sent' | 'failed';

/** A mail to send, written in the transaction of the event it tells about (server/mail). */
export interface MailOutboxTable {
  id: string;
  agency_id: string;
  request_id: string | null;
  kind: MailKind;
  recipient: string;
  /** What the template needs, as JSON (the receipt, the observation, …). */
  payload_json: string;
  status: MailStatus;
  attempts: number;
  /** ISO instant; the sender takes pending rows whose time has come. */
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/**
 * What the desk observed in one document of a request (server/staff). The observation's general
 * note is its OBSERVADO timeline row; the correction deadline is on the request.
 */
export interface RequestObservationsTable {
  id: string;
  request_id: string;
  slot: SlotKind;
  slot_index: number;
  /** The file version that was observed. */
  version: number;
  /** That version's file name, as the mail and the citizen's correction page show it. */
  file_name: string;
  note: string;
  observed_at: string;
}

/** The PDF a request was attended with (server/staff); its bytes live in `ResponseStorage`. */
export interface RequestResponsesTable {
  id: string;
  request_id: string;
  name: string;
  size: number;
  pages: number;
  sha256: string;
  storage_key: string;
  created_at: string;
}

/**
 * An email code (server/verification): only its HMAC is stored. `consumed_at` once it gave a
 * token or a session; `superseded_at` once a newer code for the same email replaced it.
 */
export interface VerificationCodesTable {
  id: string;
  agency_id: string;
  /** Trimmed and lowercased. */
  email: string;
  salt: string;
  code_hash: string;
  attempts: number;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
  superseded_at: string | null;
  /** Who asked (socket address, or X-Forwarded-For with TRUST_PROXY=1), for the per-address limit. */
  client_address: string;
  /** The outbox row that carries the code (its payload is cleared once sent). */
  mail_id: string;
}

/** Proof of an email for one filing (server/verification); only its SHA-256 is stored. */
export interface VerificationTokensTable {
  token_hash: string;
  agency_id: string;
  email: string;
  created_at: string;
  expires_at: string;
  /** The filing that used it (a token serves one filing). */
  request_id: string | null;
}

/** A citizen's "Mis trámites" session (server/sessions); only the token's SHA-256 is stored. */
export interface CitizenSessionsTable {
  token_hash: string;
  agency_id: string;
  email: string;
  method: 'email-code' | 'oidc';
  document_type: string | null;
  document_number: string | null;
  name: string | null;
  created_at: string;
  last_seen_at: string;
  /** The absolute end; the idle end is `last_seen_at` plus the idle time. */
  expires_at: string;
  revoked_at: string | null;
}

/** A captcha answer already accepted (server/captcha), kept until it could no longer be replayed. */
export interface CaptchaUsesTable {
  /** SHA-256 of the answer's signature. */
  answer_hash: string;
  agency_id: string;
  used_at: string;
  expires_at: string;
}

/**
 * A fixed-window counter (server/http/rate-limit.ts): one row per bucket ("lookup:<address>"…),
 * incremented by one atomic upsert, so every process counts alike, also on PostgreSQL.
 */
export interface RateCountersTable {
  bucket: string;
  window_start: string;
  count: number;
}

/**
 * A staff sign-in (server/staff/sessions.ts): only the cookie token's SHA-256 is stored. It ends
 * `STAFF_SESSION_IDLE_MINUTES` after `last_seen_at`, at `expires_at`, or when signed out.
 */
export interface StaffSessionsTable {
  token_hash: string;
  agency_id: string;
  user: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/**
 * Staff sign-in failures per bucket (`user:<agency>:<user>`, `address:<block>`), and until when the
 * bucket is locked (server/staff/attempts.ts).
 */
export interface StaffSignInAttemptsTable {
  bucket: string;
  failures: number;
  locked_until: string | null;
  last_attempt_at: string;
}

export type StaffAuditAction = 'sign-in' | 'sign-in-failed' | 'sign-out' | 'observe' | 'forward' | 'attend' | 'download';

/** The staff audit (server/staff/audit.ts): every sign-in, sign-out and staff action. Kept. */
export interface StaffAuditTable {
  id: Generated<number>;
  at: string;
  agency_id: string;
  /** The signed-in user; for a failed sign-in the name typed (cut to a bounded length). */
  user: string;
  action: StaffAuditAction;
  request_id: string | null;
  request_number: string | null;
  detail: string | null;
  address: string;
  user_agent: string;
}

/**
 * The right to upload up to one filing's bytes (server/uploads/grants.ts): given for a captcha
 * answer or within a per-address limit, spent by each tus creation's declared length.
 */
export interface UploadGrantsTable {
  /** SHA-256 of the token the client sends as `Upload-Grant`. */
  token_hash: string;
  agency_id: string;
  purpose: UploadPurpose;
  max_bytes: number;
  used_bytes: number;
  /** How many uploads it may create (each one a file, its metadata and a lease), and how many it did. */
  max_uploads: number;
  used_uploads: number;
  created_at: string;
  expires_at: string;
}

/**
 * Every tus upload created, finished or not, until its bytes may go (server/uploads/expiry.ts):
 * at `expires_at` they are deleted unless a filing or correction took the upload.
 */
export interface UploadLeasesTable {
  upload_id: string;
  agency_id: string;
  size: number;
  created_at: string;
  expires_at: string;
}

export interface Database {
  staff_sessions: StaffSessionsTable;
  staff_sign_in_attempts: StaffSignInAttemptsTable;
  staff_audit: StaffAuditTable;
  upload_grants: UploadGrantsTable;
  upload_leases: UploadLeasesTable;
  rate_counters: RateCountersTable;
  captcha_uses: CaptchaUsesTable;
  verification_codes: VerificationCodesTable;
  verification_tokens: VerificationTokensTable;
  citizen_sessions: CitizenSessionsTable;
  mail_outbox: MailOutboxTable;
  uploads: UploadsTable;
  request_counters: RequestCountersTable;
  requests: RequestsTable;
  request_files: RequestFilesTable;
  request_events: RequestEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  request_observations: RequestObservationsTable;
  request_responses: RequestResponsesTable;
  request_corrections: RequestCorrectionsTable;
}

export type DeskDatabase = Kysely<Database>;
