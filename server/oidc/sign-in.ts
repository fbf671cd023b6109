/**
 * Sign-in with an OpenID Connect provider (ID GOB.PE is one): the browser ran the Authorization
 * Code flow with PKCE and hands us `{code, codeVerifier, redirectUri}`; the server exchanges the
 * code at the provider's token endpoint (found in `${issuer}/.well-known/openid-configuration`),
 * verifies the ID token with `jose` (signature by the provider's JWKS, issuer, audience = our
 * client id, expiry on the server's clock) and reads who signed in.
 *
 * Client authentication: `client_secret_basic` with env `OIDC_CLIENT_SECRET_<AGENCYID>` when set
 * (agency id uppercased, hyphens as underscores), otherwise a public client (`client_id` in the
 * body, PKCE only).
 *
 * Claims read: `email` (required; refused when `email_verified` is false), `name` or
 * `given_name` + `family_name`, and the identity document as ID GOB.PE-style `doc_type` +
 * `doc_number` (e.g. "DNI", "10117410"), or a bare `dni` claim; without them the session has no
 * document and "Mis trámites" lists by email alone (the provider vouched for the email).
 */
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { identityOptions } from '../../src/config/derive.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { checkEmail } from '../../src/domain/email.ts';
import { validateIdentityDocument, type IdentityDocumentType } from '../../src/domain/identity.ts';
import type { Clock } from '../clock.ts';
import { ProblemError } from '../http/problems.ts';
import type { SessionIdentity } from '../sessions/sessions.ts';

export interface OidcCallback {
  code: string;
  codeVerifier: string;
  redirectUri: string;
}

export interface OidcOptions {
  clock: Clock;
  fetch: typeof fetch;
  clientSecret?: string;
}

interface Discovery {
  issuer: string;
  token_endpoint: string;
  jwks_uri: string;
}

const TIMEOUT_MS = 8_000;

/** The env variable holding an agency's client secret. */
export function oidcSecretVariable(agencyId: string): string {
  return `OIDC_CLIENT_SECRET_${agencyId.toUpperCase().replace(/-/g, '_')}`;
}

export async function oidcIdentity(config: AgencyConfig, callback: OidcCallback, options: OidcOptions): Promise<SessionIdentity> {
  const oidc = config.account.oidc;
  if (!oidc) throw new ProblemError('account.disabled', { detail: 'Esta mesa de partes no ofrece el ingreso con un proveedor de identidad.' });
  if (!/^https?:\/\//.test(oidc.issuer)) {
    throw unavailable(`El emisor configurado (${oidc.issuer}) debe ser una dirección completa https://… para que el servidor lo consulte.`);
  }
  const discovery = await getJson<Discovery>(options.fetch, `${oidc.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  if (!discovery.token_endpoint || !discovery.jwks_uri || !discovery.issuer) throw unavailable('El proveedor de identidad no publica su configuración completa.');
  // OpenID Connect Discovery §4.3: the issuer it publishes must be the one configured, or the
  // tokens would be judged against an issuer nobody chose.
  if (discovery.issuer.replace(/\/+$/, '') !== oidc.issuer.replace(/\/+$/, '')) {
    throw unavailable('El proveedor de identidad publica otro emisor que el configurado: revise account.oidc.issuer.');
  }

  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: callback.code,
    redirect_uri: callback.redirectUri,
    code_verifier: callback.codeVerifier,
  });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (options.clientSecret) {
    // RFC 6749 §2.3.1: both parts form-encoded before Basic.
    const pair = `${encodeURIComponent(oidc.clientId)}:${encodeURIComponent(options.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  } else {
    form.set('client_id', oidc.clientId);
  }
  let tokenResponse: Response;
  try {
    tokenResponse = await options.fetch(discovery.token_endpoint, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw unavailable('No pudimos comunicarnos con el proveedor de identidad. Vuelva a intentarlo en unos minutos.');
  }
  const tokens = (await tokenResponse.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown };
  if (!tokenResponse.ok || typeof tokens.id_token !== 'string') {
    if (tokenResponse.status >= 500) throw unavailable('El proveedor de identidad no respondió como se esperaba. Vuelva a intentarlo en unos minutos.');
    throw failed('El proveedor de identidad no aceptó el ingreso (puede haber vencido). Vuelva a ingresar.');
  }

  const jwks = await getJson<JSONWebKeySet>(options.fetch, discovery.jwks_uri);
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(tokens.id_token, createLocalJWKSet(jwks), {
      issuer: discovery.issuer,
      audience: oidc.clientId,
      currentDate: options.clock.now(),
      requiredClaims: ['exp', 'sub'],
    }));
  } catch {
    throw failed('La respuesta del proveedor de identidad no se pudo verificar. Vuelva a ingresar.');
  }

  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  if (!email) throw failed('El proveedor de identidad no nos dio su correo electrónico. Autorice compartirlo o ingrese con un código enviado a su correo.');
  // Only an address the provider vouches for: "Mis trámites" lists and changes the requests of
  // that email, so an unverified one would open someone else's requests.
  if (claims.email_verified !== true) throw failed('Su correo no está verificado en el proveedor de identidad. Ingrese con un código enviado a su correo.');
  // The same one-address rule as everywhere (src/domain/email.ts), and the same stored form, so
  // the session finds the requests filed with that address.
  const checked = checkEmail(email);
  if (!checked.ok) throw failed('El correo que nos dio el proveedor de identidad no es una dirección que podamos usar. Ingrese con un código enviado a su correo.');
  const name = typeof claims.name === 'string' ? claims.name : [claims.given_name, claims.family_name].filter((part) => typeof part === 'string').join(' ');
  return { email: checked.address, method: 'oidc', ...documentOf(config, claims), ...(name && { name }) };
}

/** The identity document the provider vouches for, when its claims carry a valid one. */
function documentOf(config: AgencyConfig, claims: JWTPayload): { documentType?: IdentityDocumentType; documentNumber?: string } {
  const type = (typeof claims.doc_type === 'string' ? claims.doc_type.toUpperCase() : typeof claims.dni === 'string' ? 'DNI' : '') as IdentityDocumentType;
  const number = typeof claims.doc_number === 'string' ? claims.doc_number : typeof claims.dni === 'string' ? claims.dni : '';
  if (!type || !number) return {};
  try {
    const checked = validateIdentityDocument(type, number, identityOptions(config, type));
    return checked.ok ? { documentType: type, documentNumber: checked.value } : {};
  } catch {
    return {};
  }
}

async function getJson<T>(fetchImpl: typeof fetch, url: string): Promise<T> {
  try {
    const response = await fetchImpl(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as T;
  } catch {
    throw unavailable('No pudimos comunicarnos con el proveedor de identidad. Vuelva a intentarlo en unos minutos.');
  }
}

function unavailable(detail: string): ProblemError {
  return new ProblemError('oidc.unavailable', { detail });
}

function failed(detail: string): ProblemError {
  return new ProblemError('oidc.failed', { detail });
}
