/**
 * Issue 11, section 4: every page and API answer of the reference server says how a browser may
 * use it. A Content-Security-Policy (scripts only from the desk's own origin, never inline),
 * `nosniff`, a Referrer-Policy, and framing: the staff console, the mail page and every API
 * answer may be framed by nobody; the citizen pages only by the desk's own pages. Static assets
 * are compressed, and Vite's hashed files are cached for good while the HTML is revalidated.
 * (That the desk really runs under this policy in Chromium: test/e2e/csp.test.ts.)
 */
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { deskPagePolicy } from '../../server/http/security-headers.ts';
import { loadDemoConfigs, startServer, type TestServer } from '../server/helpers.ts';

let server: TestServer;
let publicDir: string;
const SCRIPT = `console.log(${JSON.stringify('mesa de partes '.repeat(400))});\n`;

before(async () => {
  // A demo as Vite builds it: pages at the root, hashed files under /assets/.
  publicDir = await mkdtemp(join(tmpdir(), 'mpd-headers-'));
  await mkdir(join(publicDir, 'assets'));
  for (const page of ['index', 'cenares', 'staff', 'mail']) {
    await writeFile(join(publicDir, `${page}.html`), `<!doctype html><title>${page}</title><script type="module" src="/assets/main-AbC123xy.js"></script>`);
  }
  await writeFile(join(publicDir, 'assets', 'main-AbC123xy.js'), SCRIPT);
  server = await startServer(undefined, { publicDir });
});
after(async () => {
  await server?.close();
  await rm(publicDir, { recursive: true, force: true });
});

/** The CSP as a map of directive to its sources. */
function policy(response: Response): Map<string, string[]> {
  const header = response.headers.get('content-security-policy');
  assert.ok(header, `${response.url}: no Content-Security-Policy`);
  return new Map(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function assertCommon(response: Response, what: string): void {
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff', what);
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer', what);
}

function assertUnframeable(response: Response, what: string): void {
  assert.deepEqual(policy(response).get('frame-ancestors'), ["'none'"], what);
  assert.equal(response.headers.get('x-frame-options'), 'DENY', what);
}

describe('security headers', () => {
  test('the citizen pages: scripts only from the desk, never inline or eval; framed only by the desk itself; revalidated', async () => {
    for (const path of ['/', '/index.html', '/cenares.html']) {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.status, 200, path);
      await response.text();
      assertCommon(response, path);
      const csp = policy(response);
      assert.deepEqual(csp.get('default-src'), ["'self'"], path);
      assert.deepEqual(csp.get('script-src'), ["'self'"], path);
      assert.deepEqual(csp.get('object-src'), ["'none'"], path);
      assert.deepEqual(csp.get('base-uri'), ["'none'"], path);
      // pdf.js's worker file (the desk's own) and the blob: it may be started through.
      assert.deepEqual(csp.get('worker-src'), ["'self'", 'blob:'], path);
      assert.deepEqual(csp.get('frame-ancestors'), ["'self'"], path);
      assert.equal(response.headers.get('x-frame-options'), 'SAMEORIGIN', path);
      assert.equal(response.headers.get('cache-control'), 'no-cache', path);
    }
  });

  test("the citizen pages' policy opens only what a config needs: its logo, its OpenID provider, its third-party captcha", async () => {
    const configs = await loadDemoConfigs();
    const directives = (policyText: string) => new Map(policyText.split('; ').map((part) => [part.split(' ')[0]!, part.split(' ').slice(1)]));
    const plain = directives(deskPagePolicy(configs));
    assert.deepEqual(plain.get('connect-src'), ["'self'"]);
    assert.deepEqual(plain.get('frame-src'), ["'none'"]);
    const [first, ...rest] = configs;
    const opened = directives(
      deskPagePolicy([
        {
          ...first!,
          agency: { ...first!.agency, logo: { src: 'https://cdn.entidad.gob.pe/logo.svg', alt: 'Logo' } },
          account: { ...first!.account, oidc: { issuer: 'https://idp.gob.pe/realms/ciudadano', clientId: 'mesa', scopes: ['openid'] } },
          captcha: { provider: 'turnstile', siteKey: 'clave', on: ['filing'] },
        } as typeof first,
        ...rest,
      ]),
    );
    assert.ok(opened.get('img-src')!.includes('https://cdn.entidad.gob.pe'));
    assert.deepEqual(opened.get('connect-src'), ["'self'", 'https://idp.gob.pe']);
    assert.deepEqual(opened.get('script-src'), ["'self'", 'https://challenges.cloudflare.com']);
    assert.deepEqual(opened.get('frame-src'), ['https://challenges.cloudflare.com']);
  });

  test('the staff console and the mail page cannot be framed by anyone', async () => {
    for (const path of ['/staff.html', '/mail.html']) {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.status, 200);
      await response.text();
      assertCommon(response, path);
      assertUnframeable(response, path);
      assert.deepEqual(policy(response).get('script-src'), ["'self'"], path);
    }
  });

  test('every API answer, success or problem, tus and the contract: nothing may run, nothing may frame it', async () => {
    const answers: Array<[string, Promise<Response>]> = [
      ['config', fetch(`${server.url}/api/cenares/config`)],
      ['problem', fetch(`${server.url}/api/nadie/config`)],
      ['unknown route', fetch(`${server.url}/api/cenares/nada`)],
      ['tracking', fetch(`${server.url}/api/inpe/tracking`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })],
      ['tus', fetch(`${server.url}/api/cenares/uploads/`, { method: 'OPTIONS' })],
      ['contract', fetch(`${server.url}/api/openapi.json`)],
      ['config file', fetch(`${server.url}/configs/cenares.json`)],
      ['staff', fetch(`${server.url}/api/cenares/staff/requests`)],
    ];
    for (const [what, pending] of answers) {
      const response = await pending;
      await response.arrayBuffer();
      assertCommon(response, what);
      assertUnframeable(response, what);
      assert.deepEqual(policy(response).get('default-src'), ["'none'"], what);
    }
  });

  test("Vite's hashed assets are cached for good, gzip-compressed when asked; a missing file still gets the headers", async () => {
    const raw = await new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const req = request(`${server.url}/assets/main-AbC123xy.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(raw.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(raw.headers['content-encoding'], 'gzip');
    assert.match(String(raw.headers['content-type']), /javascript/);
    assert.equal(raw.headers['x-content-type-options'], 'nosniff');
    assert.ok(raw.body.length < SCRIPT.length / 4, 'compressed');
    assert.equal(gunzipSync(raw.body).toString(), SCRIPT);

    const missing = await fetch(`${server.url}/nada.html`);
    await missing.text();
    assert.equal(missing.status, 404);
    assertCommon(missing, 'missing page');
    assert.notEqual(missing.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });
});
