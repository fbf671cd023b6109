import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ERRORS, MemoryLocker, type Lock, type Locker } from '@tus/server';
import { makeEncryptedPdf, makeFakePdf, makePdf, makePng, makeRestrictedPdf, makeTruncatedPdf } from './documents.ts';
import { SUPPORTED_EXTENSIONS } from '../../src/domain/files.ts';
import { FILE_KIND_WORDS } from '../../server/uploads/inspect.ts';
import { createUpload, grantHeaders, requestUploadGrant, startServer, tusMetadata, tusUpload, UploadRefused, type SlotMeta, type TestServer } from './helpers.ts';

const MB = 1024 * 1024;
const MAIN: SlotMeta = { slot: 'main', index: 0 };

let server: TestServer;
/** An upload grant per agency, for the tus requests these tests make by hand. */
const grants = new Map<string, Record<string, string>>();
const grant = (agencyId: string): Record<string, string> => grants.get(agencyId)!;
before(async () => {
  server = await startServer();
  for (const agencyId of ['cenares', 'inpe', 'ins', 'sis']) grants.set(agencyId, { 'upload-grant': (await requestUploadGrant(server, agencyId)).body.uploadGrant });
});
after(() => server.close());

async function refusal(promise: Promise<unknown>): Promise<UploadRefused> {
  const error = await promise.then(
    () => assert.fail('the upload should have been refused'),
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof UploadRefused, `expected an HTTP refusal, got ${String(error)}`);
  return error;
}

function uploadPath(agencyId: string, uploadId: string): string {
  return join(server.dataDir, 'uploads', agencyId, uploadId);
}

describe('content checks when an upload finishes', () => {
  test('a valid PDF is recorded with its server-counted pages and SHA-256', async () => {
    const pdf = await makePdf({ pages: 4 });
    const id = await tusUpload(server, 'cenares', pdf, { name: 'solicitud.pdf' });
    const row = await server.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.agency_id, 'cenares');
    assert.equal(row.slot, 'main');
    assert.equal(row.slot_index, 0);
    assert.equal(row.name, 'solicitud.pdf');
    assert.equal(Number(row.size), pdf.length);
    assert.equal(row.pages, 4);
    assert.equal(row.sha256, createHash('sha256').update(pdf).digest('hex'));
    assert.equal(row.request_id, null);
    assert.equal(row.created_at, server.clock.now().toISOString());
  });

  test('an image annex is accepted where the slot allows it, without a page count', async () => {
    const id = await tusUpload(server, 'inpe', makePng(), { name: 'foto.png', type: 'image/png', slot: { slot: 'annex', index: 1 } });
    const row = await server.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.pages, null);
    assert.equal(row.slot, 'annex');
    assert.equal(row.slot_index, 1);
  });

  test('a text file named .pdf is refused (upload.contentMismatch) and its bytes are deleted', async () => {
    const refused = await refusal(tusUpload(server, 'cenares', makeFakePdf(), { name: 'carta.pdf' }));
    assert.equal(refused.status, 422);
    assert.equal(refused.problem?.code, 'upload.contentMismatch');
    assert.match(refused.problem?.detail ?? '', /El archivo no es un PDF/);
    const id = refused.url!.split('/').pop()!;
    assert.equal(existsSync(uploadPath('cenares', id)), false, 'the refused bytes must be gone');
    const head = await fetch(refused.url!, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
    assert.equal(head.status, 404);
    const row = await server.db.selectFrom('uploads').select('id').where('id', '=', id).executeTakeFirst();
    assert.equal(row, undefined);
  });

  test('a password-protected PDF is refused (upload.encrypted)', async () => {
    const refused = await refusal(tusUpload(server, 'ins', await makeEncryptedPdf(), { name: 'protegido.pdf' }));
    assert.equal(refused.status, 422);
    assert.equal(refused.problem?.code, 'upload.encrypted');
  });

  test('a PDF that only restricts editing opens without a password, so it is accepted with its pages', async () => {
    const uploadId = await tusUpload(server, 'ins', await makeRestrictedPdf({ pages: 2 }), { name: 'formulario.pdf' });
    const row = await server.db.selectFrom('uploads').select(['pages']).where('id', '=', uploadId).executeTakeFirstOrThrow();
    assert.equal(row.pages, 2);
  });

  test('a truncated PDF is refused (upload.corrupt)', async () => {
    const refused = await refusal(tusUpload(server, 'sis', await makeTruncatedPdf(), { name: 'cortado.pdf' }));
    assert.equal(refused.status, 422);
    assert.equal(refused.problem?.code, 'upload.corrupt');
  });

  test('a refusal is problem+json even through tus', async () => {
    const response = await fetch(`${server.url}/api/cenares/uploads/`, {
      method: 'POST',
      headers: {
        ...grant('cenares'), 'tus-resumable': '1.0.0',
        'upload-length': String(makeFakePdf().length),
        'upload-metadata': tusMetadata('carta.pdf', MAIN),
        'content-type': 'application/offset+octet-stream',
      },
      body: makeFakePdf(),
    });
    assert.equal(response.status, 422);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.equal(response.headers.get('tus-resumable'), '1.0.0');
    assert.equal(((await response.json()) as { code: string }).code, 'upload.contentMismatch');
  });
});

