/**
 * Attending with a response PDF: stored, tracked, downloadable by the citizen (with the download
 * grant of a search or of the filing), mailed; refused files change nothing.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { mailAttachments } from '../../server/mail/attachments.ts';
import { renderMail } from '../../server/mail/templates.ts';
import { parseStaffCredentials } from '../../server/staff/credentials.ts';
import { fileResponseStorage } from '../../server/storage/responses.ts';
import { makeEncryptedPdf, makeFakePdf, makePdf } from './documents.ts';
import { captchaFetch, fileValidRequest, startServer, type TestServer } from './helpers.ts';
import { staffSignIn } from '../support/staff-session.ts';

let server: TestServer;
/** The protected routes get a solved captcha, as from the widget (the captcha itself: captcha*.test.ts). */
const fetch = captchaFetch(() => server);
let pdf: Uint8Array;

const staffHeaders = () => staffSignIn(server.url, 'cenares', 'mesa', 'secreto');
const DOCUMENT = '10117410-2';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

before(async () => {
  server = await startServer(undefined, { staffCredentials: parseStaffCredentials('cenares:mesa:secreto') });
  pdf = await makePdf({ pages: 2 });
});
after(() => server?.close());

/** Files a request; its number and the download token the filing answered with. */
async function fileWithToken(): Promise<{ number: string; token: string }> {
  const answer = await fileValidRequest(server, 'cenares', pdf);
  assert.equal(answer.status, 201);
  return { number: answer.body.requestNumber, token: answer.body.downloadToken! };
}

async function file(): Promise<string> {
  return (await fileWithToken()).number;
}

