/**
 * `POST /api/{agencyId}/verification/codes` `{email}` → 202 `VerificationCodeSent`, and
 * `POST /api/{agencyId}/verification/tokens` `{email, code}` → 201 `VerificationToken`
 * (server/verification/codes.ts has the rules). Codes exist for agencies that require the email
 * to be verified before filing or that offer "Mis trámites" (whose sign-in uses them).
 */
import type { Context, Env, Hono, MiddlewareHandler } from 'hono';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase } from '../db/schema.ts';
import { readJsonBody } from '../http/body.ts';
import { ProblemError } from '../http/problems.ts';
import { queryBodyLimit } from '../tracking/routes.ts';
import { EmailVerification } from './codes.ts';
import { clientAddress, stringMember, withRetryAfter, type IdentityOptions } from './options.ts';

export interface VerificationRouteOptions {
  db: DeskDatabase;
  clock: Clock;
  configOf: (agencyId: string) => AgencyConfig | undefined;
  identity: IdentityOptions;
  /**
   * The captcha check of `POST verification/codes` (place `verification`): the captcha module's
   * `requireCaptcha('verification')`, passed by app.ts.
   */
  captcha?: MiddlewareHandler;
}

/** True when this agency sends email codes at all. */
export function sendsCodes(config: AgencyConfig): boolean {
  return config.verification.email === 'required' || config.account.myRequests;
}

export function mountVerification<E extends Env>(app: Hono<E>, options: VerificationRouteOptions): EmailVerification {
  const verification = new EmailVerification(options.db, options.clock, options.identity.secret);
  const configFor = (c: Context): AgencyConfig => {
    const config = options.configOf(c.req.param('agencyId') ?? '')!;
    if (!sendsCodes(config)) {
      throw new ProblemError('verification.disabled', { detail: 'Esta mesa de partes no pide validar el correo electrónico.' });
    }
    return config;
  };
  const captcha: MiddlewareHandler = options.captcha ?? (async (_c, next) => next());

  app.post('/api/:agencyId/verification/codes', queryBodyLimit(), captcha, (c) =>
    withRetryAfter(async () => {
      const config = configFor(c);
      const body = await readJsonBody(c, 'el correo');
      const sent = await verification.sendCode(config, stringMember(body, 'email'), clientAddress(c, options.identity));
      c.header('cache-control', 'no-store');
      return c.json(sent, 202);
    }),
  );

  app.post('/api/:agencyId/verification/tokens', queryBodyLimit(), async (c) => {
    const config = configFor(c);
    const body = await readJsonBody(c, 'el código');
    const token = await verification.issueToken(config, stringMember(body, 'email'), stringMember(body, 'code'));
    c.header('cache-control', 'no-store');
    return c.json(token, 201);
  });
  return verification;
}
