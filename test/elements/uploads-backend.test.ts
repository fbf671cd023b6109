// <mpd-dropzone> uploading for real to the reference backend (tus), in real Chromium.
// Uses the wtr server command `start-backend` (test/support/backend-plugin.mjs), which starts
// the reference server on a free port and answers `{ origin }`.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { SlotRule } from '../../src/domain/files.ts';
import { Dropzone, type DropzoneFile } from '../../src/elements/dropzone/dropzone.ts';
import { defineElement } from '../../src/internal/define.ts';
import { UploadController, type UploadFailure } from '../../src/uploads/upload-controller.ts';
import { backendGrants, makeFile, waitFor } from './support.ts';

// Mocha's globals, as wtr provides them (the tsconfig has no @types/mocha).
type MochaContext = { timeout(ms: number): void };
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: (this: MochaContext) => Promise<void> | void) => void;
declare const before: (body: (this: MochaContext) => Promise<void> | void) => void;

defineElement(Dropzone);

const MB = 1024 * 1024;

const settled = (file: DropzoneFile | undefined) => !!file && file.status !== 'inspecting' && file.status !== 'uploading';
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

let origin: string | null = null;

async function mount(agency: string, slot: 'main' | 'annex', rules: SlotRule[]): Promise<Dropzone> {
  return fixture<Dropzone>(html`
    <mpd-dropzone
      .endpoint=${`${origin}/api/${agency}/uploads/`}
      .grants=${backendGrants(origin!, agency)}
      agency-id=${agency}
      .slot=${slot}
      .rules=${rules}
      label="Documento"
      .retryDelays=${[0, 200]}
    ></mpd-dropzone>
  `);
}

