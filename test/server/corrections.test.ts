/**
 * Correction (subsanación) against the real server: the deadline an observation sets, the
 * correction panel's look-up, receiving replacements (idempotent, one per request, in time on
 * the server clock) and NO PRESENTADO when the deadline passes. Time is placed with the test
 * clock: nothing here waits for a deadline.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CorrectionCase, CorrectionReceipt, Problem } from '../../src/api/types.ts';
import { emailHint } from '../../server/corrections/email-hint.ts';
import { CorrectionDesk } from '../../server/corrections/correction-desk.ts';
import { expireOverdueCorrections, startCorrectionSweep } from '../../server/corrections/expiry.ts';
import { ProblemError } from '../../server/http/problems.ts';
import { parseStaffCredentials } from '../../server/staff/credentials.ts';
import { makeFakePdf, makePdf } from './documents.ts';
import { deliverPendingMails } from './outbox.ts';
import { captchaFetch, createUpload, fileValidRequest, grantHeaders, postFiling, startServer, tusUpload, UploadRefused, verifiedSubmission, type SlotMeta, type TestServer } from './helpers.ts';
import { staffSignIn } from '../support/staff-session.ts';

let server: TestServer;
/** The protected routes get a solved captcha, as from the widget (the captcha itself: captcha*.test.ts). */
const fetch = captchaFetch(() => server);
let pdf: Uint8Array;

/** Thursday 12 March 2026, 10:00 in Lima. */
const FILED = '2026-03-12T15:00:00.000Z';
/** Friday 13 March 2026, 10:00 in Lima: day 1 is Monday the 16th, day 2 Tuesday the 17th. */
const OBSERVED = '2026-03-13T15:00:00.000Z';
/** Monday 16 March 2026, 11:00 in Lima. */
const IN_TIME = '2026-03-16T16:00:00.000Z';
/** The last millisecond of Tuesday 17 March 2026 in Lima. */
const DUE_END = '2026-03-18T04:59:59.999Z';
const LATE = '2026-03-18T05:00:00.000Z';
const DOCUMENT = '10117410';

before(async () => {
  server = await startServer(FILED, { staffCredentials: parseStaffCredentials('cenares:mesa:secreto') });
  pdf = await makePdf({ pages: 2 });
});
after(() => server?.close());

