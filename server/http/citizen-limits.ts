/**
 * Per-client-address limits on the citizen routes that answer from the database without asking
 * the agency anything: tracking searches, correction look-ups (and correction sends, which find
 * the request the same way), filings, and the receipt and response downloads. An agency without a captcha otherwise lets anyone try
 * number and document pairs, or fill the desk with filings, as fast as the server answers.
 *
 * Counted like the DNI/RUC look-ups (server/lookups/routes.ts): in the database with
 * `RateLimiter`, so every process counts alike; by `addressBlock` (an IPv6 client's whole /64);
 * the address from `clientAddress` (`TRUST_PROXY`). Every attempt counts, a failed one too (a
 * wrong document is exactly what a guesser sends), and the limit runs before the captcha, so a
 * refusal spends neither the captcha answer nor the captcha check. Past it: 429
 * `request.tooMany` with `Retry-After` and a Spanish detail.
 *
 * Several citizens behind one address (a municipal office, a cabina pública) share its limit:
 * the defaults leave room for that, and `CITIZEN_LIMITS` (server/main.ts) changes them.
 */
import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../clock.ts';
import type { DeskDatabase } from '../db/schema.ts';
import { addressBlock } from '../lookups/address-block.ts';
import { clientAddress, minutesInWords, type IdentityOptions } from '../verification/options.ts';
import { makeProblem, problemResponse } from './problems.ts';
import { RateLimiter } from './rate-limit.ts';

/** Attempts allowed per client address per hour. */
export interface CitizenLimits {
  trackingPerHour: number;
  correctionLookupsPerHour: number;
  filingsPerHour: number;
  /** Receipt and response downloads (`POST receipts`, `POST responses`) together. */
  downloadsPerHour: number;
}

export const DEFAULT_CITIZEN_LIMITS: CitizenLimits = {
  // A citizen checks a few requests a few times; an office helping people checks many.
  trackingPerHour: 120,
  // Look-up then send: two per correction.
  correctionLookupsPerHour: 60,
  // Filing is minutes of typing and uploading: 30 an hour is an office's busy hour, not a person's.
  filingsPerHour: 30,
  // Each receipt is drawn anew (a font subset and a QR code: a few hundred ms of CPU), so a held
  // download grant must not become a loop that keeps a process busy. A citizen downloads a few.
  downloadsPerHour: 60,
};

const HOUR_MS = 3_600_000;

type Place = keyof CitizenLimits;

/** Bucket prefix and the words of the refusal, per place. */
const PLACES: Record<Place, { bucket: string; what: string }> = {
  trackingPerHour: { bucket: 'tracking', what: 'Se hicieron muchas búsquedas de solicitudes desde su conexión.' },
  correctionLookupsPerHour: { bucket: 'correction', what: 'Se hicieron muchas consultas de subsanación desde su conexión.' },
  filingsPerHour: { bucket: 'filing', what: 'Se enviaron muchas solicitudes desde su conexión.' },
  downloadsPerHour: { bucket: 'download', what: 'Se hicieron muchas descargas de cargos y respuestas desde su conexión.' },
};

/**
 * Reads `CITIZEN_LIMITS` ("tracking=120,correction=60,filing=30,download=60"; any subset); throws a Spanish
 * message for anything else.
 */
export function citizenLimitsFromEnv(value: string | undefined): Partial<CitizenLimits> {
  const names: Record<string, Place> = { tracking: 'trackingPerHour', correction: 'correctionLookupsPerHour', filing: 'filingsPerHour', download: 'downloadsPerHour' };
  const limits: Partial<CitizenLimits> = {};
  for (const entry of (value ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z]+)=(\d{1,7})$/.exec(entry);
    const place = match ? names[match[1]!] : undefined;
    if (!match || !place || Number(match[2]) < 1) {
      throw new Error(`CITIZEN_LIMITS no válido en «${entry}»: use tracking=N, correction=N, filing=N y/o download=N (N: intentos por hora y dirección, al menos 1).`);
    }
    limits[place] = Number(match[2]);
  }
  return limits;
}

export class CitizenRateLimits {
  private readonly limits: CitizenLimits;
  private readonly limiter: RateLimiter;

  constructor(
    db: DeskDatabase,
    clock: Clock,
    private readonly identity: IdentityOptions,
    limits: Partial<CitizenLimits> = {},
  ) {
    this.limits = { ...DEFAULT_CITIZEN_LIMITS, ...limits };
    this.limiter = new RateLimiter(db, clock);
  }

  /** A middleware counting one attempt at `place` against the client's address. */
  limit(place: Place): MiddlewareHandler {
    const { bucket, what } = PLACES[place];
    return async (c, next) => {
      const address = addressBlock(clientAddress(c, this.identity));
      const decision = await this.limiter.hit({ bucket: `${bucket}:${address}`, limit: this.limits[place], windowMs: HOUR_MS });
      if (decision.allowed) return next();
      const problem = makeProblem('request.tooMany', {
        detail: `${what} Vuelva a intentarlo en ${minutesInWords(decision.retryAfterSeconds)}.`,
      });
      return problemResponse(problem, { 'retry-after': String(decision.retryAfterSeconds), 'cache-control': 'no-store' });
    };
  }
}
