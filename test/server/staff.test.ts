/** The staff API against the real server: sign-in, reading requests, and each lifecycle step (test/security/staff-access.test.ts: sessions, CSRF, limits, audit). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoStaffCredentials, parseStaffCredentials, staffCredentialsFromEnv, StaffCredentialsError } from '../../server/staff/credentials.ts';
import { makePdf } from './documents.ts';
import { staffSignIn } from '../support/staff-session.ts';
import { fileValidRequest, startServer, type TestServer } from './helpers.ts';

let server: TestServer;
let pdf: Uint8Array;

const CREDENTIALS = parseStaffCredentials('cenares:mesa:secreto,inpe:mesa:otra:con:dos-puntos');
const PASSWORDS: Record<string, string> = { cenares: 'secreto', inpe: 'otra:con:dos-puntos' };

before(async () => {
  server = await startServer(undefined, { staffCredentials: CREDENTIALS });
  pdf = await makePdf({ pages: 2 });
});
after(() => server?.close());

/** A staff call; signed in afresh as the agency's `mesa` (a test moves the clock past a session) unless `auth` says otherwise. */
async function staff(path: string, init: { method?: string; body?: unknown; auth?: Record<string, string> | null; agency?: string } = {}) {
  const agency = init.agency ?? 'cenares';
  const auth = init.auth === undefined ? await staffSignIn(server.url, agency, 'mesa', PASSWORDS[agency]!) : init.auth;
  const headers: Record<string, string> = { ...auth };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}/api/${init.agency ?? 'cenares'}/staff${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? ((await response.json()) as any) : new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body };
}

async function file(agencyId = 'cenares', annexes = 1): Promise<string> {
  const answer = await fileValidRequest(server, agencyId, pdf, { annexes });
  assert.equal(answer.status, 201);
  return answer.body.requestNumber;
}

async function outbox(requestNumber: string) {
  return server.db
    .selectFrom('mail_outbox')
    .innerJoin('requests', 'requests.id', 'mail_outbox.request_id')
    .select(['mail_outbox.kind', 'mail_outbox.recipient', 'mail_outbox.payload_json'])
    .where('requests.request_number', '=', requestNumber)
    .where('mail_outbox.kind', '!=', 'request.received')
    .execute();
}

describe('staff credentials', () => {
  test('parsing, demo defaults and production', () => {
    assert.deepEqual(CREDENTIALS[1], { agencyId: 'inpe', user: 'mesa', password: 'otra:con:dos-puntos' });
    assert.throws(() => parseStaffCredentials('cenares:mesa'), StaffCredentialsError);
    assert.deepEqual(demoStaffCredentials(['sis']), [{ agencyId: 'sis', user: 'mesa', password: 'mesa-sis' }]);
    // The demo's users exist only in demo mode; without it and without STAFF_CREDENTIALS, none.
    assert.deepEqual(staffCredentialsFromEnv({ MPD_DEMO: '1' }, ['sis']), { credentials: demoStaffCredentials(['sis']), demo: true });
    assert.deepEqual(staffCredentialsFromEnv({}, ['sis']), { credentials: [], demo: false });
    assert.deepEqual(staffCredentialsFromEnv({ MPD_DEMO: '0' }, ['sis']), { credentials: [], demo: false });
    assert.deepEqual(staffCredentialsFromEnv({ NODE_ENV: 'production' }, ['sis']), { credentials: [], demo: false });
    assert.equal(staffCredentialsFromEnv({ MPD_DEMO: '1', STAFF_CREDENTIALS: 'sis:ana:clave' }, ['sis']).demo, false);
    // Plain text outside demo mode: refused (test/security/staff-access.test.ts: hashes).
    assert.throws(() => staffCredentialsFromEnv({ STAFF_CREDENTIALS: 'sis:ana:clave' }, ['sis']), StaffCredentialsError);
    assert.throws(() => staffCredentialsFromEnv({ STAFF_CREDENTIALS: 'nadie:ana:clave' }, ['sis']), StaffCredentialsError);
  });
});

