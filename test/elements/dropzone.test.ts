// <mpd-dropzone> in real Chromium: what the citizen sees, hears and can do with the keyboard,
// and how files are checked and placed before any byte is sent. Uploads here go to a closed
// port (nothing listens on 127.0.0.1:9): real uploads are in uploads-backend.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { SUPPORTED_EXTENSIONS, type SlotRule } from '../../src/domain/files.ts';
import {
  Dropzone,
  KIND_WORD_BY_EXTENSION,
  type DropzoneFile,
  type DropzoneFilesChangeDetail,
} from '../../src/elements/dropzone/dropzone.ts';
import { hasMessage } from '../../src/i18n/all.ts';
import { Translator, loadMessages } from '../../src/i18n/index.ts';
import { defineElement } from '../../src/internal/define.ts';
import { makeFile, waitFor } from './support.ts';

defineElement(Dropzone);

// Mocha's globals, as wtr provides them (the tsconfig has no @types/mocha).
type MochaContext = { timeout(ms: number): void; skip(): never };
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: (this: MochaContext) => Promise<void> | void) => void;

const MB = 1024 * 1024;
const CLOSED = 'http://127.0.0.1:9/';
const PDF_ONLY: SlotRule = { accept: ['.pdf'], maxBytes: 20 * MB };
const INPE_ACCEPT = ['.pdf', '.png', '.jpeg', '.jpg', '.docx', '.doc', '.xls', '.xlsx', '.zip', '.rar'];


/** Records every XMLHttpRequest opened (tus-js-client uploads with XHR in browsers). */
function recordRequests(): { urls: string[]; restore(): void } {
  const original = XMLHttpRequest.prototype.open;
  const urls: string[] = [];
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
    urls.push(String(args[1]));
    return (original as (...a: unknown[]) => void).apply(this, args);
  } as typeof original;
  return { urls, restore: () => (XMLHttpRequest.prototype.open = original) };
}

async function mount(options: { slot?: 'main' | 'annex'; rules?: SlotRule[]; label?: string; endpoint?: string } = {}): Promise<Dropzone> {
  const el = await fixture<Dropzone>(html`
    <mpd-dropzone
      .endpoint=${options.endpoint ?? CLOSED}
      agency-id="test"
      .slot=${options.slot ?? 'main'}
      .rules=${options.rules ?? [PDF_ONLY]}
      .label=${options.label ?? 'Documento principal'}
      .retryDelays=${[]}
      required
    ></mpd-dropzone>
  `);
  return el;
}

const shadow = (el: Dropzone) => el.shadowRoot!;
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rowOf = (el: Dropzone, key: string) => shadow(el).querySelector(`li[data-key="${key}"]`);
const live = (el: Dropzone) => text(shadow(el).querySelector('[role="status"]'));
const settled = (file: DropzoneFile) => file.status !== 'inspecting' && file.status !== 'uploading';

