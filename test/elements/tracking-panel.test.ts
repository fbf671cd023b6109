// <mpd-tracking-panel> in real Chromium against the real reference backend (wtr's
// `start-backend` command): a request is filed through the API (`file-request`: its captcha and
// email code solved the real way), then looked up as a citizen would, behind CENARES's ALTCHA,
// which the real widget solves by itself.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { HttpDeskBackend } from '../../src/api/client.ts';
import { BackendError, type CaptchaOptions, type Receipt, type Tracking } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { Captcha } from '../../src/elements/captcha/captcha.ts';
import { TrackingPanel, type ReceiptDownloadDetail } from '../../src/elements/tracking-panel/tracking-panel.ts';
import { defineElement } from '../../src/internal/define.ts';
import { $, $$, CLOSED_ENDPOINT, FakeBackend, agency, text } from './filing-form.fixtures.ts';
import { waitFor } from './support.ts';

type MochaContext = { timeout(ms: number): void };
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: (this: MochaContext) => Promise<void> | void) => void;
declare const before: (body: (this: MochaContext) => Promise<void> | void) => void;

defineElement(Captcha);
defineElement(TrackingPanel);

/** Where the backend's clock starts (`start-backend` without `at`: test/server/helpers.ts). */
const BUSINESS_MORNING = '2026-03-10T15:00:00Z';

const NOT_FOUND =
  'No encontramos una solicitud con ese número de solicitud y ese número de documento. Revise los dos datos e inténtelo de nuevo.';

let origin = '';
let backend: HttpDeskBackend;
let receipt: Receipt;
const config: AgencyConfig = agency('cenares');

async function mount(attributes: { number?: string; document?: string; api?: HttpDeskBackend | FakeBackend } = {}): Promise<TrackingPanel> {
  const panel = await fixture<TrackingPanel>(html`<mpd-tracking-panel
    .config=${config}
    .backend=${attributes.api ?? backend}
    request-number=${attributes.number ?? ''}
    document-number=${attributes.document ?? ''}
  ></mpd-tracking-panel>`);
  await panel.updateComplete;
  return panel;
}

async function search(panel: TrackingPanel, number: string, document: string): Promise<void> {
  for (const [id, value] of [
    ['t-requestNumber', number],
    ['t-documentNumber', document],
  ] as const) {
    const input = $<HTMLInputElement>(panel, `#${id}`)!;
    input.value = value;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  }
  await panel.updateComplete;
  $<HTMLButtonElement>(panel, '#search')!.click();
  await panel.updateComplete;
}

const resultShown = (panel: TrackingPanel) => Boolean($(panel, '#timeline'));

/** The panel opened on request 1-2026, found, and the receipts it hands to the page (not saved). */
async function foundWithDownloads(): Promise<{ panel: TrackingPanel; downloads: ReceiptDownloadDetail[] }> {
  const panel = await mount({ number: '1-2026', document: '10117410' });
  await waitFor(() => resultShown(panel), 'the result');
  const downloads: ReceiptDownloadDetail[] = [];
  panel.addEventListener('mpd-receipt-download', (event) => {
    event.preventDefault(); // no real download in the test browser
    downloads.push(event.detail);
  });
  return { panel, downloads };
}