describe('staff API auth', () => {
  test('no session, a wrong password, or another agency\u2019s session: 401, and no challenge', async () => {
    const cenares = await staffSignIn(server.url, 'cenares', 'mesa', 'secreto');
    const inpe = await staffSignIn(server.url, 'inpe', 'mesa', 'otra:con:dos-puntos');
    for (const [auth, agency] of [
      [null, 'cenares'],
      [{ authorization: 'Bearer secreto' }, 'cenares'],
      [cenares, 'inpe'],
      [inpe, 'cenares'],
    ] as const) {
      const answer = await staff('/requests', { auth, agency });
      assert.equal(answer.status, 401, `${JSON.stringify(auth)} on ${agency}`);
      assert.equal(answer.body.code, 'staff.unauthorized');
      assert.equal(answer.headers.get('www-authenticate'), null);
    }
    for (const [user, password, agency] of [
      ['mesa', 'mal', 'cenares'],
      ['otro', 'secreto', 'cenares'],
      ['mesa', 'secreto', 'inpe'],
      ['mesa', 'secreto', 'sis'],
    ] as const) {
      await assert.rejects(staffSignIn(server.url, agency, user, password), /answered 401/, `${user}:${password} on ${agency}`);
    }
    assert.equal((await staff('/requests', { auth: cenares })).status, 200);
    assert.equal((await staff('/requests', { agency: 'inpe' })).status, 200);
    assert.equal((await staff('/requests', { agency: 'nadie', auth: null })).status, 404);
  });

  test('the citizen\u2019s data alone opens nothing', async () => {
    const number = await file();
    for (const path of [`/requests/${number}`, `/requests/${number}/files/main/0`]) {
      assert.equal((await staff(path, { auth: null })).status, 401);
    }
    // From the desk's own origin, but with no session.
    assert.equal((await staff(`/requests/${number}/attend`, { auth: { origin: new URL(server.url).origin }, body: { note: 'x' } })).status, 401);
  });
});

