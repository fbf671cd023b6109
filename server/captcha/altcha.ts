/**
 * ALTCHA, the default captcha: a proof of work the citizen's browser solves in about a second,
 * created and verified by this backend (no third party sees the citizen). A challenge is signed
 * with an HMAC key (env `ALTCHA_HMAC_KEY`), names its agency, the place it is for (a challenge
 * solved to track a request cannot send a filing) and the instant it stops being valid, and each
 * solution is accepted once: used ones are kept in `captcha_uses` until they expire, so a replay
 * is refused by every process sharing the database.
 */
import { createHash } from 'node:crypto';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib';
import type { Payload } from 'altcha-lib/types';
import type { AltchaChallenge } from '../../src/api/types.ts';
import type { CaptchaPlace } from '../../src/config/schema.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase } from '../db/schema.ts';
import type { CaptchaContext, CaptchaVerdict, CaptchaVerifier } from './verifier.ts';

/**
 * The largest number the browser may have to try. About 50 000 SHA-256 rounds at most (half on
 * average): a phone's WebCrypto does that in about a second, a bot paying for each request
 * does it for every single request.
 */
export const DEFAULT_ALTCHA_MAX_NUMBER = 50_000;
/** How long a challenge may wait between being fetched and being used. */
export const DEFAULT_ALTCHA_TTL_SECONDS = 10 * 60;
/** A payload is a few hundred bytes of base64 JSON; anything far larger is not one. */
const MAX_PAYLOAD_LENGTH = 4096;

export interface AltchaOptions {
  db: DeskDatabase;
  clock: Clock;
  hmacKey: string;
  maxNumber?: number;
  ttlSeconds?: number;
}

function readPayload(response: string): Payload | null {
  if (response.length > MAX_PAYLOAD_LENGTH) return null;
  try {
    const value = JSON.parse(Buffer.from(response, 'base64').toString('utf8')) as Partial<Payload>;
    const strings = [value.algorithm, value.challenge, value.salt, value.signature].every((part) => typeof part === 'string' && part.length > 0);
    if (!strings || !Number.isSafeInteger(value.number)) return null;
    return value as Payload;
  } catch {
    return null;
  }
}

export class AltchaVerifier implements CaptchaVerifier {
  constructor(
    private readonly options: AltchaOptions,
    private readonly agencyId: string,
  ) {}

  /**
   * A fresh challenge. Its expiry travels in the salt as `until` (server clock, Unix seconds),
   * not as ALTCHA's `expires`: the widget would compare `expires` with the device's clock and,
   * on a phone whose clock is off, call every challenge expired before it is solved. The server
   * alone decides, with its own clock. `place` is signed in the salt the same way.
   */
  async challenge(place: CaptchaPlace): Promise<AltchaChallenge> {
    const ttl = this.options.ttlSeconds ?? DEFAULT_ALTCHA_TTL_SECONDS;
    const until = Math.floor(this.options.clock.now().getTime() / 1000) + ttl;
    const challenge = await createChallenge({
      hmacKey: this.options.hmacKey,
      algorithm: 'SHA-256',
      maxNumber: this.options.maxNumber ?? DEFAULT_ALTCHA_MAX_NUMBER,
      params: { agency: this.agencyId, place, until: String(until) },
    });
    return { algorithm: challenge.algorithm, challenge: challenge.challenge, maxnumber: challenge.maxnumber, salt: challenge.salt, signature: challenge.signature };
  }

  async verify(response: string, context: CaptchaContext): Promise<CaptchaVerdict> {
    const payload = readPayload(response);
    if (!payload) return { ok: false, reason: 'malformed' };
    // Expiry is checked below with the server's clock, not altcha-lib's Date.now().
    if (!(await verifySolution(payload, this.options.hmacKey, false))) {
      return { ok: false, reason: 'wrong' };
    }
    const params = extractParams(payload);
    const until = Number(params.until);
    const now = this.options.clock.now();
    if (params.agency !== this.agencyId || params.place !== context.place) return { ok: false, reason: 'wrong' };
    if (!Number.isFinite(until) || until * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
    return (await this.markUsed(payload.signature, now, new Date(until * 1000))) ? { ok: true } : { ok: false, reason: 'replayed' };
  }

  /** True when this solution was not used before (the insert is the check: no race between processes). */
  private async markUsed(signature: string, now: Date, expiresAt: Date): Promise<boolean> {
    const db = this.options.db;
    // The used answers nobody can replay any more (expired) are forgotten as new ones come.
    await db.deleteFrom('captcha_uses').where('expires_at', '<=', now.toISOString()).execute();
    const inserted = await db
      .insertInto('captcha_uses')
      .values({
        answer_hash: createHash('sha256').update(`altcha:${signature}`).digest('hex'),
        agency_id: this.agencyId,
        used_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      })
      .onConflict((conflict) => conflict.column('answer_hash').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
  }
}
