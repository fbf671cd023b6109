// <mpd-filing-form>'s DNI and RUC look-ups in real Chromium: names filled after a valid DNI (on
// leaving the field and on Enter), the razón social after a valid RUC ("Validar RUC"), the
// citizen's own edits kept, failures and slowness leaving manual entry as it was, an inactive RUC
// warned about but not blocked; and once against the reference backend and its demo padrón.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { HttpDeskBackend } from '../../src/api/client.ts';
import { BackendError } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import '../../src/define.ts';
import type { FilingForm } from '../../src/elements/filing-form/filing-form.ts';
import {
  $,
  FakeBackend,
  LookupBackend,
  agency,
  click,
  fill,
  fillValid,
  leave,
  submit,
  text,
  typeInto,
  waitFor,
  type AgencyName,
} from './filing-form.fixtures.ts';

type MochaContext = { timeout(ms: number): void };
declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: (this: MochaContext) => void | Promise<void>): void;

async function mount(name: AgencyName, backend?: FakeBackend, config: AgencyConfig = agency(name)) {
  const used = backend ?? new LookupBackend(config);
  const form = await fixture<FilingForm>(html`<mpd-filing-form .config=${config} .backend=${used}></mpd-filing-form>`);
  return { form, backend: used as LookupBackend, config };
}

const value = (form: FilingForm, id: string) => $<HTMLInputElement>(form, `#${id}`)!.value;
const live = (form: FilingForm) => text($(form, '[role="status"][aria-live="polite"]'));
const status = (form: FilingForm, id: string) => text($(form, `#${id}`));

async function pressEnter(form: FilingForm, id: string): Promise<KeyboardEvent> {
  const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true });
  $<HTMLInputElement>(form, `#${id}`)!.dispatchEvent(event);
  await form.updateComplete;
  return event;
}

async function settle(form: FilingForm, what: string, predicate: () => boolean): Promise<void> {
  await waitFor(predicate, what);
  await form.updateComplete;
}

async function asJuridica(form: FilingForm): Promise<void> {
  $<HTMLInputElement>(form, 'input[name="personKind"][value="juridica"]')!.click();
  await form.updateComplete;
}

