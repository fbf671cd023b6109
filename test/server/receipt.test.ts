/**
 * The cargo de recepción: `renderReceiptPdf` (read back with pdf.js, as a citizen's viewer
 * would) and `POST /api/{agencyId}/receipts`, which follows the tracking lookup's 404 rules and
 * then asks the download grant a search or the filing gave.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Receipt } from '../../src/api/types.ts';
import { IDENTITY_DOCUMENT_NAMES } from '../../src/domain/identity.ts';
import { requestLinks } from '../../server/links.ts';
import { renderReceiptPdf } from '../../server/receipts/receipt-pdf.ts';
import { makePdf } from './documents.ts';
import { pdfText } from './pdf-text.ts';
import { BUSINESS_MORNING, captchaFetch, DOWNLOAD_TOKEN, downloadTokenFor, fileValidRequest, startServer, type TestServer } from './helpers.ts';

let server: TestServer;
/** The protected routes get a solved captcha, as from the widget (the captcha itself: captcha*.test.ts). */
const fetch = captchaFetch(() => server);
let receipt: Receipt;

before(async () => {
  server = await startServer();
  const filed = await fileValidRequest(server, 'cenares', await makePdf({ pages: 2 }), { annexes: 2 });
  assert.equal(filed.status, 201);
  receipt = filed.body;
});
after(() => server?.close());

function postReceipt(agencyId: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}/api/${agencyId}/receipts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('renderReceiptPdf', () => {
  test('prints the number, the dates, the applicant, each file with its pages and SHA-256, and the tracking link', async () => {
    const config = server.configs.get('cenares')!;
    const trackingUrl = 'https://mesadepartes.example.pe/cenares.html?vista=seguimiento&solicitud=1-2026&documento=10117410';
    const bytes = await renderReceiptPdf({ receipt, config, trackingUrl });
    assert.equal(new TextDecoder().decode(bytes.slice(0, 5)), '%PDF-');
    const text = await pdfText(bytes);
    for (const expected of [
      'Cargo de recepción',
      config.agency.name,
      'Solicitud N° 1-2026',
      'Fecha y hora de recepción',
      '10/03/2026 10:00:00 (hora de Lima)',
      'Se considera presentada el',
      'martes 10 de marzo de 2026',
      'Rosa María Quispe Mamani',
      'DNI 10117410',
      config.procedures[0]!.name,
      'Solicito copia certificada de mi expediente',
      'Documento principal: solicitud.pdf',
      'Anexo 1: anexo-1.pdf',
      'Anexo 2: anexo-2.pdf',
      '2 páginas',
      trackingUrl,
    ]) {
      assert.ok(text.includes(expected), `missing «${expected}» in: ${text}`);
    }
    assert.equal(receipt.files.length, 3);
    for (const file of receipt.files) assert.ok(text.includes(`SHA-256: ${file.sha256}`), file.name);
  });

  test('says why it counts from a later day, and replaces what its font cannot draw', async () => {
    const config = server.configs.get('cenares')!;
    const saturday: Receipt = {
      ...receipt,
      receivedAt: '2026-03-14T15:00:00.000Z',
      receivedDate: '2026-03-14',
      deemedFiledDate: '2026-03-16',
      deemedFiledReason: 'non-business-day',
      applicant: { ...receipt.applicant, name: 'Zoë Ōtsuka 李 🙂 Ñuñez' },
    };
    const text = await pdfText(await renderReceiptPdf({ receipt: saturday, config, trackingUrl: 'https://x.example/' }));
    assert.ok(text.includes('lunes 16 de marzo de 2026. Llegó un sábado, que no es día hábil.'), text);
    assert.ok(text.includes('Zoë Ōtsuka ? ? Ñuñez'), text);
  });
});

