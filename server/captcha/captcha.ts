/**
 * The captcha gate of the citizen's routes. `requireCaptcha(place)` is a Hono middleware: when
 * the agency's `config.captcha` is not `none` and `place` is in its `on` (`upload`, for upload
 * grants, whenever `on` names any place), the request must carry
 * the answer in the `Captcha-Response` header (missing: 400 `captcha.required`; wrong, expired
 * or used: 403 `captcha.invalid`; provider unreachable: 503 `captcha.unavailable`).
 * `GET /api/{agencyId}/captcha/challenge?place=…` hands out ALTCHA challenges, each good only at
 * its place: an answer solved for tracking is refused by a filing.
 *
 * The answer travels in a header, not in the body, so an idempotency key's body hash ignores it;
 * and a route with an `Idempotency-Key` asks no captcha for a key already answered: a retry of a
 * filing that did go through gets its receipt even though its captcha was used by then.
 */
import { randomBytes } from 'node:crypto';
import type { Context, Env, Hono, MiddlewareHandler } from 'hono';
import { asksCaptchaAt, CAPTCHA_PLACES, IMPLIED_CAPTCHA_PLACES, type AgencyConfig, type CaptchaPlace } from '../../src/config/schema.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase } from '../db/schema.ts';
import { canonicalJson, sha256Hex } from '../filings/submission.ts';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../http/body.ts';
import { ProblemError } from '../http/problems.ts';
import { clientAddress } from '../verification/options.ts';
import { AltchaVerifier } from './altcha.ts';
import { SiteverifyVerifier, type ThirdPartyCaptcha } from './siteverify.ts';
import type { CaptchaVerifier } from './verifier.ts';

/** What the captcha takes from the server's environment (`captchaFromEnv`) or from a test. */
export interface CaptchaSetup {
  /**
   * `ALTCHA_HMAC_KEY`: signs ALTCHA challenges. Every process of one desk must share it (a
   * challenge fetched from one process is verified by whichever gets the request). Without it a
   * random key is made per app: right for one process (the demo, the tests), wrong for several.
   */
  altchaHmacKey?: string;
  /** The most numbers a browser may try (default 50 000: about a second on a phone). */
  altchaMaxNumber?: number;
  /** How long an ALTCHA challenge stays valid (default 600 s). */
  altchaTtlSeconds?: number;
  /** `CAPTCHA_SECRET_<AGENCYID>` (upper case, `-` as `_`): the reCAPTCHA / hCaptcha / Turnstile secret. */
  secretFor?: (agencyId: string) => string | undefined;
  /** Another siteverify endpoint per provider (the tests' local stand-in). */
  siteverifyUrls?: Partial<Record<ThirdPartyCaptcha, string>>;
  /** How the server reaches the providers (tests may pass their own). */
  fetch?: typeof fetch;
  /** `TRUST_PROXY=1`: the client's address (`remoteip`) is the last of `X-Forwarded-For`. */
  trustProxy?: boolean;
}

/** The environment variable holding an agency's third-party captcha secret. */
export function captchaSecretVariable(agencyId: string): string {
  return `CAPTCHA_SECRET_${agencyId.toUpperCase().replace(/-/g, '_')}`;
}

/** The captcha setup from the environment (server/main.ts). */
export function captchaFromEnv(env: NodeJS.ProcessEnv): CaptchaSetup {
  const maxNumber = env.ALTCHA_MAX_NUMBER ? Number(env.ALTCHA_MAX_NUMBER) : undefined;
  if (maxNumber !== undefined && (!Number.isSafeInteger(maxNumber) || maxNumber < 1)) {
    throw new CaptchaConfigError(`ALTCHA_MAX_NUMBER no válido: ${env.ALTCHA_MAX_NUMBER}`);
  }
  return {
    altchaHmacKey: env.ALTCHA_HMAC_KEY?.trim() || undefined,
    altchaMaxNumber: maxNumber,
    secretFor: (agencyId) => env[captchaSecretVariable(agencyId)]?.trim() || undefined,
    trustProxy: env.TRUST_PROXY === '1',
  };
}

export class CaptchaConfigError extends Error {}

function isCaptchaPlace(value: string): value is CaptchaPlace {
  return ([...CAPTCHA_PLACES, ...IMPLIED_CAPTCHA_PLACES] as readonly string[]).includes(value);
}

/** True when this agency asks a captcha at this place (`upload`: whenever it asks one anywhere). */
export function asksCaptcha(config: AgencyConfig, place: CaptchaPlace): boolean {
  return asksCaptchaAt(config.captcha, place);
}

export interface CaptchaGateOptions {
  db: DeskDatabase;
  clock: Clock;
  configs: AgencyConfig[];
  setup?: CaptchaSetup;
}

const INVALID_DETAIL = 'La verificación «No soy un robot» no es válida o ya se usó. Vuelva a marcarla.';

export class CaptchaGate {
  private readonly verifiers = new Map<string, CaptchaVerifier>();
  private readonly altcha = new Map<string, AltchaVerifier>();
  private readonly setup: CaptchaSetup;

