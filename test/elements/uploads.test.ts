// The upload layer behind <mpd-dropzone>, in real Chromium: PDF inspection with pdf.js (whole
// reads and range reads over File.slice), position assignment, and how upload errors are read.
import { expect } from '@open-wc/testing';
import type { SlotRule } from '../../src/domain/files.ts';
import { assignPosition } from '../../src/uploads/assign-position.ts';
import { RANGE_THRESHOLD, inspectFile, loadPdfJs, readSlice, type ByteReader } from '../../src/uploads/inspect-file.ts';
import {
  UploadController,
  classifyUploadError,
  uploadIdFromUrl,
  type UploadFailure,
} from '../../src/uploads/upload-controller.ts';
import { makeFile, waitFor } from './support.ts';

// Mocha's globals, as wtr provides them (the tsconfig has no @types/mocha).
type MochaContext = { timeout(ms: number): void; skip(): never };
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: (this: MochaContext) => Promise<void> | void) => void;

const MB = 1024 * 1024;

/** A well-formed PDF whose page tree is empty (/Count 0), with a correct xref table. */
function pdfWithoutPages(): Uint8Array {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** Wraps the default reader and counts every byte and call. */
function countingReader(): { read: ByteReader; bytes: number; calls: number } {
  const counter = {
    bytes: 0,
    calls: 0,
    read: (async (file, begin, end) => {
      const chunk = await readSlice(file, begin, end);
      counter.bytes += chunk.byteLength;
      counter.calls += 1;
      return chunk;
    }) as ByteReader,
  };
  return counter;
}


describe('inspectFile', () => {
  it('counts the pages of a 3-page PDF, reading it whole', async () => {
    const file = await makeFile('pdf', 'solicitud.pdf', { pages: 3 });
    const result = await inspectFile(file);
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.pages).to.equal(3);
    expect(result.kind).to.equal('pdf');
    expect(result.stats.mode).to.equal('whole');
    // the sniffed head plus the whole file
    expect(result.stats.bytesRead).to.equal(Math.min(file.size, 1024) + file.size);
  });

  it('refuses a password-protected PDF as pdf.encrypted', async () => {
    const result = await inspectFile(await makeFile('encrypted', 'protegido.pdf'));
    expect(result).to.include({ ok: false, code: 'pdf.encrypted' });
  });

  it('refuses a truncated PDF as pdf.corrupt', async () => {
    const result = await inspectFile(await makeFile('truncated', 'cortado.pdf'));
    expect(result).to.include({ ok: false, code: 'pdf.corrupt' });
  });

  it('refuses a PDF with no pages as pdf.corrupt, as the server does', async () => {
    // pdf-lib adds a blank page to an empty document on save: this one is written by hand.
    const bytes = pdfWithoutPages();
    const pdfjs = await loadPdfJs();
    const task = pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 });
    expect((await task.promise).numPages, 'pdf.js opens it: an empty page tree').to.equal(0);
    await task.destroy();
    const result = await inspectFile(new File([bytes as BlobPart], 'vacio.pdf', { type: 'application/pdf' }));
    expect(result).to.include({ ok: false, code: 'pdf.corrupt' });
  });

  it('refuses plain text named .pdf before pdf.js sees it', async () => {
    const result = await inspectFile(await makeFile('fake', 'falso.pdf'));
    expect(result).to.include({ ok: false, code: 'file.contentMismatch', kind: 'unknown', extension: '.pdf' });
    if (!result.ok) expect(result.stats.mode).to.equal('none');
  });

  it('refuses PNG bytes named .docx', async () => {
    const result = await inspectFile(await makeFile('png', 'informe.docx'));
    expect(result).to.include({ ok: false, code: 'file.contentMismatch', kind: 'png', extension: '.docx' });
  });

  it('accepts a real PNG with no page count', async () => {
    const result = await inspectFile(await makeFile('png', 'foto.png'));
    expect(result).to.include({ ok: true, kind: 'png', pages: null });
  });

  it('opens two PDFs at once on the shared worker', async () => {
    const [a, b] = await Promise.all([
      makeFile('pdf', 'a.pdf', { pages: 2 }),
      makeFile('pdf', 'b.pdf', { pages: 5 }),
    ]);
    const [ra, rb] = await Promise.all([inspectFile(a), inspectFile(b)]);
    expect(ra).to.include({ ok: true, pages: 2 });
    expect(rb).to.include({ ok: true, pages: 5 });
  });

  it('opens a 20 MB PDF over the range transport, reading a small part of it', async function () {
    this.timeout(60000);
    const file = await makeFile('pdf', 'expediente-grande.pdf', { pages: 4, padBytes: 20 * MB });
    expect(file.size).to.be.greaterThan(RANGE_THRESHOLD);

    await inspectFile(await makeFile('pdf', 'calentar.pdf')); // warm the shared worker, as in real use
    const counter = countingReader();
    const started = performance.now();
    const ranged = await inspectFile(file, { read: counter.read });
    const rangedMs = performance.now() - started;
    expect(ranged).to.include({ ok: true, pages: 4 });
    if (!ranged.ok) return;
    expect(ranged.stats.mode).to.equal('range');
    expect(ranged.stats.rangeRequests).to.be.greaterThan(0);
    // The injected reader saw exactly what the inspection reports, and that is a tiny part of the file.
    expect(counter.bytes).to.equal(ranged.stats.bytesRead);
    expect(counter.bytes).to.be.lessThan(512 * 1024);
    expect(counter.bytes / file.size).to.be.lessThan(0.03);

    // The same file read whole, to show the counter would catch a whole read.
    const whole = countingReader();
    const wholeStarted = performance.now();
    const read = await inspectFile(file, { read: whole.read, rangeThreshold: Infinity });
    const wholeMs = performance.now() - wholeStarted;
    expect(read).to.include({ ok: true, pages: 4 });
    expect(whole.bytes).to.be.greaterThan(file.size);
    console.log(
      `[measure] ${file.size} B PDF: range read ${counter.bytes} B in ${counter.calls} reads (${ranged.stats.rangeRequests} ranges), ${rangedMs.toFixed(1)} ms; whole read ${whole.bytes} B, ${wholeMs.toFixed(1)} ms`,
    );
  });

  it('rejects with AbortError when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let caught: unknown;
    try {
      await inspectFile(await makeFile('pdf', 'x.pdf'), { signal: controller.signal });
    } catch (error) {
      caught = error;
    }
    expect((caught as Error | undefined)?.name).to.equal('AbortError');
  });
});

