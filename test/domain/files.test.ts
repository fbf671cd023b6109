import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkFileAgainstRule,
  contentMatchesExtension,
  extensionOf,
  formatBytes,
  sniffFileKind,
  type SlotRule,
} from '../../src/domain/files.ts';

const MB = 1024 * 1024;
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
const bytes = (...parts: Array<number[] | Uint8Array>) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
const padding = (length: number, value = 0x20) => new Uint8Array(length).fill(value);

describe('extensionOf', () => {
  it('returns the lowercase last extension with its dot', () => {
    assert.equal(extensionOf('Informe.PDF'), '.pdf');
    assert.equal(extensionOf('backup.tar.gz'), '.gz');
    assert.equal(extensionOf('C:\\Users\\ana\\Solicitud.Docx'), '.docx');
    assert.equal(extensionOf('/tmp/anexo 1.jpeg '), '.jpeg');
  });

  it('returns an empty string when there is none', () => {
    assert.equal(extensionOf('README'), '');
    assert.equal(extensionOf('.pdf'), '');
    assert.equal(extensionOf('archivo.'), '');
    assert.equal(extensionOf('carpeta.v2/archivo'), '');
  });
});

describe('checkFileAgainstRule', () => {
  const mainDocument: SlotRule = { accept: ['.pdf'], maxBytes: 20 * MB };

  it('accepts a file within the rule', () => {
    assert.deepEqual(checkFileAgainstRule({ name: 'solicitud.PDF', size: 1000 }, mainDocument), []);
    assert.deepEqual(checkFileAgainstRule({ name: 'solicitud.pdf', size: 20 * MB }, mainDocument), []);
  });

  it('reports every problem at once', () => {
    assert.deepEqual(checkFileAgainstRule({ name: 'foto.png', size: 20 * MB + 1 }, mainDocument), [
      { code: 'file.type', accept: ['.pdf'] },
      { code: 'file.size', maxBytes: 20 * MB },
    ]);
    assert.deepEqual(checkFileAgainstRule({ name: 'vacio', size: 0 }, mainDocument), [
      { code: 'file.empty' },
      { code: 'file.type', accept: ['.pdf'] },
    ]);
  });

  it('treats an empty accept list as no type restriction', () => {
    assert.deepEqual(checkFileAgainstRule({ name: 'anything.xyz', size: 1 }, { accept: [], maxBytes: 10 }), []);
  });
});

describe('sniffFileKind', () => {
  it('recognizes a PDF header at the start or after leading junk within 1024 bytes', () => {
    assert.equal(sniffFileKind(bytes(ascii('%PDF-1.7\n'))), 'pdf');
    assert.equal(sniffFileKind(bytes(padding(500), ascii('%PDF-1.4'))), 'pdf');
    assert.equal(sniffFileKind(bytes(padding(1019), ascii('%PDF-'), padding(100))), 'pdf');
  });

  it('ignores a PDF header that starts too late or is incomplete', () => {
    assert.equal(sniffFileKind(bytes(padding(1020), ascii('%PDF-'), padding(100))), 'unknown');
    assert.equal(sniffFileKind(bytes(ascii('%PDF'))), 'unknown');
  });

  it('recognizes images, archives and legacy Office files', () => {
    assert.equal(sniffFileKind(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])), 'png');
    assert.equal(sniffFileKind(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'jpeg');
    assert.equal(sniffFileKind(bytes(ascii('PK'), [3, 4, 20, 0])), 'zip');
    assert.equal(sniffFileKind(bytes(ascii('PK'), [5, 6], padding(18, 0))), 'zip');
    assert.equal(sniffFileKind(bytes(ascii('Rar!'), [0x1a, 0x07, 0x00])), 'rar');
    assert.equal(sniffFileKind(bytes(ascii('Rar!'), [0x1a, 0x07, 0x01, 0x00])), 'rar');
    assert.equal(sniffFileKind(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])), 'ole');
  });

  it('says unknown for anything else, including too few bytes', () => {
    assert.equal(sniffFileKind(new Uint8Array()), 'unknown');
    assert.equal(sniffFileKind(bytes(ascii('Hola, esto es texto'))), 'unknown');
    assert.equal(sniffFileKind(bytes([0x89, 0x50, 0x4e, 0x47])), 'unknown');
    assert.equal(sniffFileKind(bytes(ascii('PK'), [1, 2])), 'unknown');
  });
});

describe('contentMatchesExtension', () => {
  it('pairs each extension with its content kind', () => {
    const pairs: Array<[string, Parameters<typeof contentMatchesExtension>[1]]> = [
      ['.pdf', 'pdf'], ['.png', 'png'], ['.jpg', 'jpeg'], ['.jpeg', 'jpeg'], ['.docx', 'zip'],
      ['.xlsx', 'zip'], ['.zip', 'zip'], ['.doc', 'ole'], ['.xls', 'ole'], ['.rar', 'rar'],
    ];
    for (const [extension, kind] of pairs) assert.equal(contentMatchesExtension(extension, kind), true, extension);
    assert.equal(contentMatchesExtension('.PDF', 'pdf'), true);
  });

  it('rejects renamed files and unknown extensions', () => {
    assert.equal(contentMatchesExtension('.pdf', 'zip'), false);
    assert.equal(contentMatchesExtension('.pdf', 'unknown'), false);
    assert.equal(contentMatchesExtension('.docx', 'ole'), false);
    assert.equal(contentMatchesExtension('.txt', 'unknown'), false);
    assert.equal(contentMatchesExtension('', 'pdf'), false);
    assert.equal(contentMatchesExtension('.toString', 'unknown'), false);
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    assert.equal(formatBytes(20 * MB), '20 MB');
    assert.equal(formatBytes(100 * MB), '100 MB');
    assert.equal(formatBytes(512 * 1024), '512 KB');
    assert.equal(formatBytes(500), '500 B');
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(2 * 1024 * MB), '2 GB');
  });

  it('moves up a unit when rounding reaches 1024', () => {
    assert.equal(formatBytes(MB - 1), '1 MB');
  });

  it('formats decimals for the locale', () => {
    assert.equal(formatBytes(1.5 * MB, 'es'), '1,5 MB');
    // CLDR gives Peru a decimal point.
    assert.equal(formatBytes(1.5 * MB, 'es-PE'), '1.5 MB');
    assert.equal(formatBytes(1.25 * MB, 'en'), '1.3 MB');
  });
});
