/**
 * The contract test: every response the OpenAPI document promises is produced by the running
 * server and matches the document's schema, and the server answers nothing the document does
 * not list for the routes it covers.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { parseStaffCredentials } from '../../server/staff/credentials.ts';
import { sessionCookie, staffSignIn } from '../support/staff-session.ts';
import { fileUploadStorage } from '../../server/storage/uploads.ts';
import { makeFakePdf, makePdf } from './documents.ts';
import { captchaFetch, captchaHeaders, createUpload, downloadTokenFor, grantHeaders, lastVerificationCode, mailedCode, startServer, tusMetadata, tusUpload, validSubmission, verifiedSubmission, type TestServer } from './helpers.ts';
import { startOidcProvider } from './oidc-provider.ts';
import { deliverPendingMails } from './outbox.ts';

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

type Json = Record<string, any>;

let server: TestServer;
/** Calls the protected routes with a solved captcha, as the widget does (the captcha itself: captcha*.test.ts). */
const fetch = captchaFetch(() => server);
let openapi: Json;
let ajv: InstanceType<typeof Ajv2020>;
let documentId: string;
const exercised = new Set<string>();

before(async () => {
  server = await startServer(undefined, { staffCredentials: parseStaffCredentials('cenares:mesa:secreto') });
  // The document and the config schema it references are read from the running server, so the
  // relative reference must resolve there as it would for any tool reading the served contract.
  openapi = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as Json;
  const onDisk = JSON.parse(await readFile(new URL('../../src/api/openapi.json', import.meta.url), 'utf8')) as Json;
  assert.deepEqual(openapi, onDisk, 'the server serves the committed document');
  documentId = `${server.url}/api/openapi.json`;
  ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }); // OpenAPI 3.1 writes nullable as type: [x, "null"]
  // OpenAPI's own members around the schemas are not JSON Schema keywords.
  ajv.addVocabulary(['openapi', 'info', 'servers', 'tags', 'paths', 'components', 'jsonSchemaDialect', 'webhooks', 'security', 'externalDocs']);
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)));
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  ajv.addSchema({ ...openapi, $id: documentId });
  const schemaUrl = new URL('../config/agency-config.schema.json', documentId).href;
  const schemaResponse = await fetch(schemaUrl);
  const configSchema = (await conforms('get', '/config/agency-config.schema.json', schemaResponse)) as Json;
  ajv.addSchema({ ...configSchema, $id: schemaUrl });
});
after(() => server?.close());

const pointer = (...tokens: string[]) =>
  tokens.map((token) => `/${encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('');

function validatorFor(fragment: string) {
  return ajv.getSchema(`${documentId}#${fragment}`) ?? ajv.compile({ $ref: `${documentId}#${fragment}` });
}

/** Checks one real response against the document and records that it was seen. */
async function conforms(method: (typeof METHODS)[number], path: string, response: Response): Promise<unknown> {
  const operation = openapi.paths[path]?.[method] as Json | undefined;
  assert.ok(operation, `${method.toUpperCase()} ${path} is not in the document`);
  const status = String(response.status);
  const documented = operation.responses[status] as Json | undefined;
  const text = await response.text();
  assert.ok(documented, `${method.toUpperCase()} ${path} answered ${status}, which the document does not list: ${text}`);
  exercised.add(`${method} ${path} ${status}`);

  for (const [name, header] of Object.entries((documented.headers ?? {}) as Json)) {
    if (header.required) assert.ok(response.headers.has(name), `${method} ${path} ${status}: header ${name} missing`);
    const value = response.headers.get(name);
    if (value !== null && header.schema) {
      const validate = validatorFor(pointer('paths', path, method, 'responses', status, 'headers', name, 'schema'));
      assert.ok(validate(value), `${method} ${path} ${status} header ${name}: ${ajv.errorsText(validate.errors)}`);
    }
  }

  const content = documented.content as Json | undefined;
  if (!content) return undefined;
  const [mediaType] = Object.keys(content);
  const contentType = response.headers.get('content-type') ?? '';
  assert.equal(contentType.split(';')[0], mediaType, `${method} ${path} ${status}: content type`);
  if (!/json$/.test(mediaType!)) return text; // a PDF: its media type and headers were checked
  const body: unknown = JSON.parse(text);
  const validate = validatorFor(pointer('paths', path, method, 'responses', status, 'content', mediaType!, 'schema'));
  assert.ok(validate(body), `${method} ${path} ${status}: ${ajv.errorsText(validate.errors)}\n${text}`);
  return body;
}

const CONFIG = '/api/{agencyId}/config';
const TIME = '/api/{agencyId}/time';
const FILINGS = '/api/{agencyId}/filings';
const UPLOADS = '/api/{agencyId}/uploads/';
const UPLOAD = '/api/{agencyId}/uploads/{uploadId}';

describe('the OpenAPI document', () => {
  test('is OpenAPI 3.1 and its schemas compile', () => {
    assert.equal(openapi.openapi, '3.1.0');
    for (const name of ['FilingSubmission', 'Receipt', 'ReceiptFile', 'Problem', 'FieldError', 'ServerTime', 'AgencyConfig', 'CorrectionCase', 'CorrectionSubmission', 'CorrectionReceipt', 'CorrectedFile', 'ObservedDocument', 'RequestDownload']) {
      assert.equal(typeof validatorFor(pointer('components', 'schemas', name)), 'function', name);
    }
  });

  test('the filings the tests send are FilingSubmissions', () => {
    const validate = validatorFor(pointer('components', 'schemas', 'FilingSubmission'));
    for (const config of server.configs.values()) {
      const submission = validSubmission(config, { main: 'a', annexes: ['b'] });
      assert.ok(validate(submission), `${config.id}: ${ajv.errorsText(validate.errors)}`);
    }
    assert.equal(validate({ personKind: 'natural' }), false);
  });

  test('the Receipt and AgencyConfig schemas refuse what the contract does not allow', () => {
    const receipt = validatorFor(pointer('components', 'schemas', 'Receipt'));
    assert.equal(receipt({ requestNumber: '1-2026' }), false);
    const agencyConfig = validatorFor(pointer('components', 'schemas', 'AgencyConfig'));
    const config = JSON.parse(JSON.stringify(server.configs.get('inpe')));
    assert.equal(agencyConfig(config), true, ajv.errorsText(agencyConfig.errors));
    assert.equal(agencyConfig({ ...config, colour: 'rojo' }), false, 'the referenced config schema is the strict one');
  });
});