describe('assignPosition (INPE annexes: 30 MB for annex 1, 5 MB for the rest)', () => {
  const inpeAccept = ['.pdf', '.png', '.jpeg', '.jpg', '.docx', '.doc', '.xls', '.xlsx', '.zip', '.rar'];
  const rules: SlotRule[] = [30 * MB, 5 * MB, 5 * MB, 5 * MB, 5 * MB].map((maxBytes) => ({ accept: inpeAccept, maxBytes }));

  it('puts a 20 MB annex in position 1 when it is free', () => {
    expect(assignPosition({ name: 'planos.pdf', size: 20 * MB }, rules, new Set())).to.deep.equal({ ok: true, position: 1 });
  });

  it('puts a small annex in the lowest free position', () => {
    expect(assignPosition({ name: 'a.png', size: MB }, rules, new Set([1, 2]))).to.deep.equal({ ok: true, position: 3 });
  });

  it('best fit: a small annex added first leaves annex 1 free for a big one added later', () => {
    const taken = new Set<number>();
    const small = assignPosition({ name: 'oficio.pdf', size: 3 * MB }, rules, taken);
    expect(small).to.deep.equal({ ok: true, position: 2 });
    if (small.ok) taken.add(small.position);
    const big = assignPosition({ name: 'planos.pdf', size: 20 * MB }, rules, taken);
    expect(big).to.deep.equal({ ok: true, position: 1 });
  });

  it('best fit: the free position with the smallest limit that still takes the file', () => {
    const mixed: SlotRule[] = [30 * MB, 10 * MB, 5 * MB, 10 * MB].map((maxBytes) => ({ accept: inpeAccept, maxBytes }));
    expect(assignPosition({ name: 'a.pdf', size: 7 * MB }, mixed, new Set())).to.deep.equal({ ok: true, position: 2 });
    expect(assignPosition({ name: 'a.pdf', size: 7 * MB }, mixed, new Set([2]))).to.deep.equal({ ok: true, position: 4 });
    expect(assignPosition({ name: 'a.pdf', size: 7 * MB }, mixed, new Set([2, 4]))).to.deep.equal({ ok: true, position: 1 });
    expect(assignPosition({ name: 'a.pdf', size: 5 * MB }, mixed, new Set())).to.deep.equal({ ok: true, position: 3 });
    // a position that does not take the type is no fit, however small its limit
    const typed: SlotRule[] = [
      { accept: ['.pdf', '.zip'], maxBytes: 30 * MB },
      { accept: ['.pdf'], maxBytes: 5 * MB },
    ];
    expect(assignPosition({ name: 'fotos.zip', size: MB }, typed, new Set())).to.deep.equal({ ok: true, position: 1 });
  });

  it('refuses a 20 MB annex when position 1 is taken, naming the 5 MB limit', () => {
    expect(assignPosition({ name: 'planos.pdf', size: 20 * MB }, rules, new Set([1]))).to.deep.equal({
      ok: false,
      problem: { code: 'file.size', maxBytes: 5 * MB },
    });
  });

  it('refuses a type no position accepts', () => {
    const placement = assignPosition({ name: 'programa.exe', size: 10 }, rules, new Set());
    expect(placement.ok).to.equal(false);
    if (!placement.ok) expect(placement.problem.code).to.equal('file.type');
  });

  it('refuses a sixth file and an empty one', () => {
    expect(assignPosition({ name: 'f.pdf', size: 10 }, rules, new Set([1, 2, 3, 4, 5]))).to.deep.equal({
      ok: false,
      problem: { code: 'file.tooMany', max: 5 },
    });
    expect(assignPosition({ name: 'f.pdf', size: 0 }, rules, new Set())).to.deep.equal({ ok: false, problem: { code: 'file.empty' } });
  });
});

