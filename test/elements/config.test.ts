// How <mpd-desk> gets its agency config (the `.config` property, a `config-src` URL, a nested
// <script type="application/json">) and what the webmaster sees when it is wrong: a panel that
// names each wrong JSON path, logged once, never a blank or half-working widget.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.ts';
import type { Desk } from '../../src/elements/desk/desk.ts';
import type { FilingForm } from '../../src/elements/filing-form/filing-form.ts';
import { $, $$, agency, rawConfigs, text, waitFor, type AgencyName } from './filing-form.fixtures.ts';

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;

/** Records console.error while `body` runs. */
async function capturingErrors(body: (logged: unknown[][]) => Promise<void>): Promise<void> {
  const original = console.error;
  const logged: unknown[][] = [];
  console.error = (...args: unknown[]) => void logged.push(args);
  try {
    await body(logged);
  } finally {
    console.error = original;
  }
}

const jsonUrl = (value: unknown) => URL.createObjectURL(new Blob([JSON.stringify(value)], { type: 'application/json' }));
const panel = (el: Element) => $(el, '[part="config-errors"]');
const panelItems = (el: Element) => $$(el, '[part="config-errors"] li').map((li) => text(li));
const loaded = (desk: Desk) => waitFor(() => Boolean($(desk, 'mpd-filing-form') || panel(desk)), 'the desk to load');

/** A config with a wrong size, a misspelt key and a missing required field. */
function brokenConfig(): Record<string, unknown> {
  const config = structuredClone(rawConfigs.inpe) as unknown as Record<string, any>;
  config.attachments.main.maxSizeMB = 0;
  config.fields.subjetLabel = config.fields.subjectLabel;
  delete config.filingHours;
  return config;
}