describe('real responses match the document', () => {
  test('GET /api/openapi.json', async () => {
    await conforms('get', '/api/openapi.json', await fetch(`${server.url}/api/openapi.json`));
  });

  test('GET config and time: 200 for every agency, 404 for an unknown one', async () => {
    for (const id of server.configs.keys()) {
      await conforms('get', CONFIG, await fetch(`${server.url}/api/${id}/config`));
      await conforms('get', TIME, await fetch(`${server.url}/api/${id}/time`));
    }
    await conforms('get', CONFIG, await fetch(`${server.url}/api/nadie/config`));
    await conforms('get', TIME, await fetch(`${server.url}/api/nadie/time`));
  });

  test('tus: OPTIONS, POST, HEAD, PATCH and their refusals', async () => {
    await conforms('options', UPLOADS, await fetch(`${server.url}/api/inpe/uploads/`, { method: 'OPTIONS' }));

    const pdf = await makePdf({ pages: 2 });
    const created = await createUpload(server, 'inpe', { name: 'oficio.pdf', size: pdf.length, slot: { slot: 'main', index: 0 } });
    const location = `${server.url}${created.headers.get('location')}`;
    await conforms('post', UPLOADS, created);
    const tus = { 'tus-resumable': '1.0.0', ...(await grantHeaders(server, 'inpe')) };
    const patch = (url: string, offset: number, bytes: Uint8Array<ArrayBuffer>) =>
      fetch(url, { method: 'PATCH', headers: { ...tus, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }, body: bytes });

    await conforms('patch', UPLOAD, await patch(location, 0, pdf.subarray(0, 100)));
    await conforms('head', UPLOAD, await fetch(location, { method: 'HEAD', headers: tus }));
    await conforms('patch', UPLOAD, await patch(location, 0, pdf.subarray(0, 100))); // 409
    await conforms('patch', UPLOAD, await patch(location, 100, pdf.subarray(100)));
    await conforms('head', UPLOAD, await fetch(`${server.url}/api/inpe/uploads/${'0'.repeat(32)}`, { method: 'HEAD', headers: tus }));
    await conforms('patch', UPLOAD, await patch(`${server.url}/api/inpe/uploads/${'0'.repeat(32)}`, 0, pdf));

    const fake = makeFakePdf();
    const fakeCreated = await createUpload(server, 'inpe', { name: 'falso.pdf', size: fake.length, slot: { slot: 'main', index: 0 } });
    await conforms('patch', UPLOAD, await patch(`${server.url}${fakeCreated.headers.get('location')}`, 0, fake)); // 422

    await conforms('post', UPLOADS, await createUpload(server, 'inpe', { name: 'a.pdf', size: 6 * 1024 * 1024, slot: { slot: 'annex', index: 2 } })); // 413
    await conforms('post', UPLOADS, await createUpload(server, 'inpe', { name: 'a.exe', size: 10, slot: { slot: 'annex', index: 2 } })); // 415
    await conforms('post', UPLOADS, await createUpload(server, 'inpe', { name: 'a.pdf', size: 10, slot: { slot: 'annex', index: 9 } })); // 400
    await conforms('post', UPLOADS, await createUpload(server, 'nadie', { name: 'a.pdf', size: 10, slot: { slot: 'main', index: 0 } })); // 404
    await conforms(
      'post',
      UPLOADS,
      await fetch(`${server.url}/api/inpe/uploads/`, {
        method: 'POST',
        headers: { ...(await grantHeaders(server, 'inpe')), 'upload-length': '10', 'upload-metadata': tusMetadata('a.pdf', { slot: 'main', index: 0 }) },
      }),
    ); // 412
  });

  test('upload grants and the grant on tus requests: every documented answer', async () => {
    const GRANTS = '/api/{agencyId}/upload-grants';
    const grantFor = async (agencyId: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/api/${agencyId}/upload-grants`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const granted = await grantFor('inpe', '{"purpose":"filing"}');
    const { uploadGrant } = (await granted.clone().json()) as { uploadGrant: string };
    await conforms('post', GRANTS, granted); // 201
    await conforms('post', GRANTS, await grantFor('cenares', '{}', await captchaHeaders(server, 'cenares', 'upload'))); // 201 with the captcha
    await conforms('post', GRANTS, await grantFor('cenares', '{}')); // 400 captcha.required
    await conforms('post', GRANTS, await grantFor('cenares', '{}', { 'captcha-response': 'no' })); // 403
    await conforms('post', GRANTS, await grantFor('inpe', '{"purpose":"otro"}')); // 400 malformed
    await conforms('post', GRANTS, await grantFor('nadie', '{}')); // 404

    const tus = { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': tusMetadata('a.pdf', { slot: 'main', index: 0 }) };
    await conforms('post', UPLOADS, await fetch(`${server.url}/api/inpe/uploads/`, { method: 'POST', headers: tus })); // 400 grantMissing
    await conforms('post', UPLOADS, await fetch(`${server.url}/api/sis/uploads/`, { method: 'POST', headers: { ...tus, 'upload-grant': uploadGrant } })); // 403 other agency
    await conforms('post', UPLOADS, await fetch(`${server.url}/api/inpe/uploads/`, { method: 'POST', headers: { ...tus, 'upload-length': String(31 * 1024 * 1024), 'upload-metadata': tusMetadata('a.pdf', { slot: 'annex', index: 1 }), 'upload-grant': uploadGrant } })); // 413
    const created = await fetch(`${server.url}/api/inpe/uploads/`, { method: 'POST', headers: { ...tus, 'upload-grant': uploadGrant } });
    await conforms('post', UPLOADS, created); // 201 with Upload-Expires
    const location = `${server.url}${created.headers.get('location')}`;
    const patch = (headers: Record<string, string>) =>
      fetch(location, { method: 'PATCH', headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', ...headers }, body: 'abc' });
    await conforms('patch', UPLOAD, await patch({})); // 400 grantMissing
    await conforms('patch', UPLOAD, await patch({ 'upload-grant': 'nada' })); // 403
  });

  test('upload grants past their limit, and a full disk: 429 and 507', async () => {
    const disk = { free: 50_000 * 1024 * 1024, total: 100_000 * 1024 * 1024 };
    const store = await mkdtemp(join(tmpdir(), 'mpd-openapi-full-'));
    const full = await startServer(undefined, {
      uploadLimits: { grantsPerAddressPerHour: 1, freeSpace: async () => ({ ...disk }) },
      uploadStorage: (agencyId) => {
        const storage = fileUploadStorage(store)(agencyId);
        storage.datastore.write = async () => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        };
        return storage;
      },
    });
    try {
      const grant = async () => fetch(`${full.url}/api/inpe/upload-grants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const first = await grant();
      const { uploadGrant } = (await first.json()) as { uploadGrant: string };
      await conforms('post', '/api/{agencyId}/upload-grants', await grant()); // 429
      const tus = { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': tusMetadata('a.pdf', { slot: 'main', index: 0 }), 'upload-grant': uploadGrant };
      const created = await fetch(`${full.url}/api/inpe/uploads/`, { method: 'POST', headers: tus });
      const patched = await fetch(`${full.url}${created.headers.get('location')}`, {
        method: 'PATCH',
        headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'upload-grant': uploadGrant },
        body: 'abc',
      });
      await conforms('patch', UPLOAD, patched); // 507
      disk.free = 0;
      await conforms('post', UPLOADS, await fetch(`${full.url}/api/inpe/uploads/`, { method: 'POST', headers: tus })); // 507
    } finally {
      await full.close();
      await rm(store, { recursive: true, force: true });
    }
  });

  test('POST filings: 201 and every documented refusal', async () => {
    const pdf = await makePdf();
    const main = await tusUpload(server, 'cenares', pdf, { name: 'carta.pdf' });
    const annex = await tusUpload(server, 'cenares', pdf, { name: 'anexo.pdf', slot: { slot: 'annex', index: 1 } });
    const submission = {
      ...(await verifiedSubmission(server, 'cenares', { main, annexes: [annex] })),
      personKind: 'juridica',
      organization: { ruc: '20538298485', name: 'Empresa' },
    };
    const post = (body: unknown, key: string | null = crypto.randomUUID(), agencyId = 'cenares') => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (key) headers['idempotency-key'] = key;
      return fetch(`${server.url}/api/${agencyId}/filings`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    };
    const key = crypto.randomUUID();
    const receipt = (await conforms('post', FILINGS, await post(submission, key))) as { requestNumber: string; organization?: unknown; files: unknown[] };
    assert.ok(receipt.organization, 'the receipt exercised the optional members');
    assert.equal(receipt.files.length, 2);
    await conforms('post', FILINGS, await post(submission, key)); // replay, 201 again
    const conflict = (await conforms('post', FILINGS, await post({ ...submission, subject: 'otro' }, key))) as Json; // 409
    assert.equal(conflict.receipt?.requestNumber, receipt.requestNumber, 'the 409 carries the earlier receipt');
    await conforms('post', FILINGS, await post(submission, null)); // 400 idempotency.missing
    await conforms('post', FILINGS, await post('{')); // 400 request.malformed
    await conforms('post', FILINGS, await post({ ...submission, consents: [] })); // 422 filing.invalid with errors
    await conforms('post', FILINGS, await post(submission)); // 422 upload.alreadyUsed
    await conforms('post', FILINGS, await post(submission, crypto.randomUUID(), 'nadie')); // 404
    await conforms('post', FILINGS, await post({ ...submission, subject: 'x'.repeat(70_000) })); // 413

    const inpe = server.configs.get('inpe')!;
    const inpeMain = await tusUpload(server, 'inpe', pdf, { name: 'oficio.pdf' });
    const inpeReceipt = (await conforms('post', FILINGS, await post(validSubmission(inpe, { main: inpeMain }), undefined, 'inpe'))) as Json;
    assert.ok(inpeReceipt.office && inpeReceipt.documentKind && inpeReceipt.folios, 'INPE members exercised');
  });

  test('POST tracking and receipts: the request, its PDF, and the same refusals', async () => {
    const pdf = await makePdf();
    const config = server.configs.get('inpe')!;
    const main = await tusUpload(server, 'inpe', pdf, { name: 'carta.pdf' });
    const filed = await fetch(`${server.url}/api/inpe/filings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(validSubmission(config, { main })),
    });
    assert.equal(filed.status, 201);
    const { requestNumber, downloadToken: filingToken } = (await filed.json()) as Json;
    const ask = (path: string, body: unknown, agencyId = 'inpe', type = 'application/json') =>
      fetch(`${server.url}/api/${agencyId}/${path}`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify(body),
      });
    let downloadToken = '';
    for (const [path, route] of [
      ['tracking', '/api/{agencyId}/tracking'],
      ['receipts', '/api/{agencyId}/receipts'],
    ] as const) {
      const found = await conforms('post', route, await ask(path, { requestNumber, documentNumber: '10117410-2', downloadToken }));
      if (path === 'tracking') {
        assert.equal((found as Json).timeline.length, 1);
        downloadToken = (found as Json).downloadToken;
      } else {
        assert.match(found as string, /^%PDF-/);
        assert.match((await conforms('post', route, await ask(path, { requestNumber, documentNumber: '10117410', downloadToken: filingToken }))) as string, /^%PDF-/);
        await conforms('post', route, await ask(path, { requestNumber, documentNumber: '10117410' })); // 403: no download grant
      }
      await conforms('post', route, await ask(path, { requestNumber: 'nope', documentNumber: '10117410' })); // 400
      await conforms('post', route, await ask(path, { requestNumber }, 'inpe', 'text/plain')); // 400
      await conforms('post', route, await ask(path, { requestNumber, documentNumber: '44443333' })); // 404
      await conforms('post', route, await ask(path, { requestNumber, documentNumber: '10117410' }, 'nadie')); // 404
    }
  });

  test('staff: list, get, download, observe, forward, attend and their refusals', async () => {
    const base = '/api/{agencyId}/staff/requests';
    const origin = new URL(server.url).origin;
    const SESSION = '/api/{agencyId}/staff/session';
    const session = (method: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/api/cenares/staff/session`, {
        method,
        headers: { origin, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const signedIn = await session('POST', { user: 'mesa', password: 'secreto' });
    const auth: Record<string, string> = { cookie: sessionCookie(signedIn), origin, 'x-csrf-token': '' };
    auth['x-csrf-token'] = ((await conforms('post', SESSION, signedIn)) as Json).csrfToken;
    await conforms('post', SESSION, await session('POST', { user: 'mesa' })); // 400
    await conforms('post', SESSION, await session('POST', { user: 'mesa', password: 'mal' })); // 401
    await conforms('post', SESSION, await session('POST', { user: 'mesa', password: 'secreto' }, { origin: 'http://otro.example' })); // 403
    let locked: Response | undefined;
    for (let attempt = 0; attempt < 10 && !locked; attempt++) {
      const answer = await session('POST', { user: 'bloqueado', password: 'mal' });
      if (answer.status === 429) locked = answer;
    }
    assert.ok(locked, 'the sign-in attempts were limited');
    await conforms('post', SESSION, locked); // 429
    assert.equal(((await conforms('get', SESSION, await session('GET', undefined, { cookie: auth.cookie! }))) as Json).user, 'mesa');
    await conforms('get', SESSION, await session('GET')); // 401
    const other = sessionCookie(await session('POST', { user: 'mesa', password: 'secreto' }));
    await conforms('delete', SESSION, await session('DELETE', undefined, { cookie: other })); // 403: no CSRF token
    await conforms('delete', SESSION, await session('DELETE')); // 401
    const otherToken = ((await (await session('GET', undefined, { cookie: other })).json()) as Json).csrfToken as string;
    await conforms('delete', SESSION, await session('DELETE', undefined, { cookie: other, 'x-csrf-token': otherToken })); // 204
    /** A change from the desk's origin without the session's CSRF token: refused. */
    const withoutToken = (path: string) =>
      fetch(`${server.url}/api/cenares/staff/requests${path}`, { method: 'POST', headers: { cookie: auth.cookie!, origin, 'content-type': 'application/json' }, body: '{"note":"x"}' });
    /** A change from the desk's origin with no session at all. */
    const signedOut = (path: string) => fetch(`${server.url}/api/cenares/staff/requests${path}`, { method: 'POST', headers: { origin } });
    const get = (path: string, headers: Record<string, string> = auth, agencyId = 'cenares') =>
      fetch(`${server.url}/api/${agencyId}/staff/requests${path}`, { headers });
    const post = (path: string, body: unknown, agencyId = 'cenares') =>
      fetch(`${server.url}/api/${agencyId}/staff/requests${path}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const pdf = await makePdf();
    const fileOne = async () => {
      const main = await tusUpload(server, 'cenares', pdf, { name: 'carta.pdf' });
      const filed = await fetch(`${server.url}/api/cenares/filings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ ...(await verifiedSubmission(server, 'cenares', { main })), personKind: 'juridica', organization: { ruc: '20538298485', name: 'Empresa' } }),
      });
      assert.equal(filed.status, 201);
      return ((await filed.json()) as Json).requestNumber as string;
    };
    const first = await fileOne();
    const second = await fileOne();

    const list = (await conforms('get', base, await get('?pageSize=5'))) as Json;
    assert.ok(list.items.length >= 2);
    await conforms('get', base, await get('?status=NADA')); // 400
    await conforms('get', base, await get('', {})); // 401
    await conforms('get', base, await get('', auth, 'nadie')); // 404

    const one = `${base}/{requestNumber}`;
    await conforms('get', one, await get(`/${first}`));
    await conforms('get', one, await get(`/${first}`, {})); // 401
    await conforms('get', one, await get('/999-2026')); // 404

    const download = `${base}/{requestNumber}/files/{slot}/{index}`;
    await conforms('get', download, await get(`/${first}/files/main/0`));
    await conforms('get', download, await get(`/${first}/files/main/0?version=0`)); // 400
    await conforms('get', download, await get(`/${first}/files/main/0`, {})); // 401
    await conforms('get', download, await get(`/${first}/files/annex/1`)); // 404

    const observe = `${base}/{requestNumber}/observe`;
    const observation = { note: 'Se han encontrado observaciones.', documents: [{ slot: 'main', index: 0, note: 'Falta la firma.' }] };
    const observed = (await conforms('post', observe, await post(`/${first}/observe`, observation))) as Json;
    assert.equal(observed.status, 'OBSERVADO');
    assert.ok(observed.organization, 'the optional members were exercised');
    await conforms('post', observe, await post(`/${first}/observe`, observation)); // 409, observed once
    await conforms('post', observe, await post(`/${second}/observe`, { note: 'x', documents: [] })); // 400
    await conforms('post', observe, await post(`/${second}/observe`, { ...observation, note: 'x'.repeat(70_000) })); // 413
    await conforms('post', observe, await post('/999-2026/observe', observation)); // 404
    await conforms('post', observe, await signedOut(`/${second}/observe`)); // 401
    await conforms('post', observe, await withoutToken(`/${second}/observe`)); // 403

    const forward = `${base}/{requestNumber}/forward`;
    await conforms('post', forward, await post(`/${second}/forward`, { office: 'Oficina de Logística', note: 'Para su atención.' }));
    await conforms('post', forward, await post(`/${first}/forward`, { office: 'Logística' })); // 409: observed
    await conforms('post', forward, await post(`/${second}/forward`, {})); // 400
    await conforms('post', forward, await post(`/${second}/forward`, { office: 'x'.repeat(70_000) })); // 413
    await conforms('post', forward, await post('/999-2026/forward', { office: 'Logística' })); // 404
    await conforms('post', forward, await signedOut(`/${second}/forward`)); // 401
    await conforms('post', forward, await withoutToken(`/${second}/forward`)); // 403

    const attend = `${base}/{requestNumber}/attend`;
    await conforms('post', attend, await post(`/${second}/attend`, { note: 'Atendido.' }));
    await conforms('post', attend, await post(`/${second}/attend`, { note: 'Otra vez.' })); // 409
    await conforms('post', attend, await post(`/${second}/attend`, {})); // 400
    await conforms('post', attend, await post(`/${second}/attend`, { note: 'x'.repeat(70_000) })); // 413
    await conforms('post', attend, await post('/999-2026/attend', { note: 'x' })); // 404
    await conforms('post', attend, await signedOut(`/${second}/attend`)); // 401
    await conforms('post', attend, await withoutToken(`/${second}/attend`)); // 403

    const audit = `${base}/{requestNumber}/audit`;
    const audited = (await conforms('get', audit, await get(`/${second}/audit`))) as Json;
    assert.deepEqual(audited.items.map((item: Json) => item.action), ['forward', 'attend']);
    await conforms('get', audit, await get(`/${second}/audit`, {})); // 401
    await conforms('get', audit, await get('/999-2026/audit')); // 404

    // Multipart, with a response PDF; then the citizen downloads it.
    const third = await fileOne();
    const form = (bytes: Uint8Array, name: string) => {
      const body = new FormData();
      body.set('note', 'Se adjunta la respuesta.');
      body.set('file', new Blob([bytes.slice() as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), name);
      return fetch(`${server.url}/api/cenares/staff/requests/${third}/attend`, { method: 'POST', headers: auth, body });
    };
    await conforms('post', attend, await form(makeFakePdf(), 'respuesta.pdf')); // 422
    await conforms('post', attend, await form(pdf, 'respuesta.docx')); // 415
    await conforms('post', attend, await form(pdf, 'respuesta.pdf'));
    const responses = '/api/{agencyId}/responses';
    const ask = (body: unknown) =>
      fetch(`${server.url}/api/cenares/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const tracked = (await conforms(
      'post',
      '/api/{agencyId}/tracking',
      await fetch(`${server.url}/api/cenares/tracking`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ requestNumber: third, documentNumber: '10117410-2' }),
      }),
    )) as Json;
    assert.equal(tracked.response.pages, 1);
    const downloadToken = tracked.downloadToken as string;
    assert.match((await conforms('post', responses, await ask({ requestNumber: third, documentNumber: '10117410-2', downloadToken }))) as string, /^%PDF-/);
    await conforms('post', responses, await ask({ requestNumber: 'nope', documentNumber: '10117410', downloadToken })); // 400
    await conforms('post', responses, await ask({ requestNumber: third, documentNumber: '10117410-2' })); // 403: no download grant
    await conforms('post', responses, await ask({ requestNumber: third, documentNumber: '44443333', downloadToken })); // 404
    const secondToken = await downloadTokenFor(server, 'cenares', second, '10117410-2');
    await conforms('post', responses, await ask({ requestNumber: second, documentNumber: '10117410-2', downloadToken: secondToken })); // 404: no response
  });

  test('corrections: look-up in each state, submit, replay and every documented refusal', async () => {
    const auth = await staffSignIn(server.url, 'cenares', 'mesa', 'secreto');
    const pdf = await makePdf();
    const fileAndObserve = async () => {
      const main = await tusUpload(server, 'cenares', pdf, { name: 'carta.pdf' });
      const annex = await tusUpload(server, 'cenares', pdf, { name: 'anexo.pdf', slot: { slot: 'annex', index: 1 } });
      const filed = await fetch(`${server.url}/api/cenares/filings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ ...(await verifiedSubmission(server, 'cenares', { main, annexes: [annex] })), personKind: 'juridica', organization: { ruc: '20538298485', name: 'Empresa' } }),
      });
      const { requestNumber } = (await filed.json()) as Json;
      const lookedUp = (await conforms('post', LOOKUP, await ask('corrections/lookup', { requestNumber, documentNumber: '10117410' }))) as Json;
      assert.equal(lookedUp.state, 'not-observed');
      const observed = await fetch(`${server.url}/api/cenares/staff/requests/${requestNumber}/observe`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ note: 'Revise el documento.', documents: [{ slot: 'main', index: 0, note: 'Falta la firma.' }] }),
      });
      const staffView = (await conforms('post', '/api/{agencyId}/staff/requests/{requestNumber}/observe', observed)) as Json;
      assert.ok(staffView.correction.dueAt, 'the staff view carries the deadline');
      await deliverPendingMails(server); // the notice starts the correction term
      return requestNumber as string;
    };
    const ask = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/api/cenares/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const submit = (body: unknown, key: string | null = crypto.randomUUID()) => ask('corrections', body, key ? { 'idempotency-key': key } : {});
    const LOOKUP = '/api/{agencyId}/corrections/lookup';
    const SUBMIT = '/api/{agencyId}/corrections';

    const requestNumber = await fileAndObserve();
    const query = { requestNumber, documentNumber: '10117410' };
    const open = (await conforms('post', LOOKUP, await ask('corrections/lookup', query))) as Json;
    assert.equal(open.state, 'open');
    assert.ok(open.organization && open.procedure, 'the optional members were exercised');
    await conforms('post', LOOKUP, await ask('corrections/lookup', { requestNumber: 'nope', documentNumber: '10117410' })); // 400
    await conforms('post', LOOKUP, await ask('corrections/lookup', { ...query, documentNumber: '44443333' })); // 404

    const uploadId = await tusUpload(server, 'cenares', pdf, { name: 'nuevo.pdf', purpose: 'correction' });
    const body = { ...query, documents: [{ slot: 'main', index: 0, uploadId, documentNumber: 'CARTA N° 005-2026' }] };
    await conforms('post', SUBMIT, await submit(body, null)); // 400 idempotency.missing
    await conforms('post', SUBMIT, await submit({ ...body, documentNumber: '44443333' })); // 404
    await conforms('post', SUBMIT, await submit({ ...body, documents: [{ slot: 'annex', index: 1, uploadId }] })); // 422 correction.invalid
    await conforms('post', SUBMIT, await submit({ ...body, documents: [{ slot: 'main', index: 0, uploadId: 'x'.repeat(70_000) }] })); // 413
    const key = crypto.randomUUID();
    const receipt = (await conforms('post', SUBMIT, await submit(body, key))) as Json;
    assert.equal(receipt.files[0].documentNumber, 'CARTA N° 005-2026');
    await conforms('post', SUBMIT, await submit(body, key)); // replay, 201 again
    await conforms('post', SUBMIT, await submit({ ...body, documents: [] }, key)); // 409 idempotency.conflict
    await conforms('post', SUBMIT, await submit(body)); // 409 correction.notObserved: already corrected
    const corrected = (await conforms('post', LOOKUP, await ask('corrections/lookup', query))) as Json;
    assert.equal(corrected.state, 'corrected');
    assert.ok(corrected.observation.documents[0].replacement);
    const staffView = (await conforms(
      'get',
      '/api/{agencyId}/staff/requests/{requestNumber}',
      await fetch(`${server.url}/api/cenares/staff/requests/${requestNumber}`, { headers: auth }),
    )) as Json;
    assert.deepEqual(staffView.files[0].versions.map((version: Json) => version.origin), ['filing', 'correction']);

    // Late: the server clock is past the deadline.
    const late = await fileAndObserve();
    const lateUpload = await tusUpload(server, 'cenares', pdf, { name: 'nuevo.pdf', purpose: 'correction' });
    const before = server.clock.now();
    server.clock.set(new Date(before.getTime() + 10 * 86_400_000));
    try {
      const refused = (await conforms('post', SUBMIT, await submit({ requestNumber: late, documentNumber: '10117410', documents: [{ slot: 'main', index: 0, uploadId: lateUpload }] }))) as Json;
      assert.equal(refused.code, 'correction.deadlinePassed');
      const expired = (await conforms('post', LOOKUP, await ask('corrections/lookup', { requestNumber: late, documentNumber: '10117410' }))) as Json;
      assert.equal(expired.state, 'expired');
    } finally {
      server.clock.set(before);
    }
  });

  test('look-ups: person and organization, and every documented refusal', async () => {
    const ask = (kind: string, body: unknown, agencyId = 'cenares', type = 'application/json') =>
      fetch(`${server.url}/api/${agencyId}/lookups/${kind}`, { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify(body) });
    const PERSON = '/api/{agencyId}/lookups/person';
    const ORGANIZATION = '/api/{agencyId}/lookups/organization';
    assert.equal(((await conforms('post', PERSON, await ask('person', { dni: '10117410-2' }))) as Json).surnames, 'PÉREZ PÉREZ');
    await conforms('post', PERSON, await ask('person', { dni: '1011741' })); // 400 lookup.invalid
    await conforms('post', PERSON, await ask('person', { dni: '12345678' })); // 404 lookup.notFound
    await conforms('post', PERSON, await ask('person', { dni: '10117410' }, 'inpe')); // 404 lookup.disabled
    assert.equal(((await conforms('post', ORGANIZATION, await ask('organization', { ruc: '20607654329' }))) as Json).active, false);
    await conforms('post', ORGANIZATION, await ask('organization', { ruc: 20538298485 })); // 400 request.malformed
    await conforms('post', ORGANIZATION, await ask('organization', { ruc: '20102030401' })); // 404
    // 429 lookup.tooMany: CENARES's hourly quota used up (its counter is the only state), then restored.
    const quota = 'lookup-agency:cenares';
    await server.db.deleteFrom('rate_counters').where('bucket', '=', quota).execute();
    await server.db.insertInto('rate_counters').values({ bucket: quota, window_start: server.clock.now().toISOString(), count: 2000 }).execute();
    try {
      await conforms('post', PERSON, await ask('person', { dni: '10117410' }));
      await conforms('post', ORGANIZATION, await ask('organization', { ruc: '20538298485' }));
    } finally {
      await server.db.deleteFrom('rate_counters').where('bucket', '=', quota).execute();
    }
    const bare = await startServer(undefined, { lookups: undefined });
    try {
      for (const [kind, route, body] of [['person', PERSON, { dni: '10117410' }], ['organization', ORGANIZATION, { ruc: '20538298485' }]] as const) {
        const response = await fetch(`${bare.url}/api/cenares/lookups/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        await conforms('post', route, response); // 503 lookup.unavailable
      }
    } finally {
      await bare.close();
    }
  });

  test('the captcha: challenge, missing, refused, provider down (server/captcha)', async () => {
    const CHALLENGE = '/api/{agencyId}/captcha/challenge';
    const challenge = (await conforms('get', CHALLENGE, await fetch(`${server.url}/api/cenares/captcha/challenge?place=tracking`))) as Json;
    assert.equal(challenge.algorithm, 'SHA-256');
    for (const query of ['', '?place=lugar']) await conforms('get', CHALLENGE, await fetch(`${server.url}/api/cenares/captcha/challenge${query}`)); // 400 request.malformed
    const protectedRoutes = [
      ['/api/{agencyId}/filings', 'filings'],
      ['/api/{agencyId}/tracking', 'tracking'],
      ['/api/{agencyId}/corrections/lookup', 'corrections/lookup'],
      ['/api/{agencyId}/corrections', 'corrections'],
    ] as const;
    const send = (base: string, path: string, captcha: string) =>
      fetch(`${base}/api/cenares/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), 'captcha-response': captcha },
        body: JSON.stringify({ requestNumber: '1-2026', documentNumber: '10117410' }),
      });
    for (const [route, path] of protectedRoutes) await conforms('post', route, await send(server.url, path, 'no-es-una-respuesta')); // 403 captcha.invalid
    const codes = await fetch(`${server.url}/api/cenares/verification/codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'captcha-response': 'no-es-una-respuesta' },
      body: JSON.stringify({ email: 'rosa.quispe@example.pe' }),
    });
    await conforms('post', '/api/{agencyId}/verification/codes', codes); // 403 captcha.invalid
    // A provider that cannot be reached: 503 captcha.unavailable; and no ALTCHA challenge there (404).
    const cenares = server.configs.get('cenares')!;
    const down = await startServer(undefined, {
      ...({ configs: [{ ...cenares, captcha: { provider: 'turnstile', siteKey: 'sitio', on: ['filing', 'tracking', 'correction'] } }] } as object),
      captcha: { secretFor: () => 'secreto', siteverifyUrls: { turnstile: 'http://127.0.0.1:9/siteverify' } },
    });
    try {
      for (const [route, path] of protectedRoutes) await conforms('post', route, await send(down.url, path, 'un-token'));
      await conforms('get', CHALLENGE, await fetch(`${down.url}/api/cenares/captcha/challenge`));
    } finally {
      await down.close();
    }
  });

  test('email codes, sessions, OpenID Connect and "Mis trámites": every documented answer', async () => {
    const CODES = '/api/{agencyId}/verification/codes';
    const TOKENS = '/api/{agencyId}/verification/tokens';
    const SESSIONS = '/api/{agencyId}/sessions';
    const OIDC = '/api/{agencyId}/sessions/oidc';
    const CURRENT = '/api/{agencyId}/sessions/current';
    const MINE = '/api/{agencyId}/my/requests';
    const ONE = '/api/{agencyId}/my/requests/{requestNumber}';
    const CANCEL = '/api/{agencyId}/my/requests/{requestNumber}/cancel';
    const send = async (path: string, body: unknown, options: { agencyId?: string; method?: string; headers?: Record<string, string>; captcha?: boolean; on?: TestServer } = {}) => {
      const agencyId = options.agencyId ?? 'inpe';
      const on = options.on ?? server;
      const captcha = options.captcha ? await captchaHeaders(on, agencyId, 'verification') : {};
      return fetch(`${on.url}/api/${agencyId}/${path}`, {
        method: options.method ?? 'POST',
        headers: { 'content-type': 'application/json', ...captcha, ...options.headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    };
    const email = 'contrato@example.pe';
    const big = { email: 'x'.repeat(5000) };

    // verification/codes
    await conforms('post', CODES, await send('verification/codes', { email }, { captcha: true })); // 202
    await conforms('post', CODES, await send('verification/codes', { email }, { captcha: true })); // 429 tooSoon
    await conforms('post', CODES, await send('verification/codes', { email: 'mal' }, { captcha: true })); // 422
    await conforms('post', CODES, await send('verification/codes', '{', { captcha: true })); // 400
    await conforms('post', CODES, await send('verification/codes', { email }, { headers: { 'captcha-response': 'no' } })); // 403
    await conforms('post', CODES, await send('verification/codes', { email }, { agencyId: 'sis' })); // 404
    await conforms('post', CODES, await send('verification/codes', big)); // 413

    // verification/tokens
    const code = await lastVerificationCode(server, 'inpe', email);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await conforms('post', TOKENS, await send('verification/tokens', { email, code: wrong })); // 422
    await conforms('post', TOKENS, await send('verification/tokens', { email, code })); // 201
    await conforms('post', TOKENS, await send('verification/tokens', { email, code })); // 410
    await conforms('post', TOKENS, await send('verification/tokens', '{')); // 400
    await conforms('post', TOKENS, await send('verification/tokens', { email, code }, { agencyId: 'sis' })); // 404
    await conforms('post', TOKENS, await send('verification/tokens', big)); // 413
    server.clock.advance(61_000);
    const spent = await mailedCode(server, 'inpe', email);
    for (let i = 0; i < 5; i++) await send('verification/tokens', { email, code: String((Number(spent) + 1) % 1_000_000).padStart(6, '0') });
    await conforms('post', TOKENS, await send('verification/tokens', { email, code: spent })); // 429

    // sessions
    const rosa = { email: 'rosa.quispe@example.pe', documentType: 'DNI', documentNumber: '10117410' };
    server.clock.advance(61_000);
    await conforms('post', SESSIONS, await send('sessions', { ...rosa, code: '000000' }, { agencyId: 'cenares' })); // 404
    await conforms('post', SESSIONS, await send('sessions', '{')); // 400
    await conforms('post', SESSIONS, await send('sessions', big)); // 413
    const signInCode = await mailedCode(server, 'inpe', rosa.email);
    await conforms('post', SESSIONS, await send('sessions', { ...rosa, documentNumber: '1', code: signInCode })); // 422
    const session = (await conforms('post', SESSIONS, await send('sessions', { ...rosa, code: signInCode }))) as Json; // 201
    await conforms('post', SESSIONS, await send('sessions', { ...rosa, code: signInCode })); // 410
    server.clock.advance(61_000);
    const burnt = await mailedCode(server, 'inpe', rosa.email);
    for (let i = 0; i < 5; i++) await send('sessions', { ...rosa, code: String((Number(burnt) + 1) % 1_000_000).padStart(6, '0') });
    await conforms('post', SESSIONS, await send('sessions', { ...rosa, code: burnt })); // 429
    const auth = { authorization: `Bearer ${session.token}` };

    // my/requests
    const inpe = server.configs.get('inpe')!;
    const filed = async () => {
      const main = await tusUpload(server, 'inpe', await makePdf(), { name: 'oficio.pdf' });
      const answer = await fetch(`${server.url}/api/inpe/filings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...(await captchaHeaders(server, 'inpe', 'filing')) },
        body: JSON.stringify(validSubmission(inpe, { main })),
      });
      return ((await answer.json()) as Json).requestNumber as string;
    };
    const first = await filed();
    const second = await filed();
    const list = (await conforms('get', MINE, await fetch(`${server.url}/api/inpe/my/requests`, { headers: auth }))) as Json; // 200
    assert.ok(list.items.length >= 2);
    await conforms('get', MINE, await fetch(`${server.url}/api/inpe/my/requests`)); // 401
    await conforms('get', MINE, await fetch(`${server.url}/api/cenares/my/requests`, { headers: auth })); // 404

    const one = (number: string) => `my/requests/${encodeURIComponent(number)}`;
    await conforms('patch', ONE, await send(one(first), { subject: 'Asunto actualizado' }, { method: 'PATCH', headers: auth })); // 200
    await conforms('patch', ONE, await send(one(first), { folios: 2 }, { method: 'PATCH', headers: auth })); // 400
    await conforms('patch', ONE, await send(one(first), { subject: 'x' }, { method: 'PATCH' })); // 401
    await conforms('patch', ONE, await send(one('INPE-2026-999999'), { subject: 'x' }, { method: 'PATCH', headers: auth })); // 404
    await conforms('patch', ONE, await send(one(first), { email: 'mal' }, { method: 'PATCH', headers: auth })); // 422
    await conforms('patch', ONE, await send(one(first), { email: 'rosa.nueva@example.pe' }, { method: 'PATCH', headers: auth })); // 422 verification.required
    await conforms('patch', ONE, await send(one(first), { subject: 'x'.repeat(5000) }, { method: 'PATCH', headers: auth })); // 413

    await conforms('post', CANCEL, await send(`${one(second)}/cancel`, { reason: 'x'.repeat(501) }, { headers: auth })); // 422
    await conforms('post', CANCEL, await send(`${one(second)}/cancel`, { reason: 'Por error.' }, { headers: auth })); // 200
    await conforms('post', CANCEL, await send(`${one(second)}/cancel`, { reason: null }, { headers: auth })); // 409
    await conforms('patch', ONE, await send(one(second), { subject: 'Otro' }, { method: 'PATCH', headers: auth })); // 409
    await conforms('post', CANCEL, await send(`${one(second)}/cancel`, { reason: 3 }, { headers: auth })); // 400
    await conforms('post', CANCEL, await send(`${one(second)}/cancel`, { reason: null })); // 401
    await conforms('post', CANCEL, await send(`${one('INPE-2026-999999')}/cancel`, { reason: null }, { headers: auth })); // 404
    await conforms('post', CANCEL, await send(`${one(second)}/cancel`, { reason: 'x'.repeat(5000) }, { headers: auth })); // 413

    // sessions/current
    await conforms('delete', CURRENT, await fetch(`${server.url}/api/cenares/sessions/current`, { method: 'DELETE', headers: auth })); // 404
    await conforms('delete', CURRENT, await fetch(`${server.url}/api/inpe/sessions/current`, { method: 'DELETE', headers: auth })); // 204
    await conforms('delete', CURRENT, await fetch(`${server.url}/api/inpe/sessions/current`, { method: 'DELETE', headers: auth })); // 401

    // sessions/oidc, against a real local provider
    const redirectUri = 'http://127.0.0.1:8787/inpe.html';
    const provider = await startOidcProvider({ accounts: [{ id: 'rosa', email: rosa.email, docType: 'DNI', docNumber: rosa.documentNumber }], redirectUri });
    const configs = [...server.configs.values()].map((config) =>
      config.id === 'inpe' ? { ...config, account: { ...config.account, oidc: { issuer: provider.issuer, clientId: provider.clientId, scopes: ['openid', 'email'] } } } : config,
    );
    const desk = await startServer(new Date().toISOString(), { configs });
    try {
      const callback = await provider.authorize('rosa');
      await conforms('post', OIDC, await send('sessions/oidc', callback, { on: desk })); // 201
      await conforms('post', OIDC, await send('sessions/oidc', callback, { on: desk })); // 401 (used)
      await conforms('post', OIDC, await send('sessions/oidc', { code: 'x' }, { on: desk })); // 400
      await conforms('post', OIDC, await send('sessions/oidc', callback, { on: desk, agencyId: 'sis' })); // 404
      await conforms('post', OIDC, await send('sessions/oidc', { ...callback, code: 'x'.repeat(5000) }, { on: desk })); // 413
      await provider.close();
      await conforms('post', OIDC, await send('sessions/oidc', callback, { on: desk })); // 502
    } finally {
      await provider.close();
      await desk.close();
    }
  });

  test('429 request.tooMany: an address past its hourly limit on tracking, correction look-ups and sends, filings, downloads', async () => {
    // The address's counters filled (they are the only state), then emptied.
    const buckets = ['tracking', 'correction', 'filing', 'download'].map((place) => `${place}:127.0.0.1`);
    await server.db.deleteFrom('rate_counters').where('bucket', 'in', buckets).execute();
    await server.db
      .insertInto('rate_counters')
      .values(buckets.map((bucket) => ({ bucket, window_start: server.clock.now().toISOString(), count: 1_000_000_000 })))
      .execute();
    try {
      for (const [route, path] of [
        ['/api/{agencyId}/tracking', 'tracking'],
        ['/api/{agencyId}/corrections/lookup', 'corrections/lookup'],
        ['/api/{agencyId}/corrections', 'corrections'],
        ['/api/{agencyId}/filings', 'filings'],
        ['/api/{agencyId}/receipts', 'receipts'],
        ['/api/{agencyId}/responses', 'responses'],
      ] as const) {
        const response = await fetch(`${server.url}/api/inpe/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({ requestNumber: 'INPE-2026-000001', documentNumber: '10117410' }),
        });
        assert.equal(response.status, 429, path);
        await conforms('post', route, response);
      }
    } finally {
      await server.db.deleteFrom('rate_counters').where('bucket', 'in', buckets).execute();
    }
  });

  test('every documented response was produced by the server', () => {
    const documented: string[] = [];
    for (const [path, item] of Object.entries(openapi.paths as Json)) {
      for (const method of METHODS) {
        for (const status of Object.keys(item[method]?.responses ?? {})) {
          if (status !== 'default') documented.push(`${method} ${path} ${status}`);
        }
      }
    }
    const missing = documented.filter((entry) => !exercised.has(entry));
    assert.deepEqual(missing, [], 'documented but never seen');
  });
});
