/**
 * Email codes ("Código de validación", seed 003) and the tokens they give a filing.
 *
 * - A code is 6 random digits, valid 10 minutes, 5 attempts; only HMAC-SHA256(secret, salt|code)
 *   is stored, with a per-row salt. Asking again for the same email supersedes the older codes.
 * - Sending is limited in the database, by atomic counters (server/http/rate-limit.ts) so every
 *   process counts alike, also on PostgreSQL: per email one code per 60 s and 5 per hour, per
 *   client address (an IPv6 client's /64) 20 per hour (fixed windows). Only codes nobody used
 *   count: using a code gives its places back (to the windows that counted it), since it proved
 *   the mailbox is the asker's, so it is no abuse of someone else's inbox (a citizen filing
 *   several requests in a row asks one code each time).
 * - A wrong guess is counted before it is compared, by one conditional UPDATE, so parallel
 *   guesses (from any number of processes) get no more than 5 comparisons per code.
 * - The mail goes through the outbox like every other mail. Its payload carries the code only
 *   while the code can still help: once sent, or once the code expired, was replaced or used
 *   before the mail left (relay down), the payload is cleared and an unsent mail is never sent
 *   (see `forgetStaleCodes`, run here and periodically by server/verification/housekeeping.ts).
 * - The right code gives a token (256 random bits, only its SHA-256 stored) bound to the agency
 *   and the email, valid 30 minutes, for one filing or one change of a request's email (`spendEmailToken`).
 */
import { createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { VerificationCodeSent, VerificationToken } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { checkEmail, emailKey } from '../../src/domain/email.ts';
import type { FieldError } from '../../src/domain/filing.ts';
import type { Clock } from '../clock.ts';
import type { Database, DeskDatabase } from '../db/schema.ts';
import { emailMessage } from '../mail/address.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { VerificationCodePayload } from '../mail/templates.ts';
import { ProblemError } from '../http/problems.ts';
import { RateLimiter, type RateRule } from '../http/rate-limit.ts';
import { addressBlock } from '../lookups/address-block.ts';
import { fieldProblem, minutesInWords, newSecret, RetryLaterError, secondsInWords, secretHash } from './options.ts';

export const CODE_TTL_MS = 10 * 60_000;
export const RESEND_AFTER_MS = 60_000;
export const MAX_CODES_PER_EMAIL_PER_HOUR = 5;
export const MAX_CODES_PER_ADDRESS_PER_HOUR = 20;
export const MAX_ATTEMPTS = 5;
export const TOKEN_TTL_MS = 30 * 60_000;
const HOUR_MS = 3_600_000;

/** What an outbox row of a code holds once the mail left or can no longer help: the code is gone. */
export const REDACTED_PAYLOAD = '{"redacted":true}';

/**
 * The email checked by the filing's rule (src/domain/email.ts) as it is sent to (`shown`: one
 * address, domain in ASCII), and the form codes and tokens are kept under (`key`).
 */
export function readEmail(input: string | undefined, problem: 'verification.invalid' | 'session.invalid' = 'verification.invalid') {
  const checked = checkEmail(input ?? '');
  if (!checked.ok) {
    if (checked.code === 'required') throw fieldProblem(problem, 'Escriba su correo electrónico.', 'email', 'field.required');
    throw fieldProblem(problem, emailMessage(checked.code), 'email', `email.${checked.code}`);
  }
  return { shown: checked.address, key: emailKey(checked.address) };
}

/** Emails compare as the domain rule reads them (src/domain/email.ts): one address, without regard to case. */
export { emailKey };

/** The counters a code request is checked against, in the order they are taken (see `sendCode`). */
function codeRules(agencyId: string, email: string, address: string) {
  return {
    resend: { bucket: `code-resend:${agencyId}:${email}`, limit: 1, windowMs: RESEND_AFTER_MS },
    email: { bucket: `code-email:${agencyId}:${email}`, limit: MAX_CODES_PER_EMAIL_PER_HOUR, windowMs: HOUR_MS },
    address: { bucket: `code-address:${addressBlock(address)}`, limit: MAX_CODES_PER_ADDRESS_PER_HOUR, windowMs: HOUR_MS },
  } satisfies Record<string, RateRule>;
}

/** Why an unsent code mail was dropped, for the operator reading `mail_outbox.last_error`. */
const DROPPED = {
  expired: 'Not sent: the code expired before the mail could be sent (its code was cleared).',
  superseded: 'Not sent: a newer code replaced this one before the mail could be sent (its code was cleared).',
  used: 'Not sent: the code was used before its mail was sent (its code was cleared).',
} as const;

type Executor = DeskDatabase | Transaction<Database>;

export class EmailVerification {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly db: DeskDatabase,
    private readonly clock: Clock,
    private readonly secret: string = '',
  ) {
    this.limiter = new RateLimiter(db, clock);
  }

  /** Sends a new code to `email` (for `agency`), within the limits. */
  async sendCode(config: AgencyConfig, emailInput: string | undefined, address: string): Promise<VerificationCodeSent> {
    const email = readEmail(emailInput);
    await this.forgetStaleCodes();
    const rules = codeRules(config.id, email.key, address);

    return this.db.transaction().execute(async (trx) => {
      // Counted in the transaction: a refusal rolls its own hits back, so asking too early does
      // not push the wait further. Always in this order (email's, then the address's), so two
      // transactions on PostgreSQL lock the counter rows alike and cannot deadlock.
      const resend = await this.limiter.hit(rules.resend, trx);
      if (!resend.allowed) {
        throw new RetryLaterError('verification.tooSoon', resend.retryAfterSeconds, {
          detail: `Ya le enviamos un código a ${email.shown}. Revise su correo (también la carpeta de spam) o pida otro en ${secondsInWords(resend.retryAfterSeconds)}.`,
        });
      }
      const perEmail = await this.limiter.hit(rules.email, trx);
      if (!perEmail.allowed) {
        throw new RetryLaterError('verification.tooMany', perEmail.retryAfterSeconds, {
          detail: `Ya le enviamos varios códigos a ${email.shown} hace poco. Use el último que recibió o vuelva a intentarlo en ${minutesInWords(perEmail.retryAfterSeconds)}.`,
        });
      }
      const perAddress = await this.limiter.hit(rules.address, trx);
      if (!perAddress.allowed) {
        throw new RetryLaterError('verification.tooMany', perAddress.retryAfterSeconds, {
          detail: `Se pidieron demasiados códigos desde su conexión. Vuelva a intentarlo en ${minutesInWords(perAddress.retryAfterSeconds)}.`,
        });
      }

      // Read after the hits: every window they counted in opened at or before the code's
      // `created_at`, which is how `consumeCode` refunds to those windows and no newer one.
      const now = this.clock.now();
      const at = now.toISOString();
      const expiresAt = new Date(now.getTime() + CODE_TTL_MS).toISOString();

      // Only the newest code is in force (an older mail arriving late cannot be used): each email
      // has at most one row without `superseded_at`, the one `consumeCode` reads.
      const superseded = await trx
        .updateTable('verification_codes')
        .set({ superseded_at: at })
        .where('agency_id', '=', config.id)
        .where('email', '=', email.key)
        .where('superseded_at', 'is', null)
        .returning('mail_id')
        .execute();
      await dropUnsentCodeMails(trx, superseded.map((row) => row.mail_id), 'superseded');

      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const salt = randomBytes(16).toString('hex');
      const payload: VerificationCodePayload = { code, email: email.shown, expiresAt, minutes: CODE_TTL_MS / 60_000 };
      const mailId = await enqueueMail(trx, { agencyId: config.id, requestId: null, kind: 'verification.code', recipient: email.shown, payload: { ...payload } }, now);
      await trx
        .insertInto('verification_codes')
        .values({
          id: randomUUID(),
          agency_id: config.id,
          email: email.key,
          salt,
          code_hash: this.hash(salt, code),
          attempts: 0,
          created_at: at,
          expires_at: expiresAt,
          consumed_at: null,
          superseded_at: null,
          client_address: address,
          mail_id: mailId,
        })
        .execute();
      return { expiresAt, resendAfter: new Date(now.getTime() + RESEND_AFTER_MS).toISOString() };
    });
  }

  /**
   * Uses the newest code of `email`: the right one once, within its time and attempts. Returns
   * the email as typed and its key. The attempt is counted outside any transaction on purpose:
   * a wrong one must count even though the answer is an error.
   */
  async consumeCode(config: AgencyConfig, emailInput: string | undefined, codeInput: string | undefined, problem: 'verification.invalid' | 'session.invalid' = 'verification.invalid') {
    const email = readEmail(emailInput, problem);
    const code = (codeInput ?? '').replace(/\s+/g, '');
    if (!/^\d{6}$/.test(code)) throw fieldProblem(problem, 'El código tiene 6 dígitos. Cópielo del correo que le enviamos.', 'code', 'code.format');
    await this.forgetStaleCodes();
    const now = this.clock.now();
    const row = await this.db
      .selectFrom('verification_codes')
      .selectAll()
      .where('agency_id', '=', config.id)
      .where('email', '=', email.key)
      .where('superseded_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    const expired = (detail: string) => new ProblemError('verification.expired', { detail });
    const used = () => expired('Este código ya se usó. Solicite un nuevo código.');
    if (!row) throw expired(`No hay un código vigente para ${email.shown}. Solicite un nuevo código.`);
    if (row.consumed_at !== null) throw used();
    if (Date.parse(row.expires_at) <= now.getTime()) throw expired('El código venció. Solicite un nuevo código.');
    if (row.attempts >= MAX_ATTEMPTS) throw tooManyAttempts();

    // The attempt is taken before the comparison, in one conditional UPDATE: of parallel guesses
    // (from any process) only MAX_ATTEMPTS get a place, where reading `attempts` first would let
    // every one of them see the same count and be compared.
    const counted = await this.db
      .updateTable('verification_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', row.id)
      .where('attempts', '<', MAX_ATTEMPTS)
      .where('consumed_at', 'is', null)
      .where('superseded_at', 'is', null)
      .returning('attempts')
      .executeTakeFirst();
    if (!counted) {
      const current = await this.db.selectFrom('verification_codes').select(['consumed_at', 'superseded_at']).where('id', '=', row.id).executeTakeFirstOrThrow();
      if (current.consumed_at !== null) throw used();
      if (current.superseded_at !== null) throw expired('Le enviamos un código más nuevo. Use el último que recibió.');
      throw tooManyAttempts();
    }

    if (!sameHash(this.hash(row.salt, code), row.code_hash)) {
      const left = MAX_ATTEMPTS - Number(counted.attempts);
      if (left <= 0) throw tooManyAttempts();
      throw new ProblemError('verification.wrongCode', {
        detail: `El código no es correcto. ${left === 1 ? 'Le queda 1 intento' : `Le quedan ${left} intentos`}.`,
        errors: [{ field: 'code' as 'email', code: 'verification.wrongCode', params: { attemptsLeft: left } }],
      });
    }
    await this.db.transaction().execute(async (trx) => {
      // Conditional: of two requests with the right code, one uses it. This attempt is already
      // counted, hence `<=`.
      const consumed = await trx
        .updateTable('verification_codes')
        .set({ consumed_at: now.toISOString() })
        .where('id', '=', row.id)
        .where('consumed_at', 'is', null)
        .where('superseded_at', 'is', null)
        .where('attempts', '<=', MAX_ATTEMPTS)
        .executeTakeFirst();
      if (Number(consumed.numUpdatedRows) !== 1) throw used();
      await forgetCodeMail(trx, row.mail_id);
    });
    await this.refundCode(row);
    return email;
  }

  /**
   * A used code proved the mailbox is the asker's: it gives back what asking for it took, the
   * one-a-minute place too (the next filing's code can be asked at once), to the windows that
   * counted it (those open at its `created_at`), never a newer one. After the consuming
   * transaction, each on its own: `sendCode` locks the counters before the code rows, so taking
   * them here while holding the code row could deadlock on PostgreSQL. Best effort: the code is
   * already used, and a refund lost only makes the next code wait as if it had not been used.
   */
  private async refundCode(row: { agency_id: string; email: string; client_address: string; created_at: string }): Promise<void> {
    const rules = codeRules(row.agency_id, row.email, row.client_address);
    for (const rule of [rules.resend, rules.email, rules.address]) {
      try {
        await this.limiter.refund(rule.bucket, row.created_at);
      } catch (error) {
        console.warn(`[verification] could not give back a place of ${rule.bucket.split(':')[0]}: ${String(error)}`);
      }
    }
  }

  /** The right code for `email` → a token a filing of this agency carries. */
  async issueToken(config: AgencyConfig, emailInput: string | undefined, codeInput: string | undefined): Promise<VerificationToken> {
    const email = await this.consumeCode(config, emailInput, codeInput);
    const now = this.clock.now();
    const token = newSecret();
    const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS).toISOString();
    await this.db
      .insertInto('verification_tokens')
      .values({ token_hash: secretHash(token), agency_id: config.id, email: email.key, created_at: now.toISOString(), expires_at: expiresAt, request_id: null })
      .execute();
    return { token, email: email.shown, expiresAt };
  }

  /** See `forgetStaleCodes`. */
  forgetStaleCodes(): Promise<void> {
    return forgetStaleCodes(this.db, this.clock.now());
  }

  private hash(salt: string, code: string): string {
    return createHmac('sha256', this.secret).update(`${salt}|${code}`).digest('hex');
  }
}

