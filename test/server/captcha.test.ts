/**
 * The captcha gate (server/captcha): ALTCHA challenges solved for real with altcha-lib, refused
 * when missing, wrong, expired, replayed (by this process or another on the same database) or
 * made for another agency or another place; no captcha where the config asks none; reCAPTCHA,
 * hCaptcha and Turnstile verified against a local stand-in of their siteverify endpoints,
 * including the hostname, action and score they report; and an idempotent retry answered
 * without a new captcha.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import { solveChallenge } from 'altcha-lib';
import type { AltchaChallenge, Problem } from '../../src/api/types.ts';
import { parseAgencyConfig } from '../../src/config/load.ts';
import type { AgencyConfig, CaptchaPlace } from '../../src/config/schema.ts';
import { CaptchaConfigError, type CaptchaSetup } from '../../server/captcha/captcha.ts';
import { createApp } from '../../server/app.ts';
import { createSqliteDatabase } from '../../server/db/sqlite.ts';
import { parseStaffCredentials } from '../../server/staff/credentials.ts';
import { makePdf } from './documents.ts';
import { deliverPendingMails } from './outbox.ts';
import { BUSINESS_MORNING, fileValidRequest, loadDemoConfigs, startServer, tusUpload, validSubmission, type TestServer } from './helpers.ts';
import { staffSignIn } from '../support/staff-session.ts';

/** A number no request has: tracking answers 404 once the captcha let the query through. */
const NOBODY = { requestNumber: '999-2026', documentNumber: '10117410-2' };

/** A small maximum keeps altcha-lib's solver (one WebCrypto digest per try) quick in Node. */
const TEST_MAX_NUMBER = 2000;
/** Shared by every process of one desk (ALTCHA_HMAC_KEY), as it must be. */
const HMAC_KEY = 'clave-de-prueba-compartida';

async function challengeOf(server: TestServer, agencyId: string, place: CaptchaPlace = 'tracking'): Promise<{ response: Response; challenge: AltchaChallenge }> {
  const response = await fetch(`${server.url}/api/${agencyId}/captcha/challenge?place=${place}`);
  return { response, challenge: (await response.clone().json()) as AltchaChallenge };
}

/** Solves like the widget: altcha-lib's solver, and the base64 JSON payload the widget sends. */
async function solve(challenge: AltchaChallenge): Promise<string> {
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  assert.ok(solution, 'the challenge has a solution');
  const payload = { algorithm: challenge.algorithm, challenge: challenge.challenge, number: solution.number, salt: challenge.salt, signature: challenge.signature };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}

async function solved(server: TestServer, agencyId: string, place: CaptchaPlace = 'tracking'): Promise<string> {
  return solve((await challengeOf(server, agencyId, place)).challenge);
}

async function track(server: { url: string }, agencyId: string, captcha?: string): Promise<{ status: number; body: Problem }> {
  const response = await fetch(`${server.url}/api/${agencyId}/tracking`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(captcha !== undefined && { 'captcha-response': captcha }) },
    body: JSON.stringify(NOBODY),
  });
  return { status: response.status, body: (await response.json()) as Problem };
}

/** A demo agency besides CENARES that keeps the default ALTCHA (on filing too) and asks no email code. */
function otherAltchaAgency(server: TestServer): string {
  const found = [...server.configs.values()].find(
    (config) => config.id !== 'cenares' && config.captcha.provider === 'altcha' && config.captcha.on.includes('filing') && config.verification.email === 'off',
  );
  assert.ok(found, 'a demo agency with the default ALTCHA');
  return found.id;
}

function assertInvalid(answer: { status: number; body: Problem }, why: string): void {
  assert.equal(answer.status, 403, why);
  assert.equal(answer.body.code, 'captcha.invalid', why);
  assert.equal(answer.body.detail, 'La verificación «No soy un robot» no es válida o ya se usó. Vuelva a marcarla.');
}

