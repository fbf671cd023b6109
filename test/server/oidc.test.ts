/**
 * Sign-in with OpenID Connect against a real local provider (oidc-provider): the browser's part
 * (authorize with PKCE, login, consent) is driven over HTTP, then the desk exchanges the code,
 * verifies the ID token and opens a session bound to the email and the DNI the provider vouches for.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CitizenSession, MyRequestSummary } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { makePdf } from './documents.ts';
import { startOidcProvider, type TestOidcProvider } from './oidc-provider.ts';
import { loadDemoConfigs, postFiling, postJson, startServer, tusUpload, validSubmission, type TestServer } from './helpers.ts';

const REDIRECT = 'http://127.0.0.1:8787/inpe.html';
const ACCOUNTS = [
  { id: 'rosa', email: 'rosa.quispe@example.pe', name: 'Rosa María Quispe Mamani', docType: 'DNI', docNumber: '10117410' },
  { id: 'sin-dni', email: 'sin.dni@example.pe' },
  { id: 'sin-verificar', email: 'rosa.quispe@example.pe', emailVerified: false },
  { id: 'sin-dato', email: 'rosa.quispe@example.pe', emailVerified: null },
];

async function deskFor(provider: TestOidcProvider, secret?: string): Promise<TestServer> {
  const configs = (await loadDemoConfigs()).map((config): AgencyConfig =>
    config.id === 'inpe' ? { ...config, account: { ...config.account, oidc: { issuer: provider.issuer, clientId: provider.clientId, scopes: ['openid', 'email', 'profile', 'dni'], label: 'Ingresar con ID GOB.PE' } } } : config,
  );
  // The provider's tokens carry the real time: the desk's clock stands at it too.
  return startServer(new Date().toISOString(), { configs, identity: { oidcClientSecret: (id) => (id === 'inpe' ? secret : undefined) } });
}

describe('OpenID Connect, public client with PKCE', () => {
  let provider: TestOidcProvider;
  let server: TestServer;
  before(async () => {
    provider = await startOidcProvider({ accounts: ACCOUNTS, redirectUri: REDIRECT });
    server = await deskFor(provider);
  });
  after(async () => {
    await server?.close();
    await provider?.close();
  });

  test('a session with the email, name and DNI of the ID token, listing that person\'s requests', async () => {
    const config = server.configs.get('inpe')!;
    const main = await tusUpload(server, 'inpe', await makePdf(), { name: 'oficio.pdf' });
    const filed = await postFiling(server, 'inpe', validSubmission(config, { main }));
    assert.equal(filed.status, 201, JSON.stringify(filed.body));

    const signedIn = await postJson<CitizenSession>(server, 'inpe', 'sessions/oidc', await provider.authorize('rosa'));
    assert.equal(signedIn.status, 201, JSON.stringify(signedIn.body));
    assert.equal(signedIn.body.method, 'oidc');
    assert.equal(signedIn.body.email, 'rosa.quispe@example.pe');
    assert.equal(signedIn.body.name, 'Rosa María Quispe Mamani');
    assert.equal(signedIn.body.documentType, 'DNI');
    assert.equal(signedIn.body.documentNumber, '10117410');
    const list = await fetch(`${server.url}/api/inpe/my/requests`, { headers: { authorization: `Bearer ${signedIn.body.token}` } });
    const { items } = (await list.json()) as { items: MyRequestSummary[] };
    assert.deepEqual(items.map((item) => item.requestNumber), [filed.body.requestNumber]);
  });

  test('without document claims the session has none', async () => {
    const signedIn = await postJson<CitizenSession>(server, 'inpe', 'sessions/oidc', await provider.authorize('sin-dni'));
    assert.equal(signedIn.status, 201, JSON.stringify(signedIn.body));
    assert.equal(signedIn.body.documentNumber, undefined);
  });

  test('an email the provider says is not verified, or does not say, is refused', async () => {
    const refused = await postJson(server, 'inpe', 'sessions/oidc', await provider.authorize('sin-verificar'));
    assert.equal(refused.status, 401);
    assert.equal(refused.body.code, 'oidc.failed');
    assert.match(refused.body.detail, /no está verificado/);
    const silent = await postJson(server, 'inpe', 'sessions/oidc', await provider.authorize('sin-dato'));
    assert.equal(silent.status, 401);
    assert.match(silent.body.detail, /no está verificado/);
  });

  test('a code used twice, a wrong verifier, a malformed body: refused, with a Spanish reason', async () => {
    const callback = await provider.authorize('rosa');
    const wrongVerifier = await postJson(server, 'inpe', 'sessions/oidc', { ...callback, codeVerifier: 'x'.repeat(43) });
    assert.equal(wrongVerifier.status, 401);
    assert.equal(wrongVerifier.body.code, 'oidc.failed');
    const fresh = await provider.authorize('rosa');
    assert.equal((await postJson(server, 'inpe', 'sessions/oidc', fresh)).status, 201);
    const replay = await postJson(server, 'inpe', 'sessions/oidc', fresh);
    assert.equal(replay.status, 401);
    assert.match(replay.body.detail, /no aceptó el ingreso/);
    assert.equal((await postJson(server, 'inpe', 'sessions/oidc', { code: 'x' })).status, 400);
  });

  test('an agency without OpenID Connect, a provider that is down', async () => {
    const sis = await postJson(server, 'sis', 'sessions/oidc', { code: 'x', codeVerifier: 'y', redirectUri: REDIRECT });
    assert.equal(sis.body.code, 'account.disabled');
    const stopped = await startOidcProvider({ accounts: ACCOUNTS, redirectUri: REDIRECT });
    const desk = await deskFor(stopped);
    await stopped.close();
    try {
      const down = await postJson(desk, 'inpe', 'sessions/oidc', { code: 'x', codeVerifier: 'y', redirectUri: REDIRECT });
      assert.equal(down.status, 502);
      assert.equal(down.body.code, 'oidc.unavailable');
    } finally {
      await desk.close();
    }
  });
});

describe('OpenID Connect, confidential client', () => {
  test('the secret from OIDC_CLIENT_SECRET_<AGENCY> authenticates the exchange (client_secret_basic)', async () => {
    const provider = await startOidcProvider({ accounts: ACCOUNTS, redirectUri: REDIRECT, clientSecret: 'un-secreto-largo' });
    const withSecret = await deskFor(provider, 'un-secreto-largo');
    const withoutSecret = await deskFor(provider);
    try {
      const refused = await postJson(withoutSecret, 'inpe', 'sessions/oidc', await provider.authorize('rosa'));
      assert.equal(refused.status, 401);
      const signedIn = await postJson<CitizenSession>(withSecret, 'inpe', 'sessions/oidc', await provider.authorize('rosa'));
      assert.equal(signedIn.status, 201, JSON.stringify(signedIn.body));
    } finally {
      await withSecret.close();
      await withoutSecret.close();
      await provider.close();
    }
  });
});
