/**
 * Issue 11, section 6 (part): bad input gets a clear, Spanish answer, against the real server.
 * - control characters and bidirectional overrides are refused in a citizen's text fields, and
 *   removed from the file names staff and the citizen are shown;
 * - a persona jurídica files with the RUC of a legal entity, not a natural person's (prefix 10);
 * - the receipt PDF prints every name as typed (ñ, tildes, ą, the ʼ of Quechua and Aymara names).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Receipt } from '../../src/api/types.ts';
import { renderReceiptPdf } from '../../server/receipts/receipt-pdf.ts';
import { parseStaffCredentials } from '../../server/staff/credentials.ts';
import { makePdf } from '../server/documents.ts';
import { pdfText } from '../server/pdf-text.ts';
import { postFiling, postJson, signIn, startServer, tusUpload, validSubmission, type TestServer } from '../server/helpers.ts';
import { staffSignIn } from '../support/staff-session.ts';

let server: TestServer;
let pdf: Uint8Array;
const signInAsStaff = () => staffSignIn(server.url, 'inpe', 'mesa', 'secreto');

before(async () => {
  server = await startServer(undefined, { staffCredentials: parseStaffCredentials('inpe:mesa:secreto') });
  pdf = await makePdf();
});
after(() => server?.close());

/** Marks that reorder or hide text, and control characters. */
const HARMFUL = ['\u202E', '\u202A', '\u202D', '\u2066', '\u2067', '\u2069', '\u200E', '\u200F', '\u200B', '\u0007', '\u001B', '\uFEFF'];
const escaped = (text: string) => JSON.stringify(text);

describe('control characters and bidirectional marks', () => {
  test('are refused in a filing\'s text fields, naming the field, with a Spanish message', async () => {
    const config = server.configs.get('inpe')!;
    const main = await tusUpload(server, 'inpe', pdf, { name: 'oficio.pdf' });
    for (const mark of HARMFUL) {
      const submission = validSubmission(config, { main });
      submission.applicant.givenNames = `Rosa${mark} María`;
      submission.applicant.surnames = `Quispe ${mark}Mamani`;
      submission.subject = `Solicito copia${mark} certificada`;
      const filed = await postFiling(server, 'inpe', submission);
      assert.equal(filed.status, 422, `${escaped(mark)}: ${JSON.stringify(filed.body)}`);
      assert.deepEqual(
        filed.body.errors?.map((error) => `${error.field}:${error.code}`).sort(),
        ['givenNames:text.control', 'subject:text.control', 'surnames:text.control'],
        escaped(mark),
      );
    }
    // A persona jurídica's name too; line breaks stay fine in the subject (a textarea).
    const organization = validSubmission(config, { main });
    organization.personKind = 'juridica';
    organization.organization = { ruc: '20538298485', name: 'Empresa\u202E S.A.C.' };
    organization.subject = 'Primera línea\nSegunda línea';
    const filed = await postFiling(server, 'inpe', organization);
    assert.equal(filed.status, 422);
    assert.deepEqual(filed.body.errors, [{ field: 'organizationName', code: 'text.control' }]);
  });

  test('are refused in "Mis trámites" changes and in a cancel reason', async () => {
    const config = server.configs.get('inpe')!;
    const submission = validSubmission(config, { main: await tusUpload(server, 'inpe', pdf, { name: 'oficio.pdf' }) });
    const filed = await postFiling(server, 'inpe', submission);
    assert.equal(filed.status, 201);
    const session = await signIn(server, 'inpe', submission.applicant.email, { documentNumber: '10117410' });
    const auth = { authorization: `Bearer ${session.token}` };
    const path = `my/requests/${encodeURIComponent(filed.body.requestNumber)}`;
    const changed = await postJson(server, 'inpe', path, { subject: 'Nuevo\u202E asunto' }, auth, 'PATCH');
    assert.equal(changed.status, 422, JSON.stringify(changed.body));
    assert.deepEqual(changed.body.errors, [{ field: 'subject', code: 'text.control' }]);
    const cancelled = await postJson(server, 'inpe', `${path}/cancel`, { reason: 'Ya no\u2067 lo necesito' }, auth);
    assert.equal(cancelled.status, 422, JSON.stringify(cancelled.body));
    assert.deepEqual(cancelled.body.errors, [{ field: 'reason', code: 'text.control' }]);
    assert.match(cancelled.body.detail, /caracteres invisibles o de control/);
  });

  test('are removed from an uploaded file\'s name: the receipt, the mail and staff see the plain name', async () => {
    const config = server.configs.get('inpe')!;
    const main = await tusUpload(server, 'inpe', pdf, { name: 'factura\u202Efdp.exe.pdf' });
    const annex = await tusUpload(server, 'inpe', pdf, { name: 'anexo\u2067\u200F\u0007.pdf', slot: { slot: 'annex', index: 1 } });
    const filed = await postFiling(server, 'inpe', validSubmission(config, { main, annexes: [annex] }));
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.deepEqual(filed.body.files.map((file) => file.name), ['facturafdp.exe.pdf', 'anexo.pdf']);
    const mail = await server.db.selectFrom('mail_outbox').select('payload_json').where('kind', '=', 'request.received').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    for (const mark of HARMFUL) assert.ok(!mail.payload_json.includes(mark) && !mail.payload_json.includes(JSON.stringify(mark).slice(1, -1)), escaped(mark));
    const response = await fetch(`${server.url}/api/inpe/staff/requests/${encodeURIComponent(filed.body.requestNumber)}`, { headers: await signInAsStaff() });
    const detail = (await response.json()) as { files: { versions: { name: string }[] }[] };
    assert.deepEqual(detail.files.flatMap((file) => file.versions.map((version) => version.name)), ['facturafdp.exe.pdf', 'anexo.pdf']);
  });
});