describe('ALTCHA (the demo agencies: the default captcha)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(BUSINESS_MORNING, {
      captcha: { altchaHmacKey: HMAC_KEY, altchaMaxNumber: TEST_MAX_NUMBER },
      staffCredentials: parseStaffCredentials('cenares:mesa:secreto'),
    });
  });
  after(() => server?.close());

  test('a challenge is fresh each time, never cached, names its agency, its place and an expiry on the server clock', async () => {
    const first = await challengeOf(server, 'cenares');
    const second = await challengeOf(server, 'cenares');
    assert.equal(first.response.status, 200);
    assert.equal(first.response.headers.get('cache-control'), 'no-store');
    assert.equal(first.challenge.algorithm, 'SHA-256');
    assert.equal(first.challenge.maxnumber, TEST_MAX_NUMBER);
    assert.notEqual(first.challenge.challenge, second.challenge.challenge);
    const params = new URLSearchParams(first.challenge.salt.split('?')[1]);
    assert.equal(params.get('agency'), 'cenares');
    assert.equal(params.get('place'), 'tracking');
    // Ten minutes after the server's (test) clock, whatever the machine's own clock says.
    assert.equal(Number(params.get('until')), Date.parse(BUSINESS_MORNING) / 1000 + 600);
    assert.equal(params.get('expires'), null, 'no expiry the widget would judge with the device clock');
  });

  test('a challenge names no place by default: missing or unknown, 400 in plain words; a place the agency does not ask, 404', async () => {
    for (const query of ['', '?place=', '?place=lugar', '?place=Tracking']) {
      const response = await fetch(`${server.url}/api/cenares/captcha/challenge${query}`);
      assert.equal(response.status, 400, query);
      const problem = (await response.json()) as Problem;
      assert.equal(problem.code, 'request.malformed');
      assert.equal(problem.detail, 'Indique para qué es la verificación «No soy un robot»: place=filing, tracking, correction, verification, upload.');
    }
    const inpe = await fetch(`${server.url}/api/inpe/captcha/challenge?place=tracking`);
    assert.equal(((await inpe.json()) as Problem).code, 'captcha.disabled', 'INPE asks no captcha');
  });

  test('an answer is good only at the place its challenge was asked for, and a refusal there does not spend it', async () => {
    const forTracking = await solved(server, 'cenares', 'tracking');
    const elsewhere: Array<[string, string, object]> = [
      ['corrections/lookup', 'correction', NOBODY],
      ['verification/codes', 'verification', { email: 'rosa.quispe@example.pe' }],
      ['filings', 'filing', {}],
    ];
    for (const [path, place, body] of elsewhere) {
      const response = await fetch(`${server.url}/api/cenares/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), 'captcha-response': forTracking },
        body: JSON.stringify(body),
      });
      assertInvalid({ status: response.status, body: (await response.json()) as Problem }, `a tracking answer at ${place}`);
    }
    assert.equal((await track(server, 'cenares', forTracking)).status, 404, 'still good where it was made for');
    assertInvalid(await track(server, 'cenares', await solved(server, 'cenares', 'correction')), 'a correction answer at tracking');
  });

  test('a solved challenge lets the query through once; the same answer again is refused', async () => {
    const answer = await solved(server, 'cenares');
    const first = await track(server, 'cenares', answer);
    assert.equal(first.status, 404, JSON.stringify(first.body));
    assert.equal(first.body.code, 'tracking.notFound');
    assertInvalid(await track(server, 'cenares', answer), 'replayed');
  });

  test('no answer: captcha.required, in plain Spanish', async () => {
    for (const missing of [undefined, '', '   ']) {
      const answer = await track(server, 'cenares', missing);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.code, 'captcha.required');
      assert.match(answer.body.detail!, /Marque la casilla «No soy un robot»/);
    }
  });

  test('a wrong number, a forged signature or garbage is refused', async () => {
    const { challenge } = await challengeOf(server, 'cenares');
    const good = JSON.parse(Buffer.from(await solve(challenge), 'base64').toString()) as Record<string, unknown>;
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
    assertInvalid(await track(server, 'cenares', encode({ ...good, number: (good.number as number) + 1 })), 'wrong number');
    assertInvalid(await track(server, 'cenares', encode({ ...good, signature: '0'.repeat(64) })), 'forged signature');
    assertInvalid(await track(server, 'cenares', 'no-es-base64-json'), 'garbage');
    assertInvalid(await track(server, 'cenares', 'x'.repeat(10_000)), 'too long');
    // The untouched answer still works: the refusals above used nothing up.
    assert.equal((await track(server, 'cenares', encode(good))).status, 404);
  });

  test('an answer past its ten minutes is refused (server clock)', async () => {
    const { challenge } = await challengeOf(server, 'cenares');
    const answer = await solve(challenge);
    server.clock.set(new Date(Date.parse(BUSINESS_MORNING) + 601_000));
    try {
      assertInvalid(await track(server, 'cenares', answer), 'expired');
    } finally {
      server.clock.set(BUSINESS_MORNING);
    }
  });

  test("another agency's challenge is refused", async () => {
    const other = otherAltchaAgency(server);
    assertInvalid(await track(server, 'cenares', await solved(server, other)), `made for ${other}`);
  });

  test('another process on the same database refuses an answer this one took, even both at once', async () => {
    const other = await secondProcess(server);
    try {
      const answer = await solved(server, 'cenares');
      assert.equal((await track(other, 'cenares', answer)).status, 404, 'the other process takes it');
      assertInvalid(await track(server, 'cenares', answer), 'this process refuses it');
      for (let round = 0; round < 5; round++) {
        const racing = await solved(server, 'cenares');
        const statuses = (await Promise.all([track(server, 'cenares', racing), track(other, 'cenares', racing)])).map((answer) => answer.status);
        assert.deepEqual(statuses.sort(), [403, 404], `round ${round}: one process takes it, the other refuses it`);
      }
    } finally {
      await other.close();
    }
  });

  test('a used answer is remembered in the database until it expires', async () => {
    const answer = await solved(server, 'cenares');
    assert.equal((await track(server, 'cenares', answer)).status, 404);
    const rows = await server.db.selectFrom('captcha_uses').selectAll().where('agency_id', '=', 'cenares').execute();
    assert.ok(rows.length >= 1);
    assert.ok(rows.every((row) => row.expires_at > row.used_at));
    // Once nothing could replay them they are dropped as new answers come.
    server.clock.set(new Date(Date.parse(BUSINESS_MORNING) + 3_600_000));
    try {
      assert.equal((await track(server, 'cenares', await solved(server, 'cenares'))).status, 404);
      const left = await server.db.selectFrom('captcha_uses').select('used_at').execute();
      assert.deepEqual(left.map((row) => row.used_at), [new Date(Date.parse(BUSINESS_MORNING) + 3_600_000).toISOString()]);
    } finally {
      server.clock.set(BUSINESS_MORNING);
    }
  });

  test('filings, correction look-ups and corrections ask it too', async () => {
    const filing = await fetch(`${server.url}/api/${otherAltchaAgency(server)}/filings`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: '{}' });
    assert.equal(((await filing.json()) as Problem).code, 'captcha.required');
    for (const path of ['corrections/lookup', 'corrections']) {
      const response = await fetch(`${server.url}/api/cenares/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'k' }, body: JSON.stringify(NOBODY) });
      assert.equal(((await response.json()) as Problem).code, 'captcha.required', path);
    }
  });

  test('a retry of a filing that went through is answered without a new captcha; a new key needs one', async () => {
    const pdf = await makePdf();
    const key = crypto.randomUUID();
    const agencyId = otherAltchaAgency(server);
    const filed = await fileValidRequest(server, agencyId, pdf, { key });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const main = (await server.db.selectFrom('request_files').select('upload_id').where('request_id', '=', (await server.db.selectFrom('requests').select('id').where('request_number', '=', filed.body.requestNumber).executeTakeFirstOrThrow()).id).executeTakeFirstOrThrow()).upload_id;
    const body = JSON.stringify(validSubmission(server.configs.get(agencyId)!, { main, annexes: [] }));
    const retry = await fetch(`${server.url}/api/${agencyId}/filings`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body });
    assert.equal(retry.status, 201);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(((await retry.json()) as { requestNumber: string }).requestNumber, filed.body.requestNumber);

    const fresh = await fetch(`${server.url}/api/${agencyId}/filings`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body });
    assert.equal(fresh.status, 400);
    assert.equal(((await fresh.json()) as Problem).code, 'captcha.required');
  });

  test('a retry of a correction that went through is answered without a new captcha', async () => {
    const filed = await fileValidRequest(server, 'cenares', await makePdf());
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const number = filed.body.requestNumber;
    try {
      server.clock.set('2026-03-11T15:00:00Z');
      const observed = await fetch(`${server.url}/api/cenares/staff/requests/${number}/observe`, {
        method: 'POST',
        headers: { ...(await staffSignIn(server.url, 'cenares', 'mesa', 'secreto')), 'content-type': 'application/json' },
        body: JSON.stringify({ note: 'Falta la firma.', documents: [{ slot: 'main', index: 0, note: 'Falta la firma.' }] }),
      });
      assert.equal(observed.status, 200);
      await deliverPendingMails(server);
      server.clock.set('2026-03-12T15:00:00Z');
      const uploadId = await tusUpload(server, 'cenares', await makePdf(), { name: 'firmado.pdf', purpose: 'correction' });
      const body = JSON.stringify({ requestNumber: number, documentNumber: '10117410-2', documents: [{ slot: 'main', index: 0, uploadId }] });
      const key = crypto.randomUUID();
      const send = async (captcha: Record<string, string>) =>
        fetch(`${server.url}/api/cenares/corrections`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, ...captcha }, body });
      const first = await send({ 'captcha-response': await solved(server, 'cenares', 'correction') });
      assert.equal(first.status, 201, await first.clone().text());
      const retry = await send({});
      assert.equal(retry.status, 201, await retry.clone().text());
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');

      // The same key with another body is a new question: it needs a captcha before anything
      // (else a key once used would look requests up without one).
      const probe = await fetch(`${server.url}/api/cenares/corrections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ requestNumber: '999-2026', documentNumber: '10117410', documents: [{ slot: 'main', index: 0, uploadId }] }),
      });
      assert.equal(probe.status, 400);
      assert.equal(((await probe.json()) as Problem).code, 'captcha.required');
    } finally {
      server.clock.set(BUSINESS_MORNING);
    }
  });

  test('a page on another origin may send the Captcha-Response header (CORS preflight)', async () => {
    const preflight = await fetch(`${server.url}/api/cenares/tracking`, {
      method: 'OPTIONS',
      headers: { origin: 'https://www.gob.pe', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,captcha-response' },
    });
    assert.ok(preflight.status < 300);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /captcha-response/i);
  });
});

// ── Configs the demo does not have: built from the demo's CENARES ─────────────────────────

/**
 * A stand-in for the providers' siteverify endpoints, answering their documented shapes. A good
 * token may say what the provider would report about it after a `|`: `bueno-1|hostname=otro.pe&
 * action=filing&score=0.3` (hostname `www.gob.pe`, no action and no score otherwise).
 */
class Siteverify {
  readonly seen: Array<{ path: string; form: URLSearchParams }> = [];
  private readonly used = new Set<string>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        const form = new URLSearchParams(text);
        this.seen.push({ path: request.url ?? '', form });
        const token = form.get('response') ?? '';
        let answer: Record<string, unknown>;
        if (form.get('secret') !== 'secreto-de-prueba') answer = { success: false, 'error-codes': ['invalid-input-secret'] };
        else if (!token.startsWith('bueno')) answer = { success: false, 'error-codes': ['invalid-input-response'] };
        else if (this.used.has(token)) answer = { success: false, 'error-codes': [request.url?.includes('hcaptcha') ? 'invalid-or-already-seen-response' : 'timeout-or-duplicate'] };
        else {
          this.used.add(token);
          const reported = new URLSearchParams(token.split('|')[1] ?? '');
          answer = { success: true, challenge_ts: '2026-03-10T15:00:00Z', hostname: reported.get('hostname') ?? 'www.gob.pe' };
          if (reported.has('action')) answer.action = reported.get('action');
          if (reported.has('score')) answer.score = Number(reported.get('score'));
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('configured otherwise', () => {
  let server: TestServer;
  const siteverify = new Siteverify();
  const variants: Record<string, AgencyConfig['captcha']> = {
    'sin-captcha': { provider: 'none' },
    'solo-envio': { provider: 'altcha', on: ['filing'] },
    recaptcha: { provider: 'recaptcha', siteKey: 'sitio-recaptcha', on: ['tracking'] },
    hcaptcha: { provider: 'hcaptcha', siteKey: 'sitio-hcaptcha', on: ['tracking'] },
    turnstile: { provider: 'turnstile', siteKey: 'sitio-turnstile', on: ['tracking'] },
    'recaptcha-exigente': { provider: 'recaptcha', siteKey: 'sitio-recaptcha', on: ['tracking'], hostnames: ['www.gob.pe', 'mesa.cenares.gob.pe'], minScore: 0.7 },
    'turnstile-sitios': { provider: 'turnstile', siteKey: 'sitio-turnstile', on: ['tracking'], hostnames: ['mesa.cenares.gob.pe'] },
  };
  /** A token no test used before (the stand-in, like the providers, takes each once). */
  let tokens = 0;
  const token = (reported = '') => `bueno-${++tokens}|${reported}`;

  before(async () => {
    await siteverify.start();
    const cenares = (await loadDemoConfigs()).find((config) => config.id === 'cenares')!;
    const configs = Object.entries(variants).map(([id, captcha]) => ({ ...cenares, id, captcha }));
    server = await startWith(configs, {
      secretFor: () => 'secreto-de-prueba',
      siteverifyUrls: {
        recaptcha: `${siteverify.url}/recaptcha/api/siteverify`,
        hcaptcha: `${siteverify.url}/hcaptcha/siteverify`,
        turnstile: `${siteverify.url}/turnstile/v0/siteverify`,
      },
    });
  });
  after(async () => {
    await server?.close();
    await siteverify.close();
  });

  test("provider 'none': nothing asked, no challenge handed out", async () => {
    assert.equal((await track(server, 'sin-captcha')).status, 404);
    const challenge = await fetch(`${server.url}/api/sin-captcha/captcha/challenge`);
    assert.equal(challenge.status, 404);
    assert.equal(((await challenge.json()) as Problem).code, 'captcha.disabled');
  });

  test('a place not in `on` asks nothing (tracking), one in it does (filing)', async () => {
    assert.equal((await track(server, 'solo-envio')).status, 404);
    const filing = await postFilingWithout(server, 'solo-envio');
    assert.equal(filing.code, 'captcha.required');
  });

  for (const provider of ['recaptcha', 'hcaptcha', 'turnstile'] as const) {
    test(`${provider}: the token is checked with the provider's siteverify, once`, async () => {
      const from = siteverify.seen.length;
      assert.equal((await track(server, provider, `bueno-${provider}`)).status, 404);
      assertInvalid(await track(server, provider, `bueno-${provider}`), 'the provider refuses a token seen before');
      assertInvalid(await track(server, provider, 'malo'), 'the provider refuses a bad token');
      assert.equal((await track(server, provider)).body.code, 'captcha.required');
      const asked = siteverify.seen.slice(from);
      assert.equal(asked.length, 3, 'a missing token is refused without asking the provider');
      const form = asked[0]!.form;
      assert.ok(asked[0]!.path.startsWith(`/${provider}/`));
      assert.equal(form.get('secret'), 'secreto-de-prueba');
      assert.equal(form.get('response'), `bueno-${provider}`);
      assert.equal(form.get('remoteip'), '127.0.0.1');
      assert.equal(form.get('sitekey'), provider === 'hcaptcha' ? 'sitio-hcaptcha' : null);
    });
  }

  test('hostnames: a token solved on a site not listed is refused, one on a listed site passes; none listed, any site', async () => {
    assertInvalid(await track(server, 'recaptcha-exigente', token('hostname=phishing.example')), 'a site not listed');
    assertInvalid(await track(server, 'turnstile-sitios', token('hostname=www.gob.pe&action=tracking')), 'listed for another agency, not this one');
    assert.equal((await track(server, 'recaptcha-exigente', token('hostname=mesa.cenares.gob.pe'))).status, 404);
    assert.equal((await track(server, 'recaptcha-exigente', token('hostname=www.gob.pe'))).status, 404);
    assert.equal((await track(server, 'turnstile-sitios', token('hostname=mesa.cenares.gob.pe&action=tracking'))).status, 404);
    assert.equal((await track(server, 'hcaptcha', token('hostname=cualquiera.example'))).status, 404, 'no hostnames: any site');
  });

  test('action: a token the provider made for another place is refused; for this place it passes', async () => {
    assertInvalid(await track(server, 'turnstile', token('action=filing')), 'made for filing');
    assertInvalid(await track(server, 'turnstile', token('action=')), 'a widget that set no action (not ours)');
    assertInvalid(await track(server, 'recaptcha', token('action=login')), 'reCAPTCHA v3 for another action');
    assert.equal((await track(server, 'turnstile', token('action=tracking'))).status, 404);
    assert.equal((await track(server, 'recaptcha', token('action=tracking&score=0.9'))).status, 404);
    assert.equal((await track(server, 'recaptcha', token())).status, 404, 'reCAPTCHA v2 reports no action');
  });

  test('reCAPTCHA score: under minScore (default 0.5) refused, at or above it passes; hCaptcha’s risk score is not one', async () => {
    assertInvalid(await track(server, 'recaptcha', token('score=0.4')), 'under the default 0.5');
    assert.equal((await track(server, 'recaptcha', token('score=0.5'))).status, 404);
    assertInvalid(await track(server, 'recaptcha-exigente', token('score=0.6')), 'under the configured 0.7');
    assert.equal((await track(server, 'recaptcha-exigente', token('score=0.7'))).status, 404);
    assert.equal((await track(server, 'hcaptcha', token('score=0.9'))).status, 404, 'hCaptcha: a higher score is riskier, not trusted');
  });

  test('no challenge is handed out for a third-party provider', async () => {
    assert.equal((await fetch(`${server.url}/api/turnstile/captcha/challenge`)).status, 404);
  });

  test('a third-party provider without its secret stops the server from starting, naming the variable', async () => {
    const cenares = (await loadDemoConfigs()).find((config) => config.id === 'cenares')!;
    const config = { ...cenares, id: 'mi-entidad', captcha: { provider: 'turnstile', siteKey: 'sitio', on: ['tracking'] } } as AgencyConfig;
    assert.throws(
      () => createApp({ configs: [config], db: server.db, dataDir: server.dataDir, clock: server.clock, captcha: { secretFor: () => undefined } }),
      (error: Error) => error instanceof CaptchaConfigError && /CAPTCHA_SECRET_MI_ENTIDAD/.test(error.message),
    );
  });
});