/**
 * Clears the codes no outbox row needs any more (two small UPDATEs):
 * - mails no longer pending (sent, or failed for good): the sender clears each one as it closes
 *   it; this catches a row closed by an older version or whose clearing failed;
 * - mails still unsent once their code expired (the relay was down): the code is worthless, so
 *   the row is cleared and closed as `failed`, never to be sent. A code mail is written with its
 *   code, so its `created_at` is the code's and it expired CODE_TTL_MS after it.
 * Any process may run it at any time (server/verification/housekeeping.ts runs it periodically).
 */
export async function forgetStaleCodes(db: DeskDatabase, now: Date): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ payload_json: REDACTED_PAYLOAD })
    .where('kind', '=', 'verification.code')
    .where('status', '!=', 'pending')
    .where('payload_json', '!=', REDACTED_PAYLOAD)
    .execute();
  await dropExpiredCodeMails(db, now);
}

/** The unsent mails of expired codes, closed as `failed` and cleared (the sender runs it before each batch too). */
export async function dropExpiredCodeMails(db: DeskDatabase, now: Date): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ status: 'failed', payload_json: REDACTED_PAYLOAD, last_error: DROPPED.expired })
    .where('kind', '=', 'verification.code')
    .where('status', '=', 'pending')
    .where('created_at', '<=', new Date(now.getTime() - CODE_TTL_MS).toISOString())
    .execute();
}