describe('reading requests', () => {
  test('list with filters and pages', async () => {
    const first = await file('cenares', 0);
    const second = await file('cenares', 0);
    const all = await staff('/requests?pageSize=100');
    assert.equal(all.status, 200);
    assert.ok(all.body.total >= 2);
    const numbers = all.body.items.map((item: any) => item.requestNumber);
    assert.ok(numbers.includes(first) && numbers.includes(second));
    assert.ok(numbers.indexOf(second) < numbers.indexOf(first), 'newest first');

    const one = await staff(`/requests?number=${encodeURIComponent(first)}`);
    assert.equal(one.body.total, 1);
    assert.deepEqual(
      Object.keys(one.body.items[0]).sort(),
      ['applicantDocumentNumber', 'applicantName', 'receivedAt', 'receivedDate', 'requestNumber', 'status', 'statusLabel', 'subject'],
    );
    assert.equal(one.body.items[0].status, 'RECIBIDO');

    const paged = await staff('/requests?page=2&pageSize=1');
    assert.equal(paged.body.items.length, 1);
    assert.equal(paged.body.page, 2);
    assert.equal(paged.body.items[0].requestNumber, numbers[1]);

    assert.equal((await staff('/requests?documentNumber=10117410&pageSize=100')).body.total, all.body.total);
    assert.equal((await staff('/requests?documentNumber=99999999')).body.total, 0);
    const sameDay = await staff(`/requests?from=${one.body.items[0].receivedDate}&to=${one.body.items[0].receivedDate}&pageSize=100`);
    assert.equal(sameDay.body.total, all.body.total, JSON.stringify(one.body.items[0]));
    assert.equal((await staff('/requests?from=2026-03-11')).body.total, 0);
    assert.equal((await staff('/requests?status=ATENDIDO&number=' + encodeURIComponent(first))).body.total, 0);
    assert.equal((await staff('/requests?status=NADA')).status, 400);
    assert.equal((await staff('/requests?from=10/03/2026')).status, 400);
    assert.equal((await staff('/requests?pageSize=1000')).status, 400);
    // Another agency's requests are not listed.
    assert.equal((await staff(`/requests?number=${encodeURIComponent(first)}`, { agency: 'inpe' })).body.total, 0);
  });

  test('get one: fields, files with versions, timeline; 404 for an unknown number', async () => {
    const number = await file('cenares', 1);
    const answer = await staff(`/requests/${number}`);
    assert.equal(answer.status, 200);
    const request = answer.body;
    assert.equal(request.requestNumber, number);
    assert.equal(request.applicant.email, 'rosa.quispe@example.pe');
    assert.equal(request.applicant.name, 'Rosa María Quispe Mamani');
    assert.equal(request.location, 'MESA DE PARTES');
    assert.deepEqual(
      request.files.map((f: any) => [f.slot, f.index, f.versions.map((v: any) => v.version)]),
      [['main', 0, [1]], ['annex', 1, [1]]],
    );
    assert.equal(request.files[0].versions[0].name, 'solicitud.pdf');
    assert.deepEqual(request.timeline, [
      { at: request.receivedAt, stage: 'RECIBIDO', origin: 'MESA DE PARTES', destination: null, note: 'Recepción de solicitud' },
    ]);
    assert.deepEqual(request.observations, []);
    const missing = await staff('/requests/999-2026');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'request.notFound');
    assert.equal((await staff(`/requests/${number}`, { agency: 'inpe' })).status, 404, 'not another agency\u2019s');
  });

  test('a number is found however the citizen spelled it, as tracking does', async () => {
    const number = await file('cenares', 0);
    const [seq, year] = number.split('-');
    const spelled = ` 000${seq}-${year} `; // leading zeros and spaces: the same request
    const listed = await staff(`/requests?number=${encodeURIComponent(spelled)}`);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.items.map((item: any) => item.requestNumber), [number]);
    const one = await staff(`/requests/${encodeURIComponent(spelled)}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.requestNumber, number);
  });

  test('a stage code this version does not know is shown as it is, not as RECIBIDO', async () => {
    const number = await file('cenares', 0);
    const row = await server.db.selectFrom('requests').select('id').where('agency_id', '=', 'cenares').where('request_number', '=', number).executeTakeFirstOrThrow();
    // Written by a newer version of the desk.
    await server.db.updateTable('requests').set({ status: 'EN_ARCHIVO' }).where('id', '=', row.id).execute();
    await server.db
      .insertInto('request_events')
      .values({ id: crypto.randomUUID(), request_id: row.id, stage: 'EN_ARCHIVO', at: '2099-01-01T00:00:00.000Z', origin: 'ARCHIVO', destination: null, note: null })
      .execute();
    const one = await staff(`/requests/${number}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.status, 'EN_ARCHIVO');
    assert.equal(one.body.statusLabel, 'EN ARCHIVO');
    assert.deepEqual(one.body.timeline.map((entry: any) => entry.stage), ['RECIBIDO', 'EN_ARCHIVO']);
    const listed = await staff(`/requests?number=${encodeURIComponent(number)}`);
    assert.equal(listed.body.items[0].status, 'EN_ARCHIVO');
    // Nor is it moved as if it were RECIBIDO.
    const attend = await staff(`/requests/${number}/attend`, { body: { note: 'Atendida.' } });
    assert.equal(attend.status, 409);
    assert.equal(attend.body.code, 'request.illegalTransition');
  });

  test('download a file byte-identical, with its name', async () => {
    const number = await file('cenares', 1);
    const answer = await staff(`/requests/${number}/files/main/0`);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'application/pdf');
    assert.match(answer.headers.get('content-disposition') ?? '', /^attachment; filename="solicitud\.pdf"/);
    assert.deepEqual(Buffer.from(answer.body as Uint8Array), Buffer.from(pdf));
    const annex = await staff(`/requests/${number}/files/annex/1?version=1`);
    assert.equal(annex.status, 200);
    assert.deepEqual(Buffer.from(annex.body as Uint8Array), Buffer.from(pdf));
    assert.equal((await staff(`/requests/${number}/files/annex/2`)).status, 404);
    assert.equal((await staff(`/requests/${number}/files/otro/0`)).status, 404);
    assert.equal((await staff(`/requests/999-2026/files/main/0`)).body.code, 'request.notFound');
  });
});

