// <mpd-correction-panel> in real Chromium: first with an in-test backend (every state, the
// checks before sending, failures and retries), then against the real reference backend (wtr's
// `start-backend`): a request is filed through the API, observed through the staff API, and
// corrected through the panel's own dropzone, as a citizen would, passing CENARES's ALTCHA (the
// real widget solves it by itself) for the look-up and again for the send.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { HttpDeskBackend } from '../../src/api/client.ts';
import {
  BackendError,
  type CorrectionCase,
  type CorrectionReceipt,
  type CorrectionSubmission,
  type Receipt,
} from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { Captcha } from '../../src/elements/captcha/captcha.ts';
import { CorrectionPanel } from '../../src/elements/correction-panel/correction-panel.ts';
import { Dropzone } from '../../src/elements/dropzone/dropzone.ts';
import { defineElement } from '../../src/internal/define.ts';
import { $, $$, FakeBackend, agency, stubUploads, text, typeInto, unreachable } from './filing-form.fixtures.ts';
import { makeFile, waitFor } from './support.ts';
import { correctionReceipt, MAIN, observedCase } from './correction.fixtures.ts';

type MochaContext = { timeout(ms: number): void };
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: (this: MochaContext) => Promise<void> | void) => void;
declare const before: (body: (this: MochaContext) => Promise<void> | void) => void;

defineElement(Captcha);
defineElement(Dropzone);
defineElement(CorrectionPanel);

const NOT_FOUND =
  'No encontramos una solicitud con ese número de solicitud y ese número de documento. Revise los dos datos e inténtelo de nuevo.';

/** The server's clock in the fake answers: Monday 23 November 2026, 08:59 in Lima. */


interface CorrectionCall {
  submission: CorrectionSubmission;
  key: string;
}

/** An in-test backend that also looks corrections up and takes them; records every call. */
class CorrectionBackend extends FakeBackend {
  readonly cases = new Map<string, CorrectionCase>();
  readonly lookups: string[][] = [];
  readonly corrections: CorrectionCall[] = [];
  readonly lookupFailures: unknown[] = [];
  readonly submitFailures: unknown[] = [];
  private correctionGate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;

  constructor(config: AgencyConfig, found: CorrectionCase = observedCase(), document = '11111111') {
    super(config);
    this.cases.set(`${found.requestNumber}|${document}`, found);
  }

  holdCorrections(): () => void {
    this.correctionGate = new Promise((resolve) => (this.openGate = resolve));
    return () => {
      this.correctionGate = undefined;
      this.openGate?.();
    };
  }

  async lookupCorrection(requestNumber: string, documentNumber: string): Promise<CorrectionCase> {
    this.lookups.push([requestNumber, documentNumber]);
    if (this.lookupFailures.length) throw this.lookupFailures.shift();
    const found = this.cases.get(`${requestNumber}|${documentNumber}`);
    if (!found) throw new BackendError(404, 'tracking.notFound', 'No encontramos la solicitud.');
    return structuredClone(found);
  }

  async submitCorrection(submission: CorrectionSubmission, key: string): Promise<CorrectionReceipt> {
    this.corrections.push({ submission: structuredClone(submission), key });
    if (this.correctionGate) await this.correctionGate;
    if (this.submitFailures.length) throw this.submitFailures.shift();
    return correctionReceipt(submission);
  }
}

async function mount(
  backend: CorrectionBackend | HttpDeskBackend,
  options: { number?: string; document?: string; config?: AgencyConfig; trackable?: boolean } = {},
): Promise<CorrectionPanel> {
  const panel = await fixture<CorrectionPanel>(html`<mpd-correction-panel
    .config=${options.config ?? agency('cenares')}
    .backend=${backend}
    .trackable=${options.trackable ?? false}
    request-number=${options.number ?? ''}
    document-number=${options.document ?? ''}
  ></mpd-correction-panel>`);
  await panel.updateComplete;
  return panel;
}

async function search(panel: CorrectionPanel, number: string, document: string): Promise<void> {
  await typeInto(panel, 'c-requestNumber', number);
  await typeInto(panel, 'c-documentNumber', document);
  $<HTMLButtonElement>(panel, '#search')!.click();
  await panel.updateComplete;
}

const shown = (panel: CorrectionPanel, selector: string) => Boolean($(panel, selector));
const focused = (panel: CorrectionPanel) => panel.shadowRoot!.activeElement;
const zoneOf = (panel: CorrectionPanel, key: string) => $<Dropzone>(panel, `#c-replacement-${key}`)!;

