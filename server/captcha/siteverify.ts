/**
 * reCAPTCHA, hCaptcha and Turnstile: the browser runs the provider's widget, the server asks the
 * provider's `siteverify` endpoint whether the token is good. All three take the same form
 * (`secret`, `response`, optional `remoteip`; hCaptcha also `sitekey`) and answer the same shape
 * (`{success, challenge_ts, hostname, "error-codes": [...]}`); the providers themselves refuse a
 * token checked before (`timeout-or-duplicate`, `invalid-or-already-seen-response`).
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

export interface SiteverifyOptions {
  provider: ThirdPartyCaptcha;
  secret: string;
  siteKey: string;
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
    let answer: { success?: unknown; 'error-codes'?: unknown };
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
    if (answer.success === true) return { ok: true };
    const codes = Array.isArray(answer['error-codes']) ? answer['error-codes'].filter((code): code is string => typeof code === 'string') : [];
    // Our own secret refused is not the citizen's fault: say the check is unavailable (and log it).
    if (codes.some((code) => /secret|sitekey-secret-mismatch/.test(code))) {
      console.error(`[captcha] ${this.options.provider} refused the server's secret: ${codes.join(', ')}`);
      return { ok: false, reason: 'unavailable' };
    }
    return { ok: false, reason: codes.join(',') || 'wrong' };
  }
}
