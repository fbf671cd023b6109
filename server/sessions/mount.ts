/** Mounts issue 5's identity routes: email codes, sessions (email code, OpenID Connect) and "Mis trámites". */
import type { Env, Hono, MiddlewareHandler } from 'hono';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase } from '../db/schema.ts';
import { mountMyRequests } from '../my-requests/routes.ts';
import type { IdentityOptions } from '../verification/options.ts';
import { mountVerification } from '../verification/routes.ts';
import { mountSessions } from './routes.ts';

export function mountCitizenAccounts<E extends Env>(
  app: Hono<E>,
  options: { db: DeskDatabase; clock: Clock; configOf: (agencyId: string) => AgencyConfig | undefined; identity?: IdentityOptions; verificationCaptcha?: MiddlewareHandler },
): void {
  const base = { db: options.db, clock: options.clock, configOf: options.configOf, identity: options.identity ?? {} };
  const verification = mountVerification(app, { ...base, captcha: options.verificationCaptcha });
  const sessions = mountSessions(app, { ...base, verification });
  mountMyRequests(app, { ...base, sessions });
}
