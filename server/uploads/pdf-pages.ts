/**
 * Opens a PDF with pdf.js — the same engine and build the browser uses before uploading — so
 * the citizen's browser and the server never disagree about a file. A PDF that only restricts
 * printing or editing (an owner password) opens in both; one that needs a password to open
 * is refused in both. pdf-lib cannot tell those two apart.
 */
export type PdfVerdict = { ok: true; pages: number } | { ok: false; code: 'pdf.encrypted' | 'pdf.corrupt' };

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

/** pdf.js's legacy build, loaded once; also used by tests that read PDFs the server makes. */
export function loadPdfJs(): Promise<PdfJs> {
  // pdf.js 6 calls Promise.withResolvers, which Node adds only in v22.
  if (!('withResolvers' in Promise)) {
    Object.defineProperty(Promise, 'withResolvers', {
      configurable: true,
      writable: true,
      value<T>() {
        let resolve!: (value: T | PromiseLike<T>) => void;
        let reject!: (reason?: unknown) => void;
        const promise = new Promise<T>((res, rej) => {
          resolve = res;
          reject = rej;
        });
        return { promise, resolve, reject };
      },
    });
  }
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

export async function openPdf(bytes: Uint8Array): Promise<PdfVerdict> {
  const { getDocument } = await loadPdfJs();
  // pdf.js takes ownership of (and may detach) the buffer it is given: hand it a copy.
  const task = getDocument({ data: bytes.slice(), stopAtErrors: false, verbosity: 0 });
  try {
    const document = await task.promise;
    return document.numPages > 0 ? { ok: true, pages: document.numPages } : { ok: false, code: 'pdf.corrupt' };
  } catch (error) {
    return { ok: false, code: (error as Error).name === 'PasswordException' ? 'pdf.encrypted' : 'pdf.corrupt' };
  } finally {
    await task.destroy();
  }
}