  constructor(private readonly options: CaptchaGateOptions) {
    this.setup = options.setup ?? {};
    const hmacKey = this.setup.altchaHmacKey ?? randomBytes(32).toString('base64url');
    for (const config of options.configs) {
      const captcha = config.captcha;
      if (captcha.provider === 'none') continue;
      if (captcha.provider === 'altcha') {
        const verifier = new AltchaVerifier(
          { db: options.db, clock: options.clock, hmacKey, maxNumber: this.setup.altchaMaxNumber, ttlSeconds: this.setup.altchaTtlSeconds },
          config.id,
        );
        this.altcha.set(config.id, verifier);
        this.verifiers.set(config.id, verifier);
        continue;
      }
      const secret = this.setup.secretFor?.(config.id);
      if (!secret) {
        // Failing at start beats a desk whose every filing is refused.
        throw new CaptchaConfigError(
          `La entidad «${config.id}» usa ${captcha.provider} pero falta su clave secreta: defina ${captchaSecretVariable(config.id)}.`,
        );
      }
      this.verifiers.set(
        config.id,
        new SiteverifyVerifier({
          provider: captcha.provider,
          secret,
          siteKey: captcha.siteKey,
          hostnames: captcha.hostnames,
          minScore: captcha.provider === 'recaptcha' ? captcha.minScore : undefined,
          url: this.setup.siteverifyUrls?.[captcha.provider],
          fetch: this.setup.fetch,
        }),
      );
    }
  }

  /**
   * The middleware of a protected route. `idempotencyPrefix`: the route takes an
   * `Idempotency-Key` stored with this prefix (filings: '', corrections: 'correction:'); a key
   * already answered needs no captcha, the route replays (or refuses a different body) without
   * doing anything new.
   */
  requireCaptcha(place: CaptchaPlace, options: { idempotencyPrefix?: string } = {}): MiddlewareHandler {
    return async (c, next) => {
      const agencyId = c.req.param('agencyId') ?? '';
      const config = this.options.configs.find((candidate) => candidate.id === agencyId);
      const verifier = this.verifiers.get(agencyId);
      if (!config || !verifier || !asksCaptcha(config, place)) return next();
      if (options.idempotencyPrefix !== undefined && (await this.keyAnswered(c, agencyId, options.idempotencyPrefix))) {
        return next();
      }
      const answer = c.req.header('captcha-response')?.trim();
      if (!answer) {
        throw new ProblemError('captcha.required', { detail: 'Marque la casilla «No soy un robot» y vuelva a intentarlo.' });
      }
      const verdict = await verifier.verify(answer, { place, remoteIp: this.remoteIp(c) });
      if (!verdict.ok) {
        if (verdict.reason === 'unavailable') {
          throw new ProblemError('captcha.unavailable', { detail: 'No pudimos comprobar la verificación «No soy un robot». Vuelva a intentarlo en unos minutos.' });
        }
        throw new ProblemError('captcha.invalid', { detail: INVALID_DETAIL });
      }
      return next();
    };
  }

  /**
   * `GET /api/{agencyId}/captcha/challenge?place=…`: a fresh ALTCHA challenge for that place
   * (never cached). No default place: a challenge for a place the caller did not mean would
   * only be refused later, where the reason is harder to see.
   */
  mountChallenge<E extends Env>(app: Hono<E>): void {
    app.get('/api/:agencyId/captcha/challenge', async (c) => {
      const agencyId = c.req.param('agencyId') ?? '';
      const verifier = this.altcha.get(agencyId);
      if (!verifier) throw new ProblemError('captcha.disabled', { detail: 'Esta mesa de partes no usa la verificación ALTCHA.' });
      const place = c.req.query('place') ?? '';
      if (!isCaptchaPlace(place)) {
        throw new ProblemError('request.malformed', {
          detail: `Indique para qué es la verificación «No soy un robot»: place=${[...CAPTCHA_PLACES, ...IMPLIED_CAPTCHA_PLACES].join(', ')}.`,
        });
      }
      const config = this.options.configs.find((candidate) => candidate.id === agencyId)!;
      if (!asksCaptcha(config, place)) {
        throw new ProblemError('captcha.disabled', { detail: 'Esta mesa de partes no pide la verificación «No soy un robot» en este paso.' });
      }
      c.header('cache-control', 'no-store');
      return c.json(await verifier.challenge(place));
    });
  }

  /**
   * Whether this exact call was already answered: the key is stored AND with the hash of this
   * very body. A known key with another body still needs a captcha, or a key once used would
   * skip it for any later look-up (and the route's answers would tell which numbers exist).
   */
  private async keyAnswered(c: Context, agencyId: string, prefix: string): Promise<boolean> {
    const key = c.req.header('idempotency-key')?.trim();
    if (!key) return false; // the route refuses it (idempotency.missing) after the captcha
    const row = await this.options.db
      .selectFrom('idempotency_keys')
      .select('body_sha256')
      .where('agency_id', '=', agencyId)
      .where('idempotency_key', '=', `${prefix}${key}`)
      .executeTakeFirst();
    if (!row) return false;
    const body: unknown = await c.req.json().catch(() => undefined);
    // Too deep to hash (the route then refuses it as malformed).
    if (body === undefined || nestedDeeperThan(body, MAX_JSON_DEPTH)) return false;
    return sha256Hex(canonicalJson(body)) === row.body_sha256;
  }

  private remoteIp(c: Context): string | undefined {
    return clientAddress(c, { trustProxy: this.setup.trustProxy });
  }
}
