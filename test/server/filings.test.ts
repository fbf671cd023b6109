import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makePdf, makePng } from './documents.ts';
import type { Receipt } from '../../src/api/types.ts';
import { fileValidRequest, postFiling, startServer, tusUpload, validSubmission, verifiedSubmission, type TestServer } from './helpers.ts';

let pdf: Uint8Array;
before(async () => {
  pdf = await makePdf({ pages: 2 });
});

/** A fresh server (empty counters) for the duration of one describe block. */
function freshServer(at?: string): () => TestServer {
  let server: TestServer;
  before(async () => {
    server = await startServer(at);
  });
  after(() => server.close());
  return () => server;
}

/** The receipt PDF as the citizen downloads it with `downloadToken`; the status. */
async function receiptStatus(server: TestServer, receipt: Receipt, downloadToken = receipt.downloadToken): Promise<number> {
  const { requestNumber, agencyId, applicant } = receipt;
  const response = await fetch(`${server.url}/api/${agencyId}/receipts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ requestNumber, documentNumber: applicant.documentNumber, downloadToken }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** The receipt without its download token, which every answer gets anew. */
const stored = ({ downloadToken: _token, ...receipt }: Receipt) => receipt;

async function countRows(server: TestServer, table: 'requests' | 'idempotency_keys' | 'request_files' | 'request_events') {
  const { count } = await server.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

describe('a valid filing per agency', () => {
  const server = freshServer();

  test('CENARES (persona jurídica, two annexes): receipt with names from the config and server-counted pages', async () => {
    const main = await tusUpload(server(), 'cenares', await makePdf({ pages: 5 }), { name: 'carta.pdf' });
    const annexes = [
      await tusUpload(server(), 'cenares', await makePdf({ pages: 1 }), { name: 'anexo-2.pdf', slot: { slot: 'annex', index: 2 } }),
      await tusUpload(server(), 'cenares', await makePdf({ pages: 3 }), { name: 'anexo-1.pdf', slot: { slot: 'annex', index: 1 } }),
    ];
    const submission = {
      ...(await verifiedSubmission(server(), 'cenares', { main, annexes })),
      personKind: 'juridica' as const,
      organization: { ruc: ' 20538298485 ', name: 'Centro Nacional de Abastecimiento' },
      procedureId: 'devolucion-carta-fianza',
    };
    const { status, body, contentType } = await postFiling(server(), 'cenares', submission);
    assert.equal(status, 201, JSON.stringify(body));
    assert.match(contentType ?? '', /^application\/json/);
    assert.equal(body.requestNumber, '1-2026');
    assert.equal(body.agencyId, 'cenares');
    assert.equal(body.status, 'RECIBIDO');
    assert.deepEqual(body.applicant, {
      name: 'Rosa María Quispe Mamani',
      documentType: 'DNI',
      documentNumber: '10117410',
      email: 'rosa.quispe@example.pe',
    });
    assert.deepEqual(body.organization, { ruc: '20538298485', name: 'Centro Nacional de Abastecimiento' });
    assert.deepEqual(body.procedure, { id: 'devolucion-carta-fianza', name: 'DEVOLUCIÓN DE CARTA FIANZA' });
    assert.equal(body.folios, undefined, 'CENARES does not ask for folios');
    assert.deepEqual(
      body.files.map((file) => [file.slot, file.index, file.name, file.pages]),
      [
        ['main', 0, 'carta.pdf', 5],
        ['annex', 1, 'anexo-1.pdf', 3],
        ['annex', 2, 'anexo-2.pdf', 1],
      ],
    );
    for (const file of body.files) assert.match(file.sha256, /^[0-9a-f]{64}$/);
  });

  test('INPE: office, document kind, document number, folios, an image annex; INPE-2026-000001', async () => {
    const config = server().configs.get('inpe')!;
    const main = await tusUpload(server(), 'inpe', pdf, { name: 'oficio.pdf' });
    const photo = await tusUpload(server(), 'inpe', makePng(), { name: 'foto.png', type: 'image/png', slot: { slot: 'annex', index: 1 } });
    const { status, body } = await postFiling(server(), 'inpe', validSubmission(config, { main, annexes: [photo] }));
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.requestNumber, 'INPE-2026-000001');
    assert.deepEqual(body.office, { id: 'sede-central', name: 'Sede Central' });
    assert.deepEqual(body.documentKind, { id: 'carta', name: 'Carta' });
    assert.equal(body.documentNumber, 'CARTA N° 001-2026');
    assert.equal(body.folios, 3);
    assert.deepEqual(
      body.files.map((file) => [file.slot, file.index, file.pages]),
      [
        ['main', 0, 2],
        ['annex', 1, null],
      ],
    );
  });

  test('SIS and INS: their own number formats', async () => {
    const sis = await fileValidRequest(server(), 'sis', pdf, { annexes: 1 });
    assert.equal(sis.status, 201, JSON.stringify(sis.body));
    assert.equal(sis.body.requestNumber, 'SIS-2026-000001');
    assert.equal(sis.body.procedure, undefined);
    const ins = await fileValidRequest(server(), 'ins', pdf);
    assert.equal(ins.status, 201, JSON.stringify(ins.body));
    assert.equal(ins.body.requestNumber, 'INS-2026-00001');
  });

  test('everything is stored: request, files linked to their uploads, first timeline row', async () => {
    const { body } = await fileValidRequest(server(), 'ins', pdf, { annexes: 2 });
    const request = await server()
      .db.selectFrom('requests')
      .selectAll()
      .where('agency_id', '=', 'ins')
      .where('request_number', '=', body.requestNumber)
      .executeTakeFirstOrThrow();
    assert.equal(request.status, 'RECIBIDO');
    assert.equal(request.person_kind, 'natural');
    assert.equal(request.applicant_document_number, '10117410');
    assert.equal(request.applicant_phone, '987 654 321');
    assert.equal(request.received_at, '2026-03-10T15:00:00.000Z');
    assert.equal(request.received_date, '2026-03-10');
    assert.equal(request.deemed_filed_date, '2026-03-10');
    assert.equal(request.deemed_filed_reason, 'same-day');
    assert.deepEqual(JSON.parse(request.accepted_consents), []);
    assert.equal(request.seq, 2);
    assert.equal(request.year, 2026);

    const files = await server().db.selectFrom('request_files').selectAll().where('request_id', '=', request.id).orderBy('slot_index').execute();
    assert.deepEqual(
      files.map((file) => [file.slot, file.slot_index, file.version, file.pages, file.storage_key]),
      [
        ['main', 0, 1, 2, `uploads/ins/${files[0]!.upload_id}`],
        ['annex', 1, 1, 2, `uploads/ins/${files[1]!.upload_id}`],
        ['annex', 2, 1, 2, `uploads/ins/${files[2]!.upload_id}`],
      ],
    );
    const used = await server().db.selectFrom('uploads').select('request_id').where('id', 'in', files.map((file) => file.upload_id)).execute();
    assert.deepEqual(used.map((row) => row.request_id), [request.id, request.id, request.id]);

    const events = await server().db.selectFrom('request_events').selectAll().where('request_id', '=', request.id).execute();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.stage, 'RECIBIDO');
    assert.equal(events[0]!.origin, 'MESA DE PARTES');
    assert.equal(events[0]!.note, 'Recepción de solicitud');
    assert.equal(events[0]!.at, request.received_at);
  });
});

describe('request numbers', () => {
  const server = freshServer();

  test('CENARES numbers run 1-2026, 2-2026 and do not share a counter with other agencies', async () => {
    const first = await fileValidRequest(server(), 'cenares', pdf);
    await fileValidRequest(server(), 'ins', pdf);
    const second = await fileValidRequest(server(), 'cenares', pdf);
    assert.equal(first.body.requestNumber, '1-2026');
    assert.equal(second.body.requestNumber, '2-2026');
  });

  test('a refused filing does not use up a number', async () => {
    const config = server().configs.get('cenares')!;
    const main = await tusUpload(server(), 'cenares', pdf, { name: 'a.pdf' });
    const refused = await postFiling(server(), 'cenares', { ...validSubmission(config, { main }), consents: [] });
    assert.equal(refused.status, 422);
    const accepted = await postFiling(server(), 'cenares', await verifiedSubmission(server(), 'cenares', { main }));
    assert.equal(accepted.body.requestNumber, '3-2026');
  });
});

describe('the year of a request number is the Lima year', () => {
  // 31 December 2026, 23:30 in Lima (a Thursday and a business day).
  const server = freshServer('2027-01-01T04:30:00Z');

  test('late on 31 December in Lima, and 04:59 UTC on 1 January, are still 2026; 05:00 UTC starts 2027', async () => {
    const lastEvening = await fileValidRequest(server(), 'cenares', pdf);
    assert.equal(lastEvening.body.requestNumber, '1-2026');
    assert.equal(lastEvening.body.receivedDate, '2026-12-31');

    server().clock.set('2027-01-01T04:59:59Z');
    const lastMinute = await fileValidRequest(server(), 'cenares', pdf);
    assert.equal(lastMinute.body.requestNumber, '2-2026');

    server().clock.set('2027-01-01T05:00:00Z');
    const newYear = await fileValidRequest(server(), 'cenares', pdf);
    assert.equal(newYear.body.requestNumber, '1-2027');
    assert.equal(newYear.body.receivedDate, '2027-01-01');
    // New Year's Day is a holiday and 2 January 2027 a Saturday: deemed filed on Monday the 4th.
    assert.equal(newYear.body.deemedFiledDate, '2027-01-04');
  });
});

describe('deemed-filed date from the server clock', () => {
  const server = freshServer();

  test('CENARES on a Saturday counts as filed on Monday', async () => {
    server().clock.set('2026-03-07T15:00:00Z'); // Saturday 10:00 Lima
    const { body } = await fileValidRequest(server(), 'cenares', pdf);
    assert.equal(body.receivedAt, '2026-03-07T15:00:00.000Z');
    assert.equal(body.receivedDate, '2026-03-07');
    assert.equal(body.deemedFiledDate, '2026-03-09');
    assert.equal(body.deemedFiledReason, 'non-business-day');
  });

  test('SIS after 17:00 counts as filed on the next business day; at 16:59 the same day', async () => {
    server().clock.set('2026-03-10T22:30:00Z'); // Tuesday 17:30 Lima
    const late = await fileValidRequest(server(), 'sis', pdf);
    assert.equal(late.body.receivedDate, '2026-03-10');
    assert.equal(late.body.deemedFiledDate, '2026-03-11');
    assert.equal(late.body.deemedFiledReason, 'after-hours');

    server().clock.set('2026-03-10T21:59:00Z'); // Tuesday 16:59 Lima
    const inTime = await fileValidRequest(server(), 'sis', pdf);
    assert.equal(inTime.body.deemedFiledDate, '2026-03-10');
    assert.equal(inTime.body.deemedFiledReason, 'same-day');
  });

  test("CENARES (24x7) after 17:00 on a business day is still that day; a decreed non-working day is not", async () => {
    server().clock.set('2026-03-11T03:00:00Z'); // Tuesday 22:00 Lima
    const night = await fileValidRequest(server(), 'cenares', pdf);
    assert.equal(night.body.deemedFiledDate, '2026-03-10');
    server().clock.set('2026-01-02T15:00:00Z'); // Friday 2 January 2026: decreed non-working day
    const decreed = await fileValidRequest(server(), 'cenares', pdf);
    assert.equal(decreed.body.deemedFiledDate, '2026-01-05');
  });

  test('GET /time answers the same clock', async () => {
    server().clock.set('2026-05-04T12:34:56.789Z');
    const response = await fetch(`${server().url}/api/sis/time`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await response.json(), { now: '2026-05-04T12:34:56.789Z' });
  });
});

describe('idempotency', () => {
  const server = freshServer();

  test('the same key and body twice give the same receipt, one number and one stored request', async () => {
    const main = await tusUpload(server(), 'cenares', pdf, { name: 'a.pdf' });
    const submission = await verifiedSubmission(server(), 'cenares', { main });
    const key = crypto.randomUUID();
    const first = await postFiling(server(), 'cenares', submission, key);
    server().clock.advance(60_000);
    // Same content, other key order: still "the same body".
    const reordered = Object.fromEntries(Object.entries(submission).reverse());
    const again = await postFiling(server(), 'cenares', reordered, key);
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(first.headers.get('idempotent-replayed'), null);
    assert.deepEqual(stored(again.body), stored(first.body));
    assert.equal(await countRows(server(), 'requests'), 1);
    // Each answer lets the receipt be downloaded; the replay's token is a new one, and the stored
    // answer keeps none (it would outlive its hour).
    assert.ok(first.body.downloadToken && again.body.downloadToken);
    assert.notEqual(again.body.downloadToken, first.body.downloadToken);
    assert.equal(await receiptStatus(server(), first.body), 200);
    assert.equal(await receiptStatus(server(), again.body), 200);
    const record = await server().db.selectFrom('idempotency_keys').select('response_json').where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(record.response_json), stored(first.body));
    // A replay after the first token's hour still gets one that works.
    server().clock.advance(2 * 60 * 60 * 1000);
    assert.equal(await receiptStatus(server(), first.body), 403);
    const late = await postFiling(server(), 'cenares', submission, key);
    assert.equal(late.status, 201);
    assert.equal(await receiptStatus(server(), late.body), 200);
  });

  test('five concurrent posts with one key give one number', async () => {
    const before = await countRows(server(), 'requests');
    const main = await tusUpload(server(), 'cenares', pdf, { name: 'a.pdf' });
    const submission = await verifiedSubmission(server(), 'cenares', { main });
    const key = crypto.randomUUID();
    // (Filings that overlap inside the server are tested on FilingDesk in filing-desk.test.ts.)
    const answers = await Promise.all(Array.from({ length: 5 }, () => postFiling(server(), 'cenares', submission, key)));
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [201, 201, 201, 201, 201],
      JSON.stringify(answers.map((answer) => answer.body)),
    );
    assert.equal(new Set(answers.map((answer) => answer.body.requestNumber)).size, 1);
    assert.equal(await countRows(server(), 'requests'), before + 1);
    const counter = await server().db.selectFrom('request_counters').selectAll().where('agency_id', '=', 'cenares').executeTakeFirstOrThrow();
    assert.equal(counter.last_seq, before + 1, 'no number was skipped');
  });

  test('the same key with another body is a 409 that files nothing but gives the earlier receipt', async () => {
    // The first send was filed but its answer lost; the citizen edited the subject and sent again.
    const config = server().configs.get('cenares')!;
    const main = await tusUpload(server(), 'cenares', pdf, { name: 'a.pdf' });
    const key = crypto.randomUUID();
    const first = await postFiling(server(), 'cenares', await verifiedSubmission(server(), 'cenares', { main }), key);
    assert.equal(first.status, 201);
    const before = await countRows(server(), 'requests');
    const other = await postFiling(server(), 'cenares', { ...validSubmission(config, { main }), subject: 'Otro asunto' }, key);
    assert.equal(other.status, 409);
    assert.equal(other.contentType, 'application/problem+json');
    assert.equal(other.body.code, 'idempotency.conflict');
    assert.equal(other.body.receipt?.requestNumber, first.body.requestNumber);
    assert.deepEqual(stored(other.body.receipt!), stored(first.body), 'the receipt as first given, not the edited body');
    // The key proves it is the client whose answer was lost: it may download its receipt.
    assert.notEqual(other.body.receipt!.downloadToken, first.body.downloadToken);
    assert.equal(await receiptStatus(server(), other.body.receipt!), 200);
    assert.equal(
      other.body.detail,
      `Esta solicitud ya fue registrada con el número ${first.body.requestNumber}. Los cambios que hizo después no se guardaron.`,
    );
    assert.equal(await countRows(server(), 'requests'), before);
  });

  test('a key is per agency', async () => {
    const key = crypto.randomUUID();
    const cenares = await fileValidRequest(server(), 'cenares', pdf, { key });
    const ins = await fileValidRequest(server(), 'ins', pdf, { key });
    assert.equal(cenares.status, 201);
    assert.equal(ins.status, 201);
    assert.equal(ins.body.agencyId, 'ins');
  });

  test('a missing Idempotency-Key is a 400', async () => {
    const config = server().configs.get('ins')!;
    const main = await tusUpload(server(), 'ins', pdf, { name: 'a.pdf' });
    const answer = await postFiling(server(), 'ins', validSubmission(config, { main }), null);
    assert.equal(answer.status, 400);
    assert.equal(answer.contentType, 'application/problem+json');
    assert.equal(answer.body.code, 'idempotency.missing');
    const blank = await postFiling(server(), 'ins', validSubmission(config, { main }), '   ');
    assert.equal(blank.body.code, 'idempotency.missing');
  });
});

describe('the server re-validates every filing', () => {
  const server = freshServer();
  let cenaresMain: string;
  before(async () => {
    cenaresMain = await tusUpload(server(), 'cenares', pdf, { name: 'a.pdf' });
  });

  async function refusedWith(body: unknown, agencyId = 'cenares') {
    const answer = await postFiling(server(), agencyId, body);
    assert.equal(answer.status, 422, JSON.stringify(answer.body));
    assert.equal(answer.contentType, 'application/problem+json');
    assert.equal(answer.body.code, 'filing.invalid');
    assert.ok(answer.body.title.length > 0);
    return answer.body.errors ?? [];
  }

  test('a DNI with a wrong check digit', async () => {
    const config = server().configs.get('cenares')!;
    const submission = validSubmission(config, { main: cenaresMain });
    submission.applicant.documentNumber = '10117410-5';
    assert.deepEqual(await refusedWith(submission), [{ field: 'documentNumber', code: 'identity.dni.check' }]);
  });

  test('a RUC with a wrong check digit', async () => {
    const config = server().configs.get('cenares')!;
    const submission = {
      ...validSubmission(config, { main: cenaresMain }),
      personKind: 'juridica',
      organization: { ruc: '20538298486', name: 'Empresa' },
    };
    assert.deepEqual(await refusedWith(submission), [{ field: 'ruc', code: 'identity.ruc.check' }]);
  });

  test('a required consent not accepted', async () => {
    const config = server().configs.get('cenares')!;
    const submission = { ...validSubmission(config, { main: cenaresMain }), consents: ['terminos'] };
    assert.deepEqual(await refusedWith(submission), [{ field: 'consent:correo', code: 'consent.required' }]);
  });

  test('more annexes than the agency allows', async () => {
    const config = server().configs.get('cenares')!;
    const submission = validSubmission(config, { main: cenaresMain, annexes: ['x1', 'x2', 'x3'] });
    assert.deepEqual(await refusedWith(submission), [{ field: 'annexes', code: 'attachments.tooMany', params: { max: 2 } }]);
  });

  test('INPE without folios and with an unknown office', async () => {
    const config = server().configs.get('inpe')!;
    const main = await tusUpload(server(), 'inpe', pdf, { name: 'a.pdf' });
    const submission = { ...validSubmission(config, { main }), folios: null, officeId: 'luna' };
    const errors = await refusedWith(submission, 'inpe');
    assert.deepEqual(
      errors.map((error) => `${error.field}:${error.code}`).sort(),
      ['folios:field.required', 'office:field.unknownOption'],
    );
  });

  test('INPE: declared folios may not be fewer than the PDF pages the server counted', async () => {
    const config = server().configs.get('inpe')!;
    const five = await makePdf({ pages: 5 });
    const main = await tusUpload(server(), 'inpe', five, { name: 'oficio.pdf' });
    const annex = await tusUpload(server(), 'inpe', pdf, { name: 'anexo.pdf', slot: { slot: 'annex', index: 1 } });
    const photo = await tusUpload(server(), 'inpe', makePng(), { name: 'foto.png', type: 'image/png', slot: { slot: 'annex', index: 2 } });
    const files = { main, annexes: [annex, photo] };
    const numbersBefore = await countRows(server(), 'requests');

    const tooFew = await postFiling(server(), 'inpe', { ...validSubmission(config, files), folios: 6 });
    assert.equal(tooFew.status, 422, JSON.stringify(tooFew.body));
    assert.equal(tooFew.body.code, 'filing.invalid');
    assert.deepEqual(tooFew.body.errors, [{ field: 'folios', code: 'folios.belowPages', params: { pages: 7 } }]);
    assert.match(tooFew.body.detail ?? '', /7 páginas/);
    assert.equal(await countRows(server(), 'requests'), numbersBefore, 'nothing filed, no number used');

    // As many folios as pages is enough (more would be the citizen's word too: the image may be
    // a sheet of its own); the declared number is what the receipt prints.
    const enough = await postFiling(server(), 'inpe', { ...validSubmission(config, files), folios: 7 });
    assert.equal(enough.status, 201, JSON.stringify(enough.body));
    assert.equal(enough.body.folios, 7);
    assert.equal(enough.body.requestNumber, 'INPE-2026-000001');
  });

  test('a body that is not JSON, or not a filing, is a 400', async () => {
    const notJson = await postFiling(server(), 'cenares', '{"personKind": ');
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.code, 'request.malformed');
    const notFiling = await postFiling(server(), 'cenares', { personKind: 'natural', subject: 42 });
    assert.equal(notFiling.status, 400);
    assert.equal(notFiling.body.code, 'request.malformed');
    assert.equal(notFiling.contentType, 'application/problem+json');
  });
});

describe('the uploads a filing references', () => {
  const server = freshServer();

  async function refusedWith(agencyId: string, body: unknown, code: string) {
    const answer = await postFiling(server(), agencyId, body);
    assert.equal(answer.status, 422, JSON.stringify(answer.body));
    assert.equal(answer.body.code, code);
    return answer.body.errors ?? [];
  }

  test("an upload of another agency cannot be filed (upload.notFound)", async () => {
    const sisUpload = await tusUpload(server(), 'sis', pdf, { name: 'a.pdf' });
    const errors = await refusedWith('ins', validSubmission(server().configs.get('ins')!, { main: sisUpload }), 'upload.notFound');
    assert.deepEqual(errors, [{ field: 'mainFile', code: 'upload.notFound' }]);
  });

  test('an unknown upload id (never finished, or refused) cannot be filed', async () => {
    await refusedWith('ins', validSubmission(server().configs.get('ins')!, { main: 'f'.repeat(32) }), 'upload.notFound');
  });

  test('an upload filed once cannot be filed again (upload.alreadyUsed)', async () => {
    const config = server().configs.get('sis')!;
    const main = await tusUpload(server(), 'sis', pdf, { name: 'a.pdf' });
    const first = await postFiling(server(), 'sis', validSubmission(config, { main }));
    assert.equal(first.status, 201);
    const errors = await refusedWith('sis', { ...validSubmission(config, { main }), subject: 'Otra solicitud' }, 'upload.alreadyUsed');
    assert.deepEqual(errors, [{ field: 'mainFile', code: 'upload.alreadyUsed' }]);
  });

  test('two filings racing for one upload: exactly one wins', async () => {
    const config = server().configs.get('sis')!;
    const main = await tusUpload(server(), 'sis', pdf, { name: 'a.pdf' });
    const answers = await Promise.all([
      postFiling(server(), 'sis', { ...validSubmission(config, { main }), subject: 'Primera' }),
      postFiling(server(), 'sis', { ...validSubmission(config, { main }), subject: 'Segunda' }),
    ]);
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [201, 422]);
    assert.equal(answers.find((answer) => answer.status === 422)!.body.code, 'upload.alreadyUsed');
  });

  test('an upload must be filed in the slot it was uploaded for (upload.wrongSlot)', async () => {
    const config = server().configs.get('sis')!;
    const main = await tusUpload(server(), 'sis', pdf, { name: 'a.pdf' });
    const annex = await tusUpload(server(), 'sis', pdf, { name: 'b.pdf', slot: { slot: 'annex', index: 1 } });
    const annexAsMain = await refusedWith('sis', validSubmission(config, { main: annex }), 'upload.wrongSlot');
    assert.deepEqual(annexAsMain, [{ field: 'mainFile', code: 'upload.wrongSlot' }]);
    const mainAsAnnex = await refusedWith('sis', validSubmission(config, { main: annex, annexes: [main] }), 'upload.wrongSlot');
    assert.equal(mainAsAnnex.length, 2);
    // Annex 3 alone (the citizen removed annexes 1 and 2 before sending) keeps its position.
    const otherMain = await tusUpload(server(), 'sis', pdf, { name: 'otro.pdf' });
    const annexThree = await tusUpload(server(), 'sis', pdf, { name: 'c.pdf', slot: { slot: 'annex', index: 3 } });
    const gap = await postFiling(server(), 'sis', validSubmission(config, { main: otherMain, annexes: [annexThree] }));
    assert.equal(gap.status, 201, JSON.stringify(gap.body));
    assert.deepEqual(
      (gap.body as Receipt).files.map((file) => [file.slot, file.index, file.name]),
      [['main', 0, 'otro.pdf'], ['annex', 3, 'c.pdf']],
    );
    // The same annex twice.
    const twice = await refusedWith('sis', validSubmission(config, { main, annexes: [annex, annex] }), 'upload.wrongSlot');
    assert.deepEqual(twice, [{ field: 'annexes', code: 'upload.wrongSlot', params: { position: 2 } }]);
    // None of these used the uploads up.
    const ok = await postFiling(server(), 'sis', validSubmission(config, { main, annexes: [annex] }));
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
  });
});

describe('routing', () => {
  const server = freshServer();

  test('an unknown agency is a 404 problem on every route', async () => {
    for (const [method, path] of [
      ['GET', '/api/municipalidad/config'],
      ['GET', '/api/municipalidad/time'],
      ['POST', '/api/municipalidad/filings'],
      ['POST', '/api/municipalidad/uploads/'],
    ]) {
      const response = await fetch(`${server().url}${path}`, { method, headers: { 'idempotency-key': 'k', 'tus-resumable': '1.0.0' } });
      assert.equal(response.status, 404, path);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      const problem = (await response.json()) as { code: string; type: string; status: number };
      assert.equal(problem.code, 'agency.notFound');
      assert.equal(problem.status, 404);
      assert.equal(problem.type, 'urn:mesa-de-partes:problem:agency.notFound');
    }
  });

  test('GET /config answers the validated config with defaults filled in', async () => {
    const response = await fetch(`${server().url}/api/ins/config`);
    assert.equal(response.status, 200);
    const config = (await response.json()) as { id: string; requestNumber: { pattern: string }; offices: unknown[] };
    assert.equal(config.id, 'ins');
    assert.deepEqual(config.offices, []);
    assert.deepEqual(config, JSON.parse(JSON.stringify(server().configs.get('ins'))));
  });

  test('the config files are served for config-src, the contract at /api/openapi.json', async () => {
    const file = await fetch(`${server().url}/configs/cenares.json`);
    assert.equal(file.status, 200);
    assert.equal(((await file.json()) as { id: string }).id, 'cenares');
    const missing = await fetch(`${server().url}/configs/nada.json`);
    assert.equal(missing.status, 404);
    const contract = await fetch(`${server().url}/api/openapi.json`);
    assert.equal(contract.status, 200);
    assert.equal(((await contract.json()) as { openapi: string }).openapi, '3.1.0');
  });

  test('pages on other origins may call the API (CORS)', async () => {
    const preflight = await fetch(`${server().url}/api/cenares/filings`, {
      method: 'OPTIONS',
      headers: { origin: 'https://www.gob.pe', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /idempotency-key/i);
    const tus = await fetch(`${server().url}/api/cenares/uploads/`, {
      method: 'OPTIONS',
      headers: { origin: 'https://www.gob.pe', 'access-control-request-method': 'POST' },
    });
    assert.equal(tus.headers.get('access-control-allow-origin'), '*');
    assert.match(tus.headers.get('access-control-allow-headers') ?? '', /Upload-Metadata/);
    assert.match(tus.headers.get('access-control-expose-headers') ?? '', /Upload-Offset/);
    assert.match(tus.headers.get('access-control-expose-headers') ?? '', /Location/);
  });

  test('an unexpected failure is a 500 problem that leaks nothing', async (t) => {
    const logged = t.mock.method(console, 'error', () => {});
    await server().db.schema.alterTable('request_events').renameTo('request_events_away').execute();
    try {
      const answer = await fileValidRequest(server(), 'ins', pdf);
      assert.equal(answer.status, 500);
      assert.equal(answer.body.code, 'server.error');
      assert.doesNotMatch(JSON.stringify(answer.body), /request_events|SQLITE|sqlite/i);
      assert.ok(logged.mock.callCount() > 0, 'the real error is logged');
    } finally {
      await server().db.schema.alterTable('request_events_away').renameTo('request_events').execute();
    }
    // The transaction rolled back: the next filing gets the number the failed one would have had.
    const next = await fileValidRequest(server(), 'ins', pdf);
    assert.equal(next.body.requestNumber, 'INS-2026-00001');
  });
});
