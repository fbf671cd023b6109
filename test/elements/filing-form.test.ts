// <mpd-filing-form> in real Chromium, with each of the four real agency configs: what the citizen
// sees for each agency, validation as GOV.UK does it, the error summary, office hours, sending
// once, failures that lose nothing, and the confirmation. The backend is an in-test DeskBackend
// (see filing-form.fixtures.ts for the attachments seam).
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { HttpDeskBackend } from '../../src/api/client.ts';
import { BackendError, type DeskBackend, type Receipt } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import '../../src/define.ts';
import type { Dropzone } from '../../src/elements/dropzone/dropzone.ts';
import type { FilingForm, FilingSubmittedDetail } from '../../src/elements/filing-form/filing-form.ts';
import { limaInstant } from '../../src/domain/calendar.ts';
import type { FilingSubmission } from '../../src/domain/filing.ts';
import { splitDniCheckCharacter } from '../../src/domain/identity.ts';
import {
  $,
  $$,
  CLOSED_ENDPOINT,
  FakeBackend,
  agency,
  choose,
  click,
  fill,
  fillValid,
  leave,
  mainUpload,
  makeFile,
  root,
  serverError,
  stubUploads,
  submit,
  text,
  typeInto,
  receiptFor,
  unreachable,
  waitFor,
  without,
  type AgencyName,
  type SubmitCall,
} from './filing-form.fixtures.ts';

type MochaContext = { timeout(ms: number): void };
declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: (this: MochaContext) => void | Promise<void>): void;

interface Mounted {
  form: FilingForm;
  backend: FakeBackend;
  config: AgencyConfig;
}

async function mount(name: AgencyName, options: { now?: () => Date; config?: AgencyConfig } = {}): Promise<Mounted> {
  const config = options.config ?? agency(name);
  const backend = new FakeBackend(config);
  const form = await fixture<FilingForm>(
    html`<mpd-filing-form .config=${config} .backend=${backend} .now=${options.now}></mpd-filing-form>`,
  );
  return { form, backend, config };
}

/**
 * The accessible name as the browser builds it for these controls (aria-labelledby, aria-label,
 * <label for>, a wrapping <label>, a button's text), within the control's own shadow root.
 */
function accessibleName(control: HTMLElement): string {
  const scope = control.getRootNode() as ShadowRoot | Document;
  const labelledBy = control.getAttribute('aria-labelledby');
  if (labelledBy) return labelledBy.split(/\s+/).map((id) => text(scope.getElementById(id))).join(' ').trim();
  const label = control.getAttribute('aria-label');
  if (label?.trim()) return label.trim();
  if (control.id) {
    const byFor = scope.querySelector(`label[for="${CSS.escape(control.id)}"]`);
    if (byFor) return text(byFor);
  }
  const wrapping = control.closest('label');
  if (wrapping) return text(wrapping);
  return control.localName === 'button' ? text(control) : '';
}

const options = (form: FilingForm, id: string) => $$<HTMLOptionElement>(form, `#${id} option`).map((o) => text(o));
const inlineError = (form: FilingForm, field: string) => text($(form, `#f-${field}-error`));
const summaryItems = (form: FilingForm) => $$(form, '#error-summary li').map((li) => text(li));
const active = (form: FilingForm) => root(form).activeElement;

/** JSON with sorted keys, as the reference server hashes a body. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );

/**
 * A DeskBackend that keeps idempotency records as the reference server does: the same key with
 * the same body answers the first receipt, with another body a 409 `idempotency.conflict`.
 * `script` says how the coming calls end: `'commit-lost'` files the request but the answer never
 * reaches the form (BackendError(0)); `'lost'` never reaches the server; an error is the answer.
 */
class IdempotentBackend implements DeskBackend {
  readonly uploadEndpoint = CLOSED_ENDPOINT;
  readonly calls: SubmitCall[] = [];
  readonly records = new Map<string, { json: string; receipt: Receipt }>();
  readonly script: unknown[] = [];
  private filed = 0;

  constructor(private readonly config: AgencyConfig) {}

  async submitFiling(filing: FilingSubmission, key: string): Promise<Receipt> {
    this.calls.push({ filing: structuredClone(filing), key });
    const step = this.script.shift();
    if (step === 'lost') throw unreachable();
    if (step instanceof Error) throw step;
    const json = canonical(filing);
    const record = this.records.get(key);
    if (record) {
      if (record.json !== json) throw new BackendError(409, 'idempotency.conflict', 'Esta clave ya se usó para enviar otra solicitud');
      if (step === 'commit-lost') throw unreachable();
      return record.receipt;
    }
    this.filed += 1;
    const receipt = { ...receiptFor(this.config, filing), requestNumber: `${this.filed}-2026` };
    this.records.set(key, { json, receipt });
    if (step === 'commit-lost') throw unreachable();
    return receipt;
  }

  async serverTime(): Promise<Date> {
    throw new Error('sin hora del servidor');
  }
}

const FIRST_SUBJECT = 'Solicito copia de mi expediente.';
const EDITED_SUBJECT = 'Solicito copia certificada de mi expediente.';
const REPLAYED_NOTICE =
  'Su solicitud ya había sido registrada con los datos que envió primero; los cambios que hizo después no se guardaron. Si necesita corregir algo, podrá hacerlo cuando la entidad la revise.';

/** Sends once with no answer, then edits the subject: the state the replay tests start from. */
async function failThenEdit(
  steps: unknown[],
): Promise<{ form: FilingForm; backend: IdempotentBackend; submitted: FilingSubmittedDetail[]; errors: CustomEvent[] }> {
  const config = agency('cenares');
  const backend = new IdempotentBackend(config);
  const form = await fixture<FilingForm>(html`<mpd-filing-form .config=${config} .backend=${backend}></mpd-filing-form>`);
  const submitted: FilingSubmittedDetail[] = [];
  const errors: CustomEvent[] = [];
  form.addEventListener('mpd-submitted', (event) => submitted.push(event.detail));
  form.addEventListener('mpd-error', (event) => errors.push(event));
  await fillValid(form);
  backend.script.push(...steps);
  await submit(form);
  await waitFor(() => errors.length === 1, 'the first attempt to fail');
  expect(text($(form, '#send-error'))).to.contain('el servidor no responde');
  await fill(form, 'f-subject', EDITED_SUBJECT);
  return { form, backend, submitted, errors };
}

const sent = (backend: { calls: SubmitCall[] }) => backend.calls.map((call) => [call.key, call.filing.subject]);

/** Friday 24 July 2026, 18:00 in Lima: after INPE's and SIS's 17:00 cut-off. */
const FRIDAY_EVENING = limaInstant('2026-07-24', '18:00');

