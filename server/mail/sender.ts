/**
 * Delivers the transactional outbox (`mail_outbox`) over SMTP with nodemailer.
 *
 * Claiming (safe for several processes on one database, no extra column): a sender reads the due
 * `pending` rows, then claims each one with a compare-and-set
 *
 *   UPDATE mail_outbox SET next_attempt_at = <now + lease>
 *   WHERE id = ? AND status = 'pending' AND next_attempt_at = <the value it read>
 *
 * and sends only when that changed exactly one row. Two senders that read the same row race on
 * this UPDATE: SQLite runs writes one at a time, and PostgreSQL re-checks the WHERE after the
 * first writer commits, so the second sees the moved `next_attempt_at` and updates nothing.
 * The moved `next_attempt_at` is also the lease: if the process dies while sending, the row is
 * due again once the lease ends and another sender takes it. Delivery is therefore at least
 * once (a crash between the relay's "250 OK" and our `sent` update resends); the Message-ID is
 * the row id, so the copies are recognisable.
 *
 * Transient failures (relay unreachable, timeouts, 4xx answers) keep the row `pending`, count
 * `attempts`, store `last_error` and push `next_attempt_at` by an exponential backoff capped at
 * one hour: after `warnAfterAttempts` it keeps retrying at the cap and every failure is logged
 * as an error. A mail that can never be sent (the relay answers a permanent 5xx, or the row's
 * payload does not render) becomes `failed`, terminal, with `last_error`, logged once as an
 * error: retrying it would only fill the log. An email code whose code expired before its mail
 * could leave is closed the same way, cleared, before each batch (server/verification/codes.ts).
 *
 *   SMTP_URL   e.g. smtp://user:pass@relay:587 (smtps:// for implicit TLS)
 *   MAIL_FROM  e.g. "Mesa de Partes <mesadepartes@entidad.gob.pe>"
 *   PUBLIC_URL the public base of the demo pages, for the links in the mails
 */
import { dropExpiredCodeMails, REDACTED_PAYLOAD } from '../verification/codes.ts';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase, MailKind, MailOutboxTable } from '../db/schema.ts';
import { InvalidRecipientError, recipientOf } from './address.ts';
import { defaultAttachments } from './attachments.ts';
import { requestLinks } from '../links.ts';
import { MailPayloadError, renderMail, requestRefOf } from './templates.ts';

export interface MailAttachment {
  filename: string;
  content: Uint8Array;
  contentType: string;
}

/** The mail about to be sent, for `attachmentsFor`. */
export interface OutboxMail {
  id: string;
  kind: MailKind;
  agency: AgencyConfig;
  payload: unknown;
  trackingUrl: string;
}

export interface MailSenderOptions {
  db: DeskDatabase;
  clock: Clock;
  configs: readonly AgencyConfig[];
  /** A nodemailer transport (see `smtpTransport`). */
  transport: Transporter;
  /** The From header. */
  from: string;
  /** The base URL of the public pages, e.g. `http://127.0.0.1:8787/`. */
  publicUrl: string;
  /** Files to attach; by default the receipt PDF `cargo-<number>.pdf` for `request.received`. */
  attachmentsFor?: (mail: OutboxMail) => Promise<MailAttachment[]>;
  /** Rows taken per run; 50 unless told. */
  batchSize?: number;
  /** How long a claimed row is ours before another sender may take it; 5 minutes unless told. */
  leaseMs?: number;
  /** Delay before retry n (1-based); the last value is the cap. */
  backoffMs?: readonly number[];
  /** From this many failed attempts on, every failure is logged as an error. */
  warnAfterAttempts?: number;
  log?: Pick<Console, 'warn' | 'error'>;
}

/** 30 s, 2 min, 10 min, 1 h, then every hour. */
export const DEFAULT_BACKOFF_MS: readonly number[] = [30_000, 120_000, 600_000, 3_600_000];

export interface RunResult {
  sent: number;
  /** Attempts that failed this run, transient or permanent. */
  failed: number;
}

/** The row's payload cannot be turned into a mail: no retry will change that. */
export class UnrenderableMailError extends Error {}

