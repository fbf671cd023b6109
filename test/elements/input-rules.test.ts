// Issue 11 in real Chromium: the form says what is wrong with an email address (one address,
// exactly), with a RUC of a natural person given for a persona jurídica, and with invisible marks
// in a name; <mpd-email-verification> sends no code to an address a relay would split.
import { expect, fixture, html } from '@open-wc/testing';
import type { AgencyConfig } from '../../src/config/schema.ts';
import '../../src/define.ts';
import type { EmailVerification } from '../../src/elements/email-verification/email-verification.ts';
import type { FilingForm } from '../../src/elements/filing-form/filing-form.ts';
import { AccountBackend } from './account.fixtures.ts';
import { $, FakeBackend, agency, click, fill, text, typeInto, waitFor, type AgencyName } from './filing-form.fixtures.ts';

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;

async function mount(name: AgencyName): Promise<FilingForm> {
  const config: AgencyConfig = agency(name);
  return fixture<FilingForm>(html`<mpd-filing-form .config=${config} .backend=${new FakeBackend(config)}></mpd-filing-form>`);
}

const inlineError = (form: FilingForm, field: string) => text($(form, `#f-${field}-error`));

describe('input rules in the filing form', () => {
  it('says what is wrong with an email address a relay would split or refuse', async () => {
    const form = await mount('sis');
    for (const [typed, message] of [
      ['rosa,quispe@gmail.com', 'Escriba un solo correo electrónico, sin comas ni punto y coma'],
      ['rosa;x@gmail.com', 'Escriba un solo correo electrónico, sin comas ni punto y coma'],
      ['rosa@gmail..com', 'no puede tener dos puntos seguidos'],
      ['rosa@gmail.com.', 'ni empezar o terminar con un punto'],
      ['"rosa"@gmail.com', 'no puede tener comillas'],
      ['rosa quispe@gmail.com', 'no puede tener espacios'],
    ]) {
      await fill(form, 'f-email', typed!);
      expect(inlineError(form, 'email'), typed).to.contain(message);
    }
    await fill(form, 'f-email', 'rosa@perú.pe');
    expect($(form, '#f-email-error'), 'an internationalised domain is fine').to.equal(null);
  });

  it('refuses a natural person\'s RUC (prefix 10) for a persona jurídica, saying why', async () => {
    const form = await mount('cenares');
    await click(form, 'f-personKind-1');
    await typeInto(form, 'f-ruc', '10101174102');
    expect(inlineError(form, 'ruc')).to.contain('Este RUC empieza con 10: es de una persona natural');
    expect($(form, '#f-ruc-ok')).to.equal(null);
    await typeInto(form, 'f-ruc', '20538298485');
    expect($(form, '#f-ruc-error')).to.equal(null);
  });

  it('refuses invisible marks and control characters in a name, naming the field', async () => {
    const form = await mount('sis');
    await fill(form, 'f-givenNames', 'Rosa\u202E María');
    expect(inlineError(form, 'givenNames')).to.contain('tiene caracteres invisibles o de control');
    await fill(form, 'f-givenNames', 'Rosa María');
    expect($(form, '#f-givenNames-error')).to.equal(null);
  });
});

describe('<mpd-email-verification> and the address rule', () => {
  it('sends no code to an address with a separator, and says why', async () => {
    const backend = new AccountBackend(agency('cenares'));
    const element = await fixture<EmailVerification>(html`<mpd-email-verification .email=${'rosa;x@gmail.com'} .backend=${backend}></mpd-email-verification>`);
    $<HTMLButtonElement>(element, '#send-code')!.click();
    await waitFor(() => !element.busy && $(element, '#code-message') !== null, 'the message');
    expect(text($(element, '#code-message'))).to.contain('Escriba un solo correo electrónico, sin comas ni punto y coma');
    expect(backend.callsOf('requestVerificationCode')).to.have.length(0);
  });
});