describe('the config of a third-party captcha', () => {
  async function errorsOf(captcha: object): Promise<string[]> {
    const cenares = (await loadDemoConfigs()).find((config) => config.id === 'cenares')!;
    const result = parseAgencyConfig({ ...cenares, captcha });
    return result.ok ? [] : result.errors.map((error) => `${error.path}: ${error.message}`);
  }

  test('hostnames are bare site names; minScore is reCAPTCHA’s, from 0 to 1', async () => {
    assert.deepEqual(await errorsOf({ provider: 'recaptcha', siteKey: 's', hostnames: ['www.gob.pe', 'localhost'], minScore: 0.3 }), []);
    assert.deepEqual(await errorsOf({ provider: 'turnstile', siteKey: 's', hostnames: ['mesa.cenares.gob.pe'] }), []);
    assert.deepEqual(await errorsOf({ provider: 'turnstile', siteKey: 's', hostnames: ['https://www.gob.pe/'] }), [
      'captcha.hostnames[0]: escriba solo el nombre del sitio en minúsculas, sin https:// ni /, por ejemplo "www.gob.pe" (se recibió "https://www.gob.pe/")',
    ]);
    assert.deepEqual(await errorsOf({ provider: 'hcaptcha', siteKey: 's', hostnames: [] }), ['captcha.hostnames: dé al menos un nombre de sitio, o quite "hostnames" (se recibió 0)']);
    assert.deepEqual(await errorsOf({ provider: 'recaptcha', siteKey: 's', minScore: 5 }), ['captcha.minScore: el puntaje mínimo va de 0 a 1 (se recibió 5)']);
    const notReCaptcha = await errorsOf({ provider: 'turnstile', siteKey: 's', minScore: 0.5 });
    assert.equal(notReCaptcha.length, 1);
    assert.match(notReCaptcha[0]!, /^captcha\.minScore: «minScore» no es un dato conocido aquí/);
  });
});

