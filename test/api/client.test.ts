// The browser's HTTP client (HttpDeskBackend) against the real reference server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HttpDeskBackend } from '../../src/api/client.ts';
import { BackendError } from '../../src/api/types.ts';
import { makePdf } from '../server/documents.ts';
import { captchaHeaders, startServer, tusUpload, validSubmission, type TestServer } from '../server/helpers.ts';

async function rejection(promise: Promise<unknown>): Promise<BackendError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BackendError, `expected a BackendError, got ${String(error)}`);
    return error;
  }
  return assert.fail('expected the call to fail');
}

describe('HttpDeskBackend', () => {
  let server: TestServer;
  let backend: HttpDeskBackend;
  before(async () => {
    server = await startServer('2026-03-10T15:00:00Z');
    backend = new HttpDeskBackend(`${server.url}/api/ins/`);
  });
  after(() => server.close());

  /** A solved ALTCHA for INS's filings, sent by the client in its Captcha-Response header. */
  const captcha = async () => ({ captcha: (await captchaHeaders(server, 'ins', 'filing'))['captcha-response'] });

  test('reads the server clock', async () => {
    assert.equal((await backend.serverTime()).toISOString(), '2026-03-10T15:00:00.000Z');
  });

  test('files a request and returns the receipt', async () => {
    const config = server.configs.get('ins')!;
    const main = await tusUpload(server, 'ins', await makePdf({ pages: 2 }), { name: 'a.pdf' });
    const receipt = await backend.submitFiling(validSubmission(config, { main }), crypto.randomUUID(), undefined, await captcha());
    assert.match(receipt.requestNumber, /^INS-2026-\d{5}$/);
    assert.equal(receipt.files[0]!.pages, 2);
  });

  test('a conflict carries the receipt of the request the key already filed', async () => {
    const config = server.configs.get('ins')!;
    const main = await tusUpload(server, 'ins', await makePdf(), { name: 'b.pdf' });
    const key = crypto.randomUUID();
    const first = await backend.submitFiling(validSubmission(config, { main }), key, undefined, await captcha());
    const error = await rejection(backend.submitFiling({ ...validSubmission(config, { main }), subject: 'Otro asunto' }, key, undefined, await captcha()));
    assert.equal(error.status, 409);
    assert.equal(error.code, 'idempotency.conflict');
    assert.equal(error.receipt?.requestNumber, first.requestNumber);
  });

  test('a refused filing brings its field errors', async () => {
    const config = server.configs.get('ins')!;
    const main = await tusUpload(server, 'ins', await makePdf(), { name: 'c.pdf' });
    const submission = validSubmission(config, { main });
    const error = await rejection(
      backend.submitFiling(
        { ...submission, applicant: { ...submission.applicant, documentNumber: '10117410-9' } },
        crypto.randomUUID(),
        undefined,
        await captcha(),
      ),
    );
    assert.equal(error.status, 422);
    assert.deepEqual(error.fieldErrors, [{ field: 'documentNumber', code: 'identity.dni.check' }]);
  });

  test('no server at all is status 0, network.unreachable', async () => {
    const nowhere = new HttpDeskBackend('http://127.0.0.1:9/api/ins');
    const error = await rejection(nowhere.serverTime());
    assert.equal(error.status, 0);
    assert.equal(error.code, 'network.unreachable');
  });
});