describe('<mpd-dropzone>', () => {
  describe('field and keyboard', () => {
    it('has a focusable choose button whose name says what it does and for which field', async () => {
      const el = await mount({ label: 'Documento principal' });
      const button = shadow(el).querySelector<HTMLButtonElement>('button#choose')!;
      expect(button).to.exist;
      expect(button.tabIndex).to.equal(0);
      el.focus();
      expect(shadow(el).activeElement).to.equal(button);
      // aria-labelledby="choose label": the button's own words, then the field label
      const labelledBy = button.getAttribute('aria-labelledby')!.split(' ');
      const name = labelledBy.map((id) => text(shadow(el).getElementById(id))).join(' ');
      expect(name).to.equal('Elegir archivo Documento principal');
      expect(text(shadow(el).getElementById('rules'))).to.equal('Solo se acepta en formato PDF. Tamaño máximo: 20 MB.');
      expect(button.getAttribute('aria-describedby')).to.contain('rules');
      await expect(el).shadowDom.to.be.accessible();
    });

    it('opens the file picker from the keyboard', async () => {
      const el = await mount();
      const input = shadow(el).querySelector<HTMLInputElement>('input[type="file"]')!;
      let opened = 0;
      input.addEventListener('click', (event) => {
        opened += 1;
        event.preventDefault(); // no real dialog in the test
      });
      el.focus();
      await sendKeys({ press: 'Enter' });
      expect(opened).to.equal(1);
      await sendKeys({ press: 'Space' });
      expect(opened).to.equal(2);
      expect(input.accept).to.equal('.pdf');
      expect(input.multiple).to.equal(false);
    });

    it('shows the form error in words, with aria-invalid', async () => {
      const el = await mount();
      el.error = 'Adjunte el documento principal';
      await el.updateComplete;
      const error = shadow(el).getElementById('error')!;
      expect(text(error)).to.equal('Error: Adjunte el documento principal');
      expect(error.querySelector('svg')).to.exist;
      const button = shadow(el).querySelector('button#choose')!;
      expect(button.getAttribute('aria-invalid')).to.equal('true');
      expect(button.getAttribute('aria-describedby')).to.contain('error');
    });

    it('describes INPE annex rules per position', async () => {
      const rules = [30 * MB, 5 * MB, 5 * MB, 5 * MB, 5 * MB].map((maxBytes) => ({ accept: INPE_ACCEPT, maxBytes }));
      const el = await mount({ slot: 'annex', rules, label: 'Anexos' });
      expect(text(shadow(el).getElementById('rules'))).to.equal(
        'Formatos aceptados: .pdf, .png, .jpeg, .jpg, .docx, .doc, .xls, .xlsx, .zip, .rar. Puede adjuntar hasta 5 archivos. ' +
          'Anexo 1: hasta 30 MB. Anexos 2 a 5: hasta 5 MB cada uno.',
      );
      expect(shadow(el).querySelector<HTMLInputElement>('input[type="file"]')!.multiple).to.equal(true);
      expect(text(shadow(el).querySelector('button#choose'))).to.equal('Elegir archivos');
    });

    it('speaks English with an English translator', async () => {
      const el = await mount();
      el.translator = new Translator('en');
      await el.updateComplete;
      expect(text(shadow(el).querySelector('button#choose'))).to.equal('Choose file');
      await el.addFiles([await makeFile('fake', 'x.pdf')]);
      expect(el.files[0]!.error!.message).to.equal('The file is not a PDF even though its name ends in .pdf.');
    });
  });

  describe('inspection before upload', () => {
    it('counts the pages of a 3-page PDF', async () => {
      const el = await mount();
      await el.addFiles([await makeFile('pdf', 'solicitud.pdf', { pages: 3 })]);
      const [file] = el.files;
      expect(file).to.include({ name: 'solicitud.pdf', pages: 3, position: 1 });
      expect(el.pageCount).to.equal(3);
      await el.updateComplete;
      expect(text(rowOf(el, file!.key)?.querySelector('.file-facts'))).to.match(/^\d+([.,]\d)? KB · 3 páginas$/);
    });

    it('refuses an encrypted PDF with the Spanish message and starts no upload', async () => {
      const requests = recordRequests();
      try {
        const el = await mount();
        await el.addFiles([await makeFile('encrypted', 'protegido.pdf')]);
        const [file] = el.files;
        expect(file).to.include({ status: 'rejected', position: 0 });
        expect(file!.error).to.deep.equal({
          code: 'pdf.encrypted',
          message: 'El PDF está protegido con contraseña. Quite la contraseña y vuelva a adjuntarlo.',
        });
        await el.updateComplete;
        expect(text(rowOf(el, file!.key)?.querySelector('.file-status'))).to.contain('No se aceptó. El PDF está protegido con contraseña.');
        expect(requests.urls).to.deep.equal([]);
        expect(el.uploads).to.deep.equal([]);
        expect(el.busy).to.equal(false);
      } finally {
        requests.restore();
      }
    });

    it('refuses a truncated PDF as corrupt', async () => {
      const el = await mount();
      await el.addFiles([await makeFile('truncated', 'cortado.pdf')]);
      expect(el.files[0]).to.include({ status: 'rejected' });
      expect(el.files[0]!.error!.code).to.equal('pdf.corrupt');
      expect(el.files[0]!.error!.message).to.contain('El PDF está dañado o incompleto');
    });

    it('refuses a text file named .pdf', async () => {
      const el = await mount();
      await el.addFiles([await makeFile('fake', 'falso.pdf')]);
      expect(el.files[0]!.error).to.deep.equal({
        code: 'file.contentMismatch',
        message: 'El archivo no es un PDF aunque su nombre termine en .pdf.',
      });
    });

    it('refuses PNG bytes named .docx', async () => {
      const el = await mount({ slot: 'annex', rules: [{ accept: INPE_ACCEPT, maxBytes: 5 * MB }] });
      await el.addFiles([await makeFile('png', 'informe.docx')]);
      expect(el.files[0]!.error).to.deep.equal({
        code: 'file.contentMismatch',
        message: 'El archivo no es un documento de Word aunque su nombre termine en .docx.',
      });
    });

    it('refuses a wrong extension, naming what is accepted', async () => {
      const el = await mount();
      await el.addFiles([new File(['hola'], 'carta.txt', { type: 'text/plain' })]);
      expect(el.files[0]!.error).to.deep.equal({ code: 'file.type', message: 'Solo se acepta en formato PDF.' });
      const annex = await mount({ slot: 'annex', rules: [{ accept: ['.pdf', '.png'], maxBytes: MB }] });
      await annex.addFiles([new File(['MZ'], 'programa.exe')]);
      expect(annex.files[0]!.error!.message).to.equal('Este tipo de archivo no se acepta. Formatos aceptados: .pdf, .png.');
    });

    it('refuses an empty file', async () => {
      const el = await mount();
      await el.addFiles([new File([], 'vacio.pdf', { type: 'application/pdf' })]);
      expect(el.files[0]).to.include({ status: 'rejected', position: 0 });
      expect(el.files[0]!.error!.code).to.equal('file.empty');
    });

    it('refuses a 2 MB PDF against a 1 MB rule, naming the limit', async () => {
      const el = await mount({ rules: [{ accept: ['.pdf'], maxBytes: MB }] });
      await el.addFiles([await makeFile('pdf', 'grande.pdf', { padBytes: 2 * MB })]);
      expect(el.files[0]).to.include({ status: 'rejected', position: 0 });
      expect(el.files[0]!.error!.code).to.equal('file.size');
      expect(el.files[0]!.error!.message).to.match(/^El archivo pesa 2 MB y supera el máximo de 1 MB\.$/);
    });

    it('refuses a file beyond the maximum count', async () => {
      const el = await mount();
      await el.addFiles([await makeFile('pdf', 'uno.pdf'), await makeFile('pdf', 'dos.pdf', { pages: 2 })]);
      expect(el.files.map((file) => [file.name, file.position])).to.deep.equal([
        ['uno.pdf', 1],
        ['dos.pdf', 0],
      ]);
      expect(el.files[1]!.error!.message).to.equal('Solo puede adjuntar 1 archivo. Quite el que ya adjuntó si quiere cambiarlo.');

      const annex = await mount({ slot: 'annex', rules: [PDF_ONLY, PDF_ONLY] });
      await annex.addFiles([await makeFile('pdf', 'a.pdf'), await makeFile('pdf', 'b.pdf', { pages: 2 }), await makeFile('pdf', 'c.pdf', { pages: 3 })]);
      expect(annex.files[2]).to.include({ status: 'rejected', position: 0 });
      expect(annex.files[2]!.error).to.deep.equal({ code: 'file.tooMany', message: 'Solo puede adjuntar 2 archivos.' });
    });

    it('refuses the same file twice', async () => {
      const el = await mount({ slot: 'annex', rules: [PDF_ONLY, PDF_ONLY] });
      const file = await makeFile('pdf', 'a.pdf');
      await el.addFiles([file]);
      await el.addFiles([file]);
      expect(el.files.map((row) => row.position)).to.deep.equal([1, 0]);
      expect(el.files[1]!.error!.code).to.equal('file.duplicate');
    });
  });

  describe('positions (INPE-style rules, scaled down: annex 1 up to 3 MB, the rest 1 MB)', () => {
    const rules: SlotRule[] = [3 * MB, MB, MB].map((maxBytes) => ({ accept: INPE_ACCEPT, maxBytes }));

    it('puts a big annex in the first position even when it comes second', async () => {
      const el = await mount({ slot: 'annex', rules, label: 'Anexos' });
      const small = await makeFile('png', 'foto.png');
      const big = await makeFile('pdf', 'planos.pdf', { padBytes: 2 * MB });
      await el.addFiles([small, big]);
      expect(el.files.map((file) => [file.name, file.position])).to.deep.equal([
        ['foto.png', 2],
        ['planos.pdf', 1],
      ]);
      await el.updateComplete;
      expect(text(rowOf(el, el.files[1]!.key)?.querySelector('.file-facts'))).to.match(/^Anexo 1 · 2 MB · 1 página$/);
      expect(el.files[0]!.pages).to.equal(null);
    });

    it('best fit: a small annex added first leaves annex 1 for a big one added later', async () => {
      const el = await mount({ slot: 'annex', rules, label: 'Anexos' });
      await el.addFiles([await makeFile('pdf', 'oficio.pdf', { padBytes: MB / 2 })]);
      expect(el.files[0]).to.include({ name: 'oficio.pdf', position: 2 });
      await el.addFiles([await makeFile('pdf', 'planos.pdf', { padBytes: 2 * MB })]);
      expect(el.files.map((file) => [file.name, file.position, file.status === 'rejected'])).to.deep.equal([
        ['oficio.pdf', 2, false],
        ['planos.pdf', 1, false],
      ]);
    });

    it('refuses a second big annex with the limit of the free positions, and reuses a freed position', async () => {
      const el = await mount({ slot: 'annex', rules, label: 'Anexos' });
      const big = await makeFile('pdf', 'planos.pdf', { padBytes: 2 * MB });
      const big2 = await makeFile('pdf', 'planos-2.pdf', { padBytes: 2 * MB + 10 });
      await el.addFiles([big]);
      await el.addFiles([big2]);
      expect(el.files[0]).to.include({ name: 'planos.pdf', position: 1 });
      expect(el.files[1]).to.include({ status: 'rejected', position: 0 });
      expect(el.files[1]!.error!.message).to.match(/supera el máximo de 1 MB\.$/);

      el.remove(el.files[0]!.key);
      await el.addFiles([big2]);
      const placed = el.files.find((file) => file.name === 'planos-2.pdf' && file.status !== 'rejected');
      expect(placed?.position).to.equal(1);
    });
  });

  describe('content that does not match the extension', () => {
    it('has words for what every supported extension promises, and for no other', async () => {
      expect(Object.keys(KIND_WORD_BY_EXTENSION).sort()).to.deep.equal([...SUPPORTED_EXTENSIONS].sort());
      await Promise.all([loadMessages('en', ['files']), loadMessages('es-PE', ['files'])]);
      const english = new Translator('en');
      for (const [extension, key] of Object.entries(KIND_WORD_BY_EXTENSION)) {
        expect(hasMessage(key), `${extension}: ${key}`).to.equal(true);
        expect(english.t(key), `${extension} in English`).not.to.equal(new Translator('es-PE').t(key));
      }
    });
  });

  describe('list, events and announcements', () => {
    it('fires mpd-files-change with the files on every change and announces results', async () => {
      const el = await mount();
      const details: DropzoneFilesChangeDetail[] = [];
      el.addEventListener('mpd-files-change', (event) => details.push((event as CustomEvent<DropzoneFilesChangeDetail>).detail));
      const before = live(el);
      expect(before).to.equal('');
      await el.addFiles([await makeFile('fake', 'falso.pdf')]);
      await el.updateComplete;
      expect(details.length).to.be.greaterThan(0);
      const last = details.at(-1)!;
      expect(last.files).to.equal(el.files);
      expect(last.files[0]).to.include({ name: 'falso.pdf', status: 'rejected' });
      expect(details[0]!.files[0]).to.include({ name: 'falso.pdf', status: 'inspecting' });
      expect(live(el)).to.equal('falso.pdf no se aceptó. El archivo no es un PDF aunque su nombre termine en .pdf.');
    });

    it('bubbles mpd-files-change out of a shadow root', async () => {
      const host = document.createElement('div');
      document.body.append(host);
      const root = host.attachShadow({ mode: 'open' });
      const el = document.createElement('mpd-dropzone') as Dropzone;
      el.rules = [PDF_ONLY];
      el.endpoint = CLOSED;
      el.retryDelays = [];
      root.append(el);
      let heard = 0;
      host.addEventListener('mpd-files-change', () => (heard += 1));
      try {
        await el.addFiles([new File(['x'], 'a.txt')]);
        expect(heard).to.be.greaterThan(0);
      } finally {
        host.remove();
      }
    });

    it('removes a file with its "Quitar" button, named after the file, and keeps focus in the field', async () => {
      const el = await mount({ slot: 'annex', rules: [PDF_ONLY, PDF_ONLY] });
      await el.addFiles([await makeFile('pdf', 'anexo.pdf', { pages: 2 }), await makeFile('pdf', 'otro.pdf')]);
      await el.updateComplete;
      const key = el.files[0]!.key;
      const button = rowOf(el, key)!.querySelector<HTMLButtonElement>('button.remove')!;
      expect(text(button)).to.equal('Quitar anexo.pdf');
      let changes = 0;
      el.addEventListener('mpd-files-change', () => (changes += 1));
      button.click();
      await el.updateComplete;
      expect(el.files.map((file) => file.name)).to.deep.equal(['otro.pdf']);
      expect(rowOf(el, key)).to.equal(null);
      expect(changes).to.equal(1);
      expect(live(el)).to.equal('Se quitó anexo.pdf.');
      expect(shadow(el).activeElement).to.equal(shadow(el).querySelector('button#choose'));
      expect(el.pageCount).to.equal(1);
    });

    it('dismisses a refused row', async () => {
      const el = await mount();
      await el.addFiles([await makeFile('fake', 'falso.pdf')]);
      el.remove(el.files[0]!.key);
      expect(el.files).to.deep.equal([]);
    });

    it('ignores files while disabled', async () => {
      const el = await mount();
      el.disabled = true;
      await el.updateComplete;
      await el.addFiles([await makeFile('pdf', 'a.pdf')]);
      expect(el.files).to.deep.equal([]);
      expect(shadow(el).querySelector<HTMLButtonElement>('button#choose')!.disabled).to.equal(true);
    });

    it('takes dropped files', async () => {
      const el = await mount();
      const zone = shadow(el).querySelector('[part="zone"]')!;
      const transfer = new DataTransfer();
      transfer.items.add(await makeFile('fake', 'soltado.pdf'));
      zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      await el.updateComplete;
      expect(zone.classList.contains('zone--active')).to.equal(true);
      const drop = new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true });
      zone.dispatchEvent(drop);
      expect(drop.defaultPrevented).to.equal(true);
      await waitFor(() => el.files.length === 1 && settled(el.files[0]!), 'dropped file checked');
      expect(el.files[0]).to.include({ name: 'soltado.pdf', status: 'rejected' });
    });
  });

  describe('when the server cannot be reached', () => {
    it('keeps the file listed as failed, with its position and a retry button', async function () {
      this.timeout(20000);
      const el = await mount({ endpoint: CLOSED });
      await el.addFiles([await makeFile('pdf', 'solicitud.pdf', { pages: 2 })]);
      await waitFor(() => el.files[0]?.status === 'failed', 'upload failed');
      const [file] = el.files;
      expect(file).to.include({ position: 1, pages: 2 });
      expect(file!.error!.code).to.equal('upload.network');
      expect(el.uploads).to.deep.equal([]);
      expect(el.busy).to.equal(false);
      await el.updateComplete;
      const retry = rowOf(el, file!.key)!.querySelector<HTMLButtonElement>('button.retry')!;
      expect(text(retry)).to.equal('Reintentar la subida de solicitud.pdf');
      expect(live(el)).to.contain('No se pudo subir solicitud.pdf.');

      const statuses: string[] = [];
      el.addEventListener('mpd-files-change', () => statuses.push(el.files[0]!.status));
      retry.click();
      expect(el.files[0]!.status).to.equal('uploading');
      await waitFor(() => el.files[0]?.status === 'failed', 'retry failed too');
      expect(statuses[0]).to.equal('uploading');
      expect(el.files).to.have.length(1);
    });
  });
});