describe('lifecycle steps', () => {
  test('observe: status, event, per-document observations and one mail, together', async () => {
    const number = await file('cenares', 1);
    server.clock.set('2026-03-10T16:00:00Z');
    const answer = await staff(`/requests/${number}/observe`, {
      body: {
        note: 'Se han encontrado observaciones en los documentos adjuntos. Revisar y subsanar.',
        documents: [
          { slot: 'main', index: 0, note: 'Está faltando incluir los datos del pedido.' },
          { slot: 'annex', index: 1, note: 'El anexo no está firmado.' },
        ],
      },
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.status, 'OBSERVADO');
    assert.deepEqual(answer.body.timeline.at(-1), {
      at: '2026-03-10T16:00:00.000Z',
      stage: 'OBSERVADO',
      origin: 'MESA DE PARTES',
      destination: null,
      note: 'Se han encontrado observaciones en los documentos adjuntos. Revisar y subsanar.',
    });
    assert.deepEqual(answer.body.observations, [
      { slot: 'main', index: 0, version: 1, name: 'solicitud.pdf', note: 'Está faltando incluir los datos del pedido.', observedAt: '2026-03-10T16:00:00.000Z' },
      { slot: 'annex', index: 1, version: 1, name: 'anexo-1.pdf', note: 'El anexo no está firmado.', observedAt: '2026-03-10T16:00:00.000Z' },
    ]);
    const mails = await outbox(number);
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.kind, 'request.observed');
    assert.equal(mails[0]!.recipient, 'rosa.quispe@example.pe');
    const payload = JSON.parse(mails[0]!.payload_json);
    assert.equal(payload.requestNumber, number);
    assert.equal(payload.applicantName, 'Rosa María Quispe Mamani');
    assert.equal(payload.agencyId, 'cenares');
    assert.equal(payload.documents[0].name, 'solicitud.pdf');
    assert.equal(payload.documents[1].label, 'Anexo 1');

    // Observed once: a second observation is refused and leaves no trace.
    const again = await staff(`/requests/${number}/observe`, { body: { note: 'Otra', documents: [{ slot: 'main', index: 0, note: 'x' }] } });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'request.illegalTransition');
    assert.match(again.body.detail, /una sola vez/);
    assert.equal((await outbox(number)).length, 1);
    assert.equal((await staff(`/requests/${number}`)).body.observations.length, 2);
    // An observed request waits for the citizen: it cannot be attended or forwarded.
    assert.equal((await staff(`/requests/${number}/attend`, { body: { note: 'x' } })).body.detail, 'No se puede atender una solicitud observada.');
  });

  test('observe refuses unknown documents and malformed bodies, leaving nothing', async () => {
    const number = await file('cenares', 0);
    for (const body of [
      { note: 'x', documents: [{ slot: 'annex', index: 1, note: 'no existe' }] },
      { note: 'x', documents: [] },
      { note: '', documents: [{ slot: 'main', index: 0, note: 'x' }] },
      { note: 'x', documents: [{ slot: 'main', index: 0, note: 'a' }, { slot: 'main', index: 0, note: 'b' }] },
    ]) {
      const answer = await staff(`/requests/${number}/observe`, { body });
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.code, 'request.malformed');
    }
    const request = (await staff(`/requests/${number}`)).body;
    assert.equal(request.status, 'RECIBIDO');
    assert.equal(request.timeline.length, 1);
    assert.deepEqual(request.observations, []);
    assert.equal((await outbox(number)).length, 0);
    assert.equal((await staff('/requests/999-2026/observe', { body: { note: 'x', documents: [{ slot: 'main', index: 0, note: 'x' }] } })).status, 404);
  });

  test('forward to a configured office, again to another, then attend from there', async () => {
    const number = await file('inpe', 0);
    const forwarded = await staff(`/requests/${number}/forward`, { agency: 'inpe', body: { officeId: 'or-lima', note: 'Para su atención.' } });
    assert.equal(forwarded.status, 200, JSON.stringify(forwarded.body));
    assert.equal(forwarded.body.status, 'DERIVADO');
    assert.equal(forwarded.body.location, 'Oficina Regional Lima');
    assert.deepEqual(forwarded.body.timeline.at(-1).origin, 'MESA DE PARTES');
    assert.deepEqual(forwarded.body.timeline.at(-1).destination, 'Oficina Regional Lima');

    const again = await staff(`/requests/${number}/forward`, { agency: 'inpe', body: { office: 'sede central', note: null } });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual(
      [again.body.timeline.at(-1).origin, again.body.timeline.at(-1).destination],
      ['Oficina Regional Lima', 'Sede Central'],
    );
    assert.equal((await staff(`/requests/${number}/forward`, { agency: 'inpe', body: { officeId: 'nada' } })).status, 400);
    assert.equal((await staff(`/requests/${number}/forward`, { agency: 'inpe', body: { office: 'Oficina inventada' } })).status, 400);

    const attended = await staff(`/requests/${number}/attend`, { agency: 'inpe', body: { note: 'Se remitió la respuesta por correo.' } });
    assert.equal(attended.status, 200);
    assert.equal(attended.body.status, 'ATENDIDO');
    const last = attended.body.timeline.at(-1);
    assert.deepEqual([last.stage, last.origin, last.destination, last.note], ['ATENDIDO', 'Sede Central', null, 'Se remitió la respuesta por correo.']);
    assert.deepEqual(attended.body.timeline.map((entry: any) => entry.stage), ['RECIBIDO', 'DERIVADO', 'DERIVADO', 'ATENDIDO']);

    const mails = await outbox(number);
    assert.deepEqual(mails.map((mail) => mail.kind), ['request.forwarded', 'request.forwarded', 'request.attended']);
    assert.equal(JSON.parse(mails[0]!.payload_json).office.name, 'Oficina Regional Lima');

    const closed = await staff(`/requests/${number}/forward`, { agency: 'inpe', body: { officeId: 'or-lima' } });
    assert.equal(closed.status, 409);
    assert.equal(closed.body.detail, 'No se puede derivar una solicitud atendida.');
  });

  test('forward with a free office name when the agency has no offices', async () => {
    const number = await file('cenares', 0);
    const answer = await staff(`/requests/${number}/forward`, { body: { office: 'Oficina de Logística' } });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.location, 'Oficina de Logística');
    assert.equal((await staff(`/requests/${number}/forward`, { body: {} })).status, 400);
  });

  test('two desks attending at once: one wins, the other gets 409', async () => {
    const number = await file('cenares', 0);
    const answers = await Promise.all([1, 2, 3].map((n) => staff(`/requests/${number}/attend`, { body: { note: `Respuesta ${n}` } })));
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 409, 409]);
    assert.equal((await outbox(number)).length, 1);
    assert.equal((await staff(`/requests/${number}`)).body.timeline.length, 2);
  });

  test('attend an ANULADO request: 409 in Spanish, no mail', async () => {
    const number = await file('cenares', 0);
    await server.db.updateTable('requests').set({ status: 'ANULADO' }).where('request_number', '=', number).where('agency_id', '=', 'cenares').execute();
    const answer = await staff(`/requests/${number}/attend`, { body: { note: 'Atendido.' } });
    assert.equal(answer.status, 409);
    assert.equal(answer.body.code, 'request.illegalTransition');
    assert.equal(answer.body.detail, 'No se puede atender una solicitud anulada.');
    assert.equal((await outbox(number)).length, 0);
    const request = (await staff(`/requests/${number}`)).body;
    assert.equal(request.status, 'ANULADO');
    assert.equal(request.timeline.length, 1);
    assert.equal((await staff(`/requests/${number}/attend`, { body: {} })).status, 400, 'a note is required');
  });
});
