/**
 * reCAPTCHA, hCaptcha and Turnstile: the browser runs the provider's widget, the server asks the
 * provider's `siteverify` endpoint whether the token is good. All three take the same form
 * (`secret`, `response`, optional `remoteip`; hCaptcha also `sitekey`) and answer the same shape
 * (`{success, challenge_ts, hostname, "error-codes": [...]}`); the providers themselves refuse a
 * token checked before (`timeout-or-duplicate`, `invalid-or-already-seen-response`).
 *
 * `success` alone only says the token is genuine, not that it was made for this desk and this
 * step, so a good token is also refused when: its `hostname` is not one of the config's
 * `hostnames` (when given: a site key may be shared by several sites); the provider reports an
 * `action` (Turnstile, reCAPTCHA v3) other than the place (our widget sets the place as the
 * action); reCAPTCHA reports a `score` under the config's `minScore` (default 0.5).
 *
 * reCAPTCHA v2 and hCaptcha tokens carry no action, so they are not bound to their place: one
 * solved for tracking passes a filing's gate as well (each token still works once). Only ALTCHA
 * answers (bound by this backend, server/captcha/altcha.ts) and Turnstile tokens are. Without
 * `hostnames`, any site using the same site key is accepted too: server/main.ts warns at startup.
 */
import type { CaptchaVerdict, CaptchaVerifier, CaptchaContext } from './verifier.ts';

export type ThirdPartyCaptcha = 'recaptcha' | 'hcaptcha' | 'turnstile';

export const SITEVERIFY_URLS: Record<ThirdPartyCaptcha, string> = {
  recaptcha: 'https://www.google.com/recaptcha/api/siteverify',
  hcaptcha: 'https://api.hcaptcha.com/siteverify',
  turnstile: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
};

/** A citizen waits for this: a provider slower than this counts as unavailable. */
const SITEVERIFY_TIMEOUT_MS = 8000;
/** Provider tokens are a few KB at most. */
const MAX_TOKEN_LENGTH = 8192;
/** reCAPTCHA v3's own suggestion: under 0.5 is more likely a bot than a person. */
export const DEFAULT_MIN_SCORE = 0.5;

export interface SiteverifyOptions {
  provider: ThirdPartyCaptcha;
  secret: string;
  siteKey: string;
  /** The hostnames a token may come from (`config.captcha.hostnames`); any when left out. */
  hostnames?: readonly string[];
  /** The lowest reCAPTCHA score taken (`config.captcha.minScore`, default 0.5). */
  minScore?: number;
  /** The endpoint (tests: a local stand-in speaking the provider's shapes). */
  url?: string;
  fetch?: typeof fetch;
}

export class SiteverifyVerifier implements CaptchaVerifier {
  constructor(private readonly options: SiteverifyOptions) {}

  async verify(response: string, context: CaptchaContext): Promise<CaptchaVerdict> {
    if (response.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
    const form = new URLSearchParams({ secret: this.options.secret, response });
    if (context.remoteIp && context.remoteIp !== 'unknown') form.set('remoteip', context.remoteIp);
    // hCaptcha checks the token was made for this site key when given one.
    if (this.options.provider === 'hcaptcha') form.set('sitekey', this.options.siteKey);
    let answer: SiteverifyAnswer;
    try {
      const reply = await (this.options.fetch ?? fetch)(this.options.url ?? SITEVERIFY_URLS[this.options.provider], {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        signal: AbortSignal.timeout(SITEVERIFY_TIMEOUT_MS),
      });
      if (!reply.ok) return { ok: false, reason: 'unavailable' };
      answer = (await reply.json()) as typeof answer;
    } catch {
      return { ok: false, reason: 'unavailable' };
    }
    if (answer.success === true) return this.boundHere(answer, context);
    const codes = Array.isArray(answer['error-codes']) ? answer['error-codes'].filter((code): code is string => typeof code === 'string') : [];
    // Our own secret refused is not the citizen's fault: say the check is unavailable (and log it).
    if (codes.some((code) => /secret|sitekey-secret-mismatch/.test(code))) {
      console.error(`[captcha] ${this.options.provider} refused the server's secret: ${codes.join(', ')}`);
      return { ok: false, reason: 'unavailable' };
    }
    return { ok: false, reason: codes.join(',') || 'wrong' };
  }

  /** A genuine token: was it made on one of our sites, for this step, by a likely person? */
  private boundHere(answer: SiteverifyAnswer, context: CaptchaContext): CaptchaVerdict {
    const { hostnames, provider } = this.options;
    if (hostnames?.length && !(typeof answer.hostname === 'string' && hostnames.includes(answer.hostname.toLowerCase()))) {
      // Also a desk whose `hostnames` forgot one of its sites: the log tells its operator.
      console.warn(`[captcha] ${provider} token from hostname ${JSON.stringify(answer.hostname)}, not in captcha.hostnames`);
      return { ok: false, reason: 'hostname' };
    }
    // reCAPTCHA v2 reports no action; an empty one (Turnstile) was made by a widget not ours.
    if (answer.action !== undefined && answer.action !== context.place) return { ok: false, reason: 'action' };
    // hCaptcha's score (Enterprise) grows with risk: only reCAPTCHA's grows with trust.
    if (provider === 'recaptcha' && typeof answer.score === 'number' && answer.score < (this.options.minScore ?? DEFAULT_MIN_SCORE)) {
      return { ok: false, reason: 'score' };
    }
    return { ok: true };
  }
}

/** The fields of a siteverify reply this verifier reads (any may be missing or of another type). */
interface SiteverifyAnswer {
  success?: unknown;
  'error-codes'?: unknown;
  hostname?: unknown;
  action?: unknown;
  score?: unknown;
}