describe('upload errors', () => {
  const tusError = (status: number, body: string) => ({
    name: 'DetailedError',
    message: 'tus: unexpected response',
    originalResponse: { getStatus: () => status, getBody: () => body },
  });
  const problem = (code: string, status: number) => JSON.stringify({ type: `urn:x:${code}`, title: 't', status, code, detail: 'd' });

  it('reads problem+json codes from the original response', () => {
    expect(classifyUploadError(tusError(422, problem('upload.encrypted', 422)))).to.include({ kind: 'refused', code: 'upload.encrypted' });
    expect(classifyUploadError(tusError(422, problem('upload.contentMismatch', 422)))).to.include({ kind: 'refused', code: 'upload.contentMismatch' });
    expect(classifyUploadError(tusError(422, problem('upload.corrupt', 422)))).to.include({ kind: 'refused', code: 'upload.corrupt' });
    expect(classifyUploadError(tusError(400, problem('upload.invalidSlot', 400)))).to.include({ kind: 'refused', code: 'upload.refused' });
  });

  it('maps 413 and 415 without a body', () => {
    expect(classifyUploadError(tusError(413, ''))).to.include({ kind: 'refused', code: 'upload.tooLarge' });
    expect(classifyUploadError(tusError(415, 'nope'))).to.include({ kind: 'refused', code: 'upload.type' });
  });

  it('keeps server and network failures retryable', () => {
    expect(classifyUploadError(tusError(500, problem('server.error', 500)))).to.include({ kind: 'failed', code: 'upload.server' });
    expect(classifyUploadError(tusError(404, ''))).to.include({ kind: 'failed', code: 'upload.server' });
    expect(classifyUploadError(new Error('tus: failed to upload chunk'))).to.include({ kind: 'failed', code: 'upload.network' });
    // Uppy's NetworkError wraps the tus error in `cause`
    expect(classifyUploadError({ name: 'NetworkError', message: 'x', cause: tusError(503, '') })).to.include({ kind: 'failed', code: 'upload.server' });
  });

  it('takes the upload id from the last segment of the upload URL', () => {
    expect(uploadIdFromUrl('http://127.0.0.1:8787/api/inpe/uploads/abc123')).to.equal('abc123');
    expect(uploadIdFromUrl('/api/inpe/uploads/abc%20def/')).to.equal('abc def');
  });
});

describe('UploadController', () => {
  it('reports a closed port as a retryable network failure, and retries', async () => {
    const failures: UploadFailure[] = [];
    const controller = new UploadController({
      id: 'mpd-test-controller',
      endpoint: 'http://127.0.0.1:9/',
      retryDelays: [],
      listener: { progress: () => undefined, complete: () => undefined, error: (_key, failure) => failures.push(failure) },
    });
    try {
      await controller.start('k1', await makeFile('pdf', 'caido.pdf'), { slot: 'main', index: '0' });
      await waitFor(() => failures.length === 1, 'first failure');
      expect(failures[0]).to.include({ kind: 'failed', code: 'upload.network' });
      expect(controller.retry('k1')).to.equal(true);
      await waitFor(() => failures.length === 2, 'failure after retry');
      controller.remove('k1');
      expect(controller.retry('k1')).to.equal(false);
    } finally {
      controller.destroy();
    }
  });
});