describe('<mpd-filing-form>', () => {
  describe('renders the fields each agency asks for', () => {
    it('CENARES: natural/jurídica, 19-entry procedure list, no office, Asunto 0/200, terms with details', async () => {
      const { form } = await mount('cenares');
      const kinds = $$<HTMLInputElement>(form, 'input[name="personKind"]');
      expect(kinds.map((radio) => radio.value)).to.deep.equal(['natural', 'juridica']);
      expect(kinds[0]!.checked, 'persona natural by default').to.equal(true);
      // "SELECCIONE" + the 18 procedures of the seed (17 named + OTRO): 19 entries, as in the manual.
      const procedures = options(form, 'f-procedure');
      expect(procedures).to.have.length(19);
      expect(procedures[0]).to.equal('Seleccione');
      expect(procedures).to.include('SOLICITUD DE ACCESO A LA INFORMACIÓN PÚBLICA');
      expect(procedures.at(-1)).to.equal('OTRO');
      expect($(form, '#f-office')).to.equal(null);
      expect($(form, '#f-documentKind')).to.equal(null);
      expect($(form, '#f-folios')).to.equal(null);
      expect(options(form, 'f-documentType'), 'DNI by default, no empty choice').to.deep.equal(['DNI', 'Carné de extranjería']);
      expect(text($(form, 'label[for="f-subject"]'))).to.equal('Asunto');
      expect($(form, '#f-subject')!.getAttribute('maxlength')).to.equal('200');
      expect(text($(form, '#f-subject-count'))).to.equal('0 / 200');
      // optional number of the main document, without "SN" (allowSN: false)
      expect(text($(form, 'label[for="f-mainDocumentNumber"]'))).to.contain('(opcional)');
      expect($(form, '#f-mainDocumentNumber-sn')).to.equal(null);
      const consents = $$<HTMLInputElement>(form, 'input[id^="f-consent-"]');
      expect(consents.map((box) => box.id)).to.deep.equal(['f-consent-terminos', 'f-consent-correo']);
      const details = $(form, '[data-field="f-consent-terminos"] details')!;
      expect(text(details.querySelector('summary'))).to.equal('Ver detalles');
      expect(text(details)).to.contain('24 horas');
      const annexes = $<Dropzone>(form, '#f-annexes')!;
      expect(annexes.rules).to.have.length(2);
      expect(annexes.rules[0]!.maxBytes).to.equal(100 * 1024 * 1024);
      expect(text($(form, '[part="hours"]'))).to.contain('las 24 horas');
    });

    it('INPE: 9 offices, 4 document kinds, número de documento with SN, folios, office hours', async () => {
      const { form } = await mount('inpe');
      expect(options(form, 'f-office').slice(1)).to.have.length(9);
      expect(options(form, 'f-office')).to.include('Oficina Regional Nor Oriente San Martín');
      expect(options(form, 'f-documentKind').slice(1)).to.deep.equal(['Carta', 'Oficio', 'Solicitud', 'Otros']);
      expect($(form, '#f-procedure')).to.equal(null);
      expect($(form, '#f-mainDocumentNumber-sn')).to.exist;
      expect($(form, '#f-folios')).to.exist;
      expect(text($(form, 'label[for="f-subject"]'))).to.equal('Asunto del documento');
      expect(text($(form, '[part="hours"]'))).to.contain('Horario de atención: lunes a viernes de 08:00 a 17:00');
      const annexes = $<Dropzone>(form, '#f-annexes')!;
      expect(annexes.rules.map((rule) => rule.maxBytes / 1024 / 1024)).to.deep.equal([30, 5, 5, 5, 5]);
      expect(annexes.rules[0]!.accept).to.include('.rar');
      const main = $<Dropzone>(form, '#f-mainFile')!;
      expect(main.rules).to.deep.equal([{ accept: ['.pdf'], maxBytes: 20 * 1024 * 1024 }]);
      expect(main.endpoint).to.equal('http://127.0.0.1:9/');
      expect(main.agencyId).to.equal('inpe');
      expect(text($(form, 'label[for="f-consent-privacidad"]'))).to.contain('política de privacidad');
    });

    it('SIS: five identity documents, office hours, sworn declaration, no person-type question', async () => {
      const { form } = await mount('sis');
      expect(options(form, 'f-documentType')).to.deep.equal([
        'DNI',
        'RUC',
        'Pasaporte',
        'Carné de extranjería',
        'Permiso Temporal de Permanencia (PTP)',
      ]);
      expect($$(form, 'input[name="personKind"]')).to.have.length(0);
      expect(text($(form, '[part="hours"]'))).to.contain('lunes a viernes de 08:00 a 17:00');
      expect(text($(form, 'label[for="f-consent-declaracion-jurada"]'))).to.contain('declaración jurada');
      expect($<Dropzone>(form, '#f-annexes')!.rules).to.have.length(10);
    });

    it('INS: "Descripción de su solicitud", optional phone, no consents', async () => {
      const { form } = await mount('ins');
      expect(text($(form, 'label[for="f-subject"]'))).to.equal('Descripción de su solicitud');
      expect(text($(form, '#f-subject-count'))).to.equal('0 / 1000');
      expect(text($(form, 'label[for="f-phone"]'))).to.equal('Teléfono o celular (opcional)');
      expect($$(form, 'input[id^="f-consent-"]')).to.have.length(0);
      expect(options(form, 'f-documentType')).to.deep.equal(['DNI', 'Carné de extranjería']);
      expect($<Dropzone>(form, '#f-mainFile')!.label).to.equal('Solicitud dirigida al INS');
    });

    it('labels every control, radios and the dropzones\' own controls included, and points aria-describedby at its hint', async () => {
      const { form } = await mount('cenares');
      await click(form, 'f-personKind-1'); // persona jurídica: the RUC fields too
      const main = $<Dropzone>(form, '#f-mainFile')!;
      main.retryDelays = [];
      await main.addFiles([await makeFile('pdf', 'carta.pdf')]);
      await $<Dropzone>(form, '#f-annexes')!.addFiles([await makeFile('fake', 'anexo.pdf')]);
      await waitFor(() => main.files[0]?.status === 'failed', 'a failed row, with retry and remove buttons');
      await form.updateComplete;

      const radios = $$<HTMLInputElement>(form, 'input[type="radio"]');
      expect(radios, 'person-type radios').to.have.length(2);
      const controls = $$<HTMLElement>(form, 'input, select, textarea, button');
      const zones = $$<Dropzone>(form, 'mpd-dropzone');
      expect(zones).to.have.length(2);
      for (const zone of zones) {
        await zone.updateComplete;
        const own = [...zone.shadowRoot!.querySelectorAll<HTMLElement>('input, button')];
        expect(own.some((control) => control.matches('button.remove')), `${zone.id}: a row with its remove button`).to.equal(true);
        controls.push(...own);
      }
      expect(controls.some((control) => control.matches('button.retry')), 'a retry button').to.equal(true);
      for (const control of controls) {
        const where = `${control.localName}#${control.id || control.className} in ${(control.getRootNode() as ShadowRoot).host.localName}`;
        expect(accessibleName(control), `a name for ${where}`).not.to.equal('');
      }
      for (const radio of radios) expect(text($(form, `label[for="${radio.id}"]`)), `label for #${radio.id}`).not.to.equal('');
      const chooseName = accessibleName(main.shadowRoot!.querySelector('#choose')!);
      expect(chooseName).to.equal('Elegir archivo Documento principal');
      expect($(form, '#f-email')!.getAttribute('aria-describedby')).to.equal('f-email-hint');
    });
  });

  describe('validation as the citizen goes (GOV.UK: after leaving a field, not while typing)', () => {
    it('says when the DNI check digit is wrong, as soon as the check digit is typed', async () => {
      const { form } = await mount('cenares');
      await typeInto(form, 'f-documentNumber', '10117410-5');
      expect(inlineError(form, 'documentNumber')).to.equal(
        'Error: El dígito de verificación no corresponde a este DNI. Revise el número.',
      );
      const input = $(form, '#f-documentNumber')!;
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(input.getAttribute('aria-describedby')).to.contain('f-documentNumber-error');
      await typeInto(form, 'f-documentNumber', '10117410-2');
      expect($(form, '#f-documentNumber-error'), 'a right check digit clears it').to.equal(null);
      expect(input.getAttribute('aria-invalid')).to.equal('false');
    });

    it('recognizes a DNI with its check character the way the domain rules do (spaces, lowercase letter)', async () => {
      expect(splitDniCheckCharacter(' 10117410 - g ')).to.deep.equal({ dni: '10117410', check: 'G' });
      expect(splitDniCheckCharacter('10117410 k')).to.deep.equal({ dni: '10117410', check: 'K' });
      expect(splitDniCheckCharacter('101174102'), 'no separator').to.equal(null);
      expect(splitDniCheckCharacter('10117410')).to.equal(null);
      const { form } = await mount('cenares');
      await typeInto(form, 'f-documentNumber', '10117410 k');
      expect(inlineError(form, 'documentNumber')).to.contain('El dígito de verificación no corresponde a este DNI');
      await typeInto(form, 'f-documentNumber', '10117410 - g');
      expect($(form, '#f-documentNumber-error')).to.equal(null);
    });

    it('does not complain while the number is being typed, only after leaving the field', async () => {
      const { form } = await mount('cenares');
      await typeInto(form, 'f-documentNumber', '1011');
      expect($(form, '#f-documentNumber-error')).to.equal(null);
      await leave(form, 'f-documentNumber');
      expect(inlineError(form, 'documentNumber')).to.contain('El DNI tiene 8 dígitos');
      // tabbing through an empty field is not an error before the first submit
      await leave(form, 'f-givenNames');
      expect($(form, '#f-givenNames-error')).to.equal(null);
    });

    it('checks the RUC of a persona jurídica as soon as its 11 digits are in', async () => {
      const { form } = await mount('cenares');
      expect($(form, '#f-ruc'), 'no RUC for persona natural').to.equal(null);
      await click(form, 'f-personKind-1');
      expect(text($(form, 'legend'))).to.contain('¿Cómo presenta');
      expect($(form, '#f-ruc')).to.exist;
      expect($(form, '#f-organizationName')).to.exist;
      await typeInto(form, 'f-ruc', '20538298486');
      expect(inlineError(form, 'ruc')).to.equal('Error: El último dígito no corresponde a este RUC. Revise el número.');
      await typeInto(form, 'f-ruc', '20538298485');
      expect($(form, '#f-ruc-error')).to.equal(null);
      expect(text($(form, '#f-ruc-ok'))).to.equal('El número de RUC es válido.');
      await typeInto(form, 'f-ruc', '30538298485');
      await leave(form, 'f-ruc');
      expect(inlineError(form, 'ruc')).to.contain('El RUC debe empezar con 10, 15, 16, 17 o 20');
    });

    it('validates the number against the chosen document type', async () => {
      const { form } = await mount('sis');
      await fill(form, 'f-documentNumber', 'AB12');
      expect(inlineError(form, 'documentNumber')).to.contain('El DNI tiene 8 dígitos');
      await choose(form, 'f-documentType', 'PASAPORTE');
      expect($(form, '#f-documentNumber-error')).to.equal(null);
      expect(text($(form, 'label[for="f-documentNumber"]'))).to.equal('Número de pasaporte');
    });
  });

  describe('an empty submit', () => {
    it('focuses the error summary, which lists every problem in page order and links to each field', async () => {
      const { form, backend } = await mount('cenares');
      await submit(form);
      const summary = $(form, '#error-summary')!;
      expect(summary, 'error summary').to.exist;
      expect(active(form)).to.equal(summary);
      expect(text(summary.querySelector('h2'))).to.equal('Hay un problema');
      expect(summaryItems(form)).to.deep.equal([
        'Escriba su número de DNI',
        'Escriba sus nombres',
        'Escriba sus apellidos',
        'Escriba su correo electrónico',
        'Escriba su número de teléfono o celular',
        'Elija el trámite a realizar',
        'Complete el campo «Asunto»',
        'Adjunte el documento principal',
        'Debe aceptar los Términos y Condiciones para enviar su solicitud',
        'Debe autorizar el envío de información a su correo electrónico',
      ]);
      expect(backend.calls).to.have.length(0);
      // every item links to its field, and following the link focuses that field
      const email = $$<HTMLAnchorElement>(form, '#error-summary a').find((a) => text(a).includes('correo electrónico'))!;
      expect(email.getAttribute('href')).to.equal('#f-email');
      email.click();
      expect(active(form)).to.equal($(form, '#f-email'));
      const procedure = $$<HTMLAnchorElement>(form, '#error-summary a').find((a) => text(a).includes('trámite'))!;
      procedure.click();
      expect(active(form)).to.equal($(form, '#f-procedure'));
      const terms = $$<HTMLAnchorElement>(form, '#error-summary a').find((a) => text(a).includes('Términos'))!;
      terms.click();
      expect(active(form)).to.equal($(form, '#f-consent-terminos'));
      // inline errors too, with the visually hidden "Error:" prefix
      expect(inlineError(form, 'givenNames')).to.equal('Error: Escriba sus nombres');
      expect($(form, '#f-givenNames-error .visually-hidden')!.textContent!.trim()).to.equal('Error:');
      expect($(form, '#f-givenNames')!.getAttribute('aria-invalid')).to.equal('true');
      expect($<Dropzone>(form, '#f-mainFile')!.error).to.equal('Adjunte el documento principal');
    });

    it('clears an error as soon as the field is right, and hides the summary when none is left', async () => {
      const { form } = await mount('ins');
      await submit(form);
      expect(summaryItems(form)).to.include('Escriba sus nombres');
      await typeInto(form, 'f-givenNames', 'Ana');
      expect($(form, '#f-givenNames-error')).to.equal(null);
      expect(summaryItems(form)).not.to.include('Escriba sus nombres');
      await fillValid(form);
      expect($(form, '#error-summary')).to.equal(null);
    });
  });

  it('counts the subject characters and announces what is left, politely, once typing pauses', async () => {
    const { form } = await mount('cenares');
    const region = $(form, '[role="status"][aria-live="polite"]')!;
    const announced: string[] = [];
    new MutationObserver(() => text(region) && announced.push(text(region))).observe(region, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    await typeInto(form, 'f-subject', 'x'.repeat(180));
    await new Promise((resolve) => setTimeout(resolve, 150));
    await typeInto(form, 'f-subject', 'x'.repeat(188));
    expect(text($(form, '#f-subject-count'))).to.equal('188 / 200');
    await waitFor(() => text(region) === 'Le quedan 12 caracteres', 'the live region to announce 12 left');
    expect(announced, 'nothing said while typing').to.deep.equal(['Le quedan 12 caracteres']);
    await typeInto(form, 'f-subject', 'x'.repeat(199));
    await waitFor(() => text(region) === 'Le queda 1 carácter', 'singular');
  });

  it('does not send without the required consents', async () => {
    const { form, backend } = await mount('cenares');
    await fillValid(form);
    $<HTMLInputElement>(form, '#f-consent-terminos')!.click();
    await submit(form);
    expect(summaryItems(form)).to.deep.equal(['Debe aceptar los Términos y Condiciones para enviar su solicitud']);
    expect(inlineError(form, 'consent-terminos')).to.contain('Términos y Condiciones');
    expect(backend.calls).to.have.length(0);
    await click(form, 'f-consent-terminos');
    expect($(form, '#f-consent-terminos-error')).to.equal(null);
    await submit(form);
    await waitFor(() => backend.calls.length === 1, 'the filing to be sent');
    expect(backend.calls[0]!.filing.consents).to.deep.equal(['correo', 'terminos']);
  });

  describe('office hours (INPE, SIS)', () => {
    it('warns outside office hours with the date it will count as filed, and sends only on Confirmar', async () => {
      const { form, backend } = await mount('inpe', { now: () => FRIDAY_EVENING });
      await fillValid(form);
      await submit(form);
      const dialog = $<HTMLDialogElement>(form, 'dialog')!;
      await waitFor(() => dialog.open, 'the confirmation dialog');
      expect(text(dialog.querySelector('#dialog-warning'))).to.equal(
        'Está enviando fuera del horario de atención (lunes a viernes de 08:00 a 17:00). Su solicitud se considerará presentada el lunes 27 de julio de 2026.',
      );
      expect(text(dialog)).to.contain('¿Confirma el envío de su solicitud?');
      expect(root(form).activeElement, 'focus moves into the dialog').to.equal(dialog.querySelector('#confirm-ok'));
      // Volver: nothing is sent, the form is as it was
      dialog.querySelector<HTMLButtonElement>('#confirm-back')!.click();
      await waitFor(() => !dialog.open, 'the dialog to close');
      await form.updateComplete;
      expect(backend.calls).to.have.length(0);
      expect($<HTMLInputElement>(form, '#f-givenNames')!.value).to.equal('Juan');
      // again, and Confirmar
      await submit(form);
      await waitFor(() => dialog.open, 'the dialog again');
      dialog.querySelector<HTMLButtonElement>('#confirm-ok')!.click();
      await waitFor(() => backend.calls.length === 1, 'one submission');
    });

    it('takes Escape as "Volver"', async () => {
      const { form, backend } = await mount('sis', { now: () => FRIDAY_EVENING });
      await fillValid(form);
      await submit(form);
      const dialog = $<HTMLDialogElement>(form, 'dialog')!;
      await waitFor(() => dialog.open, 'the confirmation dialog');
      await sendKeys({ press: 'Escape' });
      await waitFor(() => !dialog.open, 'the dialog to close');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(backend.calls).to.have.length(0);
      await submit(form);
      await waitFor(() => dialog.open, 'the dialog, once more');
      $<HTMLButtonElement>(form, '#confirm-ok')!.click();
      await waitFor(() => backend.calls.length === 1, 'one submission');
    });

    it('asks for confirmation within hours too, using the server clock over the device clock', async () => {
      const { form, backend } = await mount('sis', { now: () => FRIDAY_EVENING });
      backend.serverNow = limaInstant('2026-07-22', '10:30'); // Wednesday, within hours
      await fillValid(form);
      await submit(form);
      const dialog = $<HTMLDialogElement>(form, 'dialog')!;
      await waitFor(() => dialog.open, 'the confirmation dialog');
      expect(dialog.querySelector('#dialog-warning')).to.equal(null);
      expect(text(dialog)).to.contain('Su solicitud se considerará presentada hoy, miércoles 22 de julio de 2026.');
      expect(text(dialog)).to.contain('¿Confirma el envío de su solicitud?');
      dialog.querySelector<HTMLButtonElement>('#confirm-back')!.click();
      await waitFor(() => !dialog.open, 'the dialog to close');
    });

    it('names the holiday when sending on one', async () => {
      const { form } = await mount('inpe', { now: () => limaInstant('2026-07-28', '10:00') });
      await fillValid(form);
      await submit(form);
      const dialog = $<HTMLDialogElement>(form, 'dialog')!;
      await waitFor(() => dialog.open, 'the confirmation dialog');
      expect(text(dialog.querySelector('#dialog-warning'))).to.contain('se considerará presentada el jueves 30 de julio de 2026');
      expect(text(dialog.querySelector('#dialog-warning'))).to.contain('El 28 de julio de 2026 es feriado: Fiestas Patrias.');
    });

    it('sends directly where the desk is always open (CENARES)', async () => {
      const { form, backend } = await mount('cenares', { now: () => FRIDAY_EVENING });
      await fillValid(form);
      const dialog = $<HTMLDialogElement>(form, 'dialog')!;
      let opened = false;
      dialog.showModal = () => {
        opened = true;
        HTMLDialogElement.prototype.showModal.call(dialog);
      };
      await submit(form);
      await waitFor(() => backend.calls.length === 1, 'the submission');
      await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
      expect(opened, 'no confirmation dialog').to.equal(false);
    });
  });

  describe('sending', () => {
    it('sends once on a double click, with the send button disabled while in flight', async () => {
      const { form, backend } = await mount('cenares');
      await fillValid(form);
      const release = backend.hold();
      const button = $<HTMLButtonElement>(form, '#submit')!;
      button.click();
      button.click();
      await form.updateComplete;
      await waitFor(() => button.disabled, 'the button to be disabled');
      button.click();
      expect(text(button)).to.equal('Enviando su solicitud…');
      release();
      await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
      expect(backend.calls).to.have.length(1);
    });

    it('sends what was typed, with the upload ids from the dropzones', async () => {
      const { form, backend } = await mount('inpe', { now: () => limaInstant('2026-07-22', '10:00') });
      await fillValid(form);
      await stubUploads(form, 'f-annexes', [
        { uploadId: 'up-a1', name: 'anexo.pdf', size: 1000, pages: 2, position: 1 },
        { uploadId: 'up-a2', name: 'foto.png', size: 1000, pages: null, position: 2 },
      ]);
      await click(form, 'f-mainDocumentNumber-sn');
      expect($<HTMLInputElement>(form, '#f-mainDocumentNumber')!.value).to.equal('SN');
      await submit(form);
      const dialog = $<HTMLDialogElement>(form, 'dialog')!;
      await waitFor(() => dialog.open, 'the dialog');
      dialog.querySelector<HTMLButtonElement>('#confirm-ok')!.click();
      await waitFor(() => backend.calls.length === 1, 'the submission');
      const { filing } = backend.calls[0]!;
      expect(filing).to.deep.include({
        personKind: 'natural',
        officeId: 'sede-central',
        documentKindId: 'carta',
        documentNumber: 'SN',
        folios: 5,
        subject: 'Solicito copia de mi expediente.',
        consents: ['privacidad'],
      });
      expect(filing.applicant).to.deep.equal({
        documentType: 'DNI',
        documentNumber: '10117410',
        givenNames: 'Juan',
        surnames: 'Pérez Quispe',
        email: 'juan.perez@example.pe',
        phone: '987 654 321',
      });
      expect(filing.attachments).to.deep.equal({
        main: { uploadId: 'up-main' },
        annexes: [{ uploadId: 'up-a1' }, { uploadId: 'up-a2' }],
      });
      expect(filing.procedureId).to.equal(undefined);
    });

    it('keeps everything and reuses the idempotency key when the server does not answer or fails', async () => {
      const { form, backend } = await mount('cenares');
      await click(form, 'f-personKind-1');
      await fill(form, 'f-ruc', '20538298485');
      await fill(form, 'f-organizationName', 'CENARES');
      await fillValid(form);
      backend.failNext(unreachable(), serverError());
      const errors: CustomEvent[] = [];
      form.addEventListener('mpd-error', (event) => errors.push(event));

      await submit(form);
      await waitFor(() => Boolean($(form, '#send-error')), 'the failure message');
      const message = $(form, '#send-error')!;
      expect(text(message)).to.equal(
        'No pudimos enviar su solicitud porque el servidor no responde. Sus datos y archivos siguen aquí; vuelva a intentarlo.',
      );
      expect(message.getAttribute('role')).to.equal('alert');
      expect(active(form)).to.equal(message);
      expect(errors.map((event) => event.detail)).to.deep.equal([{ code: 'network.unreachable', status: 0 }]);
      // nothing typed or uploaded is lost, and sending works again
      expect($<HTMLInputElement>(form, '#f-ruc')!.value).to.equal('20538298485');
      expect($<HTMLInputElement>(form, '#f-personKind-1')!.checked).to.equal(true);
      expect($<HTMLInputElement>(form, '#f-givenNames')!.value).to.equal('Juan');
      expect($<HTMLSelectElement>(form, '#f-procedure')!.value).to.equal('acceso-informacion');
      expect($<HTMLTextAreaElement>(form, '#f-subject')!.value).to.equal('Solicito copia de mi expediente.');
      expect($<HTMLInputElement>(form, '#f-consent-terminos')!.checked).to.equal(true);
      expect($<Dropzone>(form, '#f-mainFile')!.uploads).to.deep.equal([mainUpload(3)]);
      expect($<HTMLButtonElement>(form, '#submit')!.disabled).to.equal(false);

      await submit(form); // 500
      await waitFor(() => errors.length === 2, 'the second failure');
      expect(errors[1]!.detail).to.deep.equal({ code: 'server.error', status: 500 });
      expect(text($(form, '#send-error'))).to.contain('el servidor no responde');

      await waitFor(() => active(form) === $(form, '#send-error'), 'focus on the new message');
      await submit(form); // success
      await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
      expect(backend.calls).to.have.length(3);
      const keys = backend.calls.map((call) => call.key);
      expect(new Set(keys).size, 'one key for the three attempts').to.equal(1);
      expect(keys[0]).to.match(/^[0-9a-f-]{36}$/);
      expect(backend.calls[2]!.filing).to.deep.equal(backend.calls[0]!.filing);
      expect(backend.calls[0]!.filing.organization).to.deep.equal({ ruc: '20538298485', name: 'CENARES' });
    });

    describe('a request changed after an attempt that got no answer', () => {
      it('sends the earlier one again first: it had been filed, so its receipt shows, with a notice', async () => {
        const { form, backend, submitted } = await failThenEdit(['commit-lost']);
        expect(backend.records.size, 'filed, though the form never heard').to.equal(1);
        const key = backend.calls[0]!.key;
        await submit(form);
        await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
        // the earlier body with its own key; the edited one never went out
        expect(sent(backend)).to.deep.equal([
          [key, FIRST_SUBJECT],
          [key, FIRST_SUBJECT],
        ]);
        expect(backend.records.size).to.equal(1);
        expect(text($(form, '#request-number'))).to.equal('1-2026');
        const notice = $(form, '#replayed-notice')!;
        expect(text(notice)).to.equal(REPLAYED_NOTICE);
        expect(notice.getAttribute('part')).to.equal('replayed-notice');
        expect($(form, '#done-title')!.getAttribute('aria-describedby')).to.equal('replayed-notice');
        expect(active(form)).to.equal($(form, '#done-title'));
        expect(submitted).to.have.length(1);
        expect(submitted[0]!.replayed).to.equal(true);
        expect(submitted[0]!.receipt.subject).to.equal(FIRST_SUBJECT);
        // a new request afterwards starts clean: new key, no notice
        await click(form, 'another');
        await fillValid(form);
        await submit(form);
        await waitFor(() => submitted.length === 2, 'the next request');
        expect(backend.calls[2]!.key).not.to.equal(key);
        expect(submitted[1]!.replayed).to.equal(false);
        expect($(form, '#replayed-notice')).to.equal(null);
      });

      it('files the earlier one now when it had never arrived, and says the changes were not sent', async () => {
        const { form, backend, submitted } = await failThenEdit(['lost']);
        expect(backend.records.size, 'nothing filed yet').to.equal(0);
        await submit(form);
        await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
        expect(sent(backend).map(([, subject]) => subject)).to.deep.equal([FIRST_SUBJECT, FIRST_SUBJECT]);
        expect(text($(form, '#replayed-notice'))).to.equal(REPLAYED_NOTICE);
        expect(submitted[0]!.receipt.subject).to.equal(FIRST_SUBJECT);
      });

      it('sends nothing else while the earlier one still gets no answer', async () => {
        const { form, backend, errors } = await failThenEdit(['lost', 'lost']);
        const key = backend.calls[0]!.key;
        await submit(form);
        await waitFor(() => errors.length === 2, 'the second failure');
        expect(errors[1]!.detail).to.deep.equal({ code: 'network.unreachable', status: 0 });
        expect(text($(form, '#send-error'))).to.contain('el servidor no responde');
        expect($<HTMLTextAreaElement>(form, '#f-subject')!.value, 'the edit is kept').to.equal(EDITED_SUBJECT);
        expect(sent(backend)).to.deep.equal([
          [key, FIRST_SUBJECT],
          [key, FIRST_SUBJECT],
        ]);
        await waitFor(() => active(form) === $(form, '#send-error'), 'focus on the message');
        await submit(form);
        await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
        expect(sent(backend).at(-1)).to.deep.equal([key, FIRST_SUBJECT]);
        expect(text($(form, '#replayed-notice'))).to.equal(REPLAYED_NOTICE);
      });

      it('sends the changed request as a new one, with a new key, when the earlier one is refused (4xx)', async () => {
        const refusal = new BackendError(422, 'filing.invalid', 'Algunos datos no son válidos.', []);
        const { form, backend, submitted } = await failThenEdit(['lost', refusal]);
        const key = backend.calls[0]!.key;
        await submit(form);
        await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
        expect(backend.calls).to.have.length(3);
        expect(sent(backend).slice(0, 2)).to.deep.equal([
          [key, FIRST_SUBJECT],
          [key, FIRST_SUBJECT],
        ]);
        expect(backend.calls[2]!.filing.subject).to.equal(EDITED_SUBJECT);
        expect(backend.calls[2]!.key).not.to.equal(key);
        expect($(form, '#replayed-notice')).to.equal(null);
        expect(submitted[0]).to.deep.include({ replayed: false });
        expect(submitted[0]!.receipt.subject).to.equal(EDITED_SUBJECT);
      });

      it('does not replay when nothing changed: the same body goes again with the same key', async () => {
        const config = agency('cenares');
        const backend = new IdempotentBackend(config);
        const form = await fixture<FilingForm>(html`<mpd-filing-form .config=${config} .backend=${backend}></mpd-filing-form>`);
        await fillValid(form);
        backend.script.push('commit-lost');
        await submit(form);
        await waitFor(() => Boolean($(form, '#send-error')), 'the failure');
        await submit(form);
        await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
        expect(backend.calls).to.have.length(2);
        expect(backend.calls[1]!.key).to.equal(backend.calls[0]!.key);
        expect($(form, '#replayed-notice'), 'the request is as the citizen left it').to.equal(null);
      });
    });

    it('shows the request a taken key already filed when the server sends its receipt (409 idempotency.conflict)', async () => {
      const { form, backend, config } = await mount('cenares');
      const submitted: FilingSubmittedDetail[] = [];
      form.addEventListener('mpd-submitted', (event) => submitted.push(event.detail));
      await fillValid(form);
      backend.hold();
      await submit(form);
      await waitFor(() => backend.calls.length === 1, 'the call');
      const earlier = { ...receiptFor(config, backend.calls[0]!.filing), requestNumber: '7-2026' };
      // Answer this call with the conflict (the key had filed request 7-2026 before).
      backend.failNext(new BackendError(409, 'idempotency.conflict', 'Esta solicitud ya fue registrada', [], earlier));
      backend.release();
      await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
      expect(text($(form, '#request-number'))).to.equal('7-2026');
      expect($(form, '#replayed-notice')).not.to.equal(null);
      expect(submitted[0]!.replayed).to.equal(true);
      expect(backend.calls).to.have.length(1);
    });

    it('explains a taken key (409 idempotency.conflict) and sends again only as a new request', async () => {
      const { form, backend } = await mount('cenares');
      await fillValid(form);
      const errors: CustomEvent[] = [];
      form.addEventListener('mpd-error', (event) => errors.push(event));
      backend.failNext(new BackendError(409, 'idempotency.conflict', 'Esta clave ya se usó para enviar otra solicitud'));
      await submit(form);
      await waitFor(() => errors.length === 1, 'the failure');
      expect(errors[0]!.detail).to.deep.equal({ code: 'idempotency.conflict', status: 409 });
      expect(text($(form, '#send-error'))).to.equal(
        'Ya se había registrado una solicitud enviada antes desde este formulario, con otros datos. Si quiere presentar esta como una solicitud nueva, pulse otra vez «Enviar solicitud».',
      );
      await submit(form);
      await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
      expect(backend.calls[1]!.key).not.to.equal(backend.calls[0]!.key);
    });

    it('tells a timeout from no answer, also through the HTTP client (which reports both as unreachable)', async () => {
      const config = agency('cenares');
      // Only the filing call hangs here: no email code or captcha step before it.
      config.verification.email = 'off';
      config.captcha = { provider: 'none' };
      const keys: string[] = [];
      // A server that never answers: the request ends only when its signal aborts.
      const hanging: typeof fetch = (input, init) => {
        // Only the submissions: leaving the DNI also asks for the names (CENARES looks them up).
        if (String(input).endsWith('/filings')) keys.push(new Headers(init?.headers).get('idempotency-key') ?? '');
        return new Promise<Response>((_resolve, reject) => {
          const signal = init!.signal!;
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      };
      const backend = new HttpDeskBackend('/api/cenares/', hanging);
      const original = AbortSignal.timeout;
      // The form's 60 s limit, shortened.
      AbortSignal.timeout = (ms: number) => original.call(AbortSignal, Math.min(ms, 50));
      try {
        const form = await fixture<FilingForm>(html`<mpd-filing-form .config=${config} .backend=${backend}></mpd-filing-form>`);
        const errors: CustomEvent[] = [];
        form.addEventListener('mpd-error', (event) => errors.push(event));
        await fillValid(form);
        await submit(form);
        await waitFor(() => errors.length === 1, 'the time limit');
        expect(errors[0]!.detail).to.deep.equal({ code: 'network.timeout', status: 0 });
        expect(text($(form, '#send-error'))).to.equal(
          'El servidor tardó demasiado en responder y no sabemos si recibió su solicitud. Sus datos y archivos siguen aquí; vuelva a intentarlo: si ya la había recibido, le mostraremos la misma constancia, sin registrarla dos veces.',
        );
        await waitFor(() => active(form) === $(form, '#send-error'), 'focus on the message');
        await submit(form);
        await waitFor(() => errors.length === 2, 'the second time limit');
        expect(keys).to.have.length(2);
        expect(keys[1], 'the retry keeps the key').to.equal(keys[0]);
      } finally {
        AbortSignal.timeout = original;
      }
    });

    it('sends on browsers without AbortSignal.any, AbortSignal.timeout or crypto.randomUUID (older Safari, plain http)', async () => {
      const config = agency('cenares');
      const signals: Array<AbortSignal | undefined> = [];
      class RecordingBackend extends FakeBackend {
        override async submitFiling(filing: FilingSubmission, key: string, signal?: AbortSignal): Promise<Receipt> {
          signals.push(signal);
          return super.submitFiling(filing, key);
        }
      }
      const backend = new RecordingBackend(config);
      const missing = <T>(body: () => T): T =>
        without(AbortSignal, 'any', () => without(AbortSignal, 'timeout', () => without(Crypto.prototype, 'randomUUID', body)));
      // Created without the APIs, so its field initializers (the idempotency key) run without them.
      const form = missing(() => document.createElement('mpd-filing-form'));
      expect(form).to.be.instanceOf(customElements.get('mpd-filing-form')!);
      form.config = config;
      form.backend = backend;
      document.body.append(form);
      try {
        await missing(async () => {
          await form.updateComplete;
          await fillValid(form);
          await submit(form);
          await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
        });
      } finally {
        form.remove();
      }
      expect(backend.calls).to.have.length(1);
      expect(backend.calls[0]!.key).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(signals[0]).to.be.instanceOf(AbortSignal);
      expect(signals[0]!.aborted).to.equal(false);
    });

    it('shows the server\'s field errors (422) inline and in the summary', async () => {
      const { form, backend } = await mount('cenares');
      await fillValid(form);
      backend.failNext(
        new BackendError(422, 'filing.invalid', 'La solicitud tiene errores', [
          { field: 'email', code: 'email.format' },
          { field: 'documentNumber', code: 'identity.dni.check' },
        ]),
      );
      await submit(form);
      await waitFor(() => Boolean($(form, '#error-summary')), 'the error summary');
      expect(active(form)).to.equal($(form, '#error-summary'));
      expect(summaryItems(form)).to.deep.equal([
        'El dígito de verificación no corresponde a este DNI. Revise el número.',
        'Escriba un correo electrónico válido, por ejemplo: nombre@correo.com',
      ]);
      expect(inlineError(form, 'email')).to.contain('Escriba un correo electrónico válido');
      expect($(form, '#f-email')!.getAttribute('aria-invalid')).to.equal('true');
      expect($<HTMLInputElement>(form, '#f-email')!.value).to.equal('juan.perez@example.pe');
      // the server refused the content and created nothing: the corrected draft gets a new key
      await submit(form);
      await waitFor(() => backend.calls.length === 2, 'the second submission');
      expect(backend.calls[1]!.key).not.to.equal(backend.calls[0]!.key);
    });

    it('waits for uploads in progress', async () => {
      const { form, backend } = await mount('cenares');
      await fillValid(form);
      await stubUploads(form, 'f-mainFile', [], {
        busy: true,
        files: [{ key: 'k', name: 'solicitud.pdf', size: 1, pages: 3, position: 1, status: 'uploading', progress: 0.4 }],
      });
      await submit(form);
      expect(summaryItems(form)).to.deep.equal(['Espere a que terminen de subir sus archivos']);
      expect($<Dropzone>(form, '#f-mainFile')!.error).to.equal('Espere a que terminen de subir sus archivos');
      expect(backend.calls).to.have.length(0);
      await stubUploads(form, 'f-mainFile', [mainUpload()]);
      expect($(form, '#error-summary'), 'cleared when the upload finishes').to.equal(null);
    });
  });

  describe('with the real dropzone (no upload server needed)', () => {
    it('will not send past a file the dropzone refused', async () => {
      const { form, backend } = await mount('cenares');
      await fillValid(form);
      const annexes = $<Dropzone>(form, '#f-annexes')!;
      annexes.retryDelays = [];
      await annexes.addFiles([await makeFile('fake', 'anexo.pdf')]);
      await waitFor(() => annexes.files[0]?.status === 'rejected', 'the refusal');
      await submit(form);
      expect(summaryItems(form)).to.deep.equal([
        'Quite los archivos que no se aceptaron (o cámbielos por otros) antes de enviar.',
      ]);
      expect(backend.calls).to.have.length(0);
    });

    it('prefills folios with the pages of the attached PDFs, and leaves a number the citizen typed', async () => {
      const { form } = await mount('inpe');
      const main = $<Dropzone>(form, '#f-mainFile')!;
      main.retryDelays = [];
      await main.addFiles([await makeFile('pdf', 'carta.pdf', { pages: 4 })]);
      const folios = $<HTMLInputElement>(form, '#f-folios')!;
      await waitFor(() => folios.value === '4', 'folios = 4 pages');
      expect(text($(form, '#f-folios-hint'))).to.contain('(4)');
      // the upload cannot finish (nothing listens): sending says so instead of dropping the file
      await waitFor(() => main.files[0]?.status === 'failed', 'the upload to fail');
      await fill(form, 'f-folios', '6');
      await submit(form);
      expect(summaryItems(form)).to.include('Uno de sus archivos no se pudo subir. Pulse «Reintentar» o quítelo antes de enviar.');
      expect(folios.value).to.equal('6');
      await fill(form, 'f-folios', 'seis');
      expect(inlineError(form, 'folios')).to.contain('número entero');
    });
  });

  describe('files the server no longer has (422 upload.*) on sending', () => {
    it('names each file to attach again, marks its row, and sends the new uploads with a new key', async function () {
      this.timeout(60000);
      const { origin } = await executeServerCommand<{ origin: string }, Record<string, never>>('start-backend', {});
      const config = agency('cenares');
      const backend = new FakeBackend(config);
      // Real uploads (tus, to the reference server); the filing's answer comes from the test.
      Object.defineProperty(backend, 'uploadEndpoint', { value: `${origin.replace(/\/$/, '')}/api/cenares/uploads/` });
      Object.defineProperty(backend, 'createUploadGrant', { value: () => executeServerCommand('upload-grant', { origin, agencyId: 'cenares' }) });
      const form = await fixture<FilingForm>(html`<mpd-filing-form .config=${config} .backend=${backend}></mpd-filing-form>`);
      await fillValid(form, { attach: false });
      const main = $<Dropzone>(form, '#f-mainFile')!;
      const annexes = $<Dropzone>(form, '#f-annexes')!;
      const mainFile = await makeFile('pdf', 'solicitud.pdf', { pages: 2 });
      await main.addFiles([mainFile]);
      await annexes.addFiles([await makeFile('pdf', 'anexo-a.pdf')]);
      await annexes.addFiles([await makeFile('pdf', 'anexo-b.pdf', { pages: 3 })]);
      const done = (zone: Dropzone) => zone.files.length > 0 && zone.files.every((file) => file.status === 'complete');
      await waitFor(() => done(main) && done(annexes), 'the uploads', 20000);
      // annex 1 removed: the one left is sent first but is "Anexo 2" for the citizen
      annexes.remove(annexes.files.find((file) => file.name === 'anexo-a.pdf')!.key);
      expect(annexes.uploads.map((upload) => [upload.name, upload.position])).to.deep.equal([['anexo-b.pdf', 2]]);

      backend.failNext(
        new BackendError(422, 'upload.notFound', 'Uno de los archivos no terminó de subirse.', [
          { field: 'mainFile', code: 'upload.notFound' },
          { field: 'annexes', code: 'upload.alreadyUsed', params: { position: 1 } },
        ]),
      );
      await submit(form);
      await waitFor(() => Boolean($(form, '#error-summary')), 'the error summary');
      const mainMessage = 'El documento principal ya no está en el servidor. Quítelo de la lista y vuelva a adjuntarlo.';
      const annexMessage = 'El anexo 2 ya se presentó con otra solicitud. Quítelo de la lista y vuelva a adjuntarlo para esta.';
      expect(summaryItems(form)).to.deep.equal([mainMessage, annexMessage]);
      expect(active(form)).to.equal($(form, '#error-summary'));
      // the rows say which file, in the citizen's words, and hold no position any more
      expect(main.files[0]).to.include({ name: 'solicitud.pdf', status: 'rejected', position: 0 });
      expect(main.files[0]!.error).to.deep.equal({ code: 'upload.notFound', message: mainMessage });
      expect(annexes.files[0]).to.include({ name: 'anexo-b.pdf', status: 'rejected', position: 0 });
      expect(annexes.files[0]!.error).to.deep.equal({ code: 'upload.alreadyUsed', message: annexMessage });
      expect(main.error).to.equal(mainMessage);
      await main.updateComplete;
      expect(text(main.shadowRoot!.querySelector('[part="file-status"]'))).to.equal(`Debe adjuntarlo de nuevo. ${mainMessage}`);

      // The citizen removes the annex: its error goes, the main document's keeps its words.
      annexes.remove(annexes.files[0]!.key);
      await form.updateComplete;
      expect(summaryItems(form)).to.deep.equal([mainMessage]);
      expect(annexes.error).to.equal('');
      // adds the same main document again: it uploads anew; the marked row still has to go
      await main.addFiles([mainFile]);
      await waitFor(() => main.files[1]?.status === 'complete', 'the new upload', 20000);
      await form.updateComplete;
      expect(main.error).to.equal(mainMessage);
      main.remove(main.files[0]!.key);
      await form.updateComplete;
      expect($(form, '#error-summary')).to.equal(null);
      expect(main.error).to.equal('');

      await submit(form);
      await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
      const [first, second] = backend.calls;
      expect(second!.key, 'nothing was filed: a new key').not.to.equal(first!.key);
      expect(second!.filing.attachments.main!.uploadId).not.to.equal(first!.filing.attachments.main!.uploadId);
      expect(second!.filing.attachments.annexes).to.deep.equal([]);
    });

    it('names several annexes at once, and each row its own', async function () {
      this.timeout(60000);
      const { origin } = await executeServerCommand<{ origin: string }, Record<string, never>>('start-backend', {});
      const config = agency('cenares');
      const backend = new FakeBackend(config);
      Object.defineProperty(backend, 'uploadEndpoint', { value: `${origin.replace(/\/$/, '')}/api/cenares/uploads/` });
      Object.defineProperty(backend, 'createUploadGrant', { value: () => executeServerCommand('upload-grant', { origin, agencyId: 'cenares' }) });
      const form = await fixture<FilingForm>(html`<mpd-filing-form .config=${config} .backend=${backend}></mpd-filing-form>`);
      await fillValid(form);
      const annexes = $<Dropzone>(form, '#f-annexes')!;
      await annexes.addFiles([await makeFile('pdf', 'anexo-a.pdf'), await makeFile('pdf', 'anexo-b.pdf', { pages: 2 })]);
      await waitFor(() => annexes.files.length === 2 && annexes.files.every((file) => file.status === 'complete'), 'uploads', 20000);
      backend.failNext(
        new BackendError(422, 'upload.notFound', 'Uno de los archivos no terminó de subirse.', [
          { field: 'annexes', code: 'upload.notFound', params: { position: 1 } },
          { field: 'annexes', code: 'upload.wrongSlot', params: { position: 2 } },
        ]),
      );
      await submit(form);
      await waitFor(() => Boolean($(form, '#error-summary')), 'the error summary');
      expect(summaryItems(form)).to.deep.equal([
        'Hay 2 anexos que debe adjuntar de nuevo; están marcados en la lista. Quítelos y vuelva a adjuntarlos.',
      ]);
      const byName = (name: string) => annexes.files.find((file) => file.name === name)!;
      expect(byName('anexo-a.pdf').error!.message).to.equal(
        'El anexo 1 ya no está en el servidor. Quítelo de la lista y vuelva a adjuntarlo.',
      );
      expect(byName('anexo-b.pdf').error!.message).to.equal(
        'El anexo 2 quedó guardado en otro lugar del formulario. Quítelo de la lista y vuelva a adjuntarlo.',
      );
      annexes.remove(byName('anexo-a.pdf').key);
      await form.updateComplete;
      expect(summaryItems(form), 'one left: its own words').to.deep.equal([
        'El anexo 2 quedó guardado en otro lugar del formulario. Quítelo de la lista y vuelva a adjuntarlo.',
      ]);
    });
  });

  describe('the confirmation', () => {
    it('shows the number, Lima dates, why the filing date differs, the files and the email; copies the number', async () => {
      const { form } = await mount('inpe', { now: () => FRIDAY_EVENING });
      await fillValid(form);
      await stubUploads(form, 'f-annexes', [{ uploadId: 'up-a1', name: 'anexo.pdf', size: 1000, pages: 1, position: 1 }]);
      const submitted: CustomEvent[] = [];
      form.addEventListener('mpd-submitted', (event) => submitted.push(event));
      await submit(form);
      const dialog = $<HTMLDialogElement>(form, 'dialog')!;
      await waitFor(() => dialog.open, 'the dialog');
      dialog.querySelector<HTMLButtonElement>('#confirm-ok')!.click();
      await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');

      const heading = $(form, '#done-title')!;
      expect(text(heading)).to.equal('Solicitud generada');
      expect(active(form), 'focus on the heading').to.equal(heading);
      expect(text($(form, '#request-number'))).to.equal('6-2026');
      expect(text($(form, '#received-at'))).to.equal('24/07/2026 18:00:00');
      expect(text($(form, '#deemed'))).to.contain('lunes 27 de julio de 2026');
      expect(text($(form, '#deemed-reason'))).to.equal(
        'Llegó después del horario de atención (lunes a viernes de 08:00 a 17:00).',
      );
      const files = $$(form, '#received-files li').map((li) => text(li));
      expect(files).to.have.length(2);
      expect(files[0]).to.match(/^Documento principal: solicitud\.pdf \(3 páginas, 117[.,]2 KB\)$/);
      expect(files[1]).to.contain('Anexo 1: anexo-1.pdf (1 página');
      expect(text($(form, '#notify-email'))).to.contain('juan.perez@example.pe');
      expect(submitted).to.have.length(1);
      expect(submitted[0]!.detail.receipt.requestNumber).to.equal('6-2026');

      let copied = '';
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: { writeText: async (value: string) => void (copied = value) },
      });
      try {
        await click(form, 'copy');
        await waitFor(() => copied === '6-2026', 'the number to be copied');
        await form.updateComplete;
        expect(text($(form, '.copy-status'))).to.equal('Número copiado');
        const region = $(form, '[role="status"][aria-live="polite"]')!;
        await waitFor(() => text(region) === 'Número copiado', 'the live region');
      } finally {
        delete (navigator as unknown as Record<string, unknown>).clipboard;
      }
    });

    it('gives the holiday as the reason when a filing arrives on one', async () => {
      const { form, backend } = await mount('cenares');
      backend.receiptOverrides = {
        receivedAt: '2026-07-28T15:00:00.000Z',
        receivedDate: '2026-07-28',
        deemedFiledDate: '2026-07-30',
        deemedFiledReason: 'non-business-day',
      };
      await fillValid(form);
      await submit(form);
      await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
      expect(text($(form, '#received-at'))).to.equal('28/07/2026 10:00:00');
      expect(text($(form, '#deemed'))).to.contain('jueves 30 de julio de 2026');
      expect(text($(form, '#deemed-reason'))).to.equal('El 28 de julio de 2026 es feriado: Fiestas Patrias.');
    });

    it('gives no reason when it counts from the day it arrived', async () => {
      const { form, backend } = await mount('cenares');
      backend.receiptOverrides = { deemedFiledDate: '2026-07-24', deemedFiledReason: 'same-day' };
      await fillValid(form);
      await submit(form);
      await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
      expect(text($(form, '#deemed'))).to.equal('viernes 24 de julio de 2026');
      expect($(form, '#deemed-reason')).to.equal(null);
    });

    it('"Presentar otra solicitud" starts an empty draft with a new idempotency key', async () => {
      const { form, backend } = await mount('cenares');
      await fillValid(form);
      await submit(form);
      await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
      await click(form, 'another');
      await form.updateComplete;
      expect($(form, '#done-title')).to.equal(null);
      expect(active(form)).to.equal($(form, '#form-title'));
      expect($<HTMLInputElement>(form, '#f-givenNames')!.value).to.equal('');
      expect($<HTMLInputElement>(form, '#f-consent-terminos')!.checked).to.equal(false);
      expect($<Dropzone>(form, '#f-mainFile')!.uploads, 'a fresh dropzone').to.deep.equal([]);
      await fillValid(form);
      await submit(form);
      await waitFor(() => backend.calls.length === 2, 'the second request');
      expect(backend.calls[1]!.key).not.to.equal(backend.calls[0]!.key);
    });
  });
});