describe('<mpd-dropzone> for a correction (purpose and fixed index)', () => {
  /** Records the tus `Upload-Metadata` of every upload created, decoded. */
  function recordMetadata(): { sent: Array<Record<string, string>>; restore(): void } {
    const original = XMLHttpRequest.prototype.setRequestHeader;
    const sent: Array<Record<string, string>> = [];
    XMLHttpRequest.prototype.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
      if (name.toLowerCase() === 'upload-metadata') {
        sent.push(
          Object.fromEntries(
            value.split(',').map((pair) => {
              const [key, encoded = ''] = pair.trim().split(' ');
              return [key!, atob(encoded)];
            }),
          ),
        );
      }
      return original.call(this, name, value);
    };
    return { sent, restore: () => (XMLHttpRequest.prototype.setRequestHeader = original) };
  }

  it('uploads the replacement of "Anexo 2" as annex 2 with purpose=correction, in an Uppy instance of its own', async () => {
    const recorder = recordMetadata();
    try {
      const filing = await mount({ slot: 'annex', rules: [PDF_ONLY, PDF_ONLY] });
      const correction = await fixture<Dropzone>(html`
        <mpd-dropzone
          .endpoint=${CLOSED}
          agency-id="test"
          .slot=${'annex'}
          .fixedIndex=${2}
          .purpose=${'correction'}
          .rules=${[PDF_ONLY]}
          label="Documento que reemplaza al anexo 2"
          .retryDelays=${[]}
        ></mpd-dropzone>
      `);
      await correction.addFiles([await makeFile('pdf', 'anexo-2-firmado.pdf')]);
      await waitFor(() => correction.files[0]?.status === 'failed', 'the upload to fail on the closed port');
      await filing.addFiles([await makeFile('pdf', 'anexo.pdf')]);
      await waitFor(() => filing.files[0]?.status === 'failed', 'the filing upload to fail on the closed port');
      const byName = (name: string) => recorder.sent.find((meta) => meta.filename === name);
      expect(byName('anexo-2-firmado.pdf')).to.deep.equal({
        filename: 'anexo-2-firmado.pdf',
        filetype: 'application/pdf',
        slot: 'annex',
        index: '2',
        purpose: 'correction',
      });
      // Filing uploads go with their position, as always.
      expect(byName('anexo.pdf')).to.deep.equal({
        filename: 'anexo.pdf',
        filetype: 'application/pdf',
        slot: 'annex',
        index: '1',
        purpose: 'filing',
      });
      // The row names the document it replaces, not the dropzone's only position.
      await correction.updateComplete;
      expect(text(shadow(correction).querySelector('.file-facts'))).to.match(/^Anexo 2 · /);
    } finally {
      recorder.restore();
    }
  });
});
