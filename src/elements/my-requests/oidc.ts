/**
 * OpenID Connect sign-in from the browser (ID GOB.PE is an OpenID Connect provider): the
 * Authorization Code flow with PKCE (S256). The page goes to the provider's authorization
 * endpoint and comes back with `?code=…&state=…`; the backend exchanges the code (with the
 * verifier) for the identity, so no token of the provider ever lives in the page.
 *
 * The redirect URI is the current page's URL without its query and fragment: that exact URL must
 * be registered with the provider for the agency's client id. The verifier and the state wait in
 * sessionStorage (this tab only) under an agency-scoped key, and are removed once used.
 */
import { randomUuid } from '../../internal/compat.ts';
import { OIDC_STATE_PREFIX } from './oidc-state.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  scopes: readonly string[];
}

/** What waits in sessionStorage between leaving for the provider and coming back. */
interface PendingOidc {
  state: string;
  verifier: string;
  redirectUri: string;
}

export { OIDC_STATE_PREFIX } from './oidc-state.ts';

/** The return parameters the provider adds to the redirect URI (removed once read). */
const RETURN_PARAMS = ['code', 'state', 'session_state', 'iss', 'error', 'error_description', 'error_uri'];

const pendingKey = (agencyId: string) => `mpd:${agencyId}:oidc`;

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(bytes: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** PKCE's S256: BASE64URL(SHA-256(verifier)). */
export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The current page without query and fragment: where the provider sends the citizen back. */
export function redirectUriOf(href: string): string {
  const url = new URL(href);
  url.search = '';
  url.hash = '';
  return url.href;
}

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined; // storage blocked (sandboxed frame, privacy settings)
  }
}

/** Thrown when the provider cannot be reached or its discovery document is not usable. */
export class OidcDiscoveryError extends Error {
  override name = 'OidcDiscoveryError';
}

/**
 * The provider's authorization URL for a new sign-in: reads the provider's discovery document,
 * makes a verifier, its S256 challenge and a state, and keeps them for the return.
 */
export async function authorizationUrl(agencyId: string, settings: OidcSettings, pageHref: string): Promise<string> {
  const issuer = settings.issuer.replace(/\/+$/, '');
  let endpoint: unknown;
  try {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    endpoint = ((await response.json()) as { authorization_endpoint?: unknown }).authorization_endpoint;
  } catch (error) {
    throw new OidcDiscoveryError((error as Error).message);
  }
  if (typeof endpoint !== 'string') throw new OidcDiscoveryError('no authorization_endpoint');
  // 32 random bytes give a 43-character verifier, the shortest RFC 7636 allows.
  const verifier = randomText(32);
  const state = `${OIDC_STATE_PREFIX}${randomUuid()}`;
  const redirectUri = redirectUriOf(pageHref);
  const pending: PendingOidc = { state, verifier, redirectUri };
  storage()?.setItem(pendingKey(agencyId), JSON.stringify(pending));
  const url = new URL(endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', settings.scopes.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await pkceChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return url.href;
}

export type OidcReturn =
  | { kind: 'none' }
  | { kind: 'code'; code: string; codeVerifier: string; redirectUri: string }
  | { kind: 'failed' };

/**
 * Reads the provider's return from the page URL: the code with its verifier when the state
 * matches the one kept, `failed` when the provider said no or the state does not match (a
 * forged or stale return), `none` when this page is not a return for this agency. A return is
 * used once: the kept state is removed and the parameters leave the address bar.
 */
export function takeOidcReturn(agencyId: string): OidcReturn {
  const location = globalThis.location;
  if (!location) return { kind: 'none' };
  const url = new URL(location.href);
  const params = new URLSearchParams(url.search);
  const state = params.get('state');
  if (!state?.startsWith(OIDC_STATE_PREFIX)) return { kind: 'none' };
  const store = storage();
  const raw = store?.getItem(pendingKey(agencyId));
  if (!raw) return { kind: 'none' }; // another agency's desk on the same page started it
  store?.removeItem(pendingKey(agencyId));
  for (const name of RETURN_PARAMS) url.searchParams.delete(name);
  try {
    globalThis.history?.replaceState(globalThis.history.state, '', url.href);
  } catch {
    // An opaque-origin page may refuse; the return is read all the same.
  }
  let pending: PendingOidc;
  try {
    pending = JSON.parse(raw) as PendingOidc;
  } catch {
    return { kind: 'failed' };
  }
  const code = params.get('code');
  if (pending.state !== state || !code || params.has('error')) return { kind: 'failed' };
  return { kind: 'code', code, codeVerifier: pending.verifier, redirectUri: pending.redirectUri };
}
