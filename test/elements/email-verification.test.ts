// <mpd-email-verification> in real Chromium with an in-test backend (test/elements/account.fixtures.ts):
// CENARES's "Código de validación", every way it fails, and its binding to the host's email.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { HttpDeskBackend } from '../../src/api/client.ts';
import { BackendError } from '../../src/api/types.ts';
import type { EmailVerificationClearedDetail, EmailVerifiedDetail } from '../../src/elements/email-verification/email-verification.ts';
import { EmailVerification } from '../../src/elements/email-verification/email-verification.ts';
import { defineElement } from '../../src/internal/define.ts';
import { $, AccountBackend, EMAIL, RIGHT_CODE, agency, text, typeInto, waitFor } from './account.fixtures.ts';

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: (this: { timeout(ms: number): void }) => void | Promise<void>): void;
declare function before(body: (this: { timeout(ms: number): void }) => void | Promise<void>): void;

defineElement(EmailVerification);

async function mount(backend = new AccountBackend(agency('cenares')), email = EMAIL): Promise<EmailVerification> {
  const element = await fixture<EmailVerification>(html`<mpd-email-verification .email=${email} .backend=${backend}></mpd-email-verification>`);
  await element.updateComplete;
  return element;
}

const live = (element: EmailVerification) => text($(element, '[part="live-region"]'));

/** Clicks `id` and waits until the element is no longer busy with what it started. */
async function press(element: EmailVerification, id: string): Promise<void> {
  $<HTMLButtonElement>(element, `#${id}`)!.click();
  await waitFor(() => !element.busy, `${id} to settle`, 20000);
  await element.updateComplete;
}

const send = (element: EmailVerification) => press(element, 'send-code');

async function confirmCode(element: EmailVerification, code: string): Promise<void> {
  await typeInto(element, 'code', code);
  await press(element, 'confirm-code');
}

