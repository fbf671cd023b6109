/**
 * Looks at a file in the browser before any byte of it is sent: its first bytes must be what
 * its extension promises, and a PDF must open (not encrypted, not corrupt) so its pages can be
 * counted for the *folios*.
 *
 * pdf.js (legacy build) is loaded lazily, the first time a PDF is inspected, and runs in ONE
 * shared worker for every document of the page (starting a worker costs ~140 ms). Small PDFs
 * are read whole; large ones are opened over a `PDFDataRangeTransport` backed by `File.slice`,
 * so a 100 MB PDF is never read whole (see `RANGE_THRESHOLD`).
 */
import { SNIFF_BYTES, contentMatchesExtension, extensionOf, sniffFileKind, type SniffedKind } from '../domain/files.ts';
import type * as PdfJs from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Files up to this size are read whole; larger ones over a range transport.
 *
 * Why 8 MB: reading 8 MB whole costs a few milliseconds and a transient 8 MB buffer (handed to
 * the worker without a copy), which even an entry-level phone takes. A range transport pays one
 * worker round trip per 64 KB chunk it needs: for a normal document that is 2–4 chunks, but a
 * PDF with a huge flat page tree needs dozens of sequential requests and was measured 3–4×
 * slower than a whole read. Documents that big are almost always large files, and above 8 MB the
 * memory saved (up to 100 MB per file on a phone) outweighs the extra round trips.
 */
export const RANGE_THRESHOLD = 8 * 1024 * 1024;

/** Reads bytes [begin, end) of a file. Injectable so tests (and diagnostics) can count reads. */
export type ByteReader = (file: Blob, begin: number, end: number) => Promise<Uint8Array>;

export const readSlice: ByteReader = async (file, begin, end) =>
  new Uint8Array(await file.slice(begin, end).arrayBuffer());

export type InspectStats = {
  /** Every byte read from the file: the sniffed head plus what pdf.js asked for. */
  bytesRead: number;
  /** How pdf.js got the bytes: 'none' for files that are not PDFs. */
  mode: 'none' | 'whole' | 'range';
  /** Number of `requestDataRange` calls pdf.js made (range mode). */
  rangeRequests: number;
  /** Wall time of the whole inspection, in milliseconds. */
  ms: number;
};

export type InspectProblemCode = 'file.unreadable' | 'file.contentMismatch' | 'pdf.encrypted' | 'pdf.corrupt';

export type InspectResult =
  | { ok: true; kind: SniffedKind; pages: number | null; stats: InspectStats }
  | { ok: false; code: InspectProblemCode; kind: SniffedKind | null; extension: string; stats: InspectStats };

export type InspectOptions = {
  /** Abort the inspection (the file was removed): the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Override `RANGE_THRESHOLD` (bytes). */
  rangeThreshold?: number;
  /** Override how bytes are read (defaults to `File.slice().arrayBuffer()`). */
  read?: ByteReader;
};

const ALL_KINDS: readonly SniffedKind[] = ['pdf', 'png', 'jpeg', 'zip', 'rar', 'ole', 'unknown'];

/** Whether we know what content an extension promises (else there is nothing to check). */
export function isCheckableExtension(extension: string): boolean {
  return ALL_KINDS.some((kind) => contentMatchesExtension(extension, kind));
}

function abortError(): DOMException {
  return new DOMException('La revisión del archivo se canceló.', 'AbortError');
}

/** Inspects a file; never throws for a bad file (only when aborted). */
export async function inspectFile(file: File, options: InspectOptions = {}): Promise<InspectResult> {
  const started = performance.now();
  const read = options.read ?? readSlice;
  const stats: InspectStats = { bytesRead: 0, mode: 'none', rangeRequests: 0, ms: 0 };
  const counted: ByteReader = async (blob, begin, end) => {
    const bytes = await read(blob, begin, end);
    stats.bytesRead += bytes.byteLength;
    return bytes;
  };
  const extension = extensionOf(file.name);
  const done = <T extends InspectResult>(result: T): T => {
    stats.ms = performance.now() - started;
    return result;
  };
  if (options.signal?.aborted) throw abortError();

  let head: Uint8Array;
  try {
    head = await counted(file, 0, Math.min(file.size, SNIFF_BYTES));
  } catch {
    return done({ ok: false, code: 'file.unreadable', kind: null, extension, stats });
  }
  if (options.signal?.aborted) throw abortError();
  const kind = sniffFileKind(head);
  if (isCheckableExtension(extension) && !contentMatchesExtension(extension, kind)) {
    return done({ ok: false, code: 'file.contentMismatch', kind, extension, stats });
  }
  if (kind !== 'pdf') return done({ ok: true, kind, pages: null, stats });

  const threshold = options.rangeThreshold ?? RANGE_THRESHOLD;
  stats.mode = file.size > threshold ? 'range' : 'whole';
  const outcome = await countPdfPages(file, stats.mode, counted, stats, options.signal);
  if (outcome.ok) return done({ ok: true, kind, pages: outcome.pages, stats });
  return done({ ok: false, code: outcome.code, kind, extension, stats });
}

// ---------------------------------------------------------------------------------------------
// pdf.js, lazily