describe('DNI look-up (CENARES: lookups.dni)', () => {
  it('fills Nombres and Apellidos on leaving a valid DNI, says so in the polite live region, and asks once', async () => {
    const { form, backend } = await mount('cenares');
    await fill(form, 'f-documentNumber', '10117410-2');
    expect(status(form, 'f-documentNumber-lookup')).to.contain('Consultando sus datos en RENIEC');
    await settle(form, 'the names', () => value(form, 'f-givenNames') === 'JUAN');
    expect(value(form, 'f-surnames')).to.equal('PÉREZ PÉREZ');
    expect(status(form, 'f-documentNumber-lookup')).to.contain('Completamos sus nombres y apellidos');
    expect($(form, '#f-documentNumber')!.getAttribute('aria-describedby')).to.contain('f-documentNumber-lookup');
    await waitFor(() => live(form).includes('Completamos sus nombres y apellidos con los datos de RENIEC'), 'the announcement');
    await leave(form, 'f-documentNumber');
    expect(backend.lookups).to.deep.equal([{ kind: 'person', number: '10117410' }]);
  });

  it('looks up on Enter without sending the form', async () => {
    const { form, backend } = await mount('cenares');
    await typeInto(form, 'f-documentNumber', '45678912');
    const enter = await pressEnter(form, 'f-documentNumber');
    expect(enter.defaultPrevented, 'Enter does not submit').to.equal(true);
    await settle(form, 'the names', () => value(form, 'f-givenNames') === 'ROSA MARÍA');
    expect(value(form, 'f-surnames')).to.equal('QUISPE MAMANI');
    expect(backend.calls).to.have.length(0);
    expect($(form, '#error-summary')).to.equal(null);
  });

  it('does not ask for an invalid DNI, and shows its error instead', async () => {
    const { form, backend } = await mount('cenares');
    await fill(form, 'f-documentNumber', '10117410-5');
    expect(backend.lookups).to.have.length(0);
    expect(text($(form, '#f-documentNumber-error'))).to.not.equal('');
    expect($(form, '#f-documentNumber-lookup')).to.equal(null);
  });

  it("keeps the citizen's corrections to the names, until the DNI changes", async () => {
    const { form, backend } = await mount('cenares');
    await fill(form, 'f-documentNumber', '10117410');
    await settle(form, 'the names', () => value(form, 'f-givenNames') === 'JUAN');
    await fill(form, 'f-givenNames', 'Juan Carlos');
    await fill(form, 'f-documentNumber', '10117410');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(value(form, 'f-givenNames')).to.equal('Juan Carlos');
    expect(backend.lookups).to.have.length(1);
    await fill(form, 'f-documentNumber', '45678912');
    await settle(form, "the new person's names", () => value(form, 'f-givenNames') === 'ROSA MARÍA');
    expect(value(form, 'f-surnames')).to.equal('QUISPE MAMANI');
  });

  it('leaves names typed before the look-up as they are, and fills only an empty one', async () => {
    const { form } = await mount('cenares');
    await fill(form, 'f-givenNames', 'Juanito');
    await fill(form, 'f-documentNumber', '10117410');
    await settle(form, 'the surnames', () => value(form, 'f-surnames') === 'PÉREZ PÉREZ');
    expect(value(form, 'f-givenNames')).to.equal('Juanito');
  });

  it('when RENIEC fails: a plain message, the names stay empty and editable, and the request is sent', async () => {
    const { form, backend } = await mount('cenares');
    backend.lookupFailure = new BackendError(503, 'lookup.unavailable', 'La consulta no está disponible');
    await fill(form, 'f-documentNumber', '10117410');
    await settle(form, 'the failure message', () => status(form, 'f-documentNumber-lookup').includes('No pudimos obtener sus datos de RENIEC. Escríbalos.'));
    await waitFor(() => live(form).includes('No pudimos obtener sus datos de RENIEC'), 'the announcement');
    expect(value(form, 'f-givenNames')).to.equal('');
    await fillValid(form);
    await submit(form);
    await waitFor(() => backend.calls.length === 1, 'the submission');
    expect(backend.calls[0]!.filing.applicant.givenNames).to.equal('Juan');
  });

  it('past the look-up limit (429 lookup.tooMany): asks the citizen to type, does not ask that number again, and the request is sent', async () => {
    const { form, backend } = await mount('cenares');
    backend.lookupFailure = new BackendError(429, 'lookup.tooMany', 'Se hicieron muchas consultas desde su conexión.');
    await fill(form, 'f-documentNumber', '10117410');
    const limited = 'Se hicieron muchas consultas y por ahora no podemos consultar RENIEC. Escriba sus nombres y apellidos.';
    await settle(form, 'the limit message', () => status(form, 'f-documentNumber-lookup').includes(limited));
    await waitFor(() => live(form).includes('por ahora no podemos consultar RENIEC'), 'the announcement');
    expect(value(form, 'f-givenNames')).to.equal('');
    await leave(form, 'f-documentNumber');
    await pressEnter(form, 'f-documentNumber');
    expect(backend.lookups, 'the refused number is not asked again').to.have.length(1);
    await fillValid(form);
    await submit(form);
    await waitFor(() => backend.calls.length === 1, 'the submission');
    expect(backend.calls[0]!.filing.applicant.givenNames).to.equal('Juan');

    const other = await mount('cenares');
    other.backend.lookupFailure = new BackendError(429, 'lookup.tooMany', 'Se hicieron muchas consultas desde su conexión.');
    await asJuridica(other.form);
    await fill(other.form, 'f-ruc', '20538298485');
    await settle(other.form, 'the RUC limit message', () => status(other.form, 'f-ruc-lookup').includes('por ahora no podemos consultar SUNAT. Escriba la razón social.'));
  });

  it('when RENIEC does not know the DNI: says so and lets the citizen type', async () => {
    const { form } = await mount('cenares');
    await fill(form, 'f-documentNumber', '70123456');
    await settle(form, 'the message', () => status(form, 'f-documentNumber-lookup').includes('No encontramos ese DNI en RENIEC'));
    expect(value(form, 'f-givenNames')).to.equal('');
  });

  it('when RENIEC is slow: gives up after 5 seconds with the same plain message', async function () {
    this.timeout(15000);
    const { form, backend } = await mount('cenares');
    backend.lookupFailure = 'hang';
    await fill(form, 'f-documentNumber', '10117410');
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(status(form, 'f-documentNumber-lookup')).to.contain('Consultando');
    await fill(form, 'f-givenNames', 'Juan');
    await settle(form, 'the failure message', () => status(form, 'f-documentNumber-lookup').includes('No pudimos obtener sus datos de RENIEC'));
    expect(value(form, 'f-givenNames')).to.equal('Juan');
  });

  it('a backend without look-ups shows no look-up at all; an agency with lookups.dni off never asks', async () => {
    const plain = await mount('cenares', new FakeBackend(agency('cenares')));
    await fill(plain.form, 'f-documentNumber', '10117410');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await plain.form.updateComplete;
    expect($(plain.form, '#f-documentNumber-lookup')).to.equal(null);
    expect(value(plain.form, 'f-givenNames')).to.equal('');
    await asJuridica(plain.form);
    expect($(plain.form, '#f-ruc')).to.not.equal(null);
    expect($(plain.form, '#f-ruc-validate')).to.equal(null);

    const inpe = await mount('inpe');
    await fill(inpe.form, 'f-documentNumber', '10117410');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(inpe.backend.lookups).to.have.length(0);
    expect($(inpe.form, '#f-documentNumber-lookup')).to.equal(null);
  });
});

