// Test documents made on the spot, so a fresh clone needs nothing from outside:
// real multi-page PDFs (pdf-lib), password-protected ones (pdfkit), corrupt ones (truncated),
// files that only claim to be PDFs, and large PDFs padded with a real stream.
import { PDFDocument, StandardFonts } from 'pdf-lib';
import PDFKit from 'pdfkit';

/** A valid PDF with `pages` pages, each saying which page it is. */
export async function makePdf({ pages = 1, title = 'Documento de prueba', padBytes = 0 } = {}) {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let index = 1; index <= pages; index += 1) {
    const page = doc.addPage([595, 842]);
    page.drawText(`${title} - pagina ${index} de ${pages}`, { x: 50, y: 780, size: 14, font });
  }
  if (padBytes > 0) {
    // A real (unused) stream object: the file stays a valid PDF of the requested size.
    const padding = doc.context.stream(new Uint8Array(padBytes).fill(0x20));
    doc.context.register(padding);
  }
  return new Uint8Array(await doc.save({ useObjectStreams: false }));
}

/** A PDF that needs a password to open (RC4/AES via pdfkit's userPassword). */
export function makeEncryptedPdf({ password = 'secreto' } = {}) {
  return new Promise((resolve, reject) => {
    const doc = new PDFKit({ userPassword: password, ownerPassword: `${password}-owner`, pdfVersion: '1.7' });
    const chunks = [];
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.text('Documento protegido con contraseña');
    doc.end();
  });
}

/** A PDF anyone can open, whose owner password only restricts editing (common in official forms). */
export function makeRestrictedPdf({ pages = 2 } = {}) {
  return new Promise((resolve, reject) => {
    const doc = new PDFKit({ ownerPassword: 'propietario', permissions: { printing: 'highResolution' }, pdfVersion: '1.7' });
    const chunks = [];
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    for (let page = 1; page <= pages; page += 1) {
      if (page > 1) doc.addPage();
      doc.text(`Formulario oficial, pagina ${page}`);
    }
    doc.end();
  });
}

/** A PDF cut short: the header is right, the rest is missing. */
export async function makeTruncatedPdf() {
  const whole = await makePdf({ pages: 3 });
  return whole.slice(0, Math.floor(whole.length / 3));
}

/** Plain text wearing a .pdf name. */
export function makeFakePdf() {
  return new TextEncoder().encode('Esto no es un PDF, solo texto con extension .pdf\n'.repeat(20));
}

/** A tiny valid PNG (1x1, white). */
export function makePng() {
  return Uint8Array.from(
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII=',
      'base64',
    ),
  );
}

export const documentMakers = {
  pdf: makePdf,
  encrypted: makeEncryptedPdf,
  restricted: makeRestrictedPdf,
  truncated: makeTruncatedPdf,
  fake: makeFakePdf,
  png: makePng,
};