describe('<mpd-email-verification>', () => {
  it('sends a code, says so, moves focus to a one-time-code field and counts down before another', async () => {
    const backend = new AccountBackend(agency('cenares'));
    const element = await mount(backend);
    element.captcha = () => Promise.resolve('captcha-answer');
    expect(text($(element, '#send-code'))).to.equal('Enviar código de validación');
    expect(element.value).to.equal('');
    await send(element);
    expect(backend.callsOf('requestVerificationCode')).to.deep.equal([[EMAIL, { captcha: 'captcha-answer' }]]);
    const input = $<HTMLInputElement>(element, '#code')!;
    expect(input.getAttribute('inputmode')).to.equal('numeric');
    expect(input.getAttribute('autocomplete')).to.equal('one-time-code');
    expect(element.shadowRoot!.activeElement?.id).to.equal('code');
    expect(text($(element, '#code-sent'))).to.contain(`Enviamos un código de 6 dígitos a ${EMAIL}`);
    await waitFor(() => live(element).includes('Enviamos un código'), 'the announcement');
    expect(text($(element, '#send-code'))).to.equal('Enviar otro código');
    expect($<HTMLButtonElement>(element, '#send-code')!.disabled).to.equal(true);
    expect(text($(element, '#send-wait'))).to.match(/^Podrá pedir otro código en (59|60) segundos\.$/);
  });

  it('refuses a wrong code with the attempts left, keeps it typed, and verifies the right one', async () => {
    const backend = new AccountBackend(agency('cenares'));
    const element = await mount(backend);
    const verified: EmailVerifiedDetail[] = [];
    element.addEventListener('mpd-email-verified', (event) => verified.push(event.detail));
    await send(element);
    await confirmCode(element, '111111');
    expect(text($(element, '#code-error'))).to.equal('Error: El código no es correcto. Le quedan 2 intentos.');
    expect($<HTMLInputElement>(element, '#code')!.value).to.equal('111111');
    expect($(element, '#code')!.getAttribute('aria-invalid')).to.equal('true');
    await confirmCode(element, 'abc');
    expect(text($(element, '#code-error'))).to.equal('Error: El código tiene 6 dígitos. Escríbalo sin espacios ni guiones.');
    expect(backend.callsOf('confirmVerificationCode')).to.have.length(1);
    await confirmCode(element, RIGHT_CODE);
    expect(verified).to.have.length(1);
    expect(verified[0]!.token).to.equal(`token-for-${EMAIL}`);
    expect(verified[0]!.email).to.equal(EMAIL);
    expect(element.value).to.equal(`token-for-${EMAIL}`);
    expect(text($(element, '#verified'))).to.equal(`✓ Correo validado: ${EMAIL}`);
    expect($(element, '.verified__icon')!.getAttribute('aria-hidden')).to.equal('true');
    await waitFor(() => live(element).includes('quedó validado'), 'the announcement');
  });

  it('asks for a new code when the code expired or was mistyped too many times', async () => {
    const backend = new AccountBackend(agency('cenares'));
    backend.resendAfterSeconds = 0;
    const element = await mount(backend);
    await send(element);
    backend.failNextCall('confirmVerificationCode', new BackendError(410, 'verification.expired', 'vencido'));
    await confirmCode(element, RIGHT_CODE);
    expect(text($(element, '#code-error'))).to.equal('Error: El código venció. Solicite un nuevo código.');
    backend.failNextCall('confirmVerificationCode', new BackendError(429, 'verification.tooManyAttempts', 'demasiados'));
    await confirmCode(element, RIGHT_CODE);
    expect(text($(element, '#code-error'))).to.equal('Error: Escribió un código incorrecto demasiadas veces. Solicite un nuevo código.');
    expect($<HTMLButtonElement>(element, '#send-code')!.disabled).to.equal(false);
    await send(element);
    expect(backend.callsOf('requestVerificationCode')).to.have.length(2);
    expect($(element, '#code-error')).to.equal(null);
  });

  it('explains a code asked too soon (with the countdown), too many per hour, a captcha refused and a server down', async () => {
    const backend = new AccountBackend(agency('cenares'));
    const element = await mount(backend);
    const resendAfter = new Date(Date.now() + 30_000).toISOString();
    backend.failNextCall('requestVerificationCode', new BackendError(429, 'verification.tooSoon', 'pronto', [], undefined, { resendAfter }));
    await send(element);
    expect(text($(element, '#code-message'))).to.equal('Ya le enviamos un código hace poco.');
    expect(text($(element, '#send-wait'))).to.match(/^Podrá pedir otro código en (29|30) segundos\.$/);
    expect($<HTMLButtonElement>(element, '#send-code')!.disabled).to.equal(true);

    const cases: Array<[BackendError, string]> = [
      [new BackendError(429, 'verification.tooMany', 'muchos'), 'Pidió demasiados códigos en la última hora'],
      [new BackendError(403, 'captcha.invalid', 'captcha'), 'Complete la verificación de seguridad e inténtelo de nuevo.'],
      [new BackendError(0, 'network.unreachable', 'sin red'), 'No pudimos comunicarnos con la mesa de partes. Sus datos siguen aquí'],
      [new BackendError(500, 'server.error', 'error'), 'La mesa de partes no pudo responder en este momento.'],
    ];
    for (const [error, message] of cases) {
      const fresh = await mount(backend);
      backend.failNextCall('requestVerificationCode', error);
      await send(fresh);
      expect(text($(fresh, '#code-message'))).to.contain(message);
      expect($(fresh, '#code-message')!.getAttribute('role')).to.equal('alert');
      expect(fresh.email).to.equal(EMAIL);
      expect($<HTMLButtonElement>(fresh, '#send-code')!.disabled).to.equal(false);
    }
  });

  it('does not ask for a code without a valid email', async () => {
    const backend = new AccountBackend(agency('cenares'));
    const element = await mount(backend, '');
    await send(element);
    expect(text($(element, '#code-message'))).to.equal('Escriba su correo electrónico antes de pedir el código.');
    element.email = 'ana@';
    await element.updateComplete;
    await send(element);
    expect(text($(element, '#code-message'))).to.contain('lleva una sola @ entre el nombre y el dominio');
    expect(element.email).to.equal('ana@');
    expect(backend.callsOf('requestVerificationCode')).to.have.length(0);
  });

  it('clears the verification when the host changes the email, and says so', async () => {
    const backend = new AccountBackend(agency('cenares'));
    backend.resendAfterSeconds = 0;
    const element = await mount(backend);
    const cleared: EmailVerificationClearedDetail[] = [];
    element.addEventListener('mpd-email-verification-cleared', (event) => cleared.push(event.detail));
    await send(element);
    await confirmCode(element, RIGHT_CODE);
    expect(element.value).not.to.equal('');
    element.email = ` ${EMAIL.toUpperCase()} `; // the same address, written differently: still verified
    await element.updateComplete;
    expect(element.value).not.to.equal('');
    element.email = 'otra@example.pe';
    await element.updateComplete;
    expect(element.value).to.equal('');
    expect(element.verified).to.equal(undefined);
    expect(cleared).to.deep.equal([{ email: EMAIL, reason: 'email-changed' }]);
    expect($(element, '#verified')).to.equal(null);
    expect(text($(element, '#send-code'))).to.equal('Enviar código de validación');
    await waitFor(() => live(element).includes('Cambió el correo electrónico'), 'the announcement');

    // The host's filing was refused for the token: the host says so, the element asks again.
    element.email = EMAIL;
    await element.updateComplete;
    await send(element);
    await confirmCode(element, RIGHT_CODE);
    expect(element.value).not.to.equal('');
    element.expire();
    await element.updateComplete;
    expect(element.value).to.equal('');
    expect(cleared[1]).to.deep.equal({ email: EMAIL, reason: 'expired' });
  });

  it('forgets a code sent to an address the host then changed', async () => {
    const backend = new AccountBackend(agency('cenares'));
    backend.resendAfterSeconds = 0;
    const element = await mount(backend);
    await send(element);
    expect($(element, '#code')).to.exist;
    element.email = 'otra@example.pe';
    await element.updateComplete;
    expect($(element, '#code')).to.equal(null);
  });

  it('checks the code on Enter without sending the host form', async function (this: { timeout(ms: number): void }) {
    this.timeout(30000);
    const backend = new AccountBackend(agency('cenares'));
    let submitted = 0;
    const form = await fixture<HTMLFormElement>(html`<form @submit=${(event: Event) => {
      event.preventDefault();
      submitted++;
    }}><mpd-email-verification .email=${EMAIL} .backend=${backend}></mpd-email-verification><button>Enviar</button></form>`);
    const element = form.querySelector('mpd-email-verification')!;
    await element.updateComplete;
    await send(element);
    await waitFor(() => Boolean($(element, '#code')), 'the code field', 20000);
    await typeInto(element, 'code', RIGHT_CODE);
    const input = $<HTMLInputElement>(element, '#code')!;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
    await waitFor(() => element.value !== '', 'the verification', 20000);
    expect(submitted).to.equal(0);
  });
});