type PdfJsModule = typeof PdfJs;
type PdfOutcome = { ok: true; pages: number } | { ok: false; code: 'pdf.encrypted' | 'pdf.corrupt' | 'file.unreadable' };

let pdfjsPromise: Promise<PdfJsModule> | null = null;
let sharedWorker: InstanceType<PdfJsModule['PDFWorker']> | null = null;
let workerSrcOverride: string | null = null;

/**
 * Where the pdf.js worker file is served from. By default the bundler's URL for
 * `pdf.worker.min.mjs` (shipped as its own file, never inlined; in the CDN build, next to the
 * script, resolved from its own URL); a page whose bundler cannot resolve `?url` imports sets it
 * before the first PDF is added.
 *
 * Browsers refuse a worker script from another origin: for one, pdf.js starts a `blob:` module
 * worker that imports the file (served with CORS, as CDNs do). That needs `worker-src blob:` in
 * the host page's CSP, or pdf.js silently parses on the page's main thread instead.
 */
export function setPdfWorkerSrc(url: string): void {
  workerSrcOverride = url;
  if (pdfjsPromise) void pdfjsPromise.then((pdfjs) => (pdfjs.GlobalWorkerOptions.workerSrc = url));
}

/** Loads pdf.js (once) and points it at its worker file. */
export function loadPdfJs(): Promise<PdfJsModule> {
  pdfjsPromise ??= (async () => {
    // The worker's URL comes from Vite's `?url` import only when the host did not give one, so a
    // bundler without `?url` never meets it once `setPdfWorkerSrc` was called.
    const [pdfjs, workerSrc] = await Promise.all([
      import('pdfjs-dist/legacy/build/pdf.mjs'),
      workerSrcOverride ?? import('pdfjs-dist/legacy/build/pdf.worker.min.mjs?url').then((worker) => worker.default),
    ]);
    pdfjs.GlobalWorkerOptions.workerSrc = workerSrcOverride ?? workerSrc;
    return pdfjs;
  })();
  pdfjsPromise.catch(() => (pdfjsPromise = null));
  return pdfjsPromise;
}

function getSharedWorker(pdfjs: PdfJsModule): InstanceType<PdfJsModule['PDFWorker']> {
  if (!sharedWorker || sharedWorker.destroyed) sharedWorker = new pdfjs.PDFWorker();
  return sharedWorker;
}

/** Ends the shared pdf.js worker (tests, or a host tearing the desk down); the next PDF starts one. */
export function destroyPdfWorker(): void {
  sharedWorker?.destroy();
  sharedWorker = null;
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
}

async function countPdfPages(
  file: File,
  mode: 'whole' | 'range',
  read: ByteReader,
  stats: InspectStats,
  signal: AbortSignal | undefined,
): Promise<PdfOutcome> {
  const pdfjs = await loadPdfJs();
  if (signal?.aborted) throw abortError();
  const worker = getSharedWorker(pdfjs);
  let readFailed = false;

  const common = {
    worker,
    // We only count pages: no fetching beyond what parsing needs, no rendering worker, no fonts.
    disableAutoFetch: true,
    disableStream: true,
    disableWorkerRendering: true,
    disableFontFace: true,
    stopAtErrors: false,
    verbosity: 0,
  };

  let task: PdfJs.PDFDocumentLoadingTask;
  if (mode === 'whole') {
    let data: Uint8Array;
    try {
      data = await read(file, 0, file.size);
    } catch {
      return { ok: false, code: 'file.unreadable' };
    }
    if (signal?.aborted) throw abortError();
    task = pdfjs.getDocument({ ...common, data });
  } else {
    // In 6.5.438 the length comes only from the constructor, and onDataRange must echo the
    // `begin` pdf.js asked for.
    const transport = new pdfjs.PDFDataRangeTransport(file.size, new Uint8Array(0));
    transport.requestDataRange = (begin: number, end: number) => {
      stats.rangeRequests += 1;
      read(file, begin, end).then(
        (chunk) => transport.onDataRange(begin, chunk),
        () => {
          // pdf.js has no error path for a transport: end the task so its promise rejects.
          readFailed = true;
          void task.destroy();
        },
      );
    };
    task = pdfjs.getDocument({ ...common, range: transport });
  }

  const onAbort = () => void task.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const document = await task.promise;
    // A PDF whose page tree is empty opens, but has nothing to read: the server refuses it as
    // corrupt, so the citizen hears it now, before the upload.
    if (!(document.numPages > 0)) return { ok: false, code: 'pdf.corrupt' };
    return { ok: true, pages: document.numPages };
  } catch (error) {
    if (signal?.aborted) throw abortError();
    if (readFailed) return { ok: false, code: 'file.unreadable' };
    if (errorName(error) === 'PasswordException') return { ok: false, code: 'pdf.encrypted' };
    // InvalidPDFException (truncated, header only, renamed non-PDF) and anything else pdf.js
    // cannot open: for the citizen both mean "this PDF cannot be opened".
    return { ok: false, code: 'pdf.corrupt' };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Frees the document in the worker; the shared worker itself stays up (it is not the task's).
    await task.destroy().catch(() => undefined);
  }
}
