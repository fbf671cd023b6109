/**
 * Issue 11, section 3: staff access that another site cannot use, against the real server over
 * HTTP. A session cookie instead of HTTP Basic (no challenge a browser would remember), same-origin
 * and CSRF-token checks on every state-changing request, sessions that end, no CORS on the staff
 * API, sign-in attempts limited per user and per address with a growing delay, an audit of every
 * sign-in and staff action, and STAFF_CREDENTIALS with scrypt hashes. The browser side (a page of
 * another origin trying its luck in Chromium) is test/security/staff-csrf.test.ts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { USER_ANYWHERE_FREE_FAILURES } from '../../server/staff/attempts.ts';
import { parseStaffCredentials } from '../../server/staff/credentials.ts';
import { runHousekeeping } from '../../server/verification/housekeeping.ts';
import { makePdf } from '../server/documents.ts';
import { fileValidRequest, startServer, type TestServer } from '../server/helpers.ts';
import { sessionCookie, staffSignIn, type StaffHeaders } from '../support/staff-session.ts';

let server: TestServer;
let pdf: Uint8Array;
let origin: string;

const CREDENTIALS = 'inpe:mesa:secreto,inpe:ana:clave-de-ana,inpe:rita:clave-de-rita,inpe:luz:clave-de-luz,cenares:mesa:otra';
/** Each test signs in from addresses of its own (TRUST_PROXY), so one test's failures do not lock another's. */
let nextAddress = 10;
const freshAddress = () => `198.51.100.${nextAddress++}`;

before(async () => {
  server = await startServer(undefined, { staffCredentials: parseStaffCredentials(CREDENTIALS), identity: { trustProxy: true } });
  origin = new URL(server.url).origin;
  pdf = await makePdf();
});
after(() => server?.close());

async function fileInpe(): Promise<string> {
  const answer = await fileValidRequest(server, 'inpe', pdf);
  assert.equal(answer.status, 201);
  return answer.body.requestNumber;
}

