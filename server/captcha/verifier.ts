/**
 * What every captcha provider answers the same way: a verifier takes the answer the browser sent
 * (header `Captcha-Response`) and says whether it proves a fresh, human-ish interaction. ALTCHA is
 * verified here (server/captcha/altcha.ts); reCAPTCHA, hCaptcha and Turnstile by their provider's
 * siteverify endpoint (server/captcha/siteverify.ts).
 */
import type { CaptchaPlace } from '../../src/config/schema.ts';

export interface CaptchaContext {
  /** The client's address, passed on to providers that use it (`remoteip`). */
  remoteIp?: string;
  place: CaptchaPlace;
}

/**
 * Why an answer was refused. `unavailable`: the provider could not be asked (the citizen may try
 * again; not their fault). Everything else is the citizen's answer: wrong, expired or used.
 */
export type CaptchaRefusal = 'malformed' | 'wrong' | 'expired' | 'replayed' | 'unavailable' | (string & {});

export type CaptchaVerdict = { ok: true } | { ok: false; reason: CaptchaRefusal };

export interface CaptchaVerifier {
  verify(response: string, context: CaptchaContext): Promise<CaptchaVerdict>;
}
