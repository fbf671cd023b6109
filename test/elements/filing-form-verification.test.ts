// <mpd-filing-form> with an agency that asks for the email code before sending (CENARES): the
// code step under the email, sending refused until the email is verified, the token sent with
// the filing, a changed email asking for a new code, and a token the server no longer takes.
import { expect, fixture, html } from '@open-wc/testing';
import { BackendError } from '../../src/api/types.ts';
import '../../src/define.ts';
import type { EmailVerification } from '../../src/elements/email-verification/email-verification.ts';
import type { FilingForm } from '../../src/elements/filing-form/filing-form.ts';
import { AccountBackend, RIGHT_CODE } from './account.fixtures.ts';
import { $, $$, FakeBackend, agency, fill, fillValid, submit, text, waitFor } from './filing-form.fixtures.ts';

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;

async function mount(backend: FakeBackend) {
  return fixture<FilingForm>(html`<mpd-filing-form .config=${agency('cenares')} .backend=${backend}></mpd-filing-form>`);
}

const verification = (form: FilingForm) => $<EmailVerification>(form, 'mpd-email-verification');

/** Asks for the code and types the right one, as the citizen does. */
async function verify(form: FilingForm): Promise<void> {
  const element = verification(form)!;
  await element.updateComplete;
  element.shadowRoot!.querySelector<HTMLButtonElement>('#send-code')!.click();
  await waitFor(() => Boolean(element.shadowRoot!.querySelector('#code')), 'the code field');
  const code = element.shadowRoot!.querySelector<HTMLInputElement>('#code')!;
  code.value = RIGHT_CODE;
  code.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await element.updateComplete;
  element.shadowRoot!.querySelector<HTMLButtonElement>('#confirm-code')!.click();
  await waitFor(() => Boolean(element.shadowRoot!.querySelector('#verified')), 'the verified mark');
  await form.updateComplete;
}

describe('<mpd-filing-form> with the email code (CENARES)', () => {
  it('shows the code step under the email only when the agency asks for it and the backend can send codes', async () => {
    expect(verification(await mount(new AccountBackend(agency('cenares'))))).to.not.equal(null);
    // A backend without codes (another document system) files without this step.
    expect(verification(await mount(new FakeBackend(agency('cenares'))))).to.equal(null);
  });

  it('does not send until the email is verified, and names the step in the error summary', async () => {
    const backend = new AccountBackend(agency('cenares'));
    const form = await mount(backend);
    await fillValid(form);
    await submit(form);
    await waitFor(() => Boolean($(form, '#error-summary')), 'the summary');
    expect($$(form, '#error-summary a').map((a) => text(a))).to.deep.equal([
      'Valide su correo electrónico: pida el código de validación y escríbalo',
    ]);
    expect(backend.calls).to.have.length(0);
  });

  it('sends the token with the filing once the code is right', async () => {
    const backend = new AccountBackend(agency('cenares'));
    const form = await mount(backend);
    await fillValid(form);
    await verify(form);
    expect(backend.callsOf('requestVerificationCode').map((args) => args[0])).to.deep.equal(['juan.perez@example.pe']);
    await submit(form);
    await waitFor(() => backend.calls.length === 1, 'the filing');
    expect(backend.calls[0]!.filing.verificationToken).to.equal('token-for-juan.perez@example.pe');
  });

  it('a changed email needs a new code: the old token is not sent', async () => {
    const backend = new AccountBackend(agency('cenares'));
    const form = await mount(backend);
    await fillValid(form);
    await verify(form);
    await fill(form, 'f-email', 'otro.correo@example.pe');
    await waitFor(() => verification(form)!.value === '', 'the verification cleared');
    await submit(form);
    await waitFor(() => Boolean($(form, '#error-summary')), 'the summary');
    expect(backend.calls).to.have.length(0);
  });

  it('a token the server no longer takes: the step asks for a new code and the typed data stays', async () => {
    const backend = new AccountBackend(agency('cenares'));
    backend.failNext(
      new BackendError(422, 'filing.invalid', 'Valide su correo electrónico.', [{ field: 'email', code: 'verification.invalid' }]),
    );
    const form = await mount(backend);
    await fillValid(form);
    await verify(form);
    await submit(form);
    await waitFor(() => Boolean($(form, '#error-summary')), 'the summary');
    expect(text($(form, '#error-summary'))).to.contain('venció o ya se usó');
    expect(verification(form)!.value).to.equal('');
    expect($<HTMLInputElement>(form, '#f-subject')!.value).to.equal('Solicito copia de mi expediente.');
  });
});