describe('RUC look-up (lookups.ruc, persona jurídica)', () => {
  it('"Validar RUC" fills the razón social and shows SUNAT\'s state', async () => {
    const { form, backend } = await mount('inpe');
    await asJuridica(form);
    await typeInto(form, 'f-ruc', '20538298485');
    await click(form, 'f-ruc-validate');
    await settle(form, 'the razón social', () => value(form, 'f-organizationName') === 'CENARES');
    expect(status(form, 'f-ruc-lookup')).to.contain('Estado: ACTIVO. Condición: HABIDO.');
    expect($(form, '#f-ruc-warning')).to.equal(null);
    expect(backend.lookups).to.deep.equal([{ kind: 'organization', number: '20538298485' }]);
  });

  it('on leaving the field and on Enter too; an invalid RUC gets its error, not a look-up', async () => {
    const { form, backend } = await mount('cenares');
    await asJuridica(form);
    await typeInto(form, 'f-ruc', '20538298484');
    await click(form, 'f-ruc-validate');
    expect(text($(form, '#f-ruc-error'))).to.not.equal('');
    expect(backend.lookups).to.have.length(0);
    await typeInto(form, 'f-ruc', '20538298485');
    const enter = await pressEnter(form, 'f-ruc');
    expect(enter.defaultPrevented).to.equal(true);
    await settle(form, 'the razón social', () => value(form, 'f-organizationName') === 'CENARES');
    await typeInto(form, 'f-ruc', '20607654329');
    await leave(form, 'f-ruc');
    await settle(form, 'the new razón social', () => value(form, 'f-organizationName') === 'COMERCIAL EJEMPLO CERRADA E.I.R.L.');
  });

  it('a RUC that is not ACTIVO gets a warning in words and an icon, and the request is still sent', async () => {
    const { form, backend } = await mount('cenares');
    await asJuridica(form);
    await fill(form, 'f-ruc', '20607654329');
    await settle(form, 'the warning', () => $(form, '#f-ruc-warning') !== null);
    const warning = $(form, '#f-ruc-warning')!;
    expect(text(warning)).to.contain('Atención: SUNAT registra este RUC con estado BAJA DE OFICIO');
    expect(warning.querySelector('[aria-hidden="true"]')!.textContent).to.contain('⚠');
    expect($(form, '#f-ruc')!.getAttribute('aria-describedby')).to.contain('f-ruc-warning');
    await waitFor(() => live(form).includes('BAJA DE OFICIO'), 'the announcement');
    await fillValid(form);
    await submit(form);
    await waitFor(() => backend.calls.length === 1, 'the submission');
    expect(backend.calls[0]!.filing.organization).to.deep.equal({ ruc: '20607654329', name: 'COMERCIAL EJEMPLO CERRADA E.I.R.L.' });
  });

  it('when SUNAT fails: a plain message and the razón social is typed by hand', async () => {
    const { form, backend } = await mount('cenares');
    backend.lookupFailure = new BackendError(0, 'network.unreachable', 'Failed to fetch');
    await asJuridica(form);
    await fill(form, 'f-ruc', '20538298485');
    await settle(form, 'the message', () => status(form, 'f-ruc-lookup').includes('No pudimos obtener la razón social de SUNAT. Escríbala.'));
    await fill(form, 'f-organizationName', 'Mi empresa S.A.C.');
    expect(value(form, 'f-organizationName')).to.equal('Mi empresa S.A.C.');
  });
});

describe('look-ups against the reference backend', () => {
  it("fills JUAN PÉREZ PÉREZ from the demo padrón and CENARES's razón social from its RUC", async function () {
    this.timeout(30000);
    const { origin } = await executeServerCommand<{ origin: string }, Record<string, never>>('start-backend', {});
    const config = agency('cenares');
    const backend = new HttpDeskBackend(`${origin.replace(/\/$/, '')}/api/cenares`);
    const form = await fixture<FilingForm>(html`<mpd-filing-form .config=${config} .backend=${backend}></mpd-filing-form>`);
    await fill(form, 'f-documentNumber', '10117410');
    await settle(form, 'the names', () => value(form, 'f-givenNames') === 'JUAN');
    expect(value(form, 'f-surnames')).to.equal('PÉREZ PÉREZ');
    await asJuridica(form);
    await fill(form, 'f-ruc', '20538298485');
    await settle(form, 'the razón social', () => value(form, 'f-organizationName').startsWith('CENTRO NACIONAL DE ABASTECIMIENTO'));
    await fill(form, 'f-documentNumber', '12345678');
    await settle(form, 'not found', () => status(form, 'f-documentNumber-lookup').includes('No encontramos ese DNI en RENIEC'));
    // The earlier look-up's names belonged to another DNI: they are not left behind.
    expect(value(form, 'f-givenNames')).to.equal('');
  });
});
