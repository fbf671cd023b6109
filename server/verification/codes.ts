/**
 * Email codes ("Código de validación", seed 003) and the tokens they give a filing.
 *
 * - A code is 6 random digits, valid 10 minutes, 5 attempts; only HMAC-SHA256(secret, salt|code)
 *   is stored, with a per-row salt. Asking again for the same email supersedes the older codes.
 * - Sending is limited in the database (so every process counts alike): per email one code per
 *   60 s and 5 per hour, per client address 20 per hour. Only codes nobody used count: a code
 *   that was used proved the mailbox is the asker's, so it is no abuse of someone else's inbox
 *   (a citizen filing several requests in a row asks one code each time).
 * - The mail goes through the outbox like every other mail. Its payload carries the code until
 *   it is sent: every call here clears the codes of mails already sent (see `forgetSentCodes`).
 * - The right code gives a token (256 random bits, only its SHA-256 stored) bound to the agency
 *   and the email, valid 30 minutes, for one filing (`useFilingToken`).
 */
import { createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { VerificationCodeSent, VerificationToken } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { FieldError } from '../../src/domain/filing.ts';
import type { Clock } from '../clock.ts';
import type { Database, DeskDatabase } from '../db/schema.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { VerificationCodePayload } from '../mail/templates.ts';
import { fieldProblem, newSecret, RetryLaterError, secretHash } from './options.ts';
import { ProblemError } from '../http/problems.ts';

export const CODE_TTL_MS = 10 * 60_000;
export const RESEND_AFTER_MS = 60_000;
export const MAX_CODES_PER_EMAIL_PER_HOUR = 5;
export const MAX_CODES_PER_ADDRESS_PER_HOUR = 20;
export const MAX_ATTEMPTS = 5;
export const TOKEN_TTL_MS = 30 * 60_000;
const HOUR_MS = 3_600_000;

/** What an outbox row of a code holds once the mail left: the code is gone. */
export const REDACTED_PAYLOAD = '{"redacted":true}';

// As permissive as the form's rule (src/domain/filing.ts): the only proof is the mail arriving.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The email as typed, checked and trimmed (`shown`), and the form codes and tokens are kept under (`key`). */
export function readEmail(input: string | undefined, problem: 'verification.invalid' | 'session.invalid' = 'verification.invalid') {
  const shown = (input ?? '').trim();
  if (!shown) throw fieldProblem(problem, 'Escriba su correo electrónico.', 'email', 'field.required');
  if (shown.length > 254 || !EMAIL.test(shown)) {
    throw fieldProblem(problem, 'El correo electrónico no tiene un formato válido, por ejemplo nombre@dominio.pe.', 'email', 'email.format');
  }
  return { shown, key: emailKey(shown) };
}

/** Emails compare trimmed and without regard to case. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export class EmailVerification {
  constructor(
    private readonly db: DeskDatabase,
    private readonly clock: Clock,
    private readonly secret: string = '',
  ) {}

  /** Sends a new code to `email` (for `agency`), within the limits. */
  async sendCode(config: AgencyConfig, emailInput: string | undefined, address: string): Promise<VerificationCodeSent> {
    const email = readEmail(emailInput);
    await this.forgetSentCodes();
    const now = this.clock.now();
    const at = now.toISOString();
    const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS).toISOString();

    return this.db.transaction().execute(async (trx) => {
      const unused = await trx
        .selectFrom('verification_codes')
        .select('created_at')
        .where('agency_id', '=', config.id)
        .where('email', '=', email.key)
        .where('created_at', '>', hourAgo)
        .where('consumed_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
      const latest = unused[0];
      if (latest && now.getTime() - Date.parse(latest.created_at) < RESEND_AFTER_MS) {
        const wait = (Date.parse(latest.created_at) + RESEND_AFTER_MS - now.getTime()) / 1000;
        throw new RetryLaterError('verification.tooSoon', wait, {
          detail: `Ya le enviamos un código a ${email.shown}. Revise su correo (también la carpeta de spam) o pida otro en ${Math.ceil(wait)} segundos.`,
        });
      }
      if (unused.length >= MAX_CODES_PER_EMAIL_PER_HOUR) {
        const oldest = unused[unused.length - 1]!;
        const wait = (Date.parse(oldest.created_at) + HOUR_MS - now.getTime()) / 1000;
        throw new RetryLaterError('verification.tooMany', wait, {
          detail: `Ya pedimos ${unused.length} códigos para ${email.shown} en la última hora. Use el último que recibió o vuelva a intentarlo en ${Math.ceil(wait / 60)} minutos.`,
        });
      }
      const fromAddress = await trx
        .selectFrom('verification_codes')
        .select('created_at')
        .where('client_address', '=', address)
        .where('created_at', '>', hourAgo)
        .where('consumed_at', 'is', null)
        .orderBy('created_at')
        .execute();
      if (fromAddress.length >= MAX_CODES_PER_ADDRESS_PER_HOUR) {
        const wait = (Date.parse(fromAddress[0]!.created_at) + HOUR_MS - now.getTime()) / 1000;
        throw new RetryLaterError('verification.tooMany', wait, {
          detail: `Se pidieron demasiados códigos desde su conexión. Vuelva a intentarlo en ${Math.ceil(wait / 60)} minutos.`,
        });
      }

      // Only the newest code is in force (an older mail arriving late cannot be used): each email
      // has at most one row without `superseded_at`, the one `consumeCode` reads.
      await trx
        .updateTable('verification_codes')
        .set({ superseded_at: at })
        .where('agency_id', '=', config.id)
        .where('email', '=', email.key)
        .where('superseded_at', 'is', null)
        .execute();

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
   * the email as typed and its key. Not in a transaction on purpose: a wrong attempt must count
   * even though the answer is an error.
   */
  async consumeCode(config: AgencyConfig, emailInput: string | undefined, codeInput: string | undefined, problem: 'verification.invalid' | 'session.invalid' = 'verification.invalid') {
    const email = readEmail(emailInput, problem);
    const code = (codeInput ?? '').replace(/\s+/g, '');
    if (!/^\d{6}$/.test(code)) throw fieldProblem(problem, 'El código tiene 6 dígitos. Cópielo del correo que le enviamos.', 'code', 'code.format');
    await this.forgetSentCodes();
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
    if (!row) throw expired(`No hay un código vigente para ${email.shown}. Solicite un nuevo código.`);
    if (row.consumed_at !== null) throw expired('Este código ya se usó. Solicite un nuevo código.');
    if (Date.parse(row.expires_at) <= now.getTime()) throw expired('El código venció. Solicite un nuevo código.');
    if (row.attempts >= MAX_ATTEMPTS) throw tooManyAttempts();

    if (!sameHash(this.hash(row.salt, code), row.code_hash)) {
      await this.db
        .updateTable('verification_codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('id', '=', row.id)
        .execute();
      const after = await this.db.selectFrom('verification_codes').select('attempts').where('id', '=', row.id).executeTakeFirstOrThrow();
      const left = MAX_ATTEMPTS - after.attempts;
      if (left <= 0) throw tooManyAttempts();
      throw new ProblemError('verification.wrongCode', {
        detail: `El código no es correcto. ${left === 1 ? 'Le queda 1 intento' : `Le quedan ${left} intentos`}.`,
        errors: [{ field: 'code' as 'email', code: 'verification.wrongCode', params: { attemptsLeft: left } }],
      });
    }
    // Conditional: of two requests with the right code, one uses it.
    const used = await this.db
      .updateTable('verification_codes')
      .set({ consumed_at: now.toISOString() })
      .where('id', '=', row.id)
      .where('consumed_at', 'is', null)
      .where('attempts', '<', MAX_ATTEMPTS)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw expired('Este código ya se usó. Solicite un nuevo código.');
    await this.forgetCode(row.mail_id);
    return email;
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

  /**
   * Clears the code from outbox rows already sent. The sender clears each one as it sends it;
   * this catches a row sent by an older version or whose clearing failed (one small UPDATE).
   */
  async forgetSentCodes(): Promise<void> {
    await this.db
      .updateTable('mail_outbox')
      .set({ payload_json: REDACTED_PAYLOAD })
      .where('kind', '=', 'verification.code')
      .where('status', '=', 'sent')
      .where('payload_json', '!=', REDACTED_PAYLOAD)
      .execute();
  }

  /** A used code is worthless, but it need not stay readable either: cleared once sent. */
  private async forgetCode(mailId: string): Promise<void> {
    await this.db.updateTable('mail_outbox').set({ payload_json: REDACTED_PAYLOAD }).where('id', '=', mailId).where('status', '=', 'sent').execute();
  }

  private hash(salt: string, code: string): string {
    return createHmac('sha256', this.secret).update(`${salt}|${code}`).digest('hex');
  }
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
 * Spends the filing's token, in the filing's transaction (a filing that rolls back gives it
 * back). Null when it was valid for `email`; otherwise the field error to answer with.
 */
export async function useFilingToken(
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