describe('POST /api/{agencyId}/receipts', () => {
  test('names the identity document type from the shared map', async () => {
    const config = server.configs.get('cenares')!;
    const ptp: Receipt = { ...receipt, applicant: { ...receipt.applicant, documentType: 'CPP', documentNumber: 'A1234567' } };
    const text = await pdfText(await renderReceiptPdf({ receipt: ptp, config, trackingUrl: 'https://x.example/' }));
    assert.ok(text.includes(`${IDENTITY_DOCUMENT_NAMES.CPP} A1234567`), text);
    assert.ok(text.includes('Carné de Permiso Temporal de Permanencia A1234567'), text);
  });

  test('answers the PDF as an attachment named after the number', async () => {
    const downloadToken = await downloadTokenFor(server, 'cenares', '1-2026', '10117410');
    const response = await postReceipt('cenares', { requestNumber: '1-2026', documentNumber: '10117410-2', downloadToken });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="cargo-1-2026.pdf"');
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
    assert.ok(text.includes('Solicitud N° 1-2026'));
    // Without a public URL given, the link points at the desk on the origin asked, pre-filled
    // with the stored document in the fragment (never sent to a server).
    assert.ok(text.includes(`${server.url}/cenares.html#vista=seguimiento&solicitud=1-2026&documento=10117410`), text);
    assert.ok(!text.includes('?vista='), text);
    for (const file of receipt.files) assert.ok(text.includes(file.sha256));
  });

  test('uses the public URL the app was given, the same base as the mails', async () => {
    const behindProxy = await startServer(undefined, { publicUrl: 'https://mesadepartes.example.pe/tramites/' });
    try {
      const filed = await fileValidRequest(behindProxy, 'cenares', await makePdf({ pages: 1 }));
      assert.equal(filed.status, 201);
      const response = await fetch(`${behindProxy.url}/api/cenares/receipts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ requestNumber: filed.body.requestNumber, documentNumber: filed.body.applicant.documentNumber, downloadToken: filed.body.downloadToken }),
      });
      assert.equal(response.status, 200);
      const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
      const link = requestLinks('https://mesadepartes.example.pe/tramites/', 'cenares', filed.body.requestNumber, filed.body.applicant.documentNumber).tracking;
      // The PDF wraps long links: compare without the line breaks.
      assert.ok(text.replace(/\s+/g, '').includes(link), text);
      assert.ok(!text.includes(behindProxy.url), text);
    } finally {
      await behindProxy.close();
    }
  });

  test('without a grant, the same 403 for a right pair, an unknown number and a wrong document', async () => {
    // The grant is checked before the request is looked up: no answer tells which pairs exist.
    const answers = await Promise.all([
      postReceipt('cenares', { requestNumber: '1-2026', documentNumber: '10117410' }),
      postReceipt('cenares', { requestNumber: '77-2026', documentNumber: '10117410' }),
      postReceipt('cenares', { requestNumber: '1-2026', documentNumber: '44443333' }),
      postReceipt('cenares', { requestNumber: 'INPE-2026-000001', documentNumber: '10117410' }),
    ]);
    const bodies = await Promise.all(answers.map((answer) => answer.text()));
    for (const answer of answers) assert.equal(answer.status, 403);
    for (const body of bodies) assert.equal(body, bodies[0]);
    assert.equal(JSON.parse(bodies[0]!).code, 'tracking.downloadExpired');
  });

  test("with a grant, a wrong document or another request's number gets the tracking lookup's 404; a malformed number the 400", async () => {
    const downloadToken = receipt.downloadToken;
    const wrong = await postReceipt('cenares', { requestNumber: '1-2026', documentNumber: '44443333', downloadToken });
    const unknown = await postReceipt('cenares', { requestNumber: '77-2026', documentNumber: '10117410', downloadToken });
    const other = await fileValidRequest(server, 'cenares', await makePdf({ pages: 1 }));
    assert.equal(other.status, 201);
    const notGranted = await postReceipt('cenares', { requestNumber: other.body.requestNumber, documentNumber: '10117410', downloadToken });
    const bodies = await Promise.all([wrong, unknown, notGranted].map((answer) => answer.text()));
    for (const answer of [wrong, unknown, notGranted]) assert.equal(answer.status, 404);
    for (const body of bodies) assert.equal(body, bodies[0]);
    assert.equal(JSON.parse(bodies[0]!).code, 'tracking.notFound');
    const tracking = await fetch(`${server.url}/api/cenares/tracking`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestNumber: '77-2026', documentNumber: '10117410' }),
    });
    assert.equal(await tracking.text(), bodies[0], 'the same body as the tracking lookup');

    const malformed = await postReceipt('cenares', { requestNumber: 'INPE-2026-000001', documentNumber: '10117410', downloadToken });
    assert.equal(malformed.status, 400);
    assert.equal((await malformed.json()).code, 'tracking.malformed');
  });
});

describe('the download grant of POST receipts', () => {
  const ask = (downloadToken?: unknown, requestNumber = '1-2026') => postReceipt('cenares', { requestNumber, documentNumber: '10117410', downloadToken });

  async function refused(response: Response, why: string): Promise<void> {
    assert.equal(response.status, 403, why);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const problem = await response.json();
    assert.equal(problem.code, 'tracking.downloadExpired', why);
    assert.equal(problem.title, 'Vuelva a consultar su solicitud para descargar');
    assert.match(problem.detail, /una hora/);
  }

  test('without a token or with one made up, the PDF is refused; with one of another request, not found', async () => {
    await refused(await ask(), 'no token');
    await refused(await ask(''), 'an empty token');
    await refused(await ask(42), 'not a text');
    await refused(await ask('x'.repeat(43)), 'a made-up token');
    const other = await fileValidRequest(server, 'cenares', await makePdf({ pages: 1 }));
    assert.equal(other.status, 201);
    assert.equal((await ask(other.body.downloadToken)).status, 404, "the other request's filing token");
    assert.equal((await ask(await downloadTokenFor(server, 'cenares', other.body.requestNumber, '10117410'))).status, 404, "the other request's tracking token");
    // A token of another agency is no grant here (each agency numbers its own requests).
    const ins = await fileValidRequest(server, 'ins', await makePdf({ pages: 1 }));
    await refused(await postReceipt('ins', { requestNumber: ins.body.requestNumber, documentNumber: '10117410', downloadToken: receipt.downloadToken }), "another agency's token");
    assert.equal((await postReceipt('ins', { requestNumber: ins.body.requestNumber, documentNumber: '10117410', downloadToken: ins.body.downloadToken })).status, 200);
  });

  test("the filing's token and a search's token both download, as often as needed, for one hour", async () => {
    assert.match(receipt.downloadToken ?? '', DOWNLOAD_TOKEN, 'expiry, nonce, request id, HMAC-SHA256');
    const searched = await downloadTokenFor(server, 'cenares', '1-2026', '10117410-2');
    try {
      server.clock.advance(59 * 60 * 1000);
      for (const token of [searched, searched, receipt.downloadToken]) assert.equal((await ask(token)).status, 200);
      server.clock.advance(60 * 1000 + 1);
      await refused(await ask(searched), 'an hour after the search');
      await refused(await ask(receipt.downloadToken), 'an hour after the filing');
      // Searching again is the way back.
      assert.equal((await ask(await downloadTokenFor(server, 'cenares', '1-2026', '10117410'))).status, 200);
    } finally {
      server.clock.set(BUSINESS_MORNING);
    }
  });
});