async function openCase(backend = new CorrectionBackend(agency('cenares'))): Promise<{ panel: CorrectionPanel; backend: CorrectionBackend }> {
  const panel = await mount(backend, { number: '16-2026', document: '11111111' });
  await waitFor(() => shown(panel, '#send'), 'the observed documents');
  return { panel, backend };
}

/** Both replacements uploaded (the dropzones' state, as the filing tests give it). */
async function attachBoth(panel: CorrectionPanel): Promise<void> {
  await stubUploads(panel, 'c-replacement-main-0', [{ uploadId: 'up-main', name: 'solicitud-corregida.pdf', size: 120_000, pages: 2, position: 1 }]);
  await stubUploads(panel, 'c-replacement-annex-2', [{ uploadId: 'up-annex-2', name: 'anexo-2-firmado.pdf', size: 40_000, pages: 1, position: 1 }]);
}

async function send(panel: CorrectionPanel): Promise<void> {
  $<HTMLButtonElement>(panel, '#send')!.click();
  await panel.updateComplete;
}

describe('<mpd-correction-panel>', () => {
  it('asks for the request number (agency format as hint) and the document number', async () => {
    const panel = await mount(new CorrectionBackend(agency('cenares')));
    expect(text($(panel, 'h2'))).to.equal('Subsanar observaciones');
    expect(text($(panel, 'label[for="c-requestNumber"]'))).to.equal('Número de solicitud');
    expect(text($(panel, '#c-requestNumber-hint'))).to.equal('Por ejemplo 12-2026.');
    expect(text($(panel, 'label[for="c-documentNumber"]'))).to.equal('Número de documento');
    expect(text($(panel, '#search'))).to.equal('Buscar');
    expect(shown(panel, '#send')).to.equal(false);
  });

  it('pre-filled from its attributes, searches at once and shows the observed request, each document and the deadline in words', async () => {
    const backend = new CorrectionBackend(agency('cenares'));
    const found: CorrectionCase[] = [];
    document.addEventListener('mpd-correction-found', (event) => found.push((event as CustomEvent<{ correctionCase: CorrectionCase }>).detail.correctionCase), {
      once: true,
    });
    const { panel } = await openCase(backend);
    expect(backend.lookups).to.deep.equal([['16-2026', '11111111']]);
    expect(found.map((item) => item.requestNumber)).to.deep.equal(['16-2026']);
    expect($<HTMLInputElement>(panel, '#c-requestNumber')!.value).to.equal('16-2026');
    expect(text($(panel, '#result-title'))).to.equal('Información de la solicitud observada');
    await waitFor(() => focused(panel) === $(panel, '#result-title'), 'focus on the result');
    expect($$(panel, '.facts dt').map((dt) => text(dt))).to.deep.equal([
      'Número de solicitud',
      'Trámite solicitado',
      'Nombre del solicitante',
      'Documento de identidad',
      'Representa a',
      'RUC',
      'Observaciones',
    ]);
    expect(text($(panel, '#case-applicant'))).to.equal('JUAN PEREZ PEREZ');
    expect(text($(panel, '#case-identity'))).to.equal('DNI 11111111');
    expect(text($(panel, '#case-organization'))).to.equal('EMPRESA DEMO S.A.C.');
    expect(text($(panel, '#case-ruc'))).to.equal('20538298485');
    expect(text($(panel, '#case-observation'))).to.equal('Se genera observación en la solicitud.');
    expect(text($(panel, '#documents-title'))).to.equal('Documentos observados por subsanar');
    // Counted from the server's `now`, not from this machine's clock.
    expect(text($(panel, '#deadline'))).to.equal(
      'Plazo: hasta el martes 24 de noviembre de 2026 a las 23:59 (hora de Lima). Le quedan 1 día y 15 horas.',
    );

    const documents = $$(panel, '[part="observed-document"]');
    expect(documents.map((element) => element.dataset.document)).to.deep.equal(['main-0', 'annex-2']);
    expect(text(documents[0]!.querySelector('h4'))).to.equal('Documento principal');
    expect(text(documents[0]!.querySelector('.observed__file'))).to.equal('Documento observado: test.pdf');
    const note = documents[0]!.querySelector('[part="observation-note"]')!;
    expect(text(note)).to.equal('⚠ Observación: Está faltando incluir los datos del pedido.');
    expect(note.querySelector('[aria-hidden="true"]')!.textContent).to.equal('⚠');
    expect(text(documents[1]!.querySelector('h4'))).to.equal('Anexo 2');
    expect(text($(panel, 'label[for="c-number-main-0"]'))).to.equal('Número del documento que adjunta (opcional)');
    expect(text($(panel, '#c-number-main-0-hint'))).to.contain('005-2026-ABC');

    const main = zoneOf(panel, 'main-0');
    const annex = zoneOf(panel, 'annex-2');
    expect(main.purpose).to.equal('correction');
    expect([main.slot, main.fixedIndex, annex.slot, annex.fixedIndex]).to.deep.equal(['main', 0, 'annex', 2]);
    expect(main.rules).to.deep.equal([{ accept: ['.pdf'], maxBytes: 20 * 1024 * 1024 }]);
    await main.updateComplete;
    expect(text(main.shadowRoot!.querySelector('#label'))).to.equal('Documento que reemplaza al documento principal');
    expect(text(main.shadowRoot!.querySelector('#rules'))).to.equal('Solo se acepta en formato PDF. Tamaño máximo: 20 MB.');
    await annex.updateComplete;
    expect(text(annex.shadowRoot!.querySelector('#label'))).to.equal('Documento que reemplaza al anexo 2');
    expect(text($(panel, '#send'))).to.equal('Enviar subsanación');
  });

  it('says the time left in plain words, and re-says it from the server clock', async () => {
    const cases: Array<[string, string]> = [
      ['2026-11-24T04:59:00.000Z', 'Le queda 1 día.'],
      ['2026-11-24T03:00:00.000Z', 'Le quedan 1 día y 1 hora.'],
      ['2026-11-25T00:58:00.000Z', 'Le quedan 4 horas y 1 minuto.'],
      ['2026-11-25T03:59:59.000Z', 'Le queda 1 hora.'],
      ['2026-11-25T04:47:30.000Z', 'Le queda menos de una hora: 12 minutos.'],
      ['2026-11-25T04:59:30.000Z', 'Le queda menos de un minuto.'],
    ];
    for (const [now, words] of cases) {
      const { panel } = await openCase(new CorrectionBackend(agency('cenares'), observedCase({ now })));
      expect(text($(panel, '#time-left')), now).to.equal(words);
    }
  });

  it('says "not found" the same way for an unknown number and a wrong document, keeping what was typed', async function () {
    const backend = new CorrectionBackend(agency('cenares'));
    const panel = await mount(backend);
    const errors: string[] = [];
    panel.addEventListener('mpd-correction-error', (event) => errors.push(event.detail.code));
    await search(panel, '99-2026', '11111111');
    await waitFor(() => shown(panel, '#message'), 'the message');
    expect(text($(panel, '#message'))).to.equal(NOT_FOUND);
    await waitFor(() => focused(panel) === $(panel, '#message'), 'focus on the message');
    await search(panel, '16-2026', '22222222');
    await waitFor(() => errors.length === 2, 'the second answer');
    await panel.updateComplete;
    expect(text($(panel, '#message'))).to.equal(NOT_FOUND);
    expect(errors).to.deep.equal(['tracking.notFound', 'tracking.notFound']);
    expect($<HTMLInputElement>(panel, '#c-documentNumber')!.value).to.equal('22222222');
    expect(shown(panel, '#result-title')).to.equal(false);
  });

  it('checks the look-up fields first, and when the server does not answer keeps them and searches again', async () => {
    const backend = new CorrectionBackend(agency('cenares'));
    const panel = await mount(backend);
    await search(panel, 'abc', '');
    await waitFor(() => shown(panel, '#lookup-summary'), 'the summary');
    expect($$(panel, '#lookup-summary a').map((a) => text(a))).to.deep.equal([
      'Ingrese el número de solicitud como aparece en su correo, por ejemplo 12-2026',
      'Ingrese el número de su documento de identidad',
    ]);
    expect(backend.lookups).to.deep.equal([]);

    backend.lookupFailures.push(unreachable());
    await search(panel, '16-2026', '11111111');
    await waitFor(() => shown(panel, '#message'), 'the message');
    expect(text($(panel, '#message'))).to.equal(
      'No pudimos comunicarnos con la mesa de partes. Sus datos siguen aquí: revise su conexión a internet e inténtelo de nuevo.',
    );
    expect($<HTMLInputElement>(panel, '#c-requestNumber')!.value).to.equal('16-2026');
    $<HTMLButtonElement>(panel, '#search')!.click();
    await waitFor(() => shown(panel, '#send'), 'the observed documents');
    expect(shown(panel, '#message')).to.equal(false);
  });

  it('a search that fails, or finds the same open request again, keeps the case and the files attached', async () => {
    const { panel, backend } = await openCase();
    await attachBoth(panel);
    await typeInto(panel, 'c-number-main-0', '005-2026-ABC');
    backend.lookupFailures.push(unreachable());
    $<HTMLButtonElement>(panel, '#search')!.click();
    await waitFor(() => shown(panel, '#message'), 'the failure message');
    expect(shown(panel, '#send'), 'the case stays').to.equal(true);
    expect(zoneOf(panel, 'main-0').uploads.map((upload) => upload.uploadId)).to.deep.equal(['up-main']);

    $<HTMLButtonElement>(panel, '#search')!.click();
    await waitFor(() => backend.lookups.length === 3 && !shown(panel, '#message'), 'the second answer');
    await panel.updateComplete;
    expect(zoneOf(panel, 'annex-2').uploads.map((upload) => upload.uploadId)).to.deep.equal(['up-annex-2']);
    expect($<HTMLInputElement>(panel, '#c-number-main-0')!.value).to.equal('005-2026-ABC');
  });

  it('the deadline passing while the page is open: the form goes, and the panel says why and takes focus there', async () => {
    // 1.5 s before the end by the server clock; the minute tick is stood in for by requestUpdate.
    const endsAt = observedCase().observation!.deadline.endsAt;
    const now = new Date(Date.parse(endsAt) - 1500).toISOString();
    const { panel } = await openCase(new CorrectionBackend(agency('cenares'), observedCase({ now })));
    await new Promise((resolve) => setTimeout(resolve, 1600));
    panel.requestUpdate();
    await waitFor(() => shown(panel, '#expired'), 'the expired message');
    expect(shown(panel, '#send')).to.equal(false);
    await waitFor(() => focused(panel) === $(panel, '#expired'), 'focus on the message');
    await waitFor(() => text($(panel, '[part="live-region"]')).includes('acaba de vencer'), 'the announcement');
  });

  it('a replacement the server finds too large: the message names the limit and asks for another file', async () => {
    const { panel, backend } = await openCase();
    await attachBoth(panel);
    backend.submitFailures.push(
      new BackendError(422, 'correction.invalid', 'Un archivo no cumple el tamaño.', [
        { field: 'replacement:main-0', code: 'file.size', params: { slot: 'main', index: 0 } },
      ]),
    );
    await send(panel);
    await waitFor(() => shown(panel, '#error-summary'), 'the summary');
    expect($$(panel, '#error-summary a').map((a) => text(a))).to.deep.equal([
      'El documento que reemplaza al documento principal pesa más de 20 MB, lo máximo que se acepta para subsanar: adjunte uno más liviano',
    ]);
  });

  it('each observed document is a group described by the desk\'s note', async () => {
    const { panel } = await openCase();
    const group = $(panel, '[data-document="main-0"]')!;
    expect(group.getAttribute('role')).to.equal('group');
    expect(text(panel.shadowRoot!.getElementById(group.getAttribute('aria-describedby')!))).to.contain('Está faltando incluir los datos del pedido.');
    expect(text(panel.shadowRoot!.getElementById(group.getAttribute('aria-labelledby')!))).to.equal('Documento principal');
  });

  it('expired: says so in words, with nothing to send', async () => {
    const backend = new CorrectionBackend(agency('cenares'), observedCase({ state: 'expired', status: 'NO_PRESENTADO', statusLabel: 'NO PRESENTADO' }));
    const panel = await mount(backend, { number: '16-2026', document: '11111111' });
    await waitFor(() => shown(panel, '#expired'), 'the expired message');
    expect(text($(panel, '#expired'))).to.equal(
      'El plazo para subsanar venció el martes 24 de noviembre de 2026 a las 23:59. Su solicitud se tiene por no presentada (artículo 136 del TUO de la Ley N° 27444). Puede presentar una nueva solicitud.',
    );
    expect(text($(panel, '#result-title'))).to.equal('Información de la solicitud N° 16-2026');
    expect(shown(panel, 'mpd-dropzone')).to.equal(false);
    expect(shown(panel, '#send')).to.equal(false);
  });

  it('an open request whose deadline passed by the server clock shows as expired too', async () => {
    const backend = new CorrectionBackend(agency('cenares'), observedCase({ now: '2026-11-25T05:00:00.000Z' }));
    const panel = await mount(backend, { number: '16-2026', document: '11111111' });
    await waitFor(() => shown(panel, '#expired'), 'the expired message');
    expect(shown(panel, '#send')).to.equal(false);
  });

  it('corrected: says when the correction arrived and lists what replaced each document', async () => {
    const corrected = observedCase({
      state: 'corrected',
      status: 'SUBSANADO',
      statusLabel: 'SUBSANADO',
      correctedAt: '2026-11-23T14:10:04.000Z',
      observation: {
        ...observedCase().observation!,
        documents: [
          { ...MAIN, replacement: { slot: 'main', index: 0, label: 'Documento principal', version: 2, name: 'nuevo.pdf', size: 2048, pages: 3, sha256: 'd'.repeat(64), documentNumber: '005-2026-ABC' } },
        ],
      },
    });
    const panel = await mount(new CorrectionBackend(agency('cenares'), corrected), { number: '16-2026', document: '11111111' });
    await waitFor(() => shown(panel, '#corrected'), 'the corrected message');
    expect(text($(panel, '#corrected'))).to.equal('Ya recibimos la subsanación de esta solicitud el 23/11/2026 09:10:04.');
    expect(text($(panel, '#corrected-files'))).to.equal('Documento principal: nuevo.pdf (3 páginas, 2 KB) · N° de documento: 005-2026-ABC');
    expect(shown(panel, '#send')).to.equal(false);
  });

  it('not observed: says its status and offers tracking through a cancelable event', async () => {
    const received = observedCase({ state: 'not-observed', status: 'RECIBIDO', statusLabel: 'RECIBIDO', observation: undefined });
    const panel = await mount(new CorrectionBackend(agency('cenares'), received), { number: '16-2026', document: '11111111', trackable: true });
    await waitFor(() => shown(panel, '#not-observed'), 'the message');
    expect(text($(panel, '#not-observed'))).to.equal(
      'La solicitud N° 16-2026 no tiene documentos observados por subsanar. Su estado es: RECIBIDO.',
    );
    expect(shown(panel, '#case-observation')).to.equal(false);
    const events: CustomEvent[] = [];
    panel.addEventListener('mpd-track-request', (event) => events.push(event));
    expect(text($(panel, '#track'))).to.equal('Ver el seguimiento de la solicitud');
    $<HTMLButtonElement>(panel, '#track')!.click();
    expect(events.map((event) => [event.detail, event.cancelable])).to.deep.equal([
      [{ requestNumber: '16-2026', documentNumber: '11111111' }, true],
    ]);
  });

  it('lists every document without a replacement in an error summary that takes focus and links to each dropzone', async () => {
    const { panel, backend } = await openCase();
    await stubUploads(panel, 'c-replacement-annex-2', [{ uploadId: 'up-annex-2', name: 'anexo.pdf', size: 40_000, pages: 1, position: 1 }]);
    await typeInto(panel, 'c-number-annex-2', 'OFICIO #5');
    await send(panel);
    await waitFor(() => shown(panel, '#error-summary'), 'the summary');
    await waitFor(() => focused(panel) === $(panel, '#error-summary'), 'focus on the summary');
    expect(backend.corrections).to.deep.equal([]);
    expect($$(panel, '#error-summary a').map((a) => [text(a), a.getAttribute('href')])).to.deep.equal([
      ['Adjunte el documento que reemplaza al documento principal', '#c-replacement-main-0'],
      ['Escriba el número de documento solo con letras, números, espacios y los signos ° . / _ -', '#c-number-annex-2'],
    ]);
    expect(zoneOf(panel, 'main-0').error).to.equal('Adjunte el documento que reemplaza al documento principal');
    expect($(panel, '#c-number-annex-2')!.getAttribute('aria-invalid')).to.equal('true');

    $<HTMLAnchorElement>(panel, '#error-summary a')!.click();
    const main = zoneOf(panel, 'main-0');
    await waitFor(() => main.shadowRoot!.activeElement === main.shadowRoot!.querySelector('#choose'), 'focus on the dropzone');

    // Fixing a problem takes it away at once (and a new one never appears while fixing).
    await typeInto(panel, 'c-number-annex-2', 'OFICIO 5');
    expect($$(panel, '#error-summary a').map((a) => text(a))).to.deep.equal(['Adjunte el documento que reemplaza al documento principal']);
  });

  it('a fake PDF is refused by the dropzone with words, and sending names it', async function () {
    this.timeout(20000);
    const { panel, backend } = await openCase();
    const main = zoneOf(panel, 'main-0');
    await main.addFiles([await makeFile('fake', 'solicitud.pdf')]);
    await waitFor(() => main.files[0]?.status === 'rejected', 'the refusal');
    expect(main.files[0]!.error!.message).to.equal('El archivo no es un PDF aunque su nombre termine en .pdf.');
    await stubUploads(panel, 'c-replacement-annex-2', [{ uploadId: 'up-annex-2', name: 'anexo.pdf', size: 40_000, pages: 1, position: 1 }]);
    await send(panel);
    await waitFor(() => shown(panel, '#error-summary'), 'the summary');
    expect($$(panel, '#error-summary a').map((a) => text(a))).to.deep.equal([
      'Quite el archivo no aceptado y adjunte el documento que reemplaza al documento principal',
    ]);
    expect(backend.corrections).to.deep.equal([]);
  });

  it('a double click sends once', async () => {
    const { panel, backend } = await openCase();
    await attachBoth(panel);
    const release = backend.holdCorrections();
    $<HTMLButtonElement>(panel, '#send')!.click();
    $<HTMLButtonElement>(panel, '#send')!.click();
    await panel.updateComplete;
    expect($<HTMLButtonElement>(panel, '#send')!.disabled).to.equal(true);
    release();
    await waitFor(() => shown(panel, '#done-title'), 'the confirmation');
    expect(backend.corrections).to.have.length(1);
  });

  it('server down while sending: the uploads and numbers stay, and "Enviar" again goes with the same key; a refusal gets a new one', async () => {
    const { panel, backend } = await openCase();
    await attachBoth(panel);
    await typeInto(panel, 'c-number-main-0', '005-2026-ABC');
    backend.submitFailures.push(unreachable());
    const errors: string[] = [];
    panel.addEventListener('mpd-correction-error', (event) => errors.push(event.detail.code));
    await send(panel);
    await waitFor(() => shown(panel, '#send-error'), 'the message');
    expect(text($(panel, '#send-error'))).to.equal(
      'No pudimos enviar la subsanación porque no hay comunicación con la mesa de partes. Sus documentos siguen adjuntos: revise su conexión a internet y presione Enviar subsanación de nuevo.',
    );
    await waitFor(() => focused(panel) === $(panel, '#send-error'), 'focus on the message');
    expect(errors).to.deep.equal(['network.unreachable']);
    expect($<HTMLInputElement>(panel, '#c-number-main-0')!.value).to.equal('005-2026-ABC');
    expect(zoneOf(panel, 'main-0').uploads.map((upload) => upload.uploadId)).to.deep.equal(['up-main']);

    backend.submitFailures.push(
      new BackendError(422, 'correction.invalid', 'La subsanación tiene errores.', [
        { field: 'replacement:annex-2', code: 'correction.duplicate', params: { slot: 'annex', index: 2 } },
      ]),
    );
    await send(panel);
    await waitFor(() => shown(panel, '#error-summary'), 'the server problems');
    expect($$(panel, '#error-summary a').map((a) => text(a))).to.deep.equal(['Adjunte un solo documento para reemplazar al anexo 2']);
    await send(panel);
    await waitFor(() => shown(panel, '#done-title'), 'the confirmation');

    const [first, second, third] = backend.corrections;
    expect(first!.submission).to.deep.equal({
      requestNumber: '16-2026',
      documentNumber: '11111111',
      documents: [
        { slot: 'main', index: 0, uploadId: 'up-main', documentNumber: '005-2026-ABC' },
        { slot: 'annex', index: 2, uploadId: 'up-annex-2' },
      ],
    });
    expect(second!.key, 'the retry after no answer').to.equal(first!.key);
    expect(third!.key, 'after a refusal').not.to.equal(second!.key);
  });

  it('a deadline that passed on the server while the citizen was correcting shows the expired message, with nothing to send', async () => {
    const { panel, backend } = await openCase();
    await attachBoth(panel);
    backend.submitFailures.push(new BackendError(409, 'correction.deadlinePassed', 'El plazo para subsanar venció.'));
    await send(panel);
    await waitFor(() => shown(panel, '#expired'), 'the expired message');
    await waitFor(() => focused(panel) === $(panel, '#expired'), 'focus on the message');
    expect(text($(panel, '#expired'))).to.contain('El plazo para subsanar venció el martes 24 de noviembre de 2026 a las 23:59.');
    expect(shown(panel, '#send')).to.equal(false);
    expect(shown(panel, 'mpd-dropzone')).to.equal(false);
  });

  it('a request no longer observed: the message, and a new search from there', async () => {
    const { panel, backend } = await openCase();
    await attachBoth(panel);
    backend.submitFailures.push(new BackendError(409, 'correction.notObserved', 'La solicitud ya fue subsanada.'));
    await send(panel);
    await waitFor(() => shown(panel, '#send-error'), 'the message');
    expect(text($(panel, '#send-error'))).to.equal('Esta solicitud ya no tiene documentos observados por subsanar. Buscar la solicitud de nuevo');
    $<HTMLButtonElement>(panel, '#search-again')!.click();
    await waitFor(() => backend.lookups.length === 2, 'a new search');
  });

  it('"Subsanación recibida": takes focus, says when and what, and "Aceptar" returns to a clean look-up', async () => {
    const { panel, backend } = await openCase();
    await attachBoth(panel);
    await typeInto(panel, 'c-number-main-0', '005-2026-ABC');
    const receipts: CorrectionReceipt[] = [];
    panel.addEventListener('mpd-correction-submitted', (event) => receipts.push(event.detail.receipt));
    await send(panel);
    await waitFor(() => shown(panel, '#done-title'), 'the confirmation');
    await waitFor(() => focused(panel) === $(panel, '#done-title'), 'focus on the confirmation');
    expect(text($(panel, '#done-title'))).to.equal('Subsanación recibida');
    expect(text($(panel, '#done-greeting'))).to.equal(
      'Estimado(a) JUAN PEREZ PEREZ, hemos recibido la subsanación de la documentación observada. Le hemos notificado a su correo electrónico (j•••••z@micorreo.com).',
    );
    expect($$(panel, '[part="confirmation"] dt').map((dt) => text(dt))).to.deep.equal(['Nro. Solicitud', 'Fecha de recepción']);
    expect(text($(panel, '#done-number'))).to.equal('16-2026');
    expect(text($(panel, '#done-received'))).to.equal('23/11/2026 09:10:04');
    expect($$(panel, '#done-files li').map((li) => text(li))).to.deep.equal([
      'Documento principal: solicitud-corregida.pdf (2 páginas, 117.2 KB) · N° de documento: 005-2026-ABC',
      'Anexo 2: anexo-2-firmado.pdf (1 página, 117.2 KB)',
    ]);
    expect(text($(panel, '#done-deemed'))).to.equal('Su solicitud conserva su fecha de presentación: viernes 20 de noviembre de 2026.');
    expect(receipts.map((receipt) => receipt.requestNumber)).to.deep.equal(['16-2026']);
    expect(backend.corrections).to.have.length(1);

    $<HTMLButtonElement>(panel, '#done-ok')!.click();
    await waitFor(() => shown(panel, '#c-requestNumber'), 'the look-up');
    expect($<HTMLInputElement>(panel, '#c-requestNumber')!.value).to.equal('');
    expect($<HTMLInputElement>(panel, '#c-documentNumber')!.value).to.equal('');
    expect(shown(panel, '#result-title')).to.equal(false);
    await waitFor(() => focused(panel) === $(panel, '#c-requestNumber'), 'focus on the first field');
  });

  it('asks for no document number when the agency turns it off', async () => {
    const config = agency('cenares');
    config.corrections.documentNumber = 'off';
    const backend = new CorrectionBackend(config);
    const panel = await mount(backend, { number: '16-2026', document: '11111111', config });
    await waitFor(() => shown(panel, '#send'), 'the observed documents');
    expect(shown(panel, '#c-number-main-0')).to.equal(false);
  });

  it('speaks English with an English config', async () => {
    const config = agency('cenares');
    config.locale = 'en';
    const panel = await mount(new CorrectionBackend(config), { number: '16-2026', document: '11111111', config });
    await waitFor(() => shown(panel, '#send'), 'the observed documents');
    expect(text($(panel, '#send'))).to.equal('Send correction');
    expect(text($(panel, '#time-left'))).to.equal('1 day and 15 hours left.');
  });
});

