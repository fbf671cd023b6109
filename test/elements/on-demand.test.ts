// Elements loaded on demand (`autoload`, what the CDN build runs): the filing form fetches
// `<mpd-email-verification>` only for an agency that asks for the email code, and has it defined
// before the form renders it.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/autoload.ts';
import type { FilingForm } from '../../src/elements/filing-form/filing-form.ts';
import { AccountBackend } from './account.fixtures.ts';
import { $, agency, waitFor } from './filing-form.fixtures.ts';

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;

async function form(name: 'sis' | 'cenares'): Promise<FilingForm> {
  const config = agency(name);
  const element = await fixture<FilingForm>(html`<mpd-filing-form .config=${config} .backend=${new AccountBackend(config)}></mpd-filing-form>`);
  await customElements.whenDefined('mpd-filing-form');
  await waitFor(() => Boolean(element.shadowRoot?.querySelector('form')), `the ${name} form`);
  await element.updateComplete;
  return element;
}

describe('elements loaded on demand', () => {
  it('a form whose agency asks no email code never loads <mpd-email-verification>', async () => {
    const sis = await form('sis');
    expect(agency('sis').verification.email).to.not.equal('required');
    expect($(sis, 'mpd-email-verification')).to.equal(null);
    expect(customElements.get('mpd-email-verification')).to.equal(undefined);
  });

  it('a form whose agency asks it has it defined before it shows it', async () => {
    const cenares = await form('cenares');
    expect(agency('cenares').verification.email).to.equal('required');
    const verification = $(cenares, 'mpd-email-verification')!;
    expect(verification).to.not.equal(null);
    expect(customElements.get('mpd-email-verification')).to.not.equal(undefined);
    await (verification as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
    expect(verification.shadowRoot?.textContent ?? '').to.contain('Enviar código de validación');
  });
});