/** A staff call, signed in afresh (the tests move the clock by days, past any session). */
async function staff(path: string, body?: unknown) {
  const response = await fetch(`${server.url}/api/cenares/staff${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(await staffSignIn(server.url, 'cenares', 'mesa', 'secreto')), ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, body: type.includes('json') ? ((await response.json()) as any) : new Uint8Array(await response.arrayBuffer()) };
}

/** Files a CENARES request (main + `annexes`) on Thursday and observes `observe` on Friday. */
async function observedRequest(observe: SlotMeta[] = [{ slot: 'main', index: 0 }], annexes = 1): Promise<string> {
  server.clock.set(FILED);
  const filed = await fileValidRequest(server, 'cenares', pdf, { annexes });
  assert.equal(filed.status, 201);
  server.clock.set(OBSERVED);
  const observed = await staff(`/requests/${filed.body.requestNumber}/observe`, {
    note: 'Se han encontrado observaciones en los documentos adjuntos.',
    documents: observe.map((document) => ({ ...document, note: `Falta la firma en ${document.slot} ${document.index}.` })),
  });
  assert.equal(observed.status, 200, JSON.stringify(observed.body));
  await deliverPendingMails(server); // the notice: the correction term runs from it
  return filed.body.requestNumber;
}

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/cenares/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function lookup(requestNumber: string, documentNumber = DOCUMENT): Promise<{ status: number; body: CorrectionCase & Problem; response: Response }> {
  const response = await post('corrections/lookup', { requestNumber, documentNumber });
  return { status: response.status, body: (await response.clone().json()) as CorrectionCase & Problem, response };
}

async function submit(body: unknown, key: string = crypto.randomUUID()) {
  const response = await post('corrections', body, { 'idempotency-key': key });
  return { status: response.status, headers: response.headers, body: (await response.json()) as CorrectionReceipt & Problem };
}

const correctionUpload = (name: string, slot: SlotMeta = { slot: 'main', index: 0 }, bytes: Uint8Array = pdf) =>
  tusUpload(server, 'cenares', bytes, { name, slot, purpose: 'correction' });

async function requestRow(requestNumber: string) {
  return server.db.selectFrom('requests').selectAll().where('agency_id', '=', 'cenares').where('request_number', '=', requestNumber).executeTakeFirstOrThrow();
}

async function events(requestNumber: string) {
  const row = await requestRow(requestNumber);
  return server.db.selectFrom('request_events').selectAll().where('request_id', '=', row.id).orderBy('at').execute();
}

async function mails(requestNumber: string, kind: string) {
  const row = await requestRow(requestNumber);
  return server.db.selectFrom('mail_outbox').selectAll().where('request_id', '=', row.id).where('kind', '=', kind as never).execute();
}

async function track(requestNumber: string) {
  const response = await post('tracking', { requestNumber, documentNumber: DOCUMENT });
  assert.equal(response.status, 200);
  return (await response.json()) as { status: string; deemedFiledDate: string; timeline: { stage: string; at: string; origin: string; destination: string | null; note: string | null }[] };
}

describe('email hint', () => {
  test('keeps the first and last character of the local part and the domain', () => {
    assert.equal(emailHint('juana.perez@micorreo.com'), 'j•••••z@micorreo.com');
    assert.equal(emailHint('rosa.quispe@example.pe'), 'r•••••e@example.pe');
    assert.equal(emailHint('ab@x.pe'), 'a•••••@x.pe');
    assert.equal(emailHint('a@x.pe'), 'a•••••@x.pe');
    assert.equal(emailHint(' ñandú@correo.pe '), 'ñ•••••ú@correo.pe');
    assert.equal(emailHint('sin-arroba'), 's•••••');
    assert.equal(emailHint(''), '');
  });
});

describe('the deadline set when observed', () => {
  test('observed on a Friday: due Tuesday 23:59:59.999 in Lima, in the row, the mail and the staff view', async () => {
    const number = await observedRequest();
    const row = await requestRow(number);
    assert.equal(row.correction_due_at, DUE_END);
    assert.equal(row.correction_due_date, '2026-03-17');
    const [mail] = await mails(number, 'request.observed');
    assert.equal(JSON.parse(mail!.payload_json).deadlineDate, '2026-03-17');
    const view = await staff(`/requests/${number}`);
    assert.deepEqual(view.body.correction, { dueAt: DUE_END, dueDate: '2026-03-17', receivedAt: null });
    assert.deepEqual(
      view.body.files[0].versions.map((version: any) => [version.version, version.origin, version.documentNumber]),
      [[1, 'filing', null]],
    );
  });
});

describe('looking a request up for correction', () => {
  test('open: the observation, each observed document, the deadline and the server clock', async () => {
    const number = await observedRequest([{ slot: 'main', index: 0 }]);
    server.clock.set(IN_TIME);
    const { status, body, response } = await lookup(number, '10117410-2');
    assert.equal(status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(body.state, 'open');
    assert.equal(body.status, 'OBSERVADO');
    assert.equal(body.now, IN_TIME);
    assert.equal(body.deemedFiledDate, '2026-03-12');
    assert.deepEqual(body.applicant, { name: 'Rosa María Quispe Mamani', documentType: 'DNI', documentNumber: DOCUMENT, emailHint: 'r•••••e@example.pe' });
    assert.deepEqual(body.observation, {
      note: 'Se han encontrado observaciones en los documentos adjuntos.',
      observedAt: OBSERVED,
      deadline: { date: '2026-03-17', endsAt: DUE_END },
      documents: [{ slot: 'main', index: 0, label: 'Documento principal', name: 'solicitud.pdf', note: 'Falta la firma en main 0.' }],
    });
    assert.equal(body.correctedAt, undefined);
  });

  test('not observed: nothing to correct, no observation', async () => {
    server.clock.set(FILED);
    const filed = await fileValidRequest(server, 'cenares', pdf);
    const { status, body } = await lookup(filed.body.requestNumber);
    assert.equal(status, 200);
    assert.equal(body.state, 'not-observed');
    assert.equal(body.status, 'RECIBIDO');
    assert.equal(body.observation, undefined);
  });

  test('a wrong document and an unknown number: the same 404 as tracking, byte for byte; a malformed number: the same 400', async () => {
    const number = await observedRequest();
    const asTracking = async (body: unknown) => {
      const response = await post('tracking', body);
      return [response.status, response.headers.get('content-type'), response.headers.get('cache-control'), await response.text()];
    };
    const asCorrection = async (body: unknown) => {
      const response = await post('corrections/lookup', body);
      return [response.status, response.headers.get('content-type'), response.headers.get('cache-control'), await response.text()];
    };
    for (const query of [
      { requestNumber: number, documentNumber: '44443333' },
      { requestNumber: '999-2026', documentNumber: DOCUMENT },
      { requestNumber: 'nada', documentNumber: DOCUMENT },
    ]) {
      const expected = await asTracking(query);
      assert.deepEqual(await asCorrection(query), expected);
    }
    // A wrong document answers exactly as an unknown number does.
    const wrongDocument = await asCorrection({ requestNumber: number, documentNumber: '44443333' });
    assert.equal(wrongDocument[0], 404);
    assert.deepEqual(wrongDocument, await asCorrection({ requestNumber: '999-2026', documentNumber: DOCUMENT }));
    const malformed = await post('corrections/lookup', { requestNumber: number });
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as Problem).code, 'request.malformed');
    // Wrong document on the submit route too: the same 404, nothing stored.
    const wrong = await submit({ requestNumber: number, documentNumber: '44443333', documents: [] });
    assert.equal(wrong.status, 404);
    assert.equal(wrong.body.code, 'tracking.notFound');
  });
});

describe('a correction in time', () => {
  test('stores version 2, keeps version 1, moves to SUBSANADO with the filing date kept, and mails the citizen', async () => {
    const number = await observedRequest([{ slot: 'main', index: 0 }]);
    server.clock.set(IN_TIME);
    const replacementBytes = await makePdf({ pages: 3, title: 'Documento corregido' });
    const uploadId = await correctionUpload('nuevo.pdf', { slot: 'main', index: 0 }, replacementBytes);
    const trackedBefore = await track(number);
    assert.equal(trackedBefore.status, 'OBSERVADO');

    const key = crypto.randomUUID();
    const body = { requestNumber: number, documentNumber: '10117410-2', documents: [{ slot: 'main', index: 0, uploadId, documentNumber: ' CARTA N° 005-2026 ' }] };
    const answer = await submit(body, key);
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.equal(answer.headers.get('idempotent-replayed'), null);
    const receipt = answer.body;
    assert.deepEqual(receipt, {
      requestNumber: number,
      status: 'SUBSANADO',
      statusLabel: 'SUBSANADO',
      applicantName: 'Rosa María Quispe Mamani',
      emailHint: 'r•••••e@example.pe',
      receivedAt: IN_TIME,
      deemedFiledDate: '2026-03-12',
      files: [
        {
          slot: 'main',
          index: 0,
          label: 'Documento principal',
          version: 2,
          name: 'nuevo.pdf',
          size: replacementBytes.byteLength,
          pages: 3,
          sha256: receipt.files[0]!.sha256,
          documentNumber: 'CARTA N° 005-2026',
        },
      ],
    });
    assert.match(receipt.files[0]!.sha256, /^[0-9a-f]{64}$/);

    const row = await requestRow(number);
    assert.equal(row.status, 'SUBSANADO');
    assert.equal(row.deemed_filed_date, '2026-03-12');
    const files = await server.db.selectFrom('request_files').selectAll().where('request_id', '=', row.id).where('slot', '=', 'main').orderBy('version').execute();
    assert.deepEqual(
      files.map((file) => [file.version, file.name, file.document_number, file.correction_id === null]),
      [
        [1, 'solicitud.pdf', null, true],
        [2, 'nuevo.pdf', 'CARTA N° 005-2026', false],
      ],
    );
    const upload = await server.db.selectFrom('uploads').selectAll().where('id', '=', uploadId).executeTakeFirstOrThrow();
    assert.equal(upload.request_id, row.id);
    assert.equal(upload.purpose, 'correction');

    // Staff: both versions, each downloadable; the correction's date.
    const view = await staff(`/requests/${number}`);
    assert.equal(view.body.status, 'SUBSANADO');
    assert.deepEqual(view.body.correction, { dueAt: DUE_END, dueDate: '2026-03-17', receivedAt: IN_TIME });
    assert.deepEqual(
      view.body.files[0].versions.map((version: any) => [version.version, version.origin, version.documentNumber, version.name]),
      [
        [1, 'filing', null, 'solicitud.pdf'],
        [2, 'correction', 'CARTA N° 005-2026', 'nuevo.pdf'],
      ],
    );
    const original = await staff(`/requests/${number}/files/main/0?version=1`);
    assert.equal(original.status, 200);
    assert.deepEqual(Buffer.from(original.body), Buffer.from(pdf));
    const latest = await staff(`/requests/${number}/files/main/0`);
    assert.deepEqual(Buffer.from(latest.body), Buffer.from(replacementBytes));

    // Tracking: OBSERVADO, then SUBSANADO from the citizen to the desk; filing date unchanged.
    const tracked = await track(number);
    assert.equal(tracked.status, 'SUBSANADO');
    assert.equal(tracked.deemedFiledDate, '2026-03-12');
    assert.deepEqual(
      tracked.timeline.map((entry) => [entry.stage, entry.origin, entry.destination]),
      [
        ['RECIBIDO', 'MESA DE PARTES', null],
        ['OBSERVADO', 'MESA DE PARTES', null],
        ['SUBSANADO', 'ADMINISTRADO', 'MESA DE PARTES'],
      ],
    );
    assert.equal(tracked.timeline[2]!.note, 'Subsanación de: Documento principal (nuevo.pdf)');
    assert.equal(tracked.timeline[2]!.at, IN_TIME);

    const [mail, ...more] = await mails(number, 'request.corrected');
    assert.equal(more.length, 0);
    assert.equal(mail!.recipient, 'rosa.quispe@example.pe');
    const payload = JSON.parse(mail!.payload_json);
    assert.equal(payload.deemedFiledDate, '2026-03-12');
    assert.deepEqual(payload.files, [{ label: 'Documento principal', name: 'nuevo.pdf', documentNumber: 'CARTA N° 005-2026' }]);

    // The panel now says corrected, with the replacement.
    const corrected = await lookup(number);
    assert.equal(corrected.body.state, 'corrected');
    assert.equal(corrected.body.correctedAt, IN_TIME);
    assert.deepEqual(corrected.body.observation?.documents[0]?.replacement, receipt.files[0]);

    // The same key and body: the same receipt, nothing new. Another body: 409.
    const replay = await submit(body, key);
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(replay.body, receipt);
    const conflict = await submit({ ...body, documents: [{ ...body.documents[0], documentNumber: 'OTRO' }] }, key);
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.code, 'idempotency.conflict');
    assert.equal((await events(number)).length, 3);
    assert.equal((await mails(number, 'request.corrected')).length, 1);
    assert.equal(
      (await server.db.selectFrom('request_files').select('version').where('request_id', '=', row.id).execute()).length,
      3,
      'main v1, v2 and the annex: nothing more',
    );

    // A second correction with a new key: already corrected, with when.
    const again = await submit({ ...body, documents: [{ slot: 'main', index: 0, uploadId: await correctionUpload('otra.pdf') }] });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'correction.notObserved');
    assert.match(again.body.detail ?? '', /ya fue subsanada el 16\/03\/2026 a las 11:00/);
  });

  test('correction keys never clash with filing keys', async () => {
    const number = await observedRequest();
    server.clock.set(IN_TIME);
    const key = crypto.randomUUID();
    const main = await tusUpload(server, 'cenares', pdf, { name: 'solicitud.pdf' });
    assert.equal((await postFiling(server, 'cenares', await verifiedSubmission(server, 'cenares', { main }), key)).status, 201);
    const answer = await submit({ requestNumber: number, documentNumber: DOCUMENT, documents: [{ slot: 'main', index: 0, uploadId: await correctionUpload('nuevo.pdf') }] }, key);
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
  });

  test('two corrections at once with different keys: exactly one is received', async () => {
    const number = await observedRequest();
    server.clock.set(IN_TIME);
    const [a, b] = [await correctionUpload('a.pdf'), await correctionUpload('b.pdf')];
    const answers = await Promise.all(
      [a, b].map((uploadId) => submit({ requestNumber: number, documentNumber: DOCUMENT, documents: [{ slot: 'main', index: 0, uploadId }] })),
    );
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [201, 409]);
    const loser = answers.find((answer) => answer.status === 409)!;
    assert.equal(loser.body.code, 'correction.notObserved');
    assert.match(loser.body.detail ?? '', /ya fue subsanada/);
    const row = await requestRow(number);
    assert.equal((await server.db.selectFrom('request_corrections').selectAll().where('request_id', '=', row.id).execute()).length, 1);
    assert.deepEqual(
      (await server.db.selectFrom('request_files').select('version').where('request_id', '=', row.id).where('slot', '=', 'main').orderBy('version').execute()).map((file) => file.version),
      [1, 2],
    );
    assert.equal((await events(number)).filter((event) => event.stage === 'SUBSANADO').length, 1);
    assert.equal((await mails(number, 'request.corrected')).length, 1);
  });

  test('the last millisecond of the deadline is still in time', async () => {
    const number = await observedRequest();
    const uploadId = await correctionUpload('nuevo.pdf');
    server.clock.set(DUE_END);
    const answer = await submit({ requestNumber: number, documentNumber: DOCUMENT, documents: [{ slot: 'main', index: 0, uploadId }] });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.equal(answer.body.receivedAt, DUE_END);
  });
});

describe('corrections refused', () => {
  test('a request that is not observed: 409 correction.notObserved, saying why', async () => {
    server.clock.set(FILED);
    const filed = await fileValidRequest(server, 'cenares', pdf);
    const answer = await submit({ requestNumber: filed.body.requestNumber, documentNumber: DOCUMENT, documents: [{ slot: 'main', index: 0, uploadId: await correctionUpload('x.pdf') }] });
    assert.equal(answer.status, 409);
    assert.equal(answer.body.code, 'correction.notObserved');
    assert.match(answer.body.detail ?? '', /no tiene observaciones/);
  });

  test('a document that was not observed, or an observed one missing: 422 with the fields', async () => {
    const number = await observedRequest([{ slot: 'annex', index: 1 }]);
    server.clock.set(IN_TIME);
    const main = await correctionUpload('nuevo.pdf');
    const answer = await submit({ requestNumber: number, documentNumber: DOCUMENT, documents: [{ slot: 'main', index: 0, uploadId: main }] });
    assert.equal(answer.status, 422);
    assert.equal(answer.body.code, 'correction.invalid');
    assert.deepEqual(answer.body.errors, [
      { field: 'replacement:main-0', code: 'correction.notObserved', params: { slot: 'main', index: 0 } },
      { field: 'replacement:annex-1', code: 'correction.replacementMissing', params: { slot: 'annex', index: 1 } },
    ]);
    const row = await requestRow(number);
    assert.equal(row.status, 'OBSERVADO', 'nothing changed');
    assert.equal((await server.db.selectFrom('uploads').select('request_id').where('id', '=', main).executeTakeFirstOrThrow()).request_id, null);
    // A malformed body: 400; no key: 400.
    const malformed = await submit({ requestNumber: number, documentNumber: DOCUMENT, documents: [{ slot: 'lateral', index: 0, uploadId: main }] });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, 'request.malformed');
    const keyless = await post('corrections', { requestNumber: number, documentNumber: DOCUMENT, documents: [] });
    assert.equal(keyless.status, 400);
    assert.equal(((await keyless.json()) as Problem).code, 'idempotency.missing');
  });

  test('an upload made for a filing cannot replace a document, and one made for a correction cannot be filed', async () => {
    const number = await observedRequest();
    server.clock.set(IN_TIME);
    const forFiling = await tusUpload(server, 'cenares', pdf, { name: 'nuevo.pdf' });
    const answer = await submit({ requestNumber: number, documentNumber: DOCUMENT, documents: [{ slot: 'main', index: 0, uploadId: forFiling }] });
    assert.equal(answer.status, 422);
    assert.equal(answer.body.code, 'upload.wrongSlot');
    assert.deepEqual(answer.body.errors, [{ field: 'replacement:main-0', code: 'upload.wrongSlot', params: { slot: 'main', index: 0 } }]);

    const forAnnex = await correctionUpload('anexo.pdf', { slot: 'annex', index: 1 });
    const wrongSlot = await submit({ requestNumber: number, documentNumber: DOCUMENT, documents: [{ slot: 'main', index: 0, uploadId: forAnnex }] });
    assert.equal(wrongSlot.body.code, 'upload.wrongSlot');
    const unknown = await submit({ requestNumber: number, documentNumber: DOCUMENT, documents: [{ slot: 'main', index: 0, uploadId: 'f'.repeat(32) }] });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.code, 'upload.notFound');

    const forCorrection = await correctionUpload('nuevo.pdf');
    const filing = await postFiling(server, 'cenares', await verifiedSubmission(server, 'cenares', { main: forCorrection }));
    assert.equal(filing.status, 422);
    assert.equal(filing.body.code, 'upload.wrongSlot');
  });

  test('tus: a correction upload over the correction limit (CENARES: 20 MB) is refused at creation, in Spanish', async () => {
    const tooLarge = await createUpload(server, 'cenares', { name: 'nuevo.pdf', size: 21 * 1024 * 1024, slot: { slot: 'main', index: 0 }, purpose: 'correction' });
    assert.equal(tooLarge.status, 413);
    const problem = (await tooLarge.json()) as Problem;
    assert.equal(problem.code, 'upload.tooLarge');
    assert.equal(problem.detail, 'El reemplazo del documento principal puede pesar hasta 20 MB.');
    // The same size for a filing is within the filing's 100 MB.
    const forFiling = await createUpload(server, 'cenares', { name: 'nuevo.pdf', size: 21 * 1024 * 1024, slot: { slot: 'main', index: 0 } });
    assert.equal(forFiling.status, 201);
    const wrongType = await createUpload(server, 'cenares', { name: 'nuevo.docx', size: 100, slot: { slot: 'main', index: 0 }, purpose: 'correction' });
    assert.equal(wrongType.status, 415);
    assert.equal(((await wrongType.json()) as Problem).detail, 'Para el reemplazo del documento principal se aceptan solo archivos .pdf.');
    const badPurpose = await fetch(`${server.url}/api/cenares/uploads/`, {
      method: 'POST',
      headers: {
        ...(await grantHeaders(server, 'cenares')),
        'tus-resumable': '1.0.0',
        'upload-length': '100',
        'upload-metadata': `filename ${Buffer.from('a.pdf').toString('base64')},slot ${Buffer.from('main').toString('base64')},purpose ${Buffer.from('otro').toString('base64')}`,
      },
    });
    assert.equal(badPurpose.status, 400);
    assert.equal(((await badPurpose.json()) as Problem).code, 'upload.invalid');
  });

  test('tus: a file named .pdf that is not a PDF is refused for a correction too', async () => {
    await assert.rejects(correctionUpload('falso.pdf', { slot: 'main', index: 0 }, makeFakePdf()), (error: unknown) => {
      assert.ok(error instanceof UploadRefused);
      assert.equal(error.status, 422);
      assert.equal(error.problem?.code, 'upload.contentMismatch');
      return true;
    });
  });
});

describe('NO PRESENTADO', () => {
  test('late: refused on the server clock even if the browser thought it in time; the request is not presented', async () => {
    const number = await observedRequest();
    server.clock.set(IN_TIME);
    const uploadId = await correctionUpload('nuevo.pdf');
    server.clock.set(LATE);
    const answer = await submit({ requestNumber: number, documentNumber: DOCUMENT, documents: [{ slot: 'main', index: 0, uploadId }] });
    assert.equal(answer.status, 409);
    assert.equal(answer.body.code, 'correction.deadlinePassed');
    assert.match(answer.body.detail ?? '', /^El plazo para subsanar venció el 17\/03\/2026 a las 23:59\./);
    const row = await requestRow(number);
    assert.equal(row.status, 'NO_PRESENTADO');
    const rows = (await events(number)).filter((event) => event.stage === 'NO_PRESENTADO');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.at, '2026-03-18T05:00:00.000Z', 'the deadline end + 1 ms');
    assert.equal(rows[0]!.note, 'No se subsanó dentro del plazo, que venció el 17/03/2026 (art. 136 del TUO de la Ley N° 27444).');
    assert.equal((await mails(number, 'request.notPresented')).length, 1);
    assert.equal(JSON.parse((await mails(number, 'request.notPresented'))[0]!.payload_json).deadlineDate, '2026-03-17');
    assert.equal((await server.db.selectFrom('uploads').select('request_id').where('id', '=', uploadId).executeTakeFirstOrThrow()).request_id, null);
    // Asking again changes nothing more.
    assert.equal((await submit({ requestNumber: number, documentNumber: DOCUMENT, documents: [{ slot: 'main', index: 0, uploadId }] })).body.code, 'correction.deadlinePassed');
    assert.equal((await mails(number, 'request.notPresented')).length, 1);
    const looked = await lookup(number);
    assert.equal(looked.body.state, 'expired');
    assert.equal(looked.body.statusLabel, 'NO PRESENTADO');
  });

  test('the deadline passing between the look-up and the transaction: refused and settled all the same', async () => {
    const number = await observedRequest();
    server.clock.set(IN_TIME);
    const uploadId = await correctionUpload('nuevo.pdf');
    // The request as the route found it, still OBSERVADO and in time; the clock then passes the deadline.
    const found = await requestRow(number);
    server.clock.set(LATE);
    const desk = new CorrectionDesk(server.configs.get('cenares')!, server.db, server.clock);
    const submission = { requestNumber: number, documentNumber: DOCUMENT, documents: [{ slot: 'main' as const, index: 0, uploadId, documentNumber: undefined }] };
    const key = crypto.randomUUID();
    await assert.rejects(desk.submit(key, submission, submission, found), (error: unknown) => {
      assert.ok(error instanceof ProblemError);
      assert.equal(error.problem.code, 'correction.deadlinePassed');
      return true;
    });
    assert.equal((await requestRow(number)).status, 'NO_PRESENTADO');
    assert.equal((await events(number)).filter((event) => event.stage === 'NO_PRESENTADO').length, 1);
    assert.equal((await server.db.selectFrom('request_corrections').selectAll().where('request_id', '=', found.id).execute()).length, 0);
    assert.equal((await server.db.selectFrom('idempotency_keys').selectAll().where('idempotency_key', 'like', `%${key}`).execute()).length, 0, 'a refusal is not remembered');
  });

  test('the periodic sweep settles overdue requests at start, and stops cleanly', async () => {
    const number = await observedRequest();
    server.clock.set(LATE);
    const sweep = startCorrectionSweep(server.db, [server.configs.get('cenares')!], server.clock, 60_000);
    await sweep.stop();
    assert.equal((await requestRow(number)).status, 'NO_PRESENTADO');
  });

  test('on read: tracking shows NO PRESENTADO once the clock passes the deadline, dated at the deadline', async () => {
    const number = await observedRequest();
    server.clock.set(DUE_END);
    assert.equal((await track(number)).status, 'OBSERVADO');
    assert.equal((await lookup(number)).body.state, 'open');
    server.clock.set('2026-03-25T15:00:00Z'); // a week later
    const tracked = await track(number);
    assert.equal(tracked.status, 'NO_PRESENTADO');
    assert.deepEqual(tracked.timeline.map((entry) => entry.stage), ['RECIBIDO', 'OBSERVADO', 'NO_PRESENTADO']);
    assert.equal(tracked.timeline[2]!.at, LATE);
    assert.equal(tracked.timeline[2]!.origin, 'MESA DE PARTES');
    assert.equal((await staff(`/requests/${number}`)).body.status, 'NO_PRESENTADO');
  });

  test('the sweep: two at once write one row and one mail; the staff list settles too', async () => {
    const first = await observedRequest();
    const second = await observedRequest();
    server.clock.set(LATE);
    const config = server.configs.get('cenares')!;
    const moved = await Promise.all([expireOverdueCorrections(server.db, config, server.clock), expireOverdueCorrections(server.db, config, server.clock)]);
    assert.ok(moved[0]! + moved[1]! >= 2);
    for (const number of [first, second]) {
      assert.equal((await requestRow(number)).status, 'NO_PRESENTADO');
      assert.equal((await events(number)).filter((event) => event.stage === 'NO_PRESENTADO').length, 1);
      assert.equal((await mails(number, 'request.notPresented')).length, 1);
    }
    assert.deepEqual(await Promise.all([expireOverdueCorrections(server.db, config, server.clock)]), [0]);

    const third = await observedRequest();
    server.clock.set(LATE);
    const list = await staff(`/requests?number=${third}`);
    assert.equal(list.body.items[0].status, 'NO_PRESENTADO');
  });
});
