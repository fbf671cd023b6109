// The filing form's upload grant against the reference backend (wtr's `start-backend`), in real
// Chromium: asked once before the first upload (with the captcha for the place `upload`, solved
// unseen where the agency asks one), sent with every upload, asked again when the server refuses
// it; and an upload the server deleted after its expiry is attached again by the citizen.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { HttpDeskBackend } from '../../src/api/client.ts';
import type { CaptchaOptions, UploadGrant, UploadGrantPurpose } from '../../src/api/types.ts';
import '../../src/define.ts';
import type { Dropzone } from '../../src/elements/dropzone/dropzone.ts';
import type { FilingForm } from '../../src/elements/filing-form/filing-form.ts';
import { BackendError } from '../../src/api/types.ts';
import { $, $$, agency, FakeBackend, fillValid, makeFile, submit, text, waitFor } from './filing-form.fixtures.ts';

type MochaContext = { timeout(ms: number): void };
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: (this: MochaContext) => Promise<void> | void) => void;

/** The real HTTP backend, counting the grants the form asks and the captcha answers it sends. */
class CountingBackend extends HttpDeskBackend {
  readonly grants: Array<{ purpose: UploadGrantPurpose; captcha: string }> = [];

  override async createUploadGrant(purpose: UploadGrantPurpose, options?: CaptchaOptions, signal?: AbortSignal): Promise<UploadGrant> {
    this.grants.push({ purpose, captcha: options?.captcha ?? '' });
    return super.createUploadGrant(purpose, options, signal);
  }
}

async function start(): Promise<string> {
  const { origin } = await executeServerCommand<{ origin: string }, Record<string, never>>('start-backend', {});
  return origin.replace(/\/$/, '');
}

/** "Enviar solicitud", and "Confirmar" where the agency has office hours and asks it. */
async function send(form: FilingForm): Promise<void> {
  await submit(form);
  const dialog = $<HTMLDialogElement>(form, 'dialog');
  if (!dialog) return;
  const settled = () => dialog.open || ['#error-summary', '#done-title', '#send-error'].some((id) => Boolean($(form, id)));
  await waitFor(settled, 'the confirmation dialog', 30000);
  if (dialog.open) $<HTMLButtonElement>(form, '#confirm-ok')!.click();
}

const complete = (zone: Dropzone, count: number) => zone.files.length === count && zone.files.every((file) => file.status === 'complete');

describe('the upload grant of <mpd-filing-form>', () => {
  it('INS (ALTCHA): one grant for every upload, its captcha answered unseen, and the filing answers its own', async function () {
    this.timeout(60000);
    const origin = await start();
    const backend = new CountingBackend(`${origin}/api/ins`);
    const form = await fixture<FilingForm>(html`<mpd-filing-form .config=${agency('ins')} .backend=${backend}></mpd-filing-form>`);
    await fillValid(form, { attach: false });
    const main = $<Dropzone>(form, '#f-mainFile')!;
    const annexes = $<Dropzone>(form, '#f-annexes')!;
    await main.addFiles([await makeFile('pdf', 'solicitud.pdf', { pages: 2 })]);
    await annexes.addFiles([await makeFile('pdf', 'anexo-a.pdf'), await makeFile('pdf', 'anexo-b.pdf')]);
    await waitFor(() => complete(main, 1) && complete(annexes, 2), 'the uploads', 30000);
    expect(backend.grants).to.have.length(1);
    expect(backend.grants[0]!.purpose).to.equal('filing');
    expect(backend.grants[0]!.captcha, 'an ALTCHA answer for the place upload').to.not.equal('');
    // The citizen sees one captcha, the filing's: the upload's solves out of sight.
    expect($(form, '#upload-captcha')!.hidden).to.equal(true);
    expect($$(form, 'mpd-captcha').filter((element) => !element.hidden)).to.have.length(1);
    await send(form);
    await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation', 30000);
  });

  it('INPE (no captcha): a file the server deleted after its expiry is attached again, with a new grant, and the request is filed', async function () {
    this.timeout(60000);
    const origin = await start();
    const backend = new CountingBackend(`${origin}/api/inpe`);
    const form = await fixture<FilingForm>(html`<mpd-filing-form .config=${agency('inpe')} .backend=${backend}></mpd-filing-form>`);
    await fillValid(form, { attach: false });
    const main = $<Dropzone>(form, '#f-mainFile')!;
    const file = await makeFile('pdf', 'solicitud.pdf', { pages: 3 });
    await main.addFiles([file]);
    await waitFor(() => complete(main, 1), 'the upload', 30000);
    expect(backend.grants).to.deep.equal([{ purpose: 'filing', captcha: '' }]);

    // A day later: the upload expired and the periodic sweep deleted it (and the grant expired too).
    const { now } = await executeServerCommand<{ now: string }, { origin: string; at: string }>('set-backend-clock', {
      origin,
      at: new Date(Date.parse('2026-03-10T15:00:00Z') + 25 * 3_600_000).toISOString(),
    });
    expect(now).to.equal('2026-03-11T16:00:00.000Z');
    const { deleted } = await executeServerCommand<{ deleted: number }, { origin: string }>('sweep-uploads', { origin });
    expect(deleted).to.equal(1);

    await send(form);
    await waitFor(() => Boolean($(form, '#error-summary')), 'the error summary', 30000);
    const message = 'El documento principal ya no está en el servidor. Quítelo de la lista y vuelva a adjuntarlo.';
    expect(text($(form, '#error-summary'))).to.contain(message);
    expect(main.files[0]).to.include({ status: 'rejected' });

    // Attached again: the expired grant is refused, a new one is asked, the upload goes through.
    main.remove(main.files[0]!.key);
    await main.addFiles([file]);
    await waitFor(() => complete(main, 1), 'the new upload', 30000);
    expect(backend.grants).to.have.length(2);
    await send(form);
    await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation', 30000);
  });

  it('a full disk (507 storage.full) on sending says nothing was stored, and the same request goes again later', async function () {
    this.timeout(30000);
    const backend = new FakeBackend(agency('ins'));
    backend.failNext(new BackendError(507, 'storage.full', 'La mesa de partes no pudo guardar lo que envió.'));
    const form = await fixture<FilingForm>(html`<mpd-filing-form .config=${agency('ins')} .backend=${backend}></mpd-filing-form>`);
    await fillValid(form);
    await send(form);
    await waitFor(() => Boolean($(form, '#send-error')), 'the send error');
    expect(text($(form, '#send-error'))).to.contain('no tiene espacio para guardar su solicitud');
    await send(form);
    await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
    expect(backend.calls[1]!.key, 'nothing was stored: the same key is safe').to.equal(backend.calls[0]!.key);
  });
});