describe('slot rules when an upload is created', () => {
  test('INPE: annex 1 may declare 6 MB, annex 2 may not (413 upload.tooLarge)', async () => {
    const first = await createUpload(server, 'inpe', { name: 'planos.pdf', size: 6 * MB, slot: { slot: 'annex', index: 1 } });
    assert.equal(first.status, 201);
    assert.match(first.headers.get('location') ?? '', /^\/api\/inpe\/uploads\/[0-9a-f]+$/);

    const second = await createUpload(server, 'inpe', { name: 'planos.pdf', size: 6 * MB, slot: { slot: 'annex', index: 2 } });
    assert.equal(second.status, 413);
    assert.equal(second.headers.get('content-type'), 'application/problem+json');
    const problem = (await second.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'upload.tooLarge');
    assert.match(problem.detail, /anexo 2 puede pesar hasta 5 MB/);
  });

  test('a declared size over every slot of the agency is refused by tus itself, with our problem', async () => {
    const response = await createUpload(server, 'inpe', { name: 'enorme.pdf', size: 31 * MB, slot: { slot: 'annex', index: 1 } });
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { code: string }).code, 'upload.tooLarge');
  });

  test('a file exactly at the slot limit is accepted', async () => {
    const response = await createUpload(server, 'inpe', { name: 'justo.pdf', size: 20 * MB, slot: MAIN });
    assert.equal(response.status, 201);
    const over = await createUpload(server, 'inpe', { name: 'justo.pdf', size: 20 * MB + 1, slot: MAIN });
    assert.equal(over.status, 413);
  });

  test('an extension the slot does not accept is refused (415 upload.type)', async () => {
    const word = await createUpload(server, 'cenares', { name: 'solicitud.docx', size: 1000, slot: MAIN });
    assert.equal(word.status, 415);
    const problem = (await word.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'upload.type');
    assert.match(problem.detail, /\.pdf/);

    const program = await createUpload(server, 'inpe', { name: 'virus.exe', size: 1000, slot: { slot: 'annex', index: 3 } });
    assert.equal(program.status, 415);
    const docx = await createUpload(server, 'inpe', { name: 'informe.docx', size: 1000, slot: { slot: 'annex', index: 3 } });
    assert.equal(docx.status, 201);
  });

  test('unknown slots and annex positions beyond the config are refused (400 upload.invalidSlot)', async () => {
    for (const slot of [
      { slot: 'annex', index: 6 }, // INPE allows 5
      { slot: 'annex', index: 0 },
      { slot: 'main', index: 1 },
      { slot: 'cover', index: 0 },
    ] as SlotMeta[]) {
      const response = await createUpload(server, 'inpe', { name: 'anexo.pdf', size: 1000, slot });
      assert.equal(response.status, 400, JSON.stringify(slot));
      assert.equal(((await response.json()) as { code: string }).code, 'upload.invalidSlot');
    }
    const noMetadata = await fetch(`${server.url}/api/inpe/uploads/`, {
      method: 'POST',
      headers: { ...grant('inpe'), 'tus-resumable': '1.0.0', 'upload-length': '1000' },
    });
    assert.equal(noMetadata.status, 400);
    assert.equal(((await noMetadata.json()) as { code: string }).code, 'upload.invalidSlot');
  });

  test('a file name no receipt could print is refused (400 upload.invalid)', async () => {
    const response = await createUpload(server, 'ins', { name: `${'a'.repeat(300)}.pdf`, size: 1000, slot: MAIN });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { code: string }).code, 'upload.invalid');
  });

  test('an empty file and a deferred length are refused (400)', async () => {
    const empty = await createUpload(server, 'ins', { name: 'vacio.pdf', size: 0, slot: MAIN });
    assert.equal(empty.status, 400);
    assert.equal(((await empty.json()) as { code: string }).code, 'upload.empty');

    const deferred = await fetch(`${server.url}/api/ins/uploads/`, {
      method: 'POST',
      headers: { ...grant('ins'), 'tus-resumable': '1.0.0', 'upload-defer-length': '1', 'upload-metadata': tusMetadata('a.pdf', MAIN) },
    });
    assert.equal(deferred.status, 400);
    assert.equal(((await deferred.json()) as { code: string }).code, 'upload.lengthRequired');
  });

  test('tus discovery offers no deferred length and caps at the largest slot', async () => {
    const response = await fetch(`${server.url}/api/inpe/uploads/`, { method: 'OPTIONS' });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('tus-version'), '1.0.0');
    assert.equal(response.headers.get('tus-max-size'), String(30 * MB));
    assert.doesNotMatch(response.headers.get('tus-extension') ?? '', /creation-defer-length/);
  });
});