describe('the RUC of a persona jurídica', () => {
  test('a natural person\'s RUC (prefix 10) is refused for an organization; a legal entity\'s (20) is taken', async () => {
    const config = server.configs.get('inpe')!;
    const main = await tusUpload(server, 'inpe', pdf, { name: 'oficio.pdf' });
    const submission = validSubmission(config, { main });
    submission.personKind = 'juridica';
    // 10 + the DNI 10117410 + its check digit: a valid RUC, of a person.
    submission.organization = { ruc: '10101174102', name: 'Rosa Quispe Mamani' };
    const refused = await postFiling(server, 'inpe', submission);
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.deepEqual(refused.body.errors, [{ field: 'ruc', code: 'identity.ruc.naturalPerson' }]);
    submission.organization = { ruc: '20538298485', name: 'CENARES' };
    const filed = await postFiling(server, 'inpe', submission);
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
  });

  test('the RUC look-up for an organization says so too', async () => {
    const looked = await postJson(server, 'inpe', 'lookups/organization', { ruc: '10101174102' });
    assert.equal(looked.status, 400, JSON.stringify(looked.body));
    assert.equal(looked.body.code, 'lookup.invalid');
    assert.match(looked.body.detail, /persona natural/);
  });
});

describe('the receipt PDF', () => {
  test('prints every name as typed: ñ, tildes, ą, and the ʼ (U+02BC) of Quechua and Aymara names', async () => {
    const config = server.configs.get('inpe')!;
    const names = ['Ñusta Ch\u02BCaska Quispe Huamán', 'Małgorzata Dąbrowska Żółć', 'Qhapaq Yupanki K\u02BCuchu', 'José Ángel Núñez Peña'];
    const receipt: Receipt = {
      requestNumber: '7-2026',
      agencyId: 'inpe',
      status: 'RECIBIDO',
      receivedAt: '2026-03-10T15:00:00.000Z',
      receivedDate: '2026-03-10',
      deemedFiledDate: '2026-03-10',
      deemedFiledReason: 'same-day',
      applicant: { name: names[0]!, documentType: 'DNI', documentNumber: '10117410', email: 'nusta@example.pe' },
      organization: { ruc: '20538298485', name: names[1]! },
      subject: `Solicitud de ${names[2]} y ${names[3]}`,
      files: [{ slot: 'main', index: 0, name: 'Declaración jurada de Ch\u02BCaska.pdf', size: 1000, pages: 1, sha256: 'a'.repeat(64) }],
    };
    const bytes = await renderReceiptPdf({ receipt, config, trackingUrl: 'https://x.example/' });
    const text = await pdfText(bytes);
    for (const name of [...names, 'Declaración jurada de Ch\u02BCaska.pdf']) assert.ok(text.includes(name), `missing «${name}» in: ${text}`);
    assert.ok(!text.includes('?'), text);
    // The font is subset: a receipt stays the size of a small document.
    assert.ok(bytes.byteLength < 120_000, `${bytes.byteLength} bytes`);
  });
});