describe('agency config for <mpd-desk>', () => {
  for (const name of Object.keys(rawConfigs) as AgencyName[]) {
    it(`loads the ${name.toUpperCase()} demo config as JSON from config-src`, async () => {
      const url = jsonUrl(rawConfigs[name]);
      const desk = await fixture<Desk>(html`<mpd-desk config-src=${url}></mpd-desk>`);
      await loaded(desk);
      expect(panel(desk), text(panel(desk))).to.equal(null);
      expect(desk.loadedConfig!.id).to.equal(name);
      expect($<FilingForm>(desk, 'mpd-filing-form')!.config).to.deep.equal(agency(name));
      URL.revokeObjectURL(url);
    });
  }

  it('shows "Cargando…" while the config is on its way', async () => {
    let release!: () => void;
    const original = window.fetch;
    window.fetch = async (...args: Parameters<typeof fetch>) => {
      await new Promise<void>((resolve) => (release = resolve));
      return original(...args);
    };
    try {
      const desk = await fixture<Desk>(html`<mpd-desk config-src=${jsonUrl(rawConfigs.ins)}></mpd-desk>`);
      const loading = $(desk, '[part="loading"]')!;
      expect(text(loading)).to.equal('Cargando…');
      expect(loading.getAttribute('role')).to.equal('status');
      release();
      await loaded(desk);
      expect($(desk, '[part="loading"]')).to.equal(null);
    } finally {
      window.fetch = original;
    }
  });

  it('reads a data: URL', async () => {
    const url = `data:application/json,${encodeURIComponent(JSON.stringify(rawConfigs.cenares))}`;
    const desk = await fixture<Desk>(html`<mpd-desk config-src=${url}></mpd-desk>`);
    await loaded(desk);
    expect(desk.loadedConfig?.agency.shortName).to.equal('CENARES');
  });

  it('reads a nested <script type="application/json">', async () => {
    const desk = await fixture<Desk>(html`<mpd-desk>
      <script type="application/json">
        ${JSON.stringify(rawConfigs.sis)}
      </script>
    </mpd-desk>`);
    await loaded(desk);
    expect(desk.loadedConfig?.id).to.equal('sis');
    expect(text($(desk, '[part="agency-name"]'))).to.equal('Seguro Integral de Salud');
    expect(desk.shadowRoot!.textContent, 'the JSON itself is never shown').not.to.contain('"personTypes"');
  });

  it('prefers .config over config-src', async () => {
    const url = jsonUrl(rawConfigs.sis);
    const desk = await fixture<Desk>(html`<mpd-desk config-src=${url} .config=${rawConfigs.ins}></mpd-desk>`);
    await loaded(desk);
    expect(desk.loadedConfig?.id).to.equal('ins');
  });

  it('loads again when config-src changes', async () => {
    const desk = await fixture<Desk>(html`<mpd-desk config-src=${jsonUrl(rawConfigs.sis)}></mpd-desk>`);
    await waitFor(() => desk.loadedConfig?.id === 'sis', 'SIS');
    desk.setAttribute('config-src', jsonUrl(rawConfigs.inpe));
    await waitFor(() => desk.loadedConfig?.id === 'inpe', 'INPE');
    expect(text($(desk, '[part="agency-name"]'))).to.equal('Instituto Nacional Penitenciario');
  });

  describe('a wrong config', () => {
    it('shows the webmaster every wrong JSON path, logs it once, and renders no form', async () => {
      await capturingErrors(async (logged) => {
        const desk = await fixture<Desk>(html`<mpd-desk .config=${brokenConfig()}></mpd-desk>`);
        await loaded(desk);
        const box = panel(desk)!;
        expect(box).to.exist;
        expect(box.getAttribute('role')).to.equal('alert');
        expect(text(box.querySelector('h2'))).to.equal('La configuración de la mesa de partes tiene errores');
        const items = panelItems(desk);
        const size = items.find((item) => item.startsWith('attachments.main.maxSizeMB'));
        expect(size, items.join('\n')).to.contain('el tamaño debe ser mayor que 0');
        expect(items.find((item) => item.startsWith('fields.subjetLabel'))).to.contain('no es un dato conocido');
        expect(items.find((item) => item.startsWith('filingHours'))).to.contain('falta');
        expect($(desk, 'mpd-filing-form')).to.equal(null);
        expect($(desk, 'nav')).to.equal(null);
        await new Promise((resolve) => setTimeout(resolve, 50));
        await desk.updateComplete;
        expect(logged, 'console.error once').to.have.length(1);
        expect(String(logged[0]![0])).to.contain('attachments.main.maxSizeMB');
      });
    });

    it('says which URL failed and with which status', async () => {
      await capturingErrors(async (logged) => {
        const url = `${location.origin}/__mpd-missing__/agencia.json`;
        const desk = await fixture<Desk>(html`<mpd-desk config-src=${url}></mpd-desk>`);
        await loaded(desk);
        const [item] = panelItems(desk);
        expect(item).to.contain(url);
        expect(item).to.match(/HTTP 404/);
        expect(logged).to.have.length(1);
      });
    });

    it('says when the nested JSON is not JSON', async () => {
      await capturingErrors(async () => {
        const desk = await fixture<Desk>(html`<mpd-desk><script type="application/json">{ "id": "x", }</script></mpd-desk>`);
        await loaded(desk);
        expect(panelItems(desk)[0]).to.contain('el archivo no es JSON válido');
      });
    });

    it('also shows the panel on a filing form used on its own', async () => {
      await capturingErrors(async (logged) => {
        const form = await fixture<FilingForm>(html`<mpd-filing-form .config=${brokenConfig()}></mpd-filing-form>`);
        expect(panelItems(form).some((item) => item.startsWith('attachments.main.maxSizeMB'))).to.equal(true);
        expect($(form, 'form')).to.equal(null);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(logged, 'console.error once').to.have.length(1);
        expect(String(logged[0]![0])).to.match(/^<mpd-filing-form>: /);
      });
    });
  });
});

