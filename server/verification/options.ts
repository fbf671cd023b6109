/**
 * What the identity routes (email codes, sessions, "Mis trámites", OpenID Connect) take from the
 * server's environment (server/main.ts reads it) and small pieces they share.
 */
import { createHash, randomBytes } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { problemResponse, ProblemError, type ProblemCode, type ProblemExtra } from '../http/problems.ts';

export interface IdentityOptions {
  /**
   * `TRUST_PROXY=1`: the client's address is the last one of `X-Forwarded-For` (the one the
   * proxy in front of this server saw). Otherwise the socket's address: a header anyone can
   * write must not decide whose rate limit a request counts against.
   */
  trustProxy?: boolean;
  /**
   * `VERIFICATION_SECRET`: the HMAC key email codes are hashed with (besides a per-row salt), so a
   * copy of the database alone does not let anyone try the million codes offline. Every process
   * of one desk must share it. Without it only the salt is used.
   */
  secret?: string;
  /** `OIDC_CLIENT_SECRET_<AGENCYID>`: the OpenID Connect client secret of that agency, if any. */
  oidcClientSecret?: (agencyId: string) => string | undefined;
  /** How the server reaches the OpenID Connect provider (tests may pass their own). */
  fetch?: typeof fetch;
}

/** The address a rate limit counts against. */
export function clientAddress(c: Context, options: IdentityOptions): string {
  if (options.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').map((part) => part.trim()).filter(Boolean).pop();
    if (last) return last.slice(0, 100);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // not served by @hono/node-server (e.g. app.request in a test)
  }
}

/** An opaque secret for a token or session: 256 random bits, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** How a high-entropy secret is stored: its SHA-256 (no salt needed, it cannot be guessed). */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A problem that also tells when to try again (`Retry-After`, seconds). */
export class RetryLaterError extends ProblemError {
  constructor(
    code: ProblemCode,
    readonly retryAfterSeconds: number,
    extra: ProblemExtra = {},
  ) {
    super(code, extra);
  }
}

/** "1 minuto", "12 minutos": a wait of `seconds` rounded up, for a citizen-facing `detail`. */
export function minutesInWords(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? '1 minuto' : `${minutes} minutos`;
}

/** "1 segundo", "45 segundos": a wait of `seconds` rounded up, for a citizen-facing `detail`. */
export function secondsInWords(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  return whole === 1 ? '1 segundo' : `${whole} segundos`;
}

/** Answers `RetryLaterError` with its `Retry-After`; anything else goes to the app's error handler. */
export async function withRetryAfter(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof RetryLaterError)) throw error;
    return problemResponse(error.problem, { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))), 'cache-control': 'no-store' });
  }
}

/** A 422 for one field, the way the widget maps field errors. */
export function fieldProblem(code: ProblemCode, detail: string, field: string, fieldCode: string): ProblemError {
  return new ProblemError(code, { detail, errors: [{ field: field as 'email', code: fieldCode }] });
}

/** Reads a JSON object body's string members; null for anything else. */
export function stringMember(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
