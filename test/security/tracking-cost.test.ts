/**
 * Issue 11, section 5: a tracking search stores nothing (its download grant is a signed, expiring
 * token, not a row), a grant is refused unless it was signed with the desk's key for this agency
 * and this request and has not expired, and searches, correction look-ups and filings are limited
 * per client address (an IPv6 client's whole /64).
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { citizenLimitsFromEnv } from '../../server/http/citizen-limits.ts';
import { DownloadGrants } from '../../server/tracking/download-grants.ts';
import { makePdf } from '../server/documents.ts';
import { fileValidRequest, startServer, type TestServer } from '../server/helpers.ts';

const SECRET = 'clave-de-prueba-de-los-permisos-de-descarga';
const HOUR_MS = 3_600_000;

let server: TestServer;
let inpeNumber: string;
let inpeRequestId: string;
let otherNumber: string;

before(async () => {
  // The token tests download many times from this one address: not what the download limit is for.
  server = await startServer(undefined, { downloadGrantSecret: SECRET, citizenLimits: { downloadsPerHour: 10_000 } });
  const pdf = await makePdf({ pages: 1 });
  const first = await fileValidRequest(server, 'inpe', pdf);
  assert.equal(first.status, 201);
  inpeNumber = first.body.requestNumber;
  const second = await fileValidRequest(server, 'inpe', pdf);
  assert.equal(second.status, 201);
  otherNumber = second.body.requestNumber;
  const row = await server.db.selectFrom('requests').select('id').where('request_number', '=', inpeNumber).executeTakeFirstOrThrow();
  inpeRequestId = row.id;
});
after(() => server?.close());

function post(on: TestServer, agencyId: string, route: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${on.url}/api/${agencyId}/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Rows in every table of the database, by table. */
async function rowCounts(on: TestServer): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(on.db);
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(on.db);
    counts[name] = Number(result.rows[0]!.n);
  }
  return counts;
}

async function downloadStatus(on: TestServer, agencyId: string, requestNumber: string, downloadToken: unknown): Promise<{ status: number; code?: string }> {
  const response = await post(on, agencyId, 'receipts', { requestNumber, documentNumber: '10117410', downloadToken });
  if (response.headers.get('content-type') === 'application/pdf') {
    await response.arrayBuffer();
    return { status: response.status };
  }
  return { status: response.status, code: ((await response.json()) as { code: string }).code };
}

describe('a tracking search stores nothing', () => {
  test('searches that find, and searches that do not, add no row to any table', async () => {
    // The first search from an address opens its rate counter: the one row a client costs.
    assert.equal((await post(server, 'inpe', 'tracking', { requestNumber: inpeNumber, documentNumber: '10117410' })).status, 200);
    const before = await rowCounts(server);
    const tokens: string[] = [];
    for (let i = 0; i < 10; i++) {
      const found = await post(server, 'inpe', 'tracking', { requestNumber: inpeNumber, documentNumber: '10117410' });
      assert.equal(found.status, 200);
      tokens.push(((await found.json()) as { downloadToken: string }).downloadToken);
      assert.equal((await post(server, 'inpe', 'tracking', { requestNumber: inpeNumber, documentNumber: '44443333' })).status, 404);
    }
    assert.deepEqual(await rowCounts(server), before);
    // And the grants those searches answered with still download.
    for (const token of tokens.slice(-2)) assert.equal((await downloadStatus(server, 'inpe', inpeNumber, token)).status, 200);
  });
});

describe('the download grant is a signed, expiring token', () => {
  const searchToken = async (requestNumber = inpeNumber): Promise<string> => {
    const found = await post(server, 'inpe', 'tracking', { requestNumber, documentNumber: '10117410' });
    assert.equal(found.status, 200);
    return ((await found.json()) as { downloadToken: string }).downloadToken;
  };

  test('a token signed with the desk key downloads, one signed with another key does not', async () => {
    const clock = server.clock;
    const sameKey = new DownloadGrants(SECRET, clock).issue({ agencyId: 'inpe', requestId: inpeRequestId });
    assert.equal((await downloadStatus(server, 'inpe', inpeNumber, sameKey)).status, 200, 'another process of the desk, sharing the key');
    const otherKey = new DownloadGrants('otra-clave', clock).issue({ agencyId: 'inpe', requestId: inpeRequestId });
    assert.deepEqual(await downloadStatus(server, 'inpe', inpeNumber, otherKey), { status: 403, code: 'tracking.downloadExpired' });
  });

  test('a token altered anywhere is refused with the one 403', async () => {
    const token = await searchToken();
    for (let i = 0; i < token.length; i++) {
      const swapped = token[i] === 'A' ? 'B' : 'A';
      const forged = token.slice(0, i) + swapped + token.slice(i + 1);
      assert.deepEqual(await downloadStatus(server, 'inpe', inpeNumber, forged), { status: 403, code: 'tracking.downloadExpired' }, `character ${i}`);
    }
    for (const forged of ['', token + 'x', token.slice(0, -1), token.replace(/\./g, ''), 'x'.repeat(300), 42, null]) {
      assert.deepEqual(await downloadStatus(server, 'inpe', inpeNumber, forged), { status: 403, code: 'tracking.downloadExpired' }, String(forged).slice(0, 20));
    }
  });

  test('a token lasts one hour on the server clock', async () => {
    const start = server.clock.now();
    try {
      const token = await searchToken();
      server.clock.set(new Date(start.getTime() + HOUR_MS - 1000));
      assert.equal((await downloadStatus(server, 'inpe', inpeNumber, token)).status, 200);
      server.clock.set(new Date(start.getTime() + HOUR_MS + 1000));
      assert.deepEqual(await downloadStatus(server, 'inpe', inpeNumber, token), { status: 403, code: 'tracking.downloadExpired' });
      // A search now grants anew.
      assert.equal((await downloadStatus(server, 'inpe', inpeNumber, await searchToken())).status, 200);
    } finally {
      server.clock.set(start);
    }
  });

  test("another agency's token is refused; another request's token is the wrong pair's 404", async () => {
    const token = await searchToken();
    // The same request id signed for another agency: no grant at INPE.
    const forCenares = new DownloadGrants(SECRET, server.clock).issue({ agencyId: 'cenares', requestId: inpeRequestId });
    assert.deepEqual(await downloadStatus(server, 'inpe', inpeNumber, forCenares), { status: 403, code: 'tracking.downloadExpired' });
    assert.deepEqual(await downloadStatus(server, 'cenares', '1-2026', token), { status: 403, code: 'tracking.downloadExpired' });
    assert.deepEqual(await downloadStatus(server, 'inpe', otherNumber, token), { status: 404, code: 'tracking.notFound' });
  });
});

