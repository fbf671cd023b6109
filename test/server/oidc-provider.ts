/**
 * A real OpenID Connect provider (the `oidc-provider` package, as ID GOB.PE would answer) on a
 * free local port, for the server tests and the end-to-end tests: one client, one account with
 * an email and a DNI, and its development login and consent pages, which `authorize` drives with
 * plain HTTP the way a browser would (cookies included).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  id: string;
  email: string;
  /** `null`: the provider says nothing about it (the claim is left out). */
  emailVerified?: boolean | null;
  name?: string;
  /** ID GOB.PE-style document claims; left out, the token carries no document. */
  docType?: string;
  docNumber?: string;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  /** When given, a confidential client (client_secret_basic); otherwise public with PKCE. */
  clientSecret?: string;
  redirectUri: string;
  /** Runs the browser's part (authorize, login, consent) and returns what the desk posts to `sessions/oidc`. */
  authorize(accountId: string): Promise<{ code: string; codeVerifier: string; redirectUri: string }>;
  close(): Promise<void>;
}

export async function startOidcProvider(options: {
  accounts: TestAccount[];
  redirectUri: string;
  clientId?: string;
  clientSecret?: string;
}): Promise<TestOidcProvider> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = options.clientId ?? 'mesa-de-partes';
  const accounts = new Map(options.accounts.map((account) => [account.id, account]));

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        ...(options.clientSecret ? { client_secret: options.clientSecret, token_endpoint_auth_method: 'client_secret_basic' } : { token_endpoint_auth_method: 'none' }),
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], dni: ['doc_type', 'doc_number'] },
    scopes: ['openid', 'email', 'profile', 'dni'],
    // The claims go in the ID token, which is all the desk reads.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: account.email,
            ...(account.emailVerified !== null && { email_verified: account.emailVerified ?? true }),
            ...(account.name && { name: account.name }),
            ...(account.docType && { doc_type: account.docType }),
            ...(account.docNumber && { doc_number: account.docNumber }),
          };
        },
      };
    },
  });
  handler = provider.callback();

  return {
    issuer,
    clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri,
    async authorize(accountId) {
      const codeVerifier = randomBytes(32).toString('base64url');
      const state = randomBytes(8).toString('hex');
      const url = new URL('/auth', issuer);
      url.search = new URLSearchParams({
        client_id: clientId,
        redirect_uri: options.redirectUri,
        response_type: 'code',
        scope: 'openid email profile dni',
        state,
        code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      const browser = new CookieBrowser();
      let response = await browser.follow(url.href);
      for (const prompt of ['login', 'consent'] as const) {
        const html = await response.text();
        const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
        if (!action) throw new Error(`no ${prompt} form in: ${html.slice(0, 500)}`);
        const form: Record<string, string> = prompt === 'login' ? { prompt, login: accountId, password: 'x' } : { prompt };
        response = await browser.follow(new URL(action, response.url).href, { method: 'POST', body: new URLSearchParams(form) });
        if (browser.landedOn?.startsWith(options.redirectUri)) break;
      }
      const back = new URL(browser.landedOn ?? '');
      if (back.searchParams.get('state') !== state) throw new Error(`unexpected redirect: ${browser.landedOn}`);
      const code = back.searchParams.get('code');
      if (!code) throw new Error(`no code: ${browser.landedOn}`);
      return { code, codeVerifier, redirectUri: options.redirectUri };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Follows redirects by hand, keeping cookies, and stops at the client's redirect URI. */
class CookieBrowser {
  private readonly cookies = new Map<string, string>();
  /** The redirect URI the provider finally sent the browser to. */
  landedOn: string | undefined;

  async follow(url: string, init: { method?: string; body?: URLSearchParams } = {}): Promise<Response & { url: string }> {
    let next = url;
    let method = init.method ?? 'GET';
    let body: URLSearchParams | undefined = init.body;
    for (let hop = 0; hop < 10; hop++) {
      const response = await fetch(next, { method, body, redirect: 'manual', headers: { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') } });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const index = pair!.indexOf('=');
        this.cookies.set(pair!.slice(0, index).trim(), pair!.slice(index + 1));
      }
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        Object.defineProperty(response, 'url', { value: next });
        return response as Response & { url: string };
      }
      next = new URL(location, next).href;
      if (!next.startsWith('http://127.0.0.1') || next.includes('code=')) {
        this.landedOn = next;
        return new Response('') as Response & { url: string };
      }
      method = 'GET';
      body = undefined;
    }
    throw new Error('too many redirects');
  }
}