async function signIn(user: string, password: string, headers: Record<string, string> = {}, agency = 'inpe'): Promise<Response> {
  return fetch(`${server.url}/api/${agency}/staff/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, ...headers },
    body: JSON.stringify({ user, password }),
  });
}

async function statusOf(number: string, staff: StaffHeaders): Promise<string> {
  const response = await fetch(`${server.url}/api/inpe/staff/requests/${encodeURIComponent(number)}`, { headers: { cookie: staff.cookie } });
  assert.equal(response.status, 200);
  return ((await response.json()) as { status: string }).status;
}

function cookieAttributes(response: Response): { name: string; attributes: string[] } {
  const set = response.headers.getSetCookie().find((cookie) => /mpd-staff-/.test(cookie));
  assert.ok(set, `a session cookie: ${JSON.stringify(response.headers.getSetCookie())}`);
  const [pair, ...attributes] = set.split(';').map((part) => part.trim());
  return { name: pair!.split('=')[0]!, attributes: attributes.map((attribute) => attribute.toLowerCase()) };
}

describe('staff sign-in', () => {
  test('HTTP Basic opens nothing, and no answer challenges the browser to remember a password', async () => {
    const basic = `Basic ${Buffer.from('mesa:secreto').toString('base64')}`;
    for (const path of ['/requests', '/session']) {
      const response = await fetch(`${server.url}/api/inpe/staff${path}`, { headers: { authorization: basic } });
      assert.equal(response.status, 401, path);
      assert.equal(response.headers.get('www-authenticate'), null, path);
    }
    const wrong = await signIn('mesa', 'equivocada', { 'x-forwarded-for': freshAddress() });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('www-authenticate'), null);
    assert.equal(((await wrong.json()) as { detail: string }).detail, 'Usuario o contraseña incorrectos para esta entidad.');
  });

  test('a session cookie (HttpOnly, SameSite=Strict, scoped), who is signed in, and signing out', async () => {
    const response = await signIn('mesa', 'secreto', { 'x-forwarded-for': freshAddress() });
    assert.equal(response.status, 201);
    const body = (await response.json()) as { agencyId: string; user: string; csrfToken: string; expiresAt: string };
    assert.equal(body.agencyId, 'inpe');
    assert.equal(body.user, 'mesa');
    assert.match(body.csrfToken, /^[A-Za-z0-9_-]{32,}$/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    // Plain http on loopback: a browser would drop a Secure or __Host- cookie, so neither.
    const { name, attributes } = cookieAttributes(response);
    assert.equal(name, 'mpd-staff-inpe');
    assert.ok(attributes.includes('httponly'), attributes.join('; '));
    assert.ok(attributes.includes('samesite=strict'), attributes.join('; '));
    assert.ok(attributes.includes('path=/api/inpe/staff'), attributes.join('; '));
    assert.ok(!attributes.includes('secure'), attributes.join('; '));

    const cookie = sessionCookie(response);
    const token = decodeURIComponent(cookie.split('=')[1]!);
    // Only the token's hash is stored.
    const rows = await server.db.selectFrom('staff_sessions').selectAll().execute();
    assert.ok(rows.some((row) => row.token_hash === createHash('sha256').update(token).digest('hex')));
    assert.ok(!JSON.stringify(rows).includes(token));

    const who = await fetch(`${server.url}/api/inpe/staff/session`, { headers: { cookie } });
    assert.equal(who.status, 200);
    const whoBody = (await who.json()) as { user: string; csrfToken: string };
    assert.equal(whoBody.user, 'mesa');
    assert.equal(whoBody.csrfToken, body.csrfToken, 'the page can get its token again after a reload');
    assert.equal((await fetch(`${server.url}/api/inpe/staff/requests`, { headers: { cookie } })).status, 200);
    // A session opens its own agency only.
    assert.equal((await fetch(`${server.url}/api/cenares/staff/requests`, { headers: { cookie: cookie.replace('mpd-staff-inpe', 'mpd-staff-cenares') } })).status, 401);

    const out = await fetch(`${server.url}/api/inpe/staff/session`, { method: 'DELETE', headers: { cookie, origin, 'x-csrf-token': body.csrfToken } });
    assert.equal(out.status, 204);
    assert.ok(cookieAttributes(out).attributes.includes('max-age=0'), 'the cookie is cleared');
    const afterOut = await fetch(`${server.url}/api/inpe/staff/requests`, { headers: { cookie } });
    assert.equal(afterOut.status, 401);
    assert.equal(((await afterOut.json()) as { code: string }).code, 'staff.sessionExpired');
  });

  test('outside loopback the cookie is Secure with the __Host- prefix (by the request URL or PUBLIC_URL)', async () => {
    const configs = [...server.configs.values()];
    const staffCredentials = parseStaffCredentials(CREDENTIALS);
    const direct = createApp({ configs, db: server.db, dataDir: server.dataDir, clock: server.clock, staffCredentials });
    const behindProxy = createApp({ configs, db: server.db, dataDir: server.dataDir, clock: server.clock, staffCredentials, publicUrl: 'https://mesa.example.gob.pe/' });
    for (const [app, url] of [
      [direct, 'https://mesa.example.gob.pe/api/inpe/staff/session'],
      // A TLS-terminating proxy forwards to plain http on loopback; PUBLIC_URL says where browsers are.
      [behindProxy, 'http://127.0.0.1:8787/api/inpe/staff/session'],
    ] as const) {
      const response = await app.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://mesa.example.gob.pe' },
        body: JSON.stringify({ user: 'mesa', password: 'secreto' }),
      });
      assert.equal(response.status, 201, url);
      const { name, attributes } = cookieAttributes(response);
      assert.equal(name, '__Host-mpd-staff-inpe');
      for (const expected of ['secure', 'httponly', 'samesite=strict', 'path=/']) assert.ok(attributes.includes(expected), `${expected} in ${attributes.join('; ')}`);
    }
  });

  test('a session ends after its idle time and after its absolute time', async () => {
    const idle = await staffSignIn(server.url, 'inpe', 'ana', 'clave-de-ana');
    server.clock.advance(31 * 60_000);
    const ended = await fetch(`${server.url}/api/inpe/staff/requests`, { headers: { cookie: idle.cookie } });
    assert.equal(ended.status, 401);
    const problem = (await ended.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'staff.sessionExpired');
    assert.match(problem.detail, /sesión terminó/);

    const busy = await staffSignIn(server.url, 'inpe', 'ana', 'clave-de-ana');
    // Used every 20 minutes it stays open, but not beyond 12 hours.
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      server.clock.advance(20 * 60_000);
      assert.equal((await fetch(`${server.url}/api/inpe/staff/requests`, { headers: { cookie: busy.cookie } })).status, 200, `after ${minutes} min`);
    }
    server.clock.advance(20 * 60_000);
    assert.equal((await fetch(`${server.url}/api/inpe/staff/requests`, { headers: { cookie: busy.cookie } })).status, 401);
  });
});

describe('requests from another site', () => {
  test('a state-changing request needs the desk\u2019s origin and the session\u2019s CSRF token; the request stays as it was', async () => {
    const staff = await staffSignIn(server.url, 'inpe', 'mesa', 'secreto');
    const number = await fileInpe();
    const attend = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/inpe/staff/requests/${encodeURIComponent(number)}/attend`, {
        method: 'POST',
        headers: { cookie: staff.cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ note: 'Atendido por otro sitio' }),
      });
    for (const [why, headers] of [
      ['neither Origin nor Sec-Fetch-Site', { 'x-csrf-token': staff['x-csrf-token'] }],
      ['another origin', { origin: 'http://127.0.0.1:9', 'x-csrf-token': staff['x-csrf-token'] }],
      ['an opaque origin', { origin: 'null', 'x-csrf-token': staff['x-csrf-token'] }],
      ['another site by Sec-Fetch-Site', { 'sec-fetch-site': 'same-site', 'x-csrf-token': staff['x-csrf-token'] }],
      ['no token', { origin }],
      ['a wrong token', { origin, 'x-csrf-token': 'A'.repeat(43) }],
      ['another session\u2019s token', { origin, 'x-csrf-token': (await staffSignIn(server.url, 'inpe', 'ana', 'clave-de-ana'))['x-csrf-token'] }],
    ] as const) {
      const response = await attend(headers);
      assert.equal(response.status, 403, why);
      assert.equal(((await response.json()) as { code: string }).code, 'staff.crossSite', why);
      assert.equal(await statusOf(number, staff), 'RECIBIDO', why);
    }
    // The console itself: Sec-Fetch-Site says same-origin (a browser that sent no Origin), and the token.
    const own = await attend({ 'sec-fetch-site': 'same-origin', 'x-csrf-token': staff['x-csrf-token'] });
    assert.equal(own.status, 200, await own.clone().text());
    assert.equal(await statusOf(number, staff), 'ATENDIDO');
  });

  test('a sign-in from another origin is refused (no login CSRF)', async () => {
    for (const headers of [{ origin: 'http://evil.example' }, { origin: '' }, { origin: 'null' }]) {
      const response = await signIn('mesa', 'secreto', { ...headers, 'x-forwarded-for': freshAddress() });
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.equal(response.headers.getSetCookie().length, 0);
    }
  });

  test('the staff API answers no cross-origin request; the citizen API keeps its open CORS', async () => {
    const staff = await staffSignIn(server.url, 'inpe', 'mesa', 'secreto');
    const preflight = await fetch(`${server.url}/api/inpe/staff/requests/X/attend`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-csrf-token' },
    });
    assert.ok(preflight.status >= 400, `preflight answered ${preflight.status}`);
    const read = await fetch(`${server.url}/api/inpe/staff/requests`, { headers: { origin: 'http://evil.example', cookie: staff.cookie } });
    for (const response of [preflight, read]) {
      const cors = [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));
      assert.deepEqual(cors, [], `no CORS headers on the staff API (${response.status})`);
    }
    const citizen = await fetch(`${server.url}/api/inpe/filings`, {
      method: 'OPTIONS',
      headers: { origin: 'http://agency.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
    });
    assert.equal(citizen.headers.get('access-control-allow-origin'), '*');
    assert.equal((await fetch(`${server.url}/api/inpe/config`, { headers: { origin: 'http://agency.example' } })).headers.get('access-control-allow-origin'), '*');
  });
});