describe('per-address limits on searches, correction look-ups, filings and downloads', () => {
  const LIMIT = 3;
  let limited: TestServer;
  before(async () => {
    limited = await startServer(undefined, {
      identity: { trustProxy: true },
      citizenLimits: { trackingPerHour: LIMIT, correctionLookupsPerHour: LIMIT, filingsPerHour: LIMIT, downloadsPerHour: LIMIT },
    });
  });
  after(() => limited?.close());

  const routes = [
    ['tracking', { requestNumber: 'INPE-2026-000001', documentNumber: '10117410' }],
    ['corrections/lookup', { requestNumber: 'INPE-2026-000001', documentNumber: '10117410' }],
    ['filings', {}],
    ['receipts', { requestNumber: 'INPE-2026-000001', documentNumber: '10117410', downloadToken: 'x' }],
    ['responses', { requestNumber: 'INPE-2026-000001', documentNumber: '10117410', downloadToken: 'x' }],
  ] as const;

  for (const [position, [route, body]] of routes.entries()) {
    test(`${route}: the ${LIMIT + 1}th from one address is refused with 429, Retry-After and Spanish words; another address is not`, async () => {
      const from = (address: string) => post(limited, 'inpe', route, body, { 'x-forwarded-for': address, 'idempotency-key': crypto.randomUUID() });
      // An address per route: receipts and responses share one limit (both downloads).
      const address = `203.0.113.${10 + position}`;
      for (let i = 0; i < LIMIT; i++) {
        const allowed = await from(address);
        assert.notEqual(allowed.status, 429, `attempt ${i + 1}`);
        await allowed.body?.cancel();
      }
      const refused = await from(address);
      assert.equal(refused.status, 429);
      assert.match(refused.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
      assert.ok(Number(refused.headers.get('retry-after')) <= 3600);
      assert.equal(refused.headers.get('content-type'), 'application/problem+json');
      const problem = (await refused.json()) as { code: string; title: string; detail: string };
      assert.equal(problem.code, 'request.tooMany');
      assert.match(problem.detail, /conexión/);
      assert.match(problem.detail, /minutos?/);
      const other = await from('203.0.113.99');
      assert.notEqual(other.status, 429, 'another address');
      await other.body?.cancel();
    });
  }

  test('an IPv6 client counts by its /64', async () => {
    const from = (address: string) => post(limited, 'inpe', 'tracking', routes[0][1], { 'x-forwarded-for': address });
    for (let i = 0; i < LIMIT; i++) assert.notEqual((await from(`2001:db8:1:2::${i + 1}`)).status, 429);
    assert.equal((await from('2001:db8:1:2:ffff::9')).status, 429, 'another address of the same /64');
    assert.notEqual((await from('2001:db8:1:3::1')).status, 429, 'the next /64');
  });

  test('CITIZEN_LIMITS sets any of the four; anything else stops the server with a Spanish reason', () => {
    assert.deepEqual(citizenLimitsFromEnv(undefined), {});
    assert.deepEqual(citizenLimitsFromEnv(' tracking=500, filing=80 '), { trackingPerHour: 500, filingsPerHour: 80 });
    assert.deepEqual(citizenLimitsFromEnv('correction=5'), { correctionLookupsPerHour: 5 });
    assert.deepEqual(citizenLimitsFromEnv('download=7'), { downloadsPerHour: 7 });
    for (const wrong of ['tracking', 'tracking=0', 'tracking=-3', 'busquedas=10', 'filing=10x']) {
      assert.throws(() => citizenLimitsFromEnv(wrong), /CITIZEN_LIMITS no válido/, wrong);
    }
  });
});
