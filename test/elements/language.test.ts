// The language the elements speak (issue 6.2): the config's `locale` when it sets one, otherwise
// the page's (`lang` of the closest ancestor, across shadow roots, or <html lang>): English for
// `en…`, Spanish (es-PE) for anything else.
import { expect, fixture, html } from '@open-wc/testing';
import type { AgencyConfig } from '../../src/config/schema.ts';
import '../../src/define.ts';
import type { Desk } from '../../src/elements/desk/desk.ts';
import type { FilingForm } from '../../src/elements/filing-form/filing-form.ts';
import { localeOfLang, pageLocale } from '../../src/internal/localize.ts';
import { $, FakeBackend, agency, text, waitFor } from './filing-form.fixtures.ts';

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;

/** CENARES without a `locale`: the page decides. */
function withoutLocale(): AgencyConfig {
  const { locale: _locale, ...config } = agency('cenares');
  return config;
}

/** A desk inside a container with `lang`, once its filing form has rendered. */
async function deskIn(lang: string, config: AgencyConfig): Promise<{ desk: Desk; form: FilingForm }> {
  const page = await fixture<HTMLDivElement>(html`<div lang=${lang}><mpd-desk .config=${config} .backend=${new FakeBackend(config)}></mpd-desk></div>`);
  const desk = page.querySelector('mpd-desk')!;
  await waitFor(() => Boolean($(desk, 'mpd-filing-form')), 'the filing form');
  await desk.updateComplete;
  return { desk, form: $<FilingForm>(desk, 'mpd-filing-form')! };
}

describe('the elements’ language', () => {
  it('follows a page in English when the config sets none: the desk, its form and the inner elements', async () => {
    const { desk, form } = await deskIn('en-GB', withoutLocale());
    expect(desk.getAttribute('lang')).to.equal('en');
    expect(text($(desk, 'nav button'))).to.equal('File a request');
    expect(text($(form, 'button[type="submit"]'))).to.equal('Send request');
    const dropzone = $(form, 'mpd-dropzone')!;
    await waitFor(() => text(dropzone.shadowRoot!) !== '', 'the dropzone');
    // Its own catalog in English too, not keys or Spanish.
    expect(text(dropzone.shadowRoot!)).to.not.match(/files\.\w|archivo/i);
  });

  it('a lang the page put on the desk itself ("en-GB" on a Spanish page, "es" on an English one) keeps deciding after updates', async () => {
    for (const [outer, own, button] of [
      ['es', 'en-GB', 'File a request'],
      ['en', 'es', 'Presentar solicitud'],
    ] as const) {
      const config = withoutLocale();
      const page = await fixture<HTMLDivElement>(html`<div lang=${outer}><mpd-desk lang=${own} .config=${config} .backend=${new FakeBackend(config)}></mpd-desk></div>`);
      const desk = page.querySelector('mpd-desk')!;
      await waitFor(() => Boolean($(desk, 'mpd-filing-form')), 'the filing form');
      expect(desk.getAttribute('lang'), 'the page’s own value stays').to.equal(own);
      // Later updates must not fall back to the container's language.
      desk.requestUpdate();
      await desk.updateComplete;
      desk.requestUpdate();
      await desk.updateComplete;
      expect(text($(desk, 'nav button'))).to.equal(button);
      expect(desk.getAttribute('lang')).to.equal(own);
    }
  });

  it('the config’s locale wins over the page', async () => {
    const spanish = await deskIn('en', { ...withoutLocale(), locale: 'es-PE' });
    expect(spanish.desk.getAttribute('lang')).to.equal('es-PE');
    expect(text($(spanish.form, 'button[type="submit"]'))).to.equal('Enviar solicitud');

    const english = await deskIn('es', { ...withoutLocale(), locale: 'en' });
    expect(english.desk.getAttribute('lang')).to.equal('en');
    expect(text($(english.form, 'button[type="submit"]'))).to.equal('Send request');
  });

  it('a new config without a locale goes back to the page’s language', async () => {
    const { desk } = await deskIn('es', { ...withoutLocale(), locale: 'en' });
    expect(text($(desk, 'nav button'))).to.equal('File a request');
    desk.config = withoutLocale();
    await desk.updateComplete;
    expect(desk.getAttribute('lang')).to.equal('es-PE');
    expect(text($(desk, 'nav button'))).to.equal('Presentar solicitud');
    const form = $<FilingForm>(desk, 'mpd-filing-form')!;
    await form.updateComplete;
    expect(text($(form, 'button[type="submit"]'))).to.equal('Enviar solicitud');
  });

  it('any other page language is Spanish (es-PE)', async () => {
    const { desk, form } = await deskIn('fr', withoutLocale());
    expect(desk.getAttribute('lang')).to.equal('es-PE');
    expect(text($(form, 'button[type="submit"]'))).to.equal('Enviar solicitud');
  });

  it('a filing form on its own follows the page, across the shadow root it is in', async () => {
    const config = withoutLocale();
    const host = await fixture<HTMLDivElement>(html`<div lang="en"><div id="host"></div></div>`);
    const shadow = host.querySelector('#host')!.attachShadow({ mode: 'open' });
    const form = document.createElement('mpd-filing-form');
    form.config = config;
    form.backend = new FakeBackend(config);
    shadow.append(form);
    await form.updateComplete;
    expect(pageLocale(form)).to.equal('en');
    expect(text($(form, 'button[type="submit"]'))).to.equal('Send request');
  });

  it('reads `lang` values as ours', () => {
    expect(['en', 'EN-us', 'en_GB'].map(localeOfLang)).to.deep.equal(['en', 'en', 'en']);
    expect(['es', 'es-PE', 'qu', 'eng-x', 'fr'].map(localeOfLang)).to.deep.equal(['es-PE', 'es-PE', 'es-PE', 'es-PE', 'es-PE']);
  });
});