describe('a provider that does not answer', () => {
  test('captcha.unavailable (503), not the citizen’s fault', async () => {
    const cenares = (await loadDemoConfigs()).find((config) => config.id === 'cenares')!;
    const server = await startWith([{ ...cenares, captcha: { provider: 'recaptcha', siteKey: 'sitio', on: ['tracking'] } }], {
      secretFor: () => 'secreto',
      siteverifyUrls: { recaptcha: 'http://127.0.0.1:9/siteverify' },
    });
    try {
      const answer = await track(server, 'cenares', 'bueno');
      assert.equal(answer.status, 503);
      assert.equal(answer.body.code, 'captcha.unavailable');
      assert.match(answer.body.detail!, /Vuelva a intentarlo/);
    } finally {
      await server.close();
    }
  });
});

/**
 * A second process of the same desk: another app with its own connection to the same SQLite
 * file and the same ALTCHA key, listening on its own port. Nothing is shared with `server` in
 * memory but the (test) clock.
 */
async function secondProcess(server: TestServer): Promise<{ url: string; close(): Promise<void> }> {
  const db = createSqliteDatabase(join(server.dataDir, 'desk.sqlite'));
  const app = createApp({
    configs: [...server.configs.values()],
    db,
    dataDir: server.dataDir,
    clock: server.clock,
    captcha: { altchaHmacKey: HMAC_KEY, altchaMaxNumber: TEST_MAX_NUMBER },
  });
  const listening = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started as Server));
  });
  return {
    url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`,
    async close() {
      await new Promise<void>((resolve) => {
        listening.close(() => resolve());
        listening.closeAllConnections();
      });
      await db.destroy();
    },
  };
}

/** The real server with configs the demo does not have (startServer's `server.configs` follows them). */
async function startWith(configs: AgencyConfig[], captcha: CaptchaSetup): Promise<TestServer> {
  // startServer hands `options` to createApp after its own demo configs, so these replace them.
  const server = await startServer(BUSINESS_MORNING, { captcha, ...({ configs } as object) });
  return { ...server, configs: new Map(configs.map((config) => [config.id, config])) };
}

async function postFilingWithout(server: TestServer, agencyId: string): Promise<Problem> {
  const main = await tusUpload(server, agencyId, await makePdf(), { name: 'solicitud.pdf' });
  const response = await fetch(`${server.url}/api/${agencyId}/filings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(validSubmission(server.configs.get(agencyId)!, { main })),
  });
  return (await response.json()) as Problem;
}