describe('<mpd-tracking-panel> with the reference backend', () => {
  before(async function () {
    this.timeout(60000);
    const answer = await executeServerCommand<{ origin: string }, Record<string, never>>('start-backend', {});
    origin = answer.origin.replace(/\/$/, '');
    backend = new HttpDeskBackend(`${origin}/api/cenares/`);
    receipt = await executeServerCommand<Receipt, { origin: string; agencyId: string }>('file-request', { origin, agencyId: 'cenares' });
    expect(receipt.requestNumber).to.equal('1-2026');
  });

  it('asks for the number with the agency format as a hint, and the identity document', async () => {
    const panel = await mount();
    expect(text($(panel, 'label[for="t-requestNumber"]'))).to.equal('Número de solicitud');
    expect(text($(panel, '#t-requestNumber-hint'))).to.equal('Por ejemplo 12-2026.');
    expect(text($(panel, 'label[for="t-documentNumber"]'))).to.equal('Número de documento de identidad');
    expect(text($(panel, '#search'))).to.equal('Buscar');
  });

  it('pre-filled from its attributes, searches at once and shows the request and an accessible timeline', async function () {
    this.timeout(20000);
    const panel = await mount({ number: '1-2026', document: '10117410-2' });
    await waitFor(() => resultShown(panel), 'the result');
    expect($<HTMLInputElement>(panel, '#t-requestNumber')!.value).to.equal('1-2026');
    expect($<HTMLInputElement>(panel, '#t-documentNumber')!.value).to.equal('10117410-2');
    expect(text($(panel, '#result-title'))).to.equal('Información de su solicitud N° 1-2026');
    expect(text($(panel, '#status'))).to.equal('RECIBIDO');
    expect(text($(panel, '#procedure'))).to.equal(config.procedures[0]!.name);
    expect(text($(panel, '#subject'))).to.equal('Solicito copia certificada de mi expediente');
    expect(text($(panel, '#created'))).to.equal('10/03/2026 10:00:00');

    const table = $<HTMLTableElement>(panel, '#timeline')!;
    expect(text(table.caption)).to.equal('Etapas de su solicitud N° 1-2026');
    expect($$(panel, '#timeline thead th').map((th) => [th.getAttribute('scope'), text(th)])).to.deep.equal([
      ['col', 'N°'],
      ['col', 'Etapa'],
      ['col', 'Fecha'],
      ['col', 'Entidad origen'],
      ['col', 'Entidad destino'],
      ['col', 'Observaciones'],
    ]);
    const rows = $$(panel, '#timeline tbody tr');
    expect(rows).to.have.length(1);
    expect(rows[0]!.querySelector('th')!.getAttribute('scope')).to.equal('row');
    expect([...rows[0]!.children].map((cell) => text(cell))).to.deep.equal([
      '1',
      'RECIBIDO Etapa actual',
      '10/03/2026 10:00:00',
      'MESA DE PARTES',
      '-',
      'Recepción de solicitud',
    ]);
    expect(rows[0]!.getAttribute('aria-current')).to.equal('step');
    expect(panel.tracking?.requestNumber).to.equal('1-2026');
  });

  it('says "not found" the same way for an unknown number and a wrong document, keeping what was typed', async function () {
    this.timeout(20000);
    const panel = await mount();
    const errors: string[] = [];
    panel.addEventListener('mpd-tracking-error', (event) => errors.push(event.detail.code));
    await search(panel, '99-2026', '10117410');
    await waitFor(() => Boolean($(panel, '#message')), 'the message');
    const unknown = text($(panel, '#message'));
    expect(unknown).to.equal(NOT_FOUND);
    expect($(panel, '#message')!.getAttribute('role')).to.equal('alert');
    await waitFor(() => panel.shadowRoot!.activeElement === $(panel, '#message'), 'focus on the message');

    await search(panel, '1-2026', '44443333');
    await waitFor(() => errors.length === 2, 'the second answer');
    await panel.updateComplete;
    expect(text($(panel, '#message'))).to.equal(unknown);
    expect(errors).to.deep.equal(['tracking.notFound', 'tracking.notFound']);
    expect($<HTMLInputElement>(panel, '#t-requestNumber')!.value).to.equal('1-2026');
    expect($<HTMLInputElement>(panel, '#t-documentNumber')!.value).to.equal('44443333');
    expect(resultShown(panel)).to.equal(false);
  });

  it('checks the fields before asking: GOV.UK error summary and inline errors', async () => {
    const panel = await mount();
    await search(panel, 'abc', '');
    await waitFor(() => Boolean($(panel, '#error-summary')), 'the summary');
    expect($$(panel, '#error-summary a').map((a) => text(a))).to.deep.equal([
      'Ingrese el número de solicitud como aparece en su correo, por ejemplo 12-2026',
      'Ingrese el número de su documento de identidad',
    ]);
    expect(text($(panel, '#t-requestNumber-error'))).to.equal(
      'Error: Ingrese el número de solicitud como aparece en su correo, por ejemplo 12-2026',
    );
    expect($(panel, '#t-requestNumber')!.getAttribute('aria-invalid')).to.equal('true');
    expect($(panel, '#t-requestNumber')!.getAttribute('aria-describedby')).to.equal('t-requestNumber-hint t-requestNumber-error');
    await waitFor(() => panel.shadowRoot!.activeElement === $(panel, '#error-summary'), 'focus on the summary');
  });

  it('tells when the server does not answer, keeping the values', async function () {
    this.timeout(20000);
    const panel = await mount({ api: new HttpDeskBackend(`${CLOSED_ENDPOINT}api/cenares/`) });
    await search(panel, '1-2026', '10117410');
    await waitFor(() => Boolean($(panel, '#message')), 'the message');
    expect(text($(panel, '#message'))).to.equal(
      'No pudimos comunicarnos con la mesa de partes. Sus datos siguen aquí: revise su conexión a internet e inténtelo de nuevo.',
    );
    expect($<HTMLInputElement>(panel, '#t-requestNumber')!.value).to.equal('1-2026');
    expect($<HTMLInputElement>(panel, '#t-documentNumber')!.value).to.equal('10117410');
  });

  it('behind the ALTCHA captcha: solved by the real widget, each search spends one answer and gets a new one', async function () {
    this.timeout(30000);
    const sent: string[] = [];
    const counting = new (class extends HttpDeskBackend {
      override trackRequest(number: string, document: string, signal?: AbortSignal, options?: CaptchaOptions): Promise<Tracking> {
        sent.push(options?.captcha ?? '');
        return super.trackRequest(number, document, signal, options);
      }
    })(`${origin}/api/cenares/`);
    const panel = await mount({ api: counting });
    const captcha = $<Captcha>(panel, 'mpd-captcha')!;
    expect(captcha.active).to.equal(true);
    // It sits in the search form, before "Buscar".
    expect(captcha.closest('form')).to.equal($(panel, 'form'));
    expect(captcha.compareDocumentPosition($(panel, '#search')!) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
    await search(panel, '1-2026', '10117410');
    await waitFor(() => resultShown(panel), 'the result', 15000);
    await search(panel, '1-2026', '10117410-2');
    await waitFor(() => sent.length === 2 && !$(panel, '.searching'), 'the second search', 15000);
    await waitFor(() => resultShown(panel), 'the result again', 15000);
    expect(sent.every((answer) => answer.length > 40)).to.equal(true);
    expect(sent[0]).to.not.equal(sent[1]);
    expect([...document.querySelectorAll('script[src]')].map((script) => (script as HTMLScriptElement).src).filter((src) => /google|hcaptcha|cloudflare/.test(src))).to.deep.equal([]);
  });

  it('a refused captcha is said next to it, focused, keeping what was typed', async function () {
    this.timeout(30000);
    // A browser that sends an answer the server already saw (a replay).
    const replaying = new (class extends HttpDeskBackend {
      override trackRequest(number: string, document: string, signal?: AbortSignal): Promise<Tracking> {
        return super.trackRequest(number, document, signal, { captcha: 'eyJ1c2FkYSI6dHJ1ZX0=' });
      }
    })(`${origin}/api/cenares/`);
    const panel = await mount({ api: replaying });
    const errors: string[] = [];
    panel.addEventListener('mpd-tracking-error', (event) => errors.push(event.detail.code));
    await search(panel, '1-2026', '10117410');
    await waitFor(() => errors.length === 1, 'the answer', 15000);
    expect(errors).to.deep.equal(['captcha.invalid']);
    const captcha = $<Captcha>(panel, 'mpd-captcha')!;
    const message = captcha.shadowRoot!.querySelector<HTMLElement>('#message')!;
    expect(text(message)).to.equal('La verificación «No soy un robot» no es válida o ya se usó. Vuelva a marcarla. Sus datos siguen aquí.');
    await waitFor(() => captcha.shadowRoot!.activeElement === message, 'focus on the captcha message');
    expect($(panel, '#message')).to.equal(null, 'no second message under the form');
    expect($<HTMLInputElement>(panel, '#t-requestNumber')!.value).to.equal('1-2026');
    expect($<HTMLInputElement>(panel, '#t-documentNumber')!.value).to.equal('10117410');
  });

  it("past the backend's hourly limit for the connection (429 request.tooMany), says so plainly, keeping the values", async () => {
    const limited = Object.assign(new FakeBackend(config), {
      trackRequest: async () => {
        throw new BackendError(429, 'request.tooMany', 'Se hicieron muchas búsquedas de solicitudes desde su conexión.');
      },
    });
    const panel = await mount({ api: limited });
    await search(panel, '1-2026', '10117410');
    await waitFor(() => Boolean($(panel, '#message')), 'the message');
    expect(text($(panel, '#message'))).to.equal(
      'Se hicieron muchas búsquedas desde su conexión en la última hora. Sus datos siguen aquí: espere unos minutos e inténtelo de nuevo.',
    );
    expect($<HTMLInputElement>(panel, '#t-documentNumber')!.value).to.equal('10117410');
  });

  it('a backend without captchaChallenge (FakeBackend) shows no captcha', async () => {
    const fake = Object.assign(new FakeBackend(config), {
      trackRequest: async () => {
        throw new Error('not searched');
      },
    });
    const panel = await mount({ api: fake });
    const captcha = $<Captcha>(panel, 'mpd-captcha')!;
    expect(captcha.active).to.equal(false);
    expect(captcha.getBoundingClientRect().height).to.equal(0);
    expect(captcha.shadowRoot!.querySelector('altcha-widget')).to.equal(null);
  });

  it('downloads the receipt as a PDF blob', async function () {
    this.timeout(20000);
    const { panel, downloads } = await foundWithDownloads();
    const button = $<HTMLButtonElement>(panel, '#download')!;
    expect(text(button)).to.equal('Descargar constancia (PDF)');
    button.click();
    await waitFor(() => downloads.length === 1, 'the receipt');
    const { blob, filename } = downloads[0]!;
    expect(filename).to.equal('cargo-1-2026.pdf');
    expect(blob.type).to.equal('application/pdf');
    expect(new TextDecoder().decode(new Uint8Array(await blob.slice(0, 5).arrayBuffer()))).to.equal('%PDF-');
    await panel.updateComplete;
    expect(text($(panel, '#download-status'))).to.equal('Se descargó la constancia cargo-1-2026.pdf.');
  });

  it('downloads the receipt of the request shown even after the document field was edited', async function () {
    this.timeout(20000);
    const { panel, downloads } = await foundWithDownloads();
    const field = $<HTMLInputElement>(panel, '#t-documentNumber')!;
    field.value = '44443333';
    field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await panel.updateComplete;
    $<HTMLButtonElement>(panel, '#download')!.click();
    await waitFor(() => downloads.length === 1 || Boolean($(panel, '.download-status--failed')), 'the download');
    expect(downloads.map((download) => download.filename)).to.deep.equal(['cargo-1-2026.pdf']);
  });

  it('an hour after the search the download asks to search again, keeping the result; a new search downloads', async function () {
    this.timeout(30000);
    const { panel, downloads } = await foundWithDownloads();
    const expired = panel.tracking;
    try {
      // The download permission of that search ends one hour later, on the server's clock.
      await executeServerCommand('set-backend-clock', { origin, at: new Date(Date.parse(BUSINESS_MORNING) + 61 * 60 * 1000).toISOString() });
      $<HTMLButtonElement>(panel, '#download')!.click();
      await waitFor(() => Boolean($(panel, '#download-status')), 'the download message');
      expect(text($(panel, '#download-status'))).to.equal(
        'Vuelva a consultar su solicitud para descargar la constancia: el permiso para descargarla dura una hora.',
      );
      expect(downloads).to.have.length(0);
      expect(resultShown(panel)).to.equal(true, 'the result stays on screen');
      expect(text($(panel, '#result-title'))).to.equal('Información de su solicitud N° 1-2026');

      await search(panel, '1-2026', '10117410');
      await waitFor(() => panel.tracking !== undefined && panel.tracking !== expired, 'the new result', 15000);
      await panel.updateComplete;
      expect($(panel, '#download-status')).to.equal(null, 'the old message is gone');
      $<HTMLButtonElement>(panel, '#download')!.click();
      await waitFor(() => downloads.length === 1, 'the receipt');
      expect(downloads[0]!.filename).to.equal('cargo-1-2026.pdf');
    } finally {
      await executeServerCommand('set-backend-clock', { origin, at: BUSINESS_MORNING });
    }
  });
});
