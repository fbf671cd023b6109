/**
 * Issue 11, section 6 (part): bad input gets a clear answer. A deeply nested JSON body is a 400,
 * not a stack overflow; a body of the wrong shape is told in Spanish, with the field's path, never
 * in the validation library's English; a staff download is served with the type its bytes have,
 * never the type the uploader declared; an oversized request header gets a problem body.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { parseStaffCredentials } from '../../server/staff/credentials.ts';
import { startServer as startMain, type RunningServer } from '../e2e/harness.ts';
import { makePdf } from '../server/documents.ts';
import { postFiling, startServer, tusUpload, verifiedSubmission, type TestServer } from '../server/helpers.ts';
import { staffSignIn } from '../support/staff-session.ts';

let server: TestServer;

before(async () => {
  server = await startServer(undefined, { staffCredentials: parseStaffCredentials('inpe:mesa:secreto') });
});
after(() => server?.close());

function post(route: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/api/inpe/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...headers },
    body,
  });
}

/** Words valibot writes in its default messages: none may reach a citizen. */
const ENGLISH = /Invalid|Expected|received|type:|length/;

describe('bad JSON bodies', () => {
  test('a deeply nested body is a 400 request.malformed, on every route that hashes or reads one', async () => {
    const nested = (depth: number) => `{"subject":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    for (const [route, depth] of [
      ['filings', 30_000],
      ['corrections', 30_000],
      ['tracking', 1_500],
    ] as const) {
      const response = await post(route, nested(depth));
      assert.equal(response.status, 400, route);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      const problem = (await response.json()) as { code: string; detail: string };
      assert.equal(problem.code, 'request.malformed', route);
      assert.match(problem.detail, /anidad/, route);
    }
  });

  test('a filing of the wrong shape is told in Spanish, each problem with its field path', async () => {
    const response = await post('filings', JSON.stringify({ personKind: 'natural', applicant: null, subject: 7, consents: 'sí', attachments: { main: null, annexes: [{}] } }));
    assert.equal(response.status, 400);
    const problem = (await response.json()) as { code: string; title: string; detail: string };
    assert.equal(problem.code, 'request.malformed');
    assert.doesNotMatch(problem.detail, ENGLISH, problem.detail);
    assert.match(problem.detail, /«applicant»: debe ser un objeto/);
    assert.match(problem.detail, /«subject»: debe ser un texto/);
    assert.match(problem.detail, /«consents»: debe ser una lista/);
    assert.match(problem.detail, /«attachments\.annexes\.0\.uploadId»: falta/);
  });

  test('a correction of the wrong shape is told in Spanish with the path too', async () => {
    const response = await post('corrections', JSON.stringify({ requestNumber: 'INPE-2026-000001', documentNumber: '10117410', documents: [{ slot: 'otro', index: -1 }] }));
    assert.equal(response.status, 400);
    const problem = (await response.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'request.malformed');
    assert.doesNotMatch(problem.detail, ENGLISH, problem.detail);
    assert.match(problem.detail, /«documents\.0\.slot»/);
  });
});

describe('staff downloads', () => {
  test('a PDF declared as text/html is served as application/pdf', async () => {
    const pdf = await makePdf({ pages: 1 });
    const main = await tusUpload(server, 'inpe', pdf, { name: 'solicitud.pdf', type: 'text/html' });
    const filed = await postFiling(server, 'inpe', await verifiedSubmission(server, 'inpe', { main }));
    assert.equal(filed.status, 201);
    const response = await fetch(`${server.url}/api/inpe/staff/requests/${encodeURIComponent(filed.body.requestNumber)}/files/main/0`, {
      headers: await staffSignIn(server.url, 'inpe', 'mesa', 'secreto'),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), pdf);
  });
});

describe('an oversized request header', () => {
  let main: RunningServer;
  before(async () => {
    main = await startMain();
  });
  after(() => main?.stop());

  /** One raw request with a 20 KB header (Node refuses more than 16 KB), and the raw answer. */
  function oversized(url: string): Promise<string> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(`GET /api/inpe/config HTTP/1.1\r\nHost: ${hostname}\r\nX-Relleno: ${'a'.repeat(20_000)}\r\n\r\n`);
      });
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  for (const [what, url] of [
    ['npm start (server/main.ts)', () => main.url],
    ["the tests' server", () => server.url],
  ] as const) {
    test(`${what}: 431 with a problem+json body in Spanish`, async () => {
      const answer = await oversized(url());
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      assert.match(head, /^HTTP\/1\.1 431 /);
      assert.match(head, /\r\ncontent-type: application\/problem\+json/i);
      assert.match(head, /\r\nx-content-type-options: nosniff/i);
      const problem = JSON.parse(body) as { status: number; code: string; title: string; detail: string };
      assert.equal(problem.status, 431);
      assert.equal(problem.code, 'request.headersTooLarge');
      assert.match(problem.detail, /encabezados/);
    });
  }
});
