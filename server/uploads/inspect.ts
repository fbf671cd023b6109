/**
 * What the server checks in a finished upload before it may be filed: the bytes are what the
 * name says, a PDF opens (with pdf.js, as in the browser) without a password and has pages (its
 * count is the floor for the declared folios), and the SHA-256 that the receipt prints.
 */
import { createHash } from 'node:crypto';
import { contentMatchesExtension, extensionOf, SNIFF_BYTES, sniffFileKind } from '../../src/domain/files.ts';
import { ProblemError } from '../http/problems.ts';
import type { FileReader } from '../storage/uploads.ts';
import { openPdf } from './pdf-pages.ts';

export interface UploadFacts {
  /** Null for files that are not PDFs. */
  pages: number | null;
  sha256: string;
}

/**
 * What each extension promises, in the words of "El archivo no es …". The keys are exactly
 * `SUPPORTED_EXTENSIONS` (the only ones a config may accept); a test keeps them in step.
 */
export const FILE_KIND_WORDS: Readonly<Record<string, string>> = {
  '.pdf': 'un PDF',
  '.png': 'una imagen PNG',
  '.jpg': 'una imagen JPG',
  '.jpeg': 'una imagen JPG',
  '.doc': 'un documento de Word',
  '.docx': 'un documento de Word',
  '.xls': 'una hoja de Excel',
  '.xlsx': 'una hoja de Excel',
  '.zip': 'un archivo ZIP',
  '.rar': 'un archivo RAR',
};

/** Throws a `ProblemError` (upload.contentMismatch, upload.encrypted, upload.corrupt) for a file the desk cannot file. */
export async function inspectUpload(reader: FileReader, uploadId: string, name: string): Promise<UploadFacts> {
  const extension = extensionOf(name);
  const kind = sniffFileKind(await reader.readHead(uploadId, SNIFF_BYTES));
  if (!contentMatchesExtension(extension, kind)) {
    const expected = FILE_KIND_WORDS[extension] ?? 'del tipo que indica su nombre';
    throw new ProblemError('upload.contentMismatch', {
      detail: `El archivo no es ${expected}. Ábralo en su computadora, guárdelo de nuevo en ese formato y vuelva a subirlo.`,
    });
  }
  const pages = kind === 'pdf' ? await countPdfPages(await reader.readAll(uploadId)) : null;
  return { pages, sha256: await sha256Of(reader, uploadId) };
}

/**
 * The same checks for a PDF held in memory (the desk's response file): the name ends in `.pdf`
 * (else upload.type), the bytes are a PDF (else upload.contentMismatch) that opens without a
 * password and has pages. Returns its pages and SHA-256.
 */
export async function inspectPdfBytes(bytes: Uint8Array, name: string): Promise<{ pages: number; sha256: string }> {
  if (extensionOf(name) !== '.pdf') {
    throw new ProblemError('upload.type', { detail: 'La respuesta debe ser un archivo PDF (.pdf).' });
  }
  if (!contentMatchesExtension('.pdf', sniffFileKind(bytes.subarray(0, SNIFF_BYTES)))) {
    throw new ProblemError('upload.contentMismatch', {
      detail: `El archivo no es ${FILE_KIND_WORDS['.pdf']}. Ábralo en su computadora, guárdelo de nuevo como PDF y vuelva a adjuntarlo.`,
    });
  }
  const pages = await countPdfPages(bytes);
  return { pages, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function countPdfPages(bytes: Uint8Array): Promise<number> {
  const verdict = await openPdf(bytes);
  if (verdict.ok) return verdict.pages;
  if (verdict.code === 'pdf.encrypted') {
    throw new ProblemError('upload.encrypted', {
      detail: 'El PDF pide una contraseña para abrirse. Guárdelo sin contraseña y vuelva a subirlo.',
    });
  }
  throw corrupt();
}

function corrupt(): ProblemError {
  return new ProblemError('upload.corrupt', {
    detail: 'No se pudo abrir el PDF: puede estar dañado o incompleto. Guárdelo o escanéelo de nuevo y vuelva a subirlo.',
  });
}

async function sha256Of(reader: FileReader, uploadId: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of reader.stream(uploadId)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