async function attend(number: string, note: string, response?: { bytes: Uint8Array; name: string }) {
  const form = new FormData();
  form.set('note', note);
  if (response) form.set('file', new Blob([response.bytes.slice() as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), response.name);
  const answer = await fetch(`${server.url}/api/cenares/staff/requests/${encodeURIComponent(number)}/attend`, {
    method: 'POST',
    headers: await staffHeaders(),
    body: form,
  });
  return { status: answer.status, body: (await answer.json()) as any };
}

const citizen = (path: string, requestNumber: string, documentNumber = DOCUMENT, downloadToken?: string) =>
  fetch(`${server.url}/api/cenares/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ requestNumber, documentNumber, downloadToken }),
  });

async function attendedMails(number: string) {
  return server.db
    .selectFrom('mail_outbox')
    .innerJoin('requests', 'requests.id', 'mail_outbox.request_id')
    .select(['mail_outbox.id', 'mail_outbox.payload_json'])
    .where('requests.request_number', '=', number)
    .where('mail_outbox.kind', '=', 'request.attended')
    .execute();
}

describe('attend with a response file', () => {
  test('stored byte for byte, shown in tracking, downloadable, attached to the mail', async () => {
    const number = await file();
    const response = await makePdf({ pages: 3, title: 'Respuesta' });
    const answer = await attend(number, 'Se adjunta la respuesta.', { bytes: response, name: 'respuesta oficio.pdf' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.status, 'ATENDIDO');

    const row = await server.db.selectFrom('request_responses').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.sha256, sha256(response));
    assert.equal(row.pages, 3);
    assert.equal(row.size, response.byteLength);
    assert.equal(row.storage_key, `responses/cenares/${row.id}`);
    const stored = await fileResponseStorage(server.dataDir)('cenares').read(row.id);
    assert.equal(sha256(stored), sha256(response));
    assert.deepEqual(await readdir(join(server.dataDir, 'responses', 'cenares')), [row.id], 'no temporary file left');

    const tracking = (await (await citizen('tracking', number)).json()) as any;
    assert.deepEqual(tracking.response, { name: 'respuesta oficio.pdf', size: response.byteLength, pages: 3, sha256: sha256(response) });

    const download = await citizen('responses', number, DOCUMENT, tracking.downloadToken);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/pdf');
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="respuesta-[A-Za-z0-9._-]+\.pdf"$/);
    assert.equal(sha256(new Uint8Array(await download.arrayBuffer())), sha256(response));

    // With a grant, a wrong document and an unknown number answer as /receipts does: the same 404, byte for byte.
    const wrong = await citizen('responses', number, '44443333', tracking.downloadToken);
    const wrongReceipt = await citizen('receipts', number, '44443333', tracking.downloadToken);
    assert.equal(wrong.status, 404);
    assert.equal(await wrong.text(), await wrongReceipt.text());
    const unknown = await citizen('responses', '999999-2026', DOCUMENT, tracking.downloadToken);
    assert.equal(unknown.status, (await citizen('receipts', '999999-2026', DOCUMENT, tracking.downloadToken)).status);

    const mails = await attendedMails(number);
    assert.equal(mails.length, 1);
    const payload = JSON.parse(mails[0]!.payload_json);
    assert.equal(payload.response.sha256, sha256(response));
    const config = server.configs.get('cenares')!;
    const attachments = await mailAttachments(fileResponseStorage(server.dataDir))({
      id: mails[0]!.id,
      kind: 'request.attended',
      agency: config,
      payload,
      trackingUrl: 'http://127.0.0.1/',
    });
    assert.equal(attachments.length, 1);
    assert.match(attachments[0]!.filename, /^respuesta-.+\.pdf$/);
    assert.equal(attachments[0]!.contentType, 'application/pdf');
    assert.equal(sha256(attachments[0]!.content), sha256(response));
    const rendered = renderMail('request.attended', payload, config, { tracking: 'http://127.0.0.1/' } as any);
    assert.match(rendered.text, /Adjuntamos el documento de respuesta «respuesta oficio\.pdf» \(3 páginas\)/);
  });

  test('a fake or locked PDF, or another type, is refused and nothing changes', async () => {
    const number = await file();
    for (const [bytes, name, status, code] of [
      [makeFakePdf(), 'respuesta.pdf', 422, 'upload.contentMismatch'],
      [await makeEncryptedPdf(), 'respuesta.pdf', 422, 'upload.encrypted'],
      [pdf, 'respuesta.docx', 415, 'upload.type'],
    ] as const) {
      const answer = await attend(number, 'Atendida.', { bytes, name });
      assert.equal(answer.status, status);
      assert.equal(answer.body.code, code);
    }
    const huge = new Uint8Array(20 * 1024 * 1024 + 1);
    huge.set(pdf);
    const tooLarge = await attend(number, 'Atendida.', { bytes: huge, name: 'respuesta.pdf' });
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.body.code, 'upload.tooLarge');
    const request = await server.db.selectFrom('requests').select(['id', 'status']).where('request_number', '=', number).executeTakeFirstOrThrow();
    assert.notEqual(request.status, 'ATENDIDO');
    assert.equal((await attendedMails(number)).length, 0);
    assert.equal((await server.db.selectFrom('request_responses').selectAll().where('request_id', '=', request.id).execute()).length, 0);
    assert.equal((await citizen('responses', number)).status, 403, 'without a download grant');
  });

  test('an illegal step removes the staged bytes; JSON and multipart without a file still attend', async () => {
    const { number, token } = await fileWithToken();
    const json = await fetch(`${server.url}/api/cenares/staff/requests/${encodeURIComponent(number)}/attend`, {
      method: 'POST',
      headers: { ...(await staffHeaders()), 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'Atendida sin archivo.' }),
    });
    assert.equal(json.status, 200);
    assert.equal(((await json.json()) as any).status, 'ATENDIDO');
    const tracking = (await (await citizen('tracking', number)).json()) as any;
    assert.equal(tracking.response, undefined);
    assert.equal(((await (await citizen('responses', number, DOCUMENT, token)).json()) as any).code, 'tracking.noResponse');

    const before = await readdir(join(server.dataDir, 'responses', 'cenares')).catch(() => []);
    const again = await attend(number, 'Otra vez.', { bytes: pdf, name: 'respuesta.pdf' });
    assert.equal(again.status, 409);
    assert.deepEqual(await readdir(join(server.dataDir, 'responses', 'cenares')), before);

    const other = await file();
    const plain = await attend(other, 'Atendida por formulario.');
    assert.equal(plain.status, 200);
    assert.equal(plain.body.status, 'ATENDIDO');
    assert.equal((await attend(await file(), '')).status, 400);
  });
});

describe('the download grant of POST responses', () => {
  test("the filing's token downloads it; none, a made-up or an expired one is a 403, another request's the 404 of a wrong pair", async () => {
    const { number, token } = await fileWithToken();
    const other = await fileWithToken();
    const response = await makePdf({ pages: 1, title: 'Respuesta' });
    assert.equal((await attend(number, 'Se adjunta la respuesta.', { bytes: response, name: 'respuesta.pdf' })).status, 200);

    const downloaded = await citizen('responses', number, DOCUMENT, token);
    assert.equal(downloaded.status, 200);
    assert.equal(sha256(new Uint8Array(await downloaded.arrayBuffer())), sha256(response));
    for (const [why, given] of [
      ['no token', undefined],
      ['a made-up token', 'A'.repeat(43)],
    ] as const) {
      const refused = await citizen('responses', number, DOCUMENT, given);
      assert.equal(refused.status, 403, why);
      assert.equal(((await refused.json()) as any).code, 'tracking.downloadExpired', why);
    }
    // Without a grant, nothing tells a pair that exists from one that does not.
    const [right, unknown] = await Promise.all([citizen('responses', number), citizen('responses', '999-2026', '44443333')]);
    assert.equal(right.status, 403);
    assert.equal(await right.text(), await unknown.text());
    const otherRequest = await citizen('responses', number, DOCUMENT, other.token);
    assert.equal(otherRequest.status, 404, "another request's token");
    const wrongPair = await citizen('responses', number, '44443333', token);
    assert.equal(await otherRequest.text(), await wrongPair.text(), 'the 404 of a wrong document');
    const start = server.clock.now();
    try {
      server.clock.advance(60 * 60 * 1000 + 1);
      assert.equal((await citizen('responses', number, DOCUMENT, token)).status, 403, 'an hour after the filing');
    } finally {
      server.clock.set(start);
    }
  });
});