// ── Against the reference backend ─────────────────────────────────────────────────────────

describe('<mpd-correction-panel> with the reference backend', () => {
  let origin = '';
  let backend: HttpDeskBackend;
  const config: AgencyConfig = agency('cenares');

  /** Files a request, then the desk observes its main document; answers its number. */
  async function fileAndObserve(): Promise<string> {
    // Filed with its captcha and CENARES's email code solved the real way (wtr's `file-request`).
    const receipt = await executeServerCommand<Receipt, { origin: string; agencyId: string }>('file-request', { origin, agencyId: 'cenares' });
    const observed = await executeServerCommand<{ status: number; body: unknown }, Record<string, unknown>>('observe-request', {
      origin,
      agencyId: 'cenares',
      requestNumber: receipt.requestNumber,
      user: 'mesa',
      password: 'secreto',
      observation: {
        note: 'Se genera observación en la solicitud.',
        documents: [{ slot: 'main', index: 0, note: 'Está faltando incluir los datos del pedido.' }],
      },
    });
    expect(observed.status, JSON.stringify(observed.body)).to.equal(200);
    await executeServerCommand('deliver-mails', { origin }); // the notice starts the term
    return receipt.requestNumber;
  }

  async function setClock(at: string): Promise<void> {
    await executeServerCommand('set-backend-clock', { origin, at });
  }

  before(async function () {
    this.timeout(60000);
    const answer = await executeServerCommand<{ origin: string }, { staffCredentials: string }>('start-backend', {
      staffCredentials: 'cenares:mesa:secreto',
    });
    origin = answer.origin.replace(/\/$/, '');
    backend = new HttpDeskBackend(`${origin}/api/cenares/`);
  });

  it('from the mail link: the observed request, a real replacement uploaded through the panel, "Subsanación recibida"', async function () {
    this.timeout(40000);
    await setClock('2026-03-10T15:00:00Z'); // Tuesday 10 March, 10:00 in Lima
    const number = await fileAndObserve();
    const panel = await mount(backend, { number, document: '10117410', config });
    await waitFor(() => shown(panel, '#send'), 'the observed documents', 15000);
    // Observed on Tuesday: day 1 is Wednesday, day 2 Thursday 12 March, until 23:59.
    expect(text($(panel, '#deadline'))).to.equal(
      'Plazo: hasta el jueves 12 de marzo de 2026 a las 23:59 (hora de Lima). Le quedan 2 días y 13 horas.',
    );
    expect($$(panel, '[part="observed-document"]').map((element) => element.dataset.document)).to.deep.equal(['main-0']);

    const zone = zoneOf(panel, 'main-0');
    await zone.addFiles([await makeFile('pdf', 'solicitud-corregida.pdf', { pages: 3 })]);
    await waitFor(() => zone.files[0]?.status === 'complete' || zone.files[0]?.status === 'rejected', 'the upload', 15000);
    expect(zone.files[0]!.error).to.equal(undefined);
    await typeInto(panel, 'c-number-main-0', '005-2026-ABC');
    await send(panel);
    await waitFor(() => shown(panel, '#done-title') || shown(panel, '#send-error') || shown(panel, '#error-summary'), 'the answer', 15000);
    expect(text($(panel, '#send-error') ?? $(panel, '#error-summary'))).to.equal('');
    expect(text($(panel, '#done-number'))).to.equal(number);
    expect(text($(panel, '#done-greeting'))).to.match(/^Estimado\(a\) ROSA MARÍA QUISPE MAMANI|^Estimado\(a\) Rosa María Quispe Mamani/);
    expect(text($(panel, '#done-files'))).to.contain('Documento principal: solicitud-corregida.pdf (3 páginas');
    expect(text($(panel, '#done-files'))).to.contain('005-2026-ABC');
    expect(text($(panel, '#done-deemed'))).to.equal('Su solicitud conserva su fecha de presentación: martes 10 de marzo de 2026.');

    // Looked up again: already corrected.
    const again = await mount(backend, { number, document: '10117410', config });
    await waitFor(() => shown(again, '#corrected'), 'the corrected state', 15000);
    expect(text($(again, '#corrected-files'))).to.contain('solicitud-corregida.pdf');
  });

  it('the server refuses a late correction even when the panel still offered it, and the panel says the deadline passed', async function () {
    this.timeout(40000);
    await setClock('2026-03-10T15:00:00Z');
    const number = await fileAndObserve();
    const panel = await mount(backend, { number, document: '10117410', config });
    await waitFor(() => shown(panel, '#send'), 'the observed documents', 15000);
    const zone = zoneOf(panel, 'main-0');
    await zone.addFiles([await makeFile('pdf', 'tarde.pdf')]);
    await waitFor(() => zone.files[0]?.status === 'complete' || zone.files[0]?.status === 'rejected', 'the upload', 15000);
    expect(zone.files[0]!.status).to.equal('complete');

    await $<Captcha>(panel, '#send-captcha')!.answer();
    await setClock('2026-03-13T05:00:00Z'); // Friday 13 March, 00:00 in Lima: one minute late
    // The send's captcha answer was made on Tuesday's server clock, so the server now finds it
    // expired (captcha.invalid): the panel sends again with a fresh one by itself, and the
    // server's real answer is the deadline.
    const codes: string[] = [];
    panel.addEventListener('mpd-correction-error', (event) => codes.push(event.detail.code));
    await send(panel);
    await waitFor(() => shown(panel, '#expired') || shown(panel, '#send-error') || codes.length > 0, 'the answer', 15000);
    expect(codes).to.deep.equal(['correction.deadlinePassed']);
    expect(text($(panel, '#expired'))).to.equal(
      'El plazo para subsanar venció el jueves 12 de marzo de 2026 a las 23:59. Su solicitud se tiene por no presentada (artículo 136 del TUO de la Ley N° 27444). Puede presentar una nueva solicitud.',
    );
    expect(shown(panel, '#send')).to.equal(false);

    const again = await mount(backend, { number, document: '10117410', config });
    await waitFor(() => shown(again, '#expired'), 'the expired state', 15000);
    expect(shown(again, 'mpd-dropzone')).to.equal(false);
  });
});
