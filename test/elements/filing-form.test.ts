// <mpd-filing-form> in real Chromium, with each of the four real agency configs: what the citizen
// sees for each agency, validation as GOV.UK does it, the error summary, office hours, sending
// once, failures that lose nothing, and the confirmation. The backend is an in-test DeskBackend
// (see filing-form.fixtures.ts for the attachments seam).
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { BackendError } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import '../../src/define.ts';
import type { Dropzone } from '../../src/elements/dropzone/dropzone.ts';
import type { FilingForm } from '../../src/elements/filing-form/filing-form.ts';
import { limaInstant } from '../../src/domain/calendar.ts';
import {
  $,
  $$,
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
  unreachable,
  waitFor,
  type AgencyName,
} from './filing-form.fixtures.ts';

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;

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

const options = (form: FilingForm, id: string) => $$<HTMLOptionElement>(form, `#${id} option`).map((o) => text(o));
const inlineError = (form: FilingForm, field: string) => text($(form, `#f-${field}-error`));
const summaryItems = (form: FilingForm) => $$(form, '#error-summary li').map((li) => text(li));
const active = (form: FilingForm) => root(form).activeElement;

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

    it('labels every control, and points aria-describedby at its hint', async () => {
      const { form } = await mount('inpe');
      for (const control of $$<HTMLInputElement>(form, 'input:not([type="radio"]), select, textarea')) {
        expect($(form, `label[for="${control.id}"]`), `label for #${control.id}`).to.exist;
      }
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
