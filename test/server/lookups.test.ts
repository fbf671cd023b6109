/**
 * `POST /api/{agencyId}/lookups/person` and `…/organization`: names by DNI and razón social by
 * RUC, from the demo's data file (as `npm start` serves them) and from the PIDE adapters talking
 * real HTTP to a local stand-in that answers RENIEC's and SUNAT's published shapes.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_LOOKUP_DATA_FILE, LookupConfigError, lookupsFromEnv } from '../../server/lookups/env.ts';
import { LocalFileLookups, LookupDataError } from '../../server/lookups/local.ts';
import { PideLookups } from '../../server/lookups/pide.ts';
import type { IdentityLookups } from '../../server/lookups/provider.ts';
import { LOOKUPS_PER_ADDRESS_PER_HOUR, LOOKUPS_PER_AGENCY_PER_HOUR } from '../../server/lookups/routes.ts';
import { startServer, type TestServer } from './helpers.ts';

function lookup(server: TestServer, agencyId: string, kind: 'person' | 'organization', body: unknown): Promise<Response> {
  return fetch(`${server.url}/api/${agencyId}/lookups/${kind}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function problemOf(response: Response, status: number, code: string): Promise<{ detail: string }> {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
  const body = (await response.json()) as { code: string; detail: string };
  assert.equal(body.code, code);
  return body;
}

describe('look-ups from the demo data file', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.close());

  test('a DNI gives the names, with or without its check digit, and is not cached', async () => {
    for (const dni of ['10117410', '10117410-2']) {
      const response = await lookup(server, 'cenares', 'person', { dni });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.deepEqual(await response.json(), { dni: '10117410', givenNames: 'JUAN', surnames: 'PÉREZ PÉREZ' });
    }
  });

  test('a RUC gives the razón social, state and condition; BAJA DE OFICIO is not active', async () => {
    const cenares = await lookup(server, 'cenares', 'organization', { ruc: '20538298485' });
    assert.equal(cenares.status, 200);
    assert.equal(cenares.headers.get('cache-control'), 'no-store');
    const body = (await cenares.json()) as { name: string; state: string; condition: string; active: boolean };
    assert.match(body.name, /CENTRO NACIONAL DE ABASTECIMIENTO/);
    assert.deepEqual([body.state, body.condition, body.active], ['ACTIVO', 'HABIDO', true]);
    const closed = (await (await lookup(server, 'cenares', 'organization', { ruc: '2060 7654 329' })).json()) as typeof body;
    assert.deepEqual([closed.state, closed.condition, closed.active], ['BAJA DE OFICIO', 'NO HABIDO', false]);
  });

  test('a valid number nobody has is lookup.notFound', async () => {
    const person = await problemOf(await lookup(server, 'cenares', 'person', { dni: '12345678' }), 404, 'lookup.notFound');
    assert.match(person.detail, /escriba sus nombres y apellidos/);
    const organization = await problemOf(await lookup(server, 'cenares', 'organization', { ruc: '20102030401' }), 404, 'lookup.notFound');
    assert.match(organization.detail, /razón social/);
  });

  test('a number the domain rejects is lookup.invalid with a Spanish detail, before any look-up', async () => {
    assert.match((await problemOf(await lookup(server, 'cenares', 'person', { dni: '1011741' }), 400, 'lookup.invalid')).detail, /8 dígitos/);
    assert.match((await problemOf(await lookup(server, 'cenares', 'person', { dni: '10117410-5' }), 400, 'lookup.invalid')).detail, /verificación/);
    assert.match((await problemOf(await lookup(server, 'cenares', 'organization', { ruc: '20538298484' }), 400, 'lookup.invalid')).detail, /no es válido/);
    assert.match((await problemOf(await lookup(server, 'cenares', 'organization', { ruc: '30538298485' }), 400, 'lookup.invalid')).detail, /empezar con/);
  });

  test('a body without the number, or not JSON, is request.malformed', async () => {
    await problemOf(await lookup(server, 'cenares', 'person', { ruc: '10117410' }), 400, 'request.malformed');
    await problemOf(await lookup(server, 'cenares', 'person', '{"dni":'), 400, 'request.malformed');
    await problemOf(await lookup(server, 'cenares', 'organization', { ruc: 20538298485 }), 400, 'request.malformed');
  });

  test("a look-up the agency's config has off is lookup.disabled (INPE looks up RUCs, not DNIs)", async () => {
    const disabled = await problemOf(await lookup(server, 'inpe', 'person', { dni: '10117410' }), 404, 'lookup.disabled');
    assert.match(disabled.detail, /escríbalo/);
    assert.equal((await lookup(server, 'inpe', 'organization', { ruc: '20538298485' })).status, 200);
    await problemOf(await lookup(server, 'sis', 'organization', { ruc: '20538298485' }), 404, 'lookup.disabled');
  });

  test('an unknown agency is agency.notFound', async () => {
    await problemOf(await lookup(server, 'nadie', 'person', { dni: '10117410' }), 404, 'agency.notFound');
  });
});

describe('look-ups without a provider', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(undefined, { lookups: undefined });
  });
  after(() => server?.close());

  test('answer lookup.unavailable, so the form lets the citizen type', async () => {
    const person = await problemOf(await lookup(server, 'cenares', 'person', { dni: '10117410' }), 503, 'lookup.unavailable');
    assert.match(person.detail, /RENIEC/);
    await problemOf(await lookup(server, 'cenares', 'organization', { ruc: '20538298485' }), 503, 'lookup.unavailable');
  });
});

describe('look-up limits (30 an hour per address, 2000 an hour per agency)', () => {
  let server: TestServer;
  const asked: string[] = [];
  before(async () => {
    const padron = new LocalFileLookups(DEMO_LOOKUP_DATA_FILE);
    // The demo padrón, noting what reaches it (a refused look-up must cost the agency nothing).
    const lookups: IdentityLookups = {
      person: (dni) => (asked.push(dni), padron.person(dni)),
      organization: (ruc) => (asked.push(ruc), padron.organization(ruc)),
    };
    server = await startServer(undefined, { lookups, identity: { trustProxy: true } });
  });
  after(() => server?.close());

  const from = (address: string, kind: 'person' | 'organization', body: unknown, agencyId = 'cenares') =>
    fetch(`${server.url}/api/${agencyId}/lookups/${kind}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify(body),
    });

  test('the 31st look-up from one address is 429 lookup.tooMany with Retry-After; malformed numbers do not count; another address is served', async () => {
    const address = '198.51.100.7';
    for (let n = 0; n < 10; n++) await problemOf(await from(address, 'person', { dni: '1011741' }), 400, 'lookup.invalid');
    for (let n = 0; n < LOOKUPS_PER_ADDRESS_PER_HOUR; n++) {
      const response = n % 2 ? await from(address, 'organization', { ruc: '20538298485' }) : await from(address, 'person', { dni: '12345678' });
      assert.equal(response.status, n % 2 ? 200 : 404, `look-up ${n + 1}`);
      await response.body?.cancel();
    }
    const before = asked.length;
    server.clock.advance(20 * 60_000);
    const refused = await from(address, 'person', { dni: '10117410' });
    assert.equal(refused.headers.get('retry-after'), String(40 * 60));
    assert.equal(refused.headers.get('cache-control'), 'no-store');
    const problem = await problemOf(refused, 429, 'lookup.tooMany');
    assert.match(problem.detail, /Escriba sus nombres y apellidos a mano/);
    assert.match(problem.detail, /40 minutos/);
    assert.match((await problemOf(await from(address, 'organization', { ruc: '20538298485' }), 429, 'lookup.tooMany')).detail, /la razón social/);
    assert.equal(asked.length, before, 'refused look-ups never reach the registry');

    assert.equal((await from('198.51.100.8', 'person', { dni: '10117410' })).status, 200);
    // The limit is the address's, whichever agency's form asks.
    await problemOf(await from(address, 'organization', { ruc: '20538298485' }, 'inpe'), 429, 'lookup.tooMany');

    server.clock.advance(40 * 60_000);
    assert.equal((await from(address, 'person', { dni: '10117410' })).status, 200, 'a new hour, served again');
  });

  test('an IPv6 client is one client across its /64: picking other addresses of the block takes no fresh limit', async () => {
    for (let n = 0; n < LOOKUPS_PER_ADDRESS_PER_HOUR; n++) {
      const response = await from(`2001:db8:77:1::${(n + 1).toString(16)}`, 'organization', { ruc: '20538298485' });
      assert.equal(response.status, 200, `look-up ${n + 1}`);
      await response.body?.cancel();
    }
    await problemOf(await from('2001:db8:77:1:ffff::9', 'person', { dni: '10117410' }), 429, 'lookup.tooMany');
    assert.equal((await from('2001:db8:77:2::1', 'person', { dni: '10117410' })).status, 200, 'the next /64 is another client');
  });

  test("past the agency's hourly quota every address is refused, and the address keeps its place", async () => {
    const now = server.clock.now().toISOString();
    // As if 2000 look-ups had just been made for CENARES (the counter is the only state there is).
    const full = { window_start: now, count: LOOKUPS_PER_AGENCY_PER_HOUR };
    await server.db.insertInto('rate_counters').values({ bucket: 'lookup-agency:cenares', ...full }).onConflict((conflict) => conflict.column('bucket').doUpdateSet(full)).execute();
    const refused = await from('198.51.100.20', 'person', { dni: '10117410' });
    assert.equal(refused.headers.get('retry-after'), '3600');
    assert.match((await problemOf(refused, 429, 'lookup.tooMany')).detail, /RENIEC de esta entidad está muy solicitada/);
    const counter = await server.db.selectFrom('rate_counters').select('count').where('bucket', '=', 'lookup:198.51.100.20').executeTakeFirstOrThrow();
    assert.equal(counter.count, 0, 'the refusal was not the citizen\'s doing');
    assert.equal((await from('198.51.100.20', 'organization', { ruc: '20538298485' }, 'inpe')).status, 200, 'other agencies keep their quota');
  });
});

// ── PIDE: a local stand-in answering RENIEC's and SUNAT's published shapes ────────────────────

interface Seen {
  method: string;
  url: URL;
  body: unknown;
}

type Behaviour = 'normal' | 'silent' | 'http-error' | 'bad-credentials' | 'garbage';

class PideStandIn {
  readonly seen: Seen[] = [];
  behaviour: Behaviour = 'normal';
  private server: Server | undefined;
  private readonly hanging = new Set<ServerResponse>();

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of request) text += chunk;
    const url = new URL(request.url ?? '/', 'http://stand-in');
    this.seen.push({ method: request.method ?? '', url, body: text ? JSON.parse(text) : undefined });
    if (this.behaviour === 'silent') {
      this.hanging.add(response);
      return; // never answers: the adapter's timeout must end the wait
    }
    if (this.behaviour === 'http-error') {
      response.writeHead(502).end('Bad Gateway');
      return;
    }
    if (this.behaviour === 'garbage') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>mantenimiento</html>');
      return;
    }
    const json = (value: unknown): void => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    if (url.pathname === '/Rest/RENIEC/Consultar') {
      const dni = (this.seen.at(-1)!.body as { PIDE: { nuDniConsulta: string } }).PIDE.nuDniConsulta;
      if (this.behaviour === 'bad-credentials') {
        return json({ consultarResponse: { return: { coResultado: '1001', deResultado: 'El DNI, RUC y contraseña no corresponden a un usuario válido' } } });
      }
      if (dni !== '45678912') {
        return json({ consultarResponse: { return: { coResultado: '0999', deResultado: 'No se ha encontrado información para el DNI' } } });
      }
      return json({
        consultarResponse: {
          return: {
            coResultado: '0000',
            deResultado: 'La consulta se realizó exitosamente',
            datosPersona: {
              apPrimer: 'QUISPE',
              apSegundo: 'MAMANI',
              prenombres: 'ROSA MARÍA',
              direccion: 'AV. EJEMPLO 123',
              estadoCivil: 'SOLTERO',
              foto: '',
              restriccion: '',
              ubigeo: 'LIMA/LIMA/LIMA',
            },
          },
        },
      });
    }
    if (url.pathname === '/Rest/SUNAT/DatosPrincipales') {
      const ruc = url.searchParams.get('numruc');
      if (ruc === '20601234565') {
        return json({
          list: {
            multiRef: {
              ddp_numruc: '20601234565',
              ddp_nombre: 'SERVICIOS ANDINOS DEMO S.A.C.                ',
              ddp_estado: '00',
              desc_estado: 'ACTIVO    ',
              ddp_flag22: '00',
              desc_flag22: 'HABIDO    ',
              esActivo: true,
              esHabido: true,
            },
          },
        });
      }
      if (ruc === '20607654329') {
        return json({ list: { multiRef: { ddp_numruc: ruc, ddp_nombre: 'COMERCIAL EJEMPLO', desc_estado: 'BAJA DE OFICIO', desc_flag22: 'NO HABIDO' } } });
      }
      return json({ list: { multiRef: {} } });
    }
    response.writeHead(404).end();
  }
}

describe('look-ups through PIDE (RENIEC and SUNAT stand-in over HTTP)', () => {
  const pide = new PideStandIn();
  let server: TestServer;
  before(async () => {
    await pide.start();
    const lookups = new PideLookups({
      reniec: { url: `${pide.url}/Rest/RENIEC/Consultar`, userDni: '40000001', agencyRuc: '20538298485', password: 'clave-pide' },
      sunatUrl: `${pide.url}/Rest/SUNAT/`,
      timeoutMs: 300,
    });
    server = await startServer(undefined, { lookups });
  });
  after(async () => {
    await server?.close();
    await pide.stop();
  });

  test("RENIEC: posts the PIDE request with the official's credentials and maps prenombres and apellidos", async () => {
    pide.behaviour = 'normal';
    const response = await lookup(server, 'cenares', 'person', { dni: '45678912' });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { dni: '45678912', givenNames: 'ROSA MARÍA', surnames: 'QUISPE MAMANI' });
    const seen = pide.seen.at(-1)!;
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url.searchParams.get('out'), 'json');
    assert.deepEqual(seen.body, { PIDE: { nuDniConsulta: '45678912', nuDniUsuario: '40000001', nuRucUsuario: '20538298485', password: 'clave-pide' } });
  });

  test('RENIEC: "no information" is lookup.notFound; refused credentials are lookup.unavailable', async () => {
    pide.behaviour = 'normal';
    await problemOf(await lookup(server, 'cenares', 'person', { dni: '10117410' }), 404, 'lookup.notFound');
    pide.behaviour = 'bad-credentials';
    await problemOf(await lookup(server, 'cenares', 'person', { dni: '45678912' }), 503, 'lookup.unavailable');
  });

  test('SUNAT: asks DatosPrincipales by numruc and maps ddp_nombre, desc_estado and desc_flag22 (trimmed)', async () => {
    pide.behaviour = 'normal';
    const response = await lookup(server, 'cenares', 'organization', { ruc: '20601234565' });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      ruc: '20601234565',
      name: 'SERVICIOS ANDINOS DEMO S.A.C.',
      state: 'ACTIVO',
      condition: 'HABIDO',
      active: true,
    });
    const seen = pide.seen.at(-1)!;
    assert.equal(seen.method, 'GET');
    assert.equal(seen.url.pathname, '/Rest/SUNAT/DatosPrincipales');
    assert.equal(seen.url.searchParams.get('numruc'), '20601234565');
    const closed = (await (await lookup(server, 'cenares', 'organization', { ruc: '20607654329' })).json()) as { active: boolean; state: string };
    assert.deepEqual([closed.state, closed.active], ['BAJA DE OFICIO', false]);
    await problemOf(await lookup(server, 'cenares', 'organization', { ruc: '20102030401' }), 404, 'lookup.notFound');
  });

  test('a stand-in that never answers: lookup.unavailable once the timeout passes, not a hang', async () => {
    pide.behaviour = 'silent';
    const started = performance.now();
    await problemOf(await lookup(server, 'cenares', 'person', { dni: '45678912' }), 503, 'lookup.unavailable');
    await problemOf(await lookup(server, 'cenares', 'organization', { ruc: '20601234565' }), 503, 'lookup.unavailable');
    assert.ok(performance.now() - started < 3_000, 'both gave up after about 300 ms each');
  });

  test('an HTTP error or an answer that is not JSON is lookup.unavailable', async () => {
    for (const behaviour of ['http-error', 'garbage'] as const) {
      pide.behaviour = behaviour;
      await problemOf(await lookup(server, 'cenares', 'person', { dni: '45678912' }), 503, 'lookup.unavailable');
      await problemOf(await lookup(server, 'cenares', 'organization', { ruc: '20601234565' }), 503, 'lookup.unavailable');
    }
  });
});

describe('look-up providers from the environment', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mpd-lookups-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('demo mode uses the committed padrón; a real desk without settings has none', async () => {
    const demo = lookupsFromEnv({}, true);
    assert.equal(demo.sources.person, `archivo ${DEMO_LOOKUP_DATA_FILE}`);
    assert.equal((await demo.lookups.person('10117410', new AbortController().signal))?.givenNames, 'JUAN');
    const none = lookupsFromEnv({}, false);
    assert.deepEqual(none.sources, { person: 'ninguna', organization: 'ninguna' });
    await assert.rejects(none.lookups.person('10117410', new AbortController().signal), { name: 'LookupUnavailable' });
  });

  test('PIDE serves what it is configured for; the data file serves the rest', () => {
    const setup = lookupsFromEnv({ PIDE_SUNAT_URL: 'https://pide.example/Rest/SUNAT', LOOKUP_DATA_FILE: DEMO_LOOKUP_DATA_FILE }, false);
    assert.deepEqual(setup.sources, { person: `archivo ${DEMO_LOOKUP_DATA_FILE}`, organization: 'SUNAT por PIDE' });
  });

  test('incomplete RENIEC credentials, a bad timeout or a broken data file stop the start with a clear message', async () => {
    assert.throws(() => lookupsFromEnv({ PIDE_RENIEC_URL: 'https://pide.example/Rest/RENIEC/Consultar' }, false), (error: Error) => {
      assert.ok(error instanceof LookupConfigError);
      assert.match(error.message, /PIDE_RENIEC_USER_DNI, PIDE_RENIEC_RUC, PIDE_RENIEC_PASSWORD/);
      return true;
    });
    assert.throws(() => lookupsFromEnv({ LOOKUP_TIMEOUT_MS: 'pronto' }, false), LookupConfigError);
    const broken = join(dir, 'padron.json');
    await writeFile(broken, JSON.stringify({ people: [{ dni: '123', givenNames: 'X', surnames: 'Y' }] }));
    assert.throws(() => lookupsFromEnv({ LOOKUP_DATA_FILE: broken }, false), /people\[0\]\.dni/);
    assert.throws(() => new LocalFileLookups(join(dir, 'no-existe.json')), LookupDataError);
  });
});
