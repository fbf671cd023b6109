/** Reads back the text of a PDF the server made, with the same pdf.js build the server uses. */
import { loadPdfJs } from '../../server/uploads/pdf-pages.ts';

/** Every page's text, lines joined by spaces, whitespace collapsed. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await loadPdfJs();
  const task = getDocument({ data: bytes.slice(), verbosity: 0 });
  try {
    const document = await task.promise;
    const parts: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent();
      for (const item of content.items) if ('str' in item) parts.push(item.str);
    }
    return parts.join(' ').replace(/\s+/g, ' ');
  } finally {
    await task.destroy();
  }
}
