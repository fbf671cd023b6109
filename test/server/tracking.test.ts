/**
 * `POST /api/{agencyId}/tracking`: the citizen finds their request with its number and the
 * identity document it was filed with; nothing tells an unknown number from a wrong document.
 * Each search that finds it grants the downloads of that request for an hour.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makePdf } from './documents.ts';
import { captchaFetch, DOWNLOAD_TOKEN, fileValidRequest, startServer, type TestServer } from './helpers.ts';

let server: TestServer;
/** The protected routes get a solved captcha, as from the widget (the captcha itself: captcha*.test.ts). */
const fetch = captchaFetch(() => server);
let cenaresNumber: string;
let inpeNumber: string;

before(async () => {
  server = await startServer();
  const pdf = await makePdf({ pages: 2 });
  const cenares = await fileValidRequest(server, 'cenares', pdf);
  assert.equal(cenares.status, 201);
  cenaresNumber = cenares.body.requestNumber;
  const inpe = await fileValidRequest(server, 'inpe', pdf);
  assert.equal(inpe.status, 201);
  inpeNumber = inpe.body.requestNumber;
});
after(() => server?.close());

function track(agencyId: string, body: unknown, contentType = 'application/json'): Promise<Response> {
  return fetch(`${server.url}/api/${agencyId}/tracking`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('tracking a request', () => {
  test('answers the request with its RECIBIDO row', async () => {
    const response = await track('cenares', { requestNumber: cenaresNumber, documentNumber: '10117410' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const { downloadToken, ...body } = await response.json();
    assert.match(downloadToken, DOWNLOAD_TOKEN);
    const config = server.configs.get('cenares')!;
    assert.deepEqual(body, {
      requestNumber: '1-2026',
      status: 'RECIBIDO',
      statusLabel: 'RECIBIDO',
      procedure: { id: config.procedures[0]!.id, name: config.procedures[0]!.name },
      subject: 'Solicito copia certificada de mi expediente',
      createdAt: '2026-03-10T15:00:00.000Z',
      receivedAt: '2026-03-10T15:00:00.000Z',
      deemedFiledDate: '2026-03-10',
      timeline: [
        {
          n: 1,
          stage: 'RECIBIDO',
          stageLabel: 'RECIBIDO',
          at: '2026-03-10T15:00:00.000Z',
          origin: 'MESA DE PARTES',
          destination: null,
          note: 'Recepción de solicitud',
        },
      ],
    });
  });

  test('every search grants the downloads anew: a fresh token, for that request, with or without a captcha', async () => {
    const tokens: string[] = [];
    for (const [agencyId, requestNumber] of [
      ['cenares', cenaresNumber],
      ['cenares', cenaresNumber],
      ['inpe', inpeNumber], // INPE asks no captcha: the same contract
    ] as const) {
      const response = await track(agencyId, { requestNumber, documentNumber: '10117410' });
      assert.equal(response.status, 200);
      const { downloadToken } = await response.json();
      tokens.push(downloadToken);
      const receipt = await fetch(`${server.url}/api/${agencyId}/receipts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ requestNumber, documentNumber: '10117410', downloadToken }),
      });
      assert.equal(receipt.status, 200, agencyId);
      assert.equal(receipt.headers.get('content-type'), 'application/pdf');
    }
    assert.equal(new Set(tokens).size, 3);
    // Signed, not stored: the expiry (an hour after the search) and the request travel in the token.
    const inpe = await server.db.selectFrom('requests').select('id').where('request_number', '=', inpeNumber).executeTakeFirstOrThrow();
    const [expires, , requestId] = tokens[2]!.split('.');
    assert.equal(requestId, inpe.id);
    assert.equal(parseInt(expires!, 36) - server.clock.now().getTime(), 60 * 60 * 1000);
  });

  test('matches the document as the filing stored it: a DNI typed with its check character, spaces around', async () => {
    for (const documentNumber of ['10117410-2', ' 10117410 G ', '10117410-g']) {
      const response = await track('cenares', { requestNumber: ` ${cenaresNumber} `, documentNumber });
      assert.equal(response.status, 200, documentNumber);
    }
    // INPE's numbers are matched in any case and with extra zero padding.
    const response = await track('inpe', { requestNumber: inpeNumber.toLowerCase().replace('-0', '-00'), documentNumber: '10117410' });
    assert.equal(response.status, 200);
    assert.equal((await response.json()).requestNumber, inpeNumber);
  });

  test('an unknown number and a wrong document get byte-identical answers', async () => {
    const unknown = await track('cenares', { requestNumber: '999-2026', documentNumber: '10117410' });
    const wrongDocument = await track('cenares', { requestNumber: cenaresNumber, documentNumber: '44443333' });
    const wrongCheck = await track('cenares', { requestNumber: cenaresNumber, documentNumber: '10117410-5' });
    const answers = [unknown, wrongDocument, wrongCheck];
    const bodies = await Promise.all(answers.map((response) => response.text()));
    for (const response of answers) {
      assert.equal(response.status, 404);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
    }
    assert.equal(bodies[1], bodies[0]);
    assert.equal(bodies[2], bodies[0]);
    const problem = JSON.parse(bodies[0]!);
    assert.equal(problem.code, 'tracking.notFound');
    assert.equal(problem.downloadToken, undefined);
    assert.doesNotMatch(problem.detail, /999|10117410/);
  });

  test('a number that does not fit the agency format is a 400 that shows the format', async () => {
    for (const requestNumber of ['abc', 'INPE-2026-000001', '']) {
      const response = await track('cenares', { requestNumber, documentNumber: '10117410' });
      assert.equal(response.status, 400, requestNumber);
      const problem = await response.json();
      assert.equal(problem.code, 'tracking.malformed');
      assert.match(problem.detail, /12-2026/);
    }
    const blankDocument = await track('cenares', { requestNumber: cenaresNumber, documentNumber: '  ' });
    assert.equal((await blankDocument.json()).code, 'tracking.malformed');
  });

  test('another agency does not find the number', async () => {
    // The same sequence and year under INS (which has no request yet) is not INPE's or CENARES' request.
    const ins = await track('ins', { requestNumber: 'INS-2026-00001', documentNumber: '10117410' });
    assert.equal(ins.status, 404);
    assert.equal((await ins.json()).code, 'tracking.notFound');
    // Each demo agency has its own format: another agency's number does not even fit.
    const inpe = await track('inpe', { requestNumber: cenaresNumber, documentNumber: '10117410' });
    assert.equal(inpe.status, 400);
  });

  test('a body that is not the expected JSON is request.malformed', async () => {
    const notJson = await track('cenares', 'requestNumber=1-2026', 'application/x-www-form-urlencoded');
    assert.equal(notJson.status, 400);
    assert.equal((await notJson.json()).code, 'request.malformed');
    const wrongShape = await track('cenares', { requestNumber: 1 });
    assert.equal((await wrongShape.json()).code, 'request.malformed');
    const noAgency = await track('nadie', { requestNumber: '1-2026', documentNumber: '10117410' });
    assert.equal(noAgency.status, 404);
    assert.equal((await noAgency.json()).code, 'agency.notFound');
  });
});
