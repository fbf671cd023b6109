/**
 * The media type a stored file is served with: from what its bytes are (`sniffFileKind`), never
 * from what the uploader's browser declared. A PDF declared `text/html` would otherwise be served
 * as HTML to the staff member who opens it. Only where the bytes cannot tell the formats apart
 * (a ZIP is also a .docx or .xlsx; an OLE2 file a .doc or .xls) does the extension choose, and
 * only between types of that one kind: the upload check (server/uploads/inspect.ts) refused any
 * file whose bytes did not match its extension.
 */
import { extensionOf, type SniffedKind } from './files.ts';

const BY_KIND: Readonly<Record<Exclude<SniffedKind, 'unknown'>, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  zip: 'application/zip',
  ole: 'application/x-ole-storage',
  rar: 'application/vnd.rar',
};

/** Formats that share a kind's bytes, by extension. */
const REFINED: Readonly<Partial<Record<SniffedKind, Readonly<Record<string, string>>>>> = {
  zip: {
    '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  ole: { '.doc': 'application/msword', '.xls': 'application/vnd.ms-excel' },
};

/** The type to serve a file whose first bytes are `kind` and whose name is `name`; unknown bytes are opaque. */
export function servedMediaType(kind: SniffedKind, name: string): string {
  if (kind === 'unknown') return 'application/octet-stream';
  return REFINED[kind]?.[extensionOf(name)] ?? BY_KIND[kind];
}