/**
 * Closes unsent mails of codes that can no longer be used, as `failed` with the reason. A sender
 * that claimed one meanwhile still delivers what it read, but its `sent` update (conditional on
 * `pending`) no longer applies: the row stays cleared.
 */
async function dropUnsentCodeMails(executor: Executor, mailIds: readonly string[], reason: keyof typeof DROPPED): Promise<void> {
  if (mailIds.length === 0) return;
  await executor
    .updateTable('mail_outbox')
    .set({ status: 'failed', payload_json: REDACTED_PAYLOAD, last_error: DROPPED[reason] })
    .where('id', 'in', mailIds)
    .where('status', '=', 'pending')
    .execute();
}

/** A used code is worthless, but it need not stay readable either: cleared, and never sent if it was not yet. */
async function forgetCodeMail(executor: Executor, mailId: string): Promise<void> {
  await executor.updateTable('mail_outbox').set({ payload_json: REDACTED_PAYLOAD }).where('id', '=', mailId).where('status', '=', 'sent').execute();
  await dropUnsentCodeMails(executor, [mailId], 'used');
}

function tooManyAttempts(): ProblemError {
  return new ProblemError('verification.tooManyAttempts', {
    detail: `Se equivocó ${MAX_ATTEMPTS} veces con este código y ya no sirve. Solicite un nuevo código.`,
  });
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Spends a token proving `email`, in the transaction that uses it (a filing, or a "Mis trámites"
 * update to a new email): one that rolls back gives it back. Null when it was valid for `email`;
 * otherwise the field error to answer with.
 */
export async function spendEmailToken(
  trx: Transaction<Database>,
  config: AgencyConfig,
  token: string | undefined,
  email: string,
  requestId: string,
  now: Date,
): Promise<FieldError | null> {
  if (!token) return { field: 'email', code: 'verification.required' };
  const used = await trx
    .updateTable('verification_tokens')
    .set({ request_id: requestId })
    .where('token_hash', '=', secretHash(token))
    .where('agency_id', '=', config.id)
    .where('email', '=', emailKey(email))
    .where('expires_at', '>', now.toISOString())
    .where('request_id', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? null : { field: 'email', code: 'verification.invalid' };
}