describe('resumable upload', () => {
  test('an upload resumes after the server restarts: same URL, same grant, byte-identical', async () => {
    const first = await startServer();
    const pdf = await makePdf({ pages: 2, padBytes: 30_000 });
    const half = Math.floor(pdf.length / 2);
    // The grant lives in the database, so the restarted server (or another process) takes it.
    const grantHeader = await grantHeaders(first, 'sis', pdf.length);
    const created = await fetch(`${first.url}/api/sis/uploads/`, {
      method: 'POST',
      headers: { ...grantHeader, 'tus-resumable': '1.0.0', 'upload-length': String(pdf.length), 'upload-metadata': tusMetadata('reinicio.pdf', MAIN) },
    });
    assert.equal(created.status, 201);
    const path = created.headers.get('location')!;
    const patch = (server: TestServer, offset: number, bytes: Uint8Array<ArrayBuffer>) =>
      fetch(`${server.url}${path}`, {
        method: 'PATCH',
        headers: { ...grantHeader, 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
        body: bytes,
      });
    assert.equal((await patch(first, 0, pdf.subarray(0, half))).status, 204);
    await first.close({ keepData: true });

    const second = await startServer(undefined, {}, first.dataDir);
    try {
      const head = await fetch(`${second.url}${path}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('upload-offset'), String(half));
      const rest = await patch(second, half, pdf.subarray(half));
      assert.equal(rest.status, 204, await rest.clone().text());
      assert.equal(rest.headers.get('upload-offset'), String(pdf.length));
      const id = path.split('/').pop()!;
      const row = await second.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.sha256, createHash('sha256').update(pdf).digest('hex'));
      assert.equal(row.pages, 2);
    } finally {
      await second.close();
    }
  });

  test('a partial upload resumes from the offset the server reports and ends byte-identical', async () => {
    const pdf = await makePdf({ pages: 3, padBytes: 40_000 });
    const half = Math.floor(pdf.length / 2);
    const created = await fetch(`${server.url}/api/sis/uploads/`, {
      method: 'POST',
      headers: { ...grant('sis'), 'tus-resumable': '1.0.0', 'upload-length': String(pdf.length), 'upload-metadata': tusMetadata('larga.pdf', MAIN) },
    });
    assert.equal(created.status, 201);
    const location = `${server.url}${created.headers.get('location')}`;
    const patch = (offset: number, bytes: Uint8Array<ArrayBuffer>) =>
      fetch(location, {
        method: 'PATCH',
        headers: { ...grant('sis'), 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
        body: bytes,
      });

    const first = await patch(0, pdf.subarray(0, half));
    assert.equal(first.status, 204);
    assert.equal(first.headers.get('upload-offset'), String(half));

    // "Connection lost": the client forgets everything but the URL and asks where to go on.
    const head = await fetch(location, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('upload-offset'), String(half));
    assert.equal(head.headers.get('upload-length'), String(pdf.length));
    const offset = Number(head.headers.get('upload-offset'));

    const stale = await patch(0, pdf.subarray(0, 10));
    assert.equal(stale.status, 409);
    assert.equal(((await stale.json()) as { code: string }).code, 'upload.offsetConflict');

    const rest = await patch(offset, pdf.subarray(offset));
    assert.equal(rest.status, 204);
    assert.equal(rest.headers.get('upload-offset'), String(pdf.length));

    const id = location.split('/').pop()!;
    const onDisk = await readFile(uploadPath('sis', id));
    assert.ok(Buffer.from(pdf).equals(onDisk), 'the stored file must be byte-identical');
    const row = await server.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.pages, 3);
    assert.equal(row.sha256, createHash('sha256').update(pdf).digest('hex'));
  });

  test('tus-js-client sending in small chunks gives the same file', async () => {
    const pdf = await makePdf({ pages: 2, padBytes: 20_000 });
    const id = await tusUpload(server, 'ins', pdf, { name: 'trozos.pdf', chunkSize: 4096 });
    assert.ok(Buffer.from(pdf).equals(await readFile(uploadPath('ins', id))));
  });

  test('a finished upload cannot be deleted or downloaded through tus', async () => {
    const id = await tusUpload(server, 'ins', await makePdf(), { name: 'final.pdf' });
    const url = `${server.url}/api/ins/uploads/${id}`;
    const deleted = await fetch(url, { method: 'DELETE', headers: { 'tus-resumable': '1.0.0' } });
    assert.equal(deleted.status, 400);
    assert.ok(existsSync(uploadPath('ins', id)));
    const download = await fetch(url);
    assert.equal(download.status, 405);
    assert.equal(download.headers.get('content-type'), 'application/problem+json');
  });

  test("an agency's upload is unknown to another agency's tus endpoint", async () => {
    const id = await tusUpload(server, 'cenares', await makePdf(), { name: 'a.pdf' });
    const head = await fetch(`${server.url}/api/inpe/uploads/${id}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' } });
    assert.equal(head.status, 404);
    assert.deepEqual(await readdir(join(server.dataDir, 'uploads', 'inpe')).then((names) => names.filter((name) => name === id)), []);
  });
});

describe('tus protocol errors reach the citizen in Spanish', () => {
  // Everything @tus/server itself would have said, and words no Spanish sentence here uses.
  const TUS_TEXTS = [...Object.values(ERRORS).map((error) => error.body.trim()), 'Tus-Resumable Required', 'Not found', 'Invalid'];
  const ENGLISH = /\b(the|is|not|found|required|invalid|header|cannot|conflict|exceeded|request|upload's)\b/i;

  async function spanishProblem(response: Response, status: number, code: string) {
    assert.equal(response.status, status);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    const problem = (await response.json()) as { code: string; title: string; detail?: string };
    assert.equal(problem.code, code);
    assert.doesNotMatch(problem.title, ENGLISH, problem.title);
    assert.ok(problem.detail, `${code} explains what to do`);
    assert.doesNotMatch(problem.detail, ENGLISH, problem.detail);
    for (const text of TUS_TEXTS) assert.ok(!problem.detail.includes(text), `tus's text "${text}" leaked: ${problem.detail}`);
    return problem;
  }

  test('PATCH errors: wrong offset, missing offset, unreadable offset, wrong Content-Type, no Tus-Resumable, unknown upload', async () => {
    const created = await createUpload(server, 'sis', { name: 'a.pdf', size: 1000, slot: MAIN });
    const location = `${server.url}${created.headers.get('location')}`;
    const patch = (headers: Record<string, string>) =>
      fetch(location, { method: 'PATCH', headers: { ...grant('sis'), 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream', ...headers }, body: 'abc' });

    await spanishProblem(await patch({ 'upload-offset': '7' }), 409, 'upload.offsetConflict');
    const missing = await spanishProblem(await patch({}), 403, 'upload.invalid');
    assert.match(missing.detail!, /Upload-Offset/);
    const unreadable = await spanishProblem(await patch({ 'upload-offset': 'siete' }), 400, 'upload.invalid');
    assert.equal(unreadable.detail, 'La cabecera upload-offset no tiene un valor válido.');
    // fetch labels a string body text/plain.
    const wrongType = await fetch(location, { method: 'PATCH', headers: { ...grant('sis'), 'tus-resumable': '1.0.0', 'upload-offset': '0' }, body: 'abc' });
    await spanishProblem(wrongType, 400, 'upload.invalid');
    const noTus = await fetch(location, { method: 'PATCH', headers: { ...grant('sis'), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: 'abc' });
    await spanishProblem(noTus, 412, 'upload.invalid');
    const unknown = await fetch(`${server.url}/api/sis/uploads/${'0'.repeat(32)}`, {
      method: 'PATCH',
      headers: { ...grant('sis'), 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: 'abc',
    });
    await spanishProblem(unknown, 404, 'upload.notFound');
  });

  test('deleting a finished upload, parallel parts and unknown methods', async () => {
    const id = await tusUpload(server, 'sis', await makePdf(), { name: 'final.pdf' });
    const url = `${server.url}/api/sis/uploads/${id}`;
    const deleted = await spanishProblem(await fetch(url, { method: 'DELETE', headers: { 'tus-resumable': '1.0.0' } }), 400, 'upload.invalid');
    assert.match(deleted.detail!, /ya no se puede borrar/);
    const parts = await fetch(`${server.url}/api/sis/uploads/`, {
      method: 'POST',
      headers: { ...grant('sis'), 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-concat': 'partial', 'upload-metadata': tusMetadata('a.pdf', MAIN) },
    });
    await spanishProblem(parts, 501, 'upload.invalid');
    const put = await fetch(url, { method: 'PUT', headers: { 'tus-resumable': '1.0.0' } });
    await spanishProblem(put, 405, 'method.notAllowed');
    assert.equal(put.headers.get('allow'), 'POST, HEAD, PATCH, OPTIONS, DELETE');
  });

  test('a header tus cannot read is named in a Spanish sentence', async () => {
    const response = await fetch(`${server.url}/api/sis/uploads/`, {
      method: 'POST',
      headers: { ...grant('sis'), 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': 'filename,,' },
    });
    const problem = await spanishProblem(response, 400, 'upload.invalid');
    assert.equal(problem.detail, 'La cabecera upload-metadata no tiene un valor válido.');
  });
});

describe('the server has Spanish words for every file type a config may accept', () => {
  test('FILE_KIND_WORDS covers exactly SUPPORTED_EXTENSIONS', () => {
    assert.deepEqual(Object.keys(FILE_KIND_WORDS).sort(), [...SUPPORTED_EXTENSIONS].sort());
    for (const word of Object.values(FILE_KIND_WORDS)) assert.match(word, /^(un|una) /);
  });
});

describe('the upload locker is injected', () => {
  test('createApp passes its locker to every agency\'s tus endpoint (default: in memory)', async () => {
    const locked: string[] = [];
    const memory = new MemoryLocker();
    const locker: Locker = {
      newLock(id: string): Lock {
        locked.push(id);
        return memory.newLock(id);
      },
    };
    const own = await startServer(undefined, { locker });
    try {
      const cenares = await tusUpload(own, 'cenares', await makePdf(), { name: 'a.pdf' });
      const inpe = await tusUpload(own, 'inpe', await makePdf(), { name: 'b.pdf' });
      assert.ok(locked.includes(cenares), 'the cenares upload was locked through the given locker');
      assert.ok(locked.includes(inpe), 'the inpe upload too');
    } finally {
      await own.close();
    }
  });
});