describe('<mpd-dropzone> with the reference backend', () => {
  before(async function () {
    this.timeout(60000);
    const answer = await executeServerCommand<{ origin: string }, Record<string, never>>('start-backend', {});
    origin = answer.origin.replace(/\/$/, '');
  });

  it('uploads a PDF: complete, with its upload id, pages and progress up to 1', async function () {
    this.timeout(30000);
    const el = await mount('cenares', 'main', [{ accept: ['.pdf'], maxBytes: 100 * MB }]);
    const progress: number[] = [];
    el.addEventListener('mpd-files-change', () => {
      const file = el.files[0];
      if (file) progress.push(file.progress);
    });
    // big enough for several progress events
    await el.addFiles([await makeFile('pdf', 'solicitud.pdf', { pages: 3, padBytes: 3 * MB })]);
    await waitFor(() => settled(el.files[0]), 'upload finished');
    const [file] = el.files;
    expect(file!.error).to.equal(undefined);
    expect(file).to.include({ status: 'complete', progress: 1, pages: 3, position: 1 });
    expect(file!.uploadId).to.be.a('string').and.not.equal('');
    expect(Math.max(...progress)).to.equal(1);
    expect(el.uploads).to.deep.equal([
      { uploadId: file!.uploadId, name: 'solicitud.pdf', size: file!.size, pages: 3, position: 1 },
    ]);
    expect(el.busy).to.equal(false);
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelector('[role="status"]'))).to.equal('solicitud.pdf se subió correctamente.');
  });

  it('uploads an annex with its position as index', async function () {
    this.timeout(30000);
    const inpeAccept = ['.pdf', '.png', '.jpeg', '.jpg', '.docx', '.doc', '.xls', '.xlsx', '.zip', '.rar'];
    const el = await mount('inpe', 'annex', [30 * MB, 5 * MB].map((maxBytes) => ({ accept: inpeAccept, maxBytes })));
    await el.addFiles([await makeFile('png', 'foto.png'), await makeFile('pdf', 'anexo.pdf', { pages: 2 })]);
    await waitFor(() => el.files.every(settled), 'uploads finished');
    expect(el.files.map((file) => file.status)).to.deep.equal(['complete', 'complete']);
    // Best fit: the larger of the two goes first, to the tightest position (annex 2, 5 MB); the
    // other takes what is left. The server took each with the limit of its position.
    expect(el.uploads.map((upload) => [upload.name, upload.position])).to.deep.equal([
      ['foto.png', 1],
      ['anexo.pdf', 2],
    ]);
  });

  it('marks an uploaded file to attach again, frees its position, and uploads the same file anew', async function () {
    this.timeout(30000);
    const el = await mount('cenares', 'main', [{ accept: ['.pdf'], maxBytes: 100 * MB }]);
    const file = await makeFile('pdf', 'solicitud.pdf', { pages: 2 });
    await el.addFiles([file]);
    await waitFor(() => settled(el.files[0]), 'upload finished');
    const first = el.files[0]!;
    expect(first.status).to.equal('complete');
    const changes: DropzoneFile[][] = [];
    el.addEventListener('mpd-files-change', () => changes.push([...el.files]));

    expect(el.markNeedsReupload(2, 'no hay'), 'no file at position 2').to.equal(false);
    const message = 'El documento principal ya no está en el servidor. Quítelo de la lista y vuelva a adjuntarlo.';
    expect(el.markNeedsReupload(1, message, 'upload.notFound')).to.equal(true);
    expect(el.files[0]).to.include({ key: first.key, status: 'rejected', position: 0 });
    expect(el.files[0]!.uploadId).to.equal(undefined);
    expect(el.files[0]!.error).to.deep.equal({ code: 'upload.notFound', message });
    expect(el.uploads).to.deep.equal([]);
    expect(changes.length, 'mpd-files-change').to.be.greaterThan(0);
    await el.updateComplete;
    const row = el.shadowRoot!.querySelector(`li[data-key="${first.key}"]`)!;
    expect(text(row.querySelector('[part="file-status"]'))).to.equal(`Debe adjuntarlo de nuevo. ${message}`);
    expect(text(el.shadowRoot!.querySelector('[role="status"]'))).to.equal(`Debe adjuntar solicitud.pdf de nuevo. ${message}`);
    expect(el.markNeedsReupload(1, message), 'already marked').to.equal(false);

    // The position is free: the same file goes up again, as a new upload.
    await el.addFiles([file]);
    await waitFor(() => settled(el.files[1]), 'second upload finished');
    expect(el.files[1]).to.include({ status: 'complete', position: 1 });
    expect(el.files[1]!.uploadId).to.be.a('string').and.not.equal(first.uploadId);
    expect(el.uploads.map((upload) => upload.uploadId)).to.deep.equal([el.files[1]!.uploadId]);
  });

  it('shows the server refusal in words (a type the agency does not take)', async function () {
    this.timeout(30000);
    // The dropzone is told PNG is fine; CENARES' server only takes PDF for the main document.
    const el = await mount('cenares', 'main', [{ accept: ['.pdf', '.png'], maxBytes: 100 * MB }]);
    await el.addFiles([await makeFile('png', 'foto.png')]);
    await waitFor(() => settled(el.files[0]), 'upload refused');
    expect(el.files[0]).to.include({ status: 'rejected', position: 0 });
    expect(el.files[0]!.error).to.deep.equal({
      code: 'upload.type',
      message: 'La entidad no acepta este tipo de archivo. Para el documento principal se aceptan solo archivos .pdf.',
    });
    expect(el.uploads).to.deep.equal([]);
  });

  it('shows the server refusal in words (too large for the position)', async function () {
    this.timeout(60000);
    // INPE's annex 2 takes up to 5 MB; the dropzone is told 30 MB.
    const el = await mount('inpe', 'annex', [30 * MB, 30 * MB].map((maxBytes) => ({ accept: ['.pdf'], maxBytes })));
    await el.addFiles([await makeFile('pdf', 'uno.pdf')]);
    await el.addFiles([await makeFile('pdf', 'dos.pdf', { padBytes: 6 * MB })]);
    await waitFor(() => el.files.every(settled), 'uploads settled');
    expect(el.files[1]).to.include({ name: 'dos.pdf', status: 'rejected' });
    // our words, then the server's, which name the limit of that position
    expect(el.files[1]!.error).to.deep.equal({
      code: 'upload.tooLarge',
      message: 'El archivo supera el tamaño máximo que acepta la entidad. El anexo 2 puede pesar hasta 5 MB.',
    });
  });

  it('a PDF that only restricts editing is accepted by the browser and the server alike', async function () {
    this.timeout(30000);
    const el = await mount('cenares', 'main', [{ accept: ['.pdf'], maxBytes: 100 * MB }]);
    await el.addFiles([await makeFile('restricted', 'formulario-oficial.pdf', { pages: 2 })]);
    await waitFor(() => settled(el.files[0]), 'upload settled');
    expect(el.files[0]).to.include({ status: 'complete', pages: 2 });
  });

  it('the server refuses on finish what the browser would have caught (a client that skipped the check)', async function () {
    this.timeout(30000);
    // The browser never uploads a fake PDF, but the server trusts nothing: drive the upload
    // controller alone, as an old or modified client would, and read the refusal it reports.
    const failures: UploadFailure[] = [];
    let completed = false;
    const controller = new UploadController({
      id: 'mpd-test-unchecked',
      endpoint: `${origin}/api/cenares/uploads/`,
      grants: backendGrants(origin!, 'cenares'),
      retryDelays: [],
      listener: {
        progress() {},
        complete() {
          completed = true;
        },
        error(_key, failure) {
          failures.push(failure);
        },
      },
    });
    await controller.start('fake', await makeFile('fake', 'no-es-pdf.pdf'), { slot: 'main', index: '0' });
    await waitFor(() => failures.length > 0 || completed, 'upload settled');
    controller.destroy();
    expect(completed).to.equal(false);
    expect(failures[0]).to.include({ code: 'upload.contentMismatch' });
  });
});
