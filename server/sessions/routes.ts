/**
 * "Mis trámites" sign-in and sign-out:
 *
 *   POST   /api/{agencyId}/sessions          {email, code, documentType, documentNumber} → 201 CitizenSession
 *   POST   /api/{agencyId}/sessions/oidc     {code, codeVerifier, redirectUri}           → 201 CitizenSession
 *   DELETE /api/{agencyId}/sessions/current  (Bearer)                                     → 204
 *
 * Only for agencies with `account.myRequests` (otherwise 404 `account.disabled`). The email code
 * proves the email; the identity document narrows the list to the requests filed with it, so a
 * shared family mailbox does not show one person's requests to another.
 */
import type { Context, Env, Hono } from 'hono';
import { documentTypesFor, identityOptions } from '../../src/config/derive.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { validateIdentityDocument, type IdentityDocumentType } from '../../src/domain/identity.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase } from '../db/schema.ts';
import { readJsonBody } from '../http/body.ts';
import { ProblemError } from '../http/problems.ts';
import { oidcIdentity } from '../oidc/sign-in.ts';
import { queryBodyLimit } from '../tracking/routes.ts';
import type { EmailVerification } from '../verification/codes.ts';
import { fieldProblem, stringMember, type IdentityOptions } from '../verification/options.ts';
import { CitizenSessions, requireAccounts } from './sessions.ts';

export interface SessionRouteOptions {
  db: DeskDatabase;
  clock: Clock;
  configOf: (agencyId: string) => AgencyConfig | undefined;
  identity: IdentityOptions;
  verification: EmailVerification;
}

export function mountSessions<E extends Env>(app: Hono<E>, options: SessionRouteOptions): CitizenSessions {
  const sessions = new CitizenSessions(options.db, options.clock);
  const accountConfig = (c: Context): AgencyConfig => {
    const config = options.configOf(c.req.param('agencyId') ?? '')!;
    requireAccounts(config);
    return config;
  };

  app.post('/api/:agencyId/sessions', queryBodyLimit(), async (c) => {
    const config = accountConfig(c);
    const body = await readJsonBody(c, 'sus datos');
    // The document is checked before the code is spent: a typo in it must not burn the code.
    const document = readDocument(config, stringMember(body, 'documentType'), stringMember(body, 'documentNumber'));
    const email = await options.verification.consumeCode(config, stringMember(body, 'email'), stringMember(body, 'code'), 'session.invalid');
    const session = await sessions.open(config, { email: email.shown, method: 'email-code', ...document });
    c.header('cache-control', 'no-store');
    return c.json(session, 201);
  });

  app.post('/api/:agencyId/sessions/oidc', queryBodyLimit(), async (c) => {
    const config = accountConfig(c);
    const body = await readJsonBody(c, 'la respuesta del proveedor');
    const code = stringMember(body, 'code');
    const codeVerifier = stringMember(body, 'codeVerifier');
    const redirectUri = stringMember(body, 'redirectUri');
    if (!code || !codeVerifier || !redirectUri) {
      throw new ProblemError('request.malformed', { detail: 'Envíe { "code", "codeVerifier", "redirectUri" } tal como volvieron del proveedor de identidad.' });
    }
    const identity = await oidcIdentity(
      config,
      { code, codeVerifier, redirectUri },
      { clock: options.clock, fetch: options.identity.fetch ?? fetch, clientSecret: options.identity.oidcClientSecret?.(config.id) },
    );
    const session = await sessions.open(config, identity);
    c.header('cache-control', 'no-store');
    return c.json(session, 201);
  });

  app.delete('/api/:agencyId/sessions/current', async (c) => {
    const config = accountConfig(c);
    await sessions.revoke(await sessions.current(c, config));
    return c.body(null, 204);
  });
  return sessions;
}

/** The identity document the session is bound to, as filings store it (a DNI without its check character). */
function readDocument(config: AgencyConfig, type: string | undefined, number: string | undefined): { documentType: IdentityDocumentType; documentNumber: string } {
  const allowed = new Set(config.personTypes.flatMap((person) => documentTypesFor(config, person.kind)));
  if (!type || !allowed.has(type as IdentityDocumentType)) {
    throw fieldProblem('session.invalid', `Elija el tipo de documento con el que presentó sus solicitudes (${[...allowed].join(', ')}).`, 'documentType', 'field.choose');
  }
  let checked: ReturnType<typeof validateIdentityDocument>;
  try {
    checked = validateIdentityDocument(type as IdentityDocumentType, number ?? '', identityOptions(config, type as IdentityDocumentType));
  } catch {
    checked = { ok: false, code: 'required' };
  }
  if (!checked.ok) {
    throw fieldProblem('session.invalid', 'Revise el número de su documento de identidad.', 'documentNumber', `identity.${checked.code}`);
  }
  return { documentType: type as IdentityDocumentType, documentNumber: checked.value };
}