// <mpd-filing-form> takes its config from the same three places, through the same code
// (internal/config-controller.ts).
describe('agency config for <mpd-filing-form> used on its own', () => {
  const formLoaded = (form: FilingForm) => waitFor(() => Boolean($(form, 'form') || panel(form)), 'the form to load');
  const agencyShown = (form: FilingForm) => text($(form, 'label[for="f-subject"]'));

  it('loads a config-src URL, saying "Cargando…" until it arrives', async () => {
    let release!: () => void;
    const original = window.fetch;
    window.fetch = async (...args: Parameters<typeof fetch>) => {
      await new Promise<void>((resolve) => (release = resolve));
      return original(...args);
    };
    try {
      const form = await fixture<FilingForm>(html`<mpd-filing-form config-src=${jsonUrl(rawConfigs.inpe)}></mpd-filing-form>`);
      const loading = $(form, '[part="loading"]')!;
      expect(text(loading)).to.equal('Cargando…');
      expect(loading.getAttribute('role')).to.equal('status');
      expect($(form, 'form')).to.equal(null);
      release();
      await formLoaded(form);
      expect(panel(form), text(panel(form))).to.equal(null);
      expect(agencyShown(form)).to.equal('Asunto del documento');
      expect($(form, '#f-office'), 'INPE asks for the office').to.exist;
    } finally {
      window.fetch = original;
    }
  });

  it('reads a nested <script type="application/json">', async () => {
    const form = await fixture<FilingForm>(html`<mpd-filing-form>
      <script type="application/json">
        ${JSON.stringify(rawConfigs.ins)}
      </script>
    </mpd-filing-form>`);
    await formLoaded(form);
    expect(agencyShown(form)).to.equal('Descripción de su solicitud');
    expect(form.shadowRoot!.textContent, 'the JSON itself is never shown').not.to.contain('"personTypes"');
  });

  it('picks up nested JSON added after the element was connected', async () => {
    const form = await fixture<FilingForm>(html`<mpd-filing-form></mpd-filing-form>`);
    expect(text($(form, '[part="loading"]'))).to.equal('Cargando…');
    const script = document.createElement('script');
    script.type = 'application/json';
    script.textContent = JSON.stringify(rawConfigs.sis);
    form.append(script);
    await formLoaded(form);
    expect($$(form, '#f-documentType option')).to.have.length(5);
  });

  it('prefers .config over config-src, and loads again when config-src changes', async () => {
    const form = await fixture<FilingForm>(
      html`<mpd-filing-form config-src=${jsonUrl(rawConfigs.sis)} .config=${rawConfigs.cenares}></mpd-filing-form>`,
    );
    await formLoaded(form);
    expect(agencyShown(form)).to.equal('Asunto');
    expect($(form, '#f-procedure'), 'CENARES asks for the procedure').to.exist;
    form.config = undefined;
    await waitFor(() => $$(form, '#f-documentType option').length === 5, 'SIS from config-src');
    form.configSrc = jsonUrl(rawConfigs.ins);
    await waitFor(() => agencyShown(form) === 'Descripción de su solicitud', 'INS from the new config-src');
  });

  it('shows the same webmaster panel, naming each JSON path, for a wrong config-src and a wrong nested JSON', async () => {
    await capturingErrors(async (logged) => {
      const form = await fixture<FilingForm>(html`<mpd-filing-form config-src=${jsonUrl(brokenConfig())}></mpd-filing-form>`);
      await formLoaded(form);
      const box = panel(form)!;
      expect(box.getAttribute('role')).to.equal('alert');
      expect(text(box.querySelector('h2'))).to.equal('La configuración de la mesa de partes tiene errores');
      const items = panelItems(form);
      expect(items.find((item) => item.startsWith('attachments.main.maxSizeMB')), items.join('\n')).to.contain(
        'el tamaño debe ser mayor que 0',
      );
      expect(items.find((item) => item.startsWith('fields.subjetLabel'))).to.contain('no es un dato conocido');
      expect(items.find((item) => item.startsWith('filingHours'))).to.contain('falta');
      expect($(form, 'form')).to.equal(null);
      expect(logged).to.have.length(1);

      const inline = await fixture<FilingForm>(
        html`<mpd-filing-form><script type="application/json">{ "id": "x", }</script></mpd-filing-form>`,
      );
      await formLoaded(inline);
      expect(panelItems(inline)[0]).to.contain('el archivo no es JSON válido');

      const missing = await fixture<FilingForm>(
        html`<mpd-filing-form config-src=${`${location.origin}/__mpd-missing__/agencia.json`}></mpd-filing-form>`,
      );
      await formLoaded(missing);
      expect(panelItems(missing)[0]).to.match(/HTTP 404/);
    });
  });
});