/** True when retrying cannot help: an unrenderable payload, a recipient that is no address, or a permanent SMTP answer (5xx). */
export function isPermanentMailError(error: unknown): boolean {
  if (error instanceof UnrenderableMailError || error instanceof InvalidRecipientError) return true;
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export class MailSender {
  private readonly agencies: Map<string, AgencyConfig>;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly backoffMs: readonly number[];
  private readonly warnAfterAttempts: number;
  private readonly log: Pick<Console, 'warn' | 'error'>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RunResult> | null = null;

  constructor(private readonly options: MailSenderOptions) {
    this.agencies = new Map(options.configs.map((config) => [config.id, config]));
    this.batchSize = options.batchSize ?? 50;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.warnAfterAttempts = options.warnAfterAttempts ?? 5;
    this.log = options.log ?? console;
  }

  /** The delay after the `attempts`-th failure. */
  backoffAfter(attempts: number): number {
    return this.backoffMs[Math.min(Math.max(attempts, 1), this.backoffMs.length) - 1]!;
  }

  /** Sends every due mail once; resolves when the batch is done. */
  async runOnce(): Promise<RunResult> {
    const { db, clock } = this.options;
    // A code that expired while the relay was down is worth nothing: never mailed late.
    await dropExpiredCodeMails(db, clock.now());
    const now = clock.now().toISOString();
    const due = await db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(this.batchSize)
      .execute();

    const result: RunResult = { sent: 0, failed: 0 };
    for (const row of due) {
      if (!(await this.claim(row))) continue;
      try {
        await this.deliver(row);
        await db
          .updateTable('mail_outbox')
          // A verification code is worth nothing once mailed: it does not stay readable here.
          .set({ status: 'sent', sent_at: clock.now().toISOString(), last_error: null, ...(row.kind === 'verification.code' && { payload_json: REDACTED_PAYLOAD }) })
          .where('id', '=', row.id)
          .where('status', '=', 'pending')
          .execute();
        result.sent++;
      } catch (error) {
        result.failed++;
        await this.recordFailure(row, error);
      }
    }
    return result;
  }

  /** Runs every `intervalMs` (one run at a time) until `stop()`. */
  start(intervalMs = 5_000): void {
    if (this.timer) return;
    const tick = () => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((error: unknown) => {
          this.log.error('[mail] the outbox run failed', error);
          return { sent: 0, failed: 0 };
        })
        .finally(() => {
          this.running = null;
        });
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    tick();
  }

  /** Stops the loop and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async claim(row: MailOutboxTable): Promise<boolean> {
    const leaseEnd = new Date(this.options.clock.now().getTime() + this.leaseMs).toISOString();
    const claimed = await this.options.db
      .updateTable('mail_outbox')
      .set({ next_attempt_at: leaseEnd })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', row.next_attempt_at)
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1;
  }

  private async deliver(row: MailOutboxTable): Promise<void> {
    const agency = this.agencies.get(row.agency_id);
    if (!agency) throw new Error(`No agency config for "${row.agency_id}"`);
    const to = recipientOf(row.recipient);
    let payload: unknown;
    let links: ReturnType<typeof requestLinks>;
    let mail: ReturnType<typeof renderMail>;
    try {
      payload = JSON.parse(row.payload_json);
      const ref = requestRefOf(row.kind, payload);
      const documentNumber = ref.documentNumber ?? (await this.documentNumberOf(row));
      links = requestLinks(this.options.publicUrl, agency.id, ref.requestNumber, documentNumber);
      mail = renderMail(row.kind, payload, agency, links);
    } catch (error) {
      // A bad payload is for good; anything else (the database reading the request) may pass.
      if (error instanceof MailPayloadError || error instanceof SyntaxError) {
        throw new UnrenderableMailError(`The payload does not render: ${error.message}`);
      }
      throw error;
    }
    const attachmentsFor = this.options.attachmentsFor ?? defaultAttachments;
    const attachments = await attachmentsFor({ id: row.id, kind: row.kind, agency, payload, trackingUrl: links.tracking });
    const replyTo = agency.agency.contact?.email;
    await this.options.transport.sendMail({
      from: this.options.from,
      to,
      ...(replyTo && { replyTo }),
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: `<${row.id}@mesa-de-partes.invalid>`,
      headers: { 'X-Mesa-De-Partes-Kind': row.kind },
      attachments: attachments.map((file) => ({
        filename: file.filename,
        content: Buffer.from(file.content),
        contentType: file.contentType,
      })),
    });
  }

  /** For payloads that leave out the applicant's document number: the request row has it. */
  private async documentNumberOf(row: MailOutboxTable): Promise<string> {
    const request = row.request_id
      ? await this.options.db.selectFrom('requests').select('applicant_document_number').where('id', '=', row.request_id).executeTakeFirst()
      : undefined;
    if (!request) throw new MailPayloadError(`Mail ${row.id}: no document number in the payload and no request to read it from`);
    return request.applicant_document_number;
  }

  private async recordFailure(row: MailOutboxTable, error: unknown): Promise<void> {
    if (isPermanentMailError(error)) return this.recordPermanentFailure(row, error);
    const attempts = row.attempts + 1;
    const now = this.options.clock.now();
    const next = new Date(now.getTime() + this.backoffAfter(attempts)).toISOString();
    const message = error instanceof Error ? error.message : String(error);
    await this.options.db
      .updateTable('mail_outbox')
      .set({ attempts, last_error: message.slice(0, 2000), next_attempt_at: next })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .execute();
    const line = `[mail] ${row.kind} to ${row.recipient} (${row.id}) failed, attempt ${attempts}, next at ${next}: ${message}`;
    if (attempts >= this.warnAfterAttempts) this.log.error(line);
    else this.log.warn(line);
  }

  /**
   * Terminal: the row leaves the queue as `failed`; an operator reads `last_error`. A code that
   * will never be mailed does not stay readable either.
   */
  private async recordPermanentFailure(row: MailOutboxTable, error: unknown): Promise<void> {
    const attempts = row.attempts + 1;
    const message = error instanceof Error ? error.message : String(error);
    await this.options.db
      .updateTable('mail_outbox')
      .set({ status: 'failed', attempts, last_error: message.slice(0, 2000), ...(row.kind === 'verification.code' && { payload_json: REDACTED_PAYLOAD }) })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .execute();
    this.log.error(`[mail] ${row.kind} to ${row.recipient} (${row.id}) can never be sent, marked failed after attempt ${attempts}: ${message}`);
  }
}

/**
 * A nodemailer SMTP transport from a URL (`smtp://user:pass@host:587`, `smtps://…:465`), with
 * timeouts well below the claim lease so a hung relay cannot outlive it.
 */
export function smtpTransport(url: string): Transporter {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new Error(`SMTP_URL must start with smtp:// or smtps:// (got ${parsed.protocol})`);
  }
  const secure = parsed.protocol === 'smtps:';
  return nodemailer.createTransport({
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    ...(parsed.username && {
      auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) },
    }),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
}