describe('<mpd-email-verification> with the reference backend', () => {
  type MochaContext = { timeout(ms: number): void };
  const ADDRESS = 'verifica@example.pe';
  let origin = '';

  before(async function (this: MochaContext) {
    this.timeout(60000);
    origin = (await executeServerCommand<{ origin: string }, Record<string, never>>('start-backend', {})).origin.replace(/\/$/, '');
  });

  const captcha = async () =>
    (await executeServerCommand<{ answer: string }, { origin: string; agencyId: string; place: string }>('captcha-answer', { origin, agencyId: 'cenares', place: 'verification' })).answer;

  it('gets the mailed code, refuses another code too soon, refuses a wrong code and verifies the right one', async function (this: MochaContext) {
    this.timeout(30000);
    const backend = new HttpDeskBackend(`${origin}/api/cenares`);
    const element = await fixture<EmailVerification>(html`<mpd-email-verification .email=${ADDRESS} .backend=${backend} .captcha=${captcha}></mpd-email-verification>`);
    await send(element);
    expect($(element, '#code-message')).to.equal(null);

    // A second element (a reload) for the same address asks again at once: the server refuses,
    // and the first code stays the one in force.
    const again = await fixture<EmailVerification>(html`<mpd-email-verification .email=${ADDRESS} .backend=${backend} .captcha=${captcha}></mpd-email-verification>`);
    await send(again);
    expect(text($(again, '#code-message'))).to.equal('Ya le enviamos un código hace poco.');
    expect(again.email).to.equal(ADDRESS);

    const { code } = await executeServerCommand<{ code: string }, { origin: string; agencyId: string; email: string }>('read-last-code', { origin, agencyId: 'cenares', email: ADDRESS });
    await confirmCode(element, code === '000000' ? '111111' : '000000');
    expect(text($(element, '#code-error'))).to.match(/El código no es correcto\. Le quedan? \d+ intentos?\./);
    await confirmCode(element, code);
    expect(element.value).not.to.equal('');
    expect(element.verified!.email).to.equal(ADDRESS);
  });
});