describe('sign-in attempts', () => {
  test('wrong passwords lock the user from that address with a delay that grows; 429 with Retry-After and Spanish text', async () => {
    const address = freshAddress();
    const tryAs = (password: string) => signIn('rita', password, { 'x-forwarded-for': address });
    for (let attempt = 1; attempt <= 5; attempt++) assert.equal((await tryAs(`mala-${attempt}`)).status, 401, `attempt ${attempt}`);
    const locked = await tryAs('clave-de-rita');
    assert.equal(locked.status, 429, 'even the right password waits');
    const first = Number(locked.headers.get('retry-after'));
    assert.ok(first >= 30 && first <= 60, `Retry-After ${first}`);
    const problem = (await locked.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'staff.tooManyAttempts');
    assert.match(problem.detail, /Vuelva a intentarlo en \d+ (segundos|minutos?)/);

    server.clock.advance(first * 1000);
    assert.equal((await tryAs('mala-6')).status, 401);
    const again = await tryAs('clave-de-rita');
    assert.equal(again.status, 429);
    const second = Number(again.headers.get('retry-after'));
    assert.ok(second > first, `the delay grows: ${first} then ${second}`);

    server.clock.advance(second * 1000);
    assert.equal((await tryAs('clave-de-rita')).status, 201);
    // A success forgets the user's failures.
    assert.equal((await tryAs('mala-7')).status, 401);
    assert.equal((await tryAs('clave-de-rita')).status, 201);
  });

  test('many failures from one address (IPv6: one /64) lock the address, for every user', async () => {
    const from = (n: number) => ({ 'x-forwarded-for': `2001:db8:77:1::${n.toString(16)}` });
    let status = 0;
    let tries = 0;
    for (; tries < 40; tries++) {
      status = (await signIn(`usuario-${tries}`, 'x', from(tries))).status;
      if (status === 429) break;
    }
    assert.equal(status, 429, 'the address was locked');
    assert.ok(tries >= 10, `not before 10 failures (${tries})`);
    const valid = await signIn('luz', 'clave-de-luz', from(999));
    assert.equal(valid.status, 429, 'another address of the same /64 waits too');
    assert.ok(Number(valid.headers.get('retry-after')) > 0);
    assert.equal((await signIn('luz', 'clave-de-luz', { 'x-forwarded-for': '2001:db8:77:2::1' })).status, 201, 'another /64 does not');
  });

  test('failures from one address do not lock the user out elsewhere: the real user signs in from another address', async () => {
    const a = { 'x-forwarded-for': freshAddress() };
    for (let attempt = 1; attempt <= 5; attempt++) assert.equal((await signIn('mesa', `mala-${attempt}`, a)).status, 401, `attempt ${attempt}`);
    assert.equal((await signIn('mesa', 'secreto', a)).status, 429, 'address A is locked for mesa');
    const b = await signIn('mesa', 'secreto', { 'x-forwarded-for': freshAddress() });
    assert.equal(b.status, 201, await b.clone().text());
  });

  test('guesses spread over many addresses meet a per-user bound, and a lock that ends', async () => {
    let status = 0;
    let failures = 0;
    for (; failures < 100; failures++) {
      status = (await signIn('luz', `mala-${failures}`, { 'x-forwarded-for': `203.0.113.${failures % 200}` })).status;
      if (status === 429) break;
    }
    assert.equal(status, 429, 'the user was bounded');
    assert.ok(failures >= USER_ANYWHERE_FREE_FAILURES, `not before ${USER_ANYWHERE_FREE_FAILURES} failures (${failures})`);
    const locked = await signIn('luz', 'clave-de-luz', { 'x-forwarded-for': freshAddress() });
    assert.equal(locked.status, 429);
    const wait = Number(locked.headers.get('retry-after'));
    assert.ok(wait <= 15 * 60, `the per-user lock is short: ${wait} s`);
    server.clock.advance(wait * 1000);
    assert.equal((await signIn('luz', 'clave-de-luz', { 'x-forwarded-for': freshAddress() })).status, 201);
  });

  test('once an address is locked, more attempts (unknown users) write nothing', async () => {
    const address = { 'x-forwarded-for': freshAddress() };
    for (let n = 0; n < 40 && (await signIn(`nadie-${n}`, 'x', address)).status !== 429; n++);
    const count = async () => {
      const audit = await server.db.selectFrom('staff_audit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const attempts = await server.db.selectFrom('staff_sign_in_attempts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(audit.n) + Number(attempts.n);
    };
    const before = await count();
    for (let n = 0; n < 30; n++) assert.equal((await signIn(`otro-${n}-${'x'.repeat(50)}`, 'x', address)).status, 429);
    assert.equal(await count(), before);
  });
});

describe('audit', () => {
  test('every sign-in, sign-out and staff action is recorded with who, when and from where; staff read it per request', async () => {
    const address = freshAddress();
    const agent = `Navegador de prueba ${'x'.repeat(5000)}`;
    assert.equal((await signIn('mesa', 'mala', { 'x-forwarded-for': address, 'user-agent': agent })).status, 401);
    const response = await signIn('mesa', 'secreto', { 'x-forwarded-for': address, 'user-agent': agent });
    const staff: StaffHeaders = { cookie: sessionCookie(response), 'x-csrf-token': ((await response.json()) as { csrfToken: string }).csrfToken, origin };
    const headers = { ...staff, 'x-forwarded-for': address, 'user-agent': agent };
    const number = await fileInpe();
    const base = `${server.url}/api/inpe/staff/requests/${encodeURIComponent(number)}`;
    const post = (action: string, body: unknown) => fetch(`${base}/${action}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await post('forward', { office: 'Oficina Regional Lima' })).status, 200);
    assert.equal((await fetch(`${base}/files/main/0`, { headers })).status, 200);
    assert.equal((await post('attend', { note: 'Atendido' })).status, 200);

    const audit = await fetch(`${base}/audit`, { headers });
    assert.equal(audit.status, 200);
    const { items } = (await audit.json()) as { items: Array<{ at: string; user: string; action: string; address: string; userAgent: string; detail: string | null }> };
    assert.deepEqual(items.map((item) => item.action), ['forward', 'download', 'attend']);
    for (const item of items) {
      assert.equal(item.user, 'mesa');
      assert.equal(item.address, address);
      assert.ok(item.userAgent.startsWith('Navegador de prueba') && item.userAgent.length <= 500, 'the user agent, bounded');
      assert.ok(!Number.isNaN(Date.parse(item.at)));
    }
    assert.match(items[1]!.detail ?? '', /solicitud\.pdf/);

    assert.equal((await fetch(`${server.url}/api/inpe/staff/session`, { method: 'DELETE', headers })).status, 204);
    const signIns = await server.db
      .selectFrom('staff_audit')
      .select(['action', 'user', 'address'])
      .where('address', '=', address)
      .where('request_id', 'is', null)
      .orderBy('at')
      .orderBy('id')
      .execute();
    assert.deepEqual(signIns, [
      { action: 'sign-in-failed', user: 'mesa', address },
      { action: 'sign-in', user: 'mesa', address },
      { action: 'sign-out', user: 'mesa', address },
    ]);
    // Another agency's staff read nothing of it.
    const cenares = await staffSignIn(server.url, 'cenares', 'mesa', 'otra');
    assert.equal((await fetch(`${server.url}/api/cenares/staff/requests/${encodeURIComponent(number)}/audit`, { headers: cenares })).status, 404);
  });
});

describe('the audit stays bounded', () => {
  test('failures with unknown user names add no audit row', async () => {
    const count = async () => Number((await server.db.selectFrom('staff_audit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const address = { 'x-forwarded-for': freshAddress() };
    for (let n = 0; n < 10; n++) assert.equal((await signIn(`nadie-${n}-${'x'.repeat(80)}`, 'x', address)).status, 401);
    // A known user of another agency is unknown here.
    assert.equal((await signIn('ana', 'x', address, 'cenares')).status, 401);
    assert.equal(await count(), before);
    assert.equal((await signIn('ana', 'x', address)).status, 401);
    assert.equal(await count(), before + 1, 'a real user\u2019s failure is recorded');
  });

  test('housekeeping forgets failed sign-ins after the retention and keeps every other row', async () => {
    const now = server.clock.now().getTime();
    const row = (action: 'sign-in-failed' | 'sign-in', daysAgo: number) => ({
      at: new Date(now - daysAgo * 86_400_000).toISOString(),
      agency_id: 'inpe',
      user: `retencion-${action}-${daysAgo}`,
      action,
      request_id: null,
      request_number: null,
      detail: null,
      address: '192.0.2.1',
      user_agent: 'prueba',
    });
    await server.db.insertInto('staff_audit').values([row('sign-in-failed', 91), row('sign-in-failed', 89), row('sign-in', 400)]).execute();
    await runHousekeeping(server.db, server.clock);
    const left = await server.db.selectFrom('staff_audit').select('user').where('user', 'like', 'retencion-%').orderBy('user').execute();
    assert.deepEqual(left.map((item) => item.user), ['retencion-sign-in-400', 'retencion-sign-in-failed-89']);
  });
});

describe('the session cookie and origin the desk accepts', () => {
  const appWith = (publicUrl: string) =>
    createApp({ configs: [...server.configs.values()], db: server.db, dataDir: server.dataDir, clock: server.clock, staffCredentials: parseStaffCredentials(CREDENTIALS), publicUrl });
  const secureApp = () => appWith('https://mesa.example.gob.pe/');
  /** Signs `ana` in at `url`, from a page of `url`'s own origin. */
  const appSignIn = (app: ReturnType<typeof createApp>, url: string) =>
    app.request(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: new URL(url).origin }, body: JSON.stringify({ user: 'ana', password: 'clave-de-ana' }) });

  test('with a __Host- cookie, an unprefixed cookie a sibling subdomain could plant opens nothing', async () => {
    const app = secureApp();
    const response = await appSignIn(app, 'https://mesa.example.gob.pe/api/inpe/staff/session');
    assert.equal(response.status, 201);
    const token = sessionCookie(response).split('=')[1]!;
    const read = (cookie: string) => app.request('https://mesa.example.gob.pe/api/inpe/staff/session', { headers: { cookie } });
    assert.equal((await read(`__Host-mpd-staff-inpe=${token}`)).status, 200);
    assert.equal((await read(`mpd-staff-inpe=${token}`)).status, 401, 'the unprefixed name is not read');
  });

  test('with PUBLIC_URL set, only its origin is the desk\u2019s, whatever Host the request names', async () => {
    const response = await appSignIn(secureApp(), 'https://otro.example/api/inpe/staff/session');
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { code: string }).code, 'staff.crossSite');
    // A local demo (server/main.ts takes its own loopback URL as PUBLIC_URL) opened as localhost still works.
    assert.equal((await appSignIn(appWith('http://127.0.0.1:8787/'), 'http://localhost:8787/api/inpe/staff/session')).status, 201);
  });
});

describe('STAFF_CREDENTIALS with password hashes', () => {
  test('an scrypt hash signs in; plain text is refused outside demo mode', async () => {
    const { hashPassword, verifyPassword } = await import('../../src/cli/passwords.ts');
    const { staffCredentialsFromEnv, StaffCredentialsError } = await import('../../server/staff/credentials.ts');
    const hash = await hashPassword('una clave: con, signos', { cost: 1024 });
    assert.match(hash, /^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    assert.equal(await verifyPassword(hash, 'una clave: con, signos'), true);
    assert.equal(await verifyPassword(hash, 'una clave: con, signo'), false);

    const env = { STAFF_CREDENTIALS: `sis:ana:${hash}` };
    assert.equal(staffCredentialsFromEnv(env, ['sis']).credentials.length, 1);
    assert.throws(() => staffCredentialsFromEnv({ STAFF_CREDENTIALS: 'sis:ana:clave' }, ['sis']), (error: Error) => {
      assert.ok(error instanceof StaffCredentialsError);
      assert.match(error.message, /texto plano.*hash-password.*MPD_DEMO=1/s);
      return true;
    });
    assert.equal(staffCredentialsFromEnv({ STAFF_CREDENTIALS: 'sis:ana:clave', MPD_DEMO: '1' }, ['sis']).credentials.length, 1);

    const hashed = await startServer(undefined, { staffCredentials: staffCredentialsFromEnv({ STAFF_CREDENTIALS: `inpe:ana:${hash}` }, ['inpe']).credentials });
    try {
      const attempt = (password: string) =>
        fetch(`${hashed.url}/api/inpe/staff/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hashed.url }, body: JSON.stringify({ user: 'ana', password }) });
      assert.equal((await attempt('una clave: con, signos')).status, 201);
      assert.equal((await attempt(hash)).status, 401, 'the hash itself is no password');
    } finally {
      await hashed.close();
    }
  });

  test('a user that does not exist takes as long to refuse as one that does (a hash of the same cost is checked)', async () => {
    const { hashPassword } = await import('../../src/cli/passwords.ts');
    const { staffCredentialsFromEnv } = await import('../../server/staff/credentials.ts');
    // A cost where one check takes tens of milliseconds, far above the rest of a refusal.
    const hash = await hashPassword('clave-de-ana', { cost: 2 ** 14 });
    const hashed = await startServer(undefined, { staffCredentials: staffCredentialsFromEnv({ STAFF_CREDENTIALS: `inpe:ana:${hash}` }, ['inpe']).credentials });
    try {
      const timed = async (user: string) => {
        const started = performance.now();
        const response = await fetch(`${hashed.url}/api/inpe/staff/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hashed.url }, body: JSON.stringify({ user, password: 'equivocada' }) });
        assert.equal(response.status, 401);
        return performance.now() - started;
      };
      const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const known: number[] = [];
      const unknown: number[] = [];
      for (let round = 0; round < 4; round++) {
        known.push(await timed('ana'));
        unknown.push(await timed(`nadie-${round}`));
      }
      assert.ok(median(unknown) > median(known) / 2, `unknown ${median(unknown).toFixed(1)} ms, known ${median(known).toFixed(1)} ms`);
    } finally {
      await hashed.close();
    }
  });

  test('`mesa-de-partes hash-password` prints a hash of the password read from stdin', async () => {
    const bin = fileURLToPath(new URL('../../bin/mesa-de-partes.mjs', import.meta.url));
    const child = spawn(process.execPath, [bin, 'hash-password'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdin.end('clave de la mesa\n');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, err);
    const hash = out.trim();
    assert.match(hash, /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    const { verifyPassword } = await import('../../src/cli/passwords.ts');
    assert.equal(await verifyPassword(hash, 'clave de la mesa'), true);
  });
});
