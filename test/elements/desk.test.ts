// <mpd-desk> in real Chromium: the shell around the filing form (header, navigation, contact),
// the agency's theme tokens and language. Loading the config is in config.test.ts.
import { expect, fixture, html } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { HttpDeskBackend } from '../../src/api/client.ts';
import { BackendError, type CorrectionCase, type Receipt, type RequestDownload, type Tracking } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import '../../src/define.ts';
import { Desk } from '../../src/elements/desk/desk.ts';
import type { CorrectionPanel } from '../../src/elements/correction-panel/correction-panel.ts';
import type { FilingForm } from '../../src/elements/filing-form/filing-form.ts';
import type { TrackingPanel } from '../../src/elements/tracking-panel/tracking-panel.ts';
import type { MyRequests } from '../../src/elements/my-requests/my-requests.ts';
import { AccountBackend } from './account.fixtures.ts';
import { defineElement } from '../../src/internal/define.ts';
import { $, $$, CLOSED_ENDPOINT, FakeBackend, agency, fillValid, submit, text, waitFor } from './filing-form.fixtures.ts';

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;

async function mount(config: AgencyConfig, backend = new FakeBackend(config)): Promise<Desk> {
  const desk = await fixture<Desk>(html`<mpd-desk .config=${config} .backend=${backend}></mpd-desk>`);
  await waitFor(() => Boolean($(desk, 'mpd-filing-form')), 'the filing form');
  return desk;
}

const formOf = (desk: Desk) => $<FilingForm>(desk, 'mpd-filing-form')!;

/** A desk whose tracking view is a stand-in, shown whatever the backend (view switching only). */
class DeskWithTracking extends Desk {
  static override readonly tagName = 'test-desk-with-tracking';
  static override views = Desk.views.map((view) =>
    view.id === 'tracking'
      ? { ...view, available: undefined, render: () => litHtml`<p id="tracking-view">Vista de seguimiento</p>` }
      : view,
  );
}
defineElement(DeskWithTracking);

/** The in-test backend, able to track and to give the receipt; records what it was asked. */
class TrackingBackend extends FakeBackend {
  readonly tracked: string[][] = [];
  readonly receipts: RequestDownload[] = [];

  async trackRequest(requestNumber: string, documentNumber: string): Promise<Tracking> {
    this.tracked.push([requestNumber, documentNumber]);
    return {
      requestNumber,
      status: 'RECIBIDO',
      statusLabel: 'RECIBIDO',
      subject: 'Solicito copia de mi expediente.',
      createdAt: '2026-07-24T23:00:00.000Z',
      receivedAt: '2026-07-24T23:00:00.000Z',
      deemedFiledDate: '2026-07-27',
      timeline: [
        { n: 1, stage: 'RECIBIDO', stageLabel: 'RECIBIDO', at: '2026-07-24T23:00:00.000Z', origin: 'MESA DE PARTES', destination: null, note: 'Recepción de solicitud' },
      ],
    };
  }

  async downloadReceipt(download: RequestDownload): Promise<Blob> {
    this.receipts.push(download);
    return new Blob(['%PDF-1.7'], { type: 'application/pdf' });
  }
}

/** Also takes corrections: every request it finds has nothing observed (state `not-observed`). */
class CorrectingBackend extends TrackingBackend {
  readonly lookedUp: string[][] = [];

  async lookupCorrection(requestNumber: string, documentNumber: string): Promise<CorrectionCase> {
    this.lookedUp.push([requestNumber, documentNumber]);
    return {
      requestNumber,
      status: 'RECIBIDO',
      statusLabel: 'RECIBIDO',
      state: 'not-observed',
      subject: 'Solicito copia de mi expediente.',
      applicant: { name: 'JUAN PÉREZ QUISPE', documentType: 'DNI', documentNumber, emailHint: 'j•••@example.pe' },
      receivedAt: '2026-07-24T23:00:00.000Z',
      deemedFiledDate: '2026-07-27',
      now: '2026-07-28T15:00:00.000Z',
    };
  }
}

const panelOf = (desk: Desk) => $<TrackingPanel>(desk, 'mpd-tracking-panel');
const correctionOf = (desk: Desk) => $<CorrectionPanel>(desk, 'mpd-correction-panel');
const inputValue = (panel: TrackingPanel, id: string) => $<HTMLInputElement>(panel, `#${id}`)!.value;

describe('<mpd-desk>', () => {
  it('shows the agency, a navigation with only the views that exist, the filing form and the contact', async () => {
    const config = agency('cenares');
    const desk = await mount(config);
    expect(text($(desk, '[part="agency-name"]'))).to.equal(
      'Centro Nacional de Abastecimiento de Recursos Estratégicos en Salud',
    );
    const nav = $(desk, 'nav')!;
    expect(nav.getAttribute('aria-label')).to.equal('Servicios de la mesa de partes');
    const entries = $$(desk, 'nav button').map((button) => text(button));
    expect(entries).to.deep.equal(['Presentar solicitud']);
    expect(text(nav)).not.to.contain('Seguimiento');
    expect(text(nav)).not.to.contain('Subsanar');
    expect($(desk, 'nav button')!.getAttribute('aria-current')).to.equal('page');
    expect(Desk.views.map((view) => view.id)).to.deep.equal(['file', 'tracking', 'correction', 'my-requests']);
    expect(formOf(desk).config).to.deep.equal(config);
    expect(desk.getAttribute('lang')).to.equal('es-PE');
    const footer = $(desk, 'footer')!;
    expect(text(footer)).to.contain('Oficina de Trámite');
    expect(text(footer)).to.contain('Jr. Nazca N° 548, Lima - Perú');
    expect(footer.querySelector('a[href="tel:+5117483030"]')).to.exist;
    expect(footer.querySelector('a[href="mailto:mesadepartes@cenares.gob.pe"]')).to.exist;
  });

  it('switches between views that exist, marking the current one', async () => {
    const config = agency('inpe');
    const desk = await fixture<DeskWithTracking>(
      html`<test-desk-with-tracking .config=${config} .backend=${new FakeBackend(config)}></test-desk-with-tracking>`,
    );
    await waitFor(() => $$(desk, 'nav button').length === 2, 'two views');
    expect($$(desk, 'nav button').map((button) => text(button))).to.deep.equal(['Presentar solicitud', 'Seguimiento']);
    $<HTMLButtonElement>(desk, 'nav button[data-view="tracking"]')!.click();
    await desk.updateComplete;
    expect($(desk, '#tracking-view')).to.exist;
    expect($(desk, 'mpd-filing-form')).to.equal(null);
    expect($(desk, 'nav button[data-view="tracking"]')!.getAttribute('aria-current')).to.equal('page');
    expect($(desk, 'nav button[data-view="file"]')!.getAttribute('aria-current')).to.equal('false');
    expect(desk.getAttribute('view')).to.equal('tracking');
  });

  describe('tracking', () => {
    it('shows "Seguimiento" with a backend that can track, hosting <mpd-tracking-panel>', async () => {
      const config = agency('cenares');
      const desk = await fixture<Desk>(html`<mpd-desk .config=${config} .backend=${new HttpDeskBackend(CLOSED_ENDPOINT)}></mpd-desk>`);
      await waitFor(() => $$(desk, 'nav button').length === 3, 'three views');
      expect($$(desk, 'nav button').map((button) => text(button))).to.deep.equal([
        'Presentar solicitud',
        'Seguimiento',
        'Subsanar observaciones',
      ]);
      $<HTMLButtonElement>(desk, 'nav button[data-view="tracking"]')!.click();
      await desk.updateComplete;
      const panel = panelOf(desk)!;
      expect(panel.getAttribute('part')).to.equal('tracking-panel');
      await panel.updateComplete;
      expect(text($(panel, 'h2'))).to.equal('Seguimiento de solicitud');
      expect($(desk, 'mpd-filing-form')).to.equal(null);
    });

    /** Mounts a tracking desk with the page at `url` (path-relative), and restores the URL after. */
    async function withPageUrl<B extends TrackingBackend = TrackingBackend>(
      url: string,
      body: (desk: Desk, backend: B) => Promise<void>,
      Backend: new (config: AgencyConfig) => B = TrackingBackend as new (config: AgencyConfig) => B,
    ): Promise<void> {
      const before = location.href;
      history.replaceState(null, '', `${location.pathname}${url}`);
      try {
        const config = agency('cenares');
        const backend = new Backend(config);
        const desk = await fixture<Desk>(html`<mpd-desk .config=${config} .backend=${backend}></mpd-desk>`);
        await body(desk, backend);
      } finally {
        history.replaceState(null, '', before);
      }
    }

    async function expectTrackingOpened(desk: Desk, backend: TrackingBackend, requestNumber: string, documentNumber: string): Promise<void> {
      await waitFor(() => Boolean(panelOf(desk)), 'the tracking panel');
      expect(desk.view).to.equal('tracking');
      const panel = panelOf(desk)!;
      await waitFor(() => Boolean($(panel, '#timeline')), 'the result');
      expect(backend.tracked).to.deep.equal([[requestNumber, documentNumber]]);
      expect(inputValue(panel, 't-requestNumber')).to.equal(requestNumber);
      expect(inputValue(panel, 't-documentNumber')).to.equal(documentNumber);
    }

    it('opens the tracking view pre-filled from the fragment of the email link, searches at once and clears the address bar', async () => {
      await withPageUrl('#vista=seguimiento&solicitud=6-2026&documento=10117410-2', async (desk, backend) => {
        await expectTrackingOpened(desk, backend, '6-2026', '10117410-2');
        expect(location.hash).to.equal('');
        expect(location.search).to.equal('');
        expect(location.href).not.to.contain('10117410');
        expect(location.href).not.to.contain('#');
      });
    });

    it('still opens a link sent before with the values in the query, and clears them too', async () => {
      await withPageUrl('?vista=seguimiento&solicitud=6-2026&documento=10117410-2', async (desk, backend) => {
        await expectTrackingOpened(desk, backend, '6-2026', '10117410-2');
        expect(location.search).to.equal('');
        expect(location.href).not.to.contain('10117410');
      });
    });

    it('keeps the other parts of the query and fragment when it clears its own', async () => {
      await withPageUrl('?idioma=es&vista=seguimiento#contenido&vista=seguimiento&solicitud=6-2026&documento=10117410-2&x=1', async (desk, backend) => {
        await expectTrackingOpened(desk, backend, '6-2026', '10117410-2');
        expect(location.search).to.equal('?idioma=es');
        expect(location.hash).to.equal('#contenido&x=1');
      });
    });

    it('opens the correction view, pre-filled, for the observation mail link (vista=subsanar), and "Ver el seguimiento" goes on to tracking', async () => {
      await withPageUrl(
        '#vista=subsanar&solicitud=6-2026&documento=10117410-2',
        async (desk, backend) => {
          await waitFor(() => Boolean(correctionOf(desk)), 'the correction panel');
          expect(desk.view).to.equal('correction');
          expect($(desk, 'mpd-filing-form')).to.equal(null);
          expect(location.hash).to.equal('');
          const panel = correctionOf(desk)!;
          expect(panel.getAttribute('part')).to.equal('correction-panel');
          await waitFor(() => Boolean($(panel, '#not-observed')), 'the answer');
          expect(backend.lookedUp).to.deep.equal([['6-2026', '10117410-2']]);
          expect($(desk, 'nav button[data-view="correction"]')!.getAttribute('aria-current')).to.equal('page');

          $<HTMLButtonElement>(panel, '#track')!.click();
          await expectTrackingOpened(desk, backend, '6-2026', '10117410-2');
        },
        CorrectingBackend,
      );
    });

    it('without corrections in its backend, the observation mail link stays on the filing form', async () => {
      await withPageUrl('#vista=subsanar&solicitud=6-2026&documento=10117410-2', async (desk) => {
        await waitFor(() => Boolean($(desk, 'mpd-filing-form')), 'the filing form');
        expect(correctionOf(desk)).to.equal(null);
        expect($$(desk, 'nav button').map((button) => text(button))).to.deep.equal(['Presentar solicitud', 'Seguimiento']);
      });
    });

    it('follows a second mail link opened in the same tab (only the fragment changes)', async () => {
      await withPageUrl('#vista=seguimiento&solicitud=6-2026&documento=10117410-2', async (desk, backend) => {
        await expectTrackingOpened(desk, backend, '6-2026', '10117410-2');
        location.hash = '#vista=seguimiento&solicitud=7-2026&documento=10117410';
        await waitFor(() => backend.tracked.length === 2, 'the second search');
        expect(backend.tracked[1]).to.deep.equal(['7-2026', '10117410']);
        expect(inputValue(panelOf(desk)!, 't-requestNumber')).to.equal('7-2026');
        await waitFor(() => location.hash === '', 'the address bar cleared again');
      });
    });

    it('stays on the filing form for a tracking link when its backend cannot track', async () => {
      const before = location.href;
      history.replaceState(null, '', `${location.pathname}?vista=seguimiento&solicitud=6-2026&documento=10117410`);
      try {
        const desk = await mount(agency('cenares'));
        expect(panelOf(desk)).to.equal(null);
        expect($$(desk, 'nav button').map((button) => text(button))).to.deep.equal(['Presentar solicitud']);
      } finally {
        history.replaceState(null, '', before);
      }
    });

    it('from the filing confirmation: "Descargar constancia (PDF)" downloads it, "Seguir mi solicitud" opens tracking pre-filled', async () => {
      const config = agency('cenares');
      const backend = new TrackingBackend(config);
      backend.receiptOverrides = { downloadToken: 'permiso-de-la-presentacion' };
      const desk = await mount(config, backend);
      const form = formOf(desk);
      await fillValid(form);
      await submit(form);
      await waitFor(() => Boolean($(form, '#track')), 'the confirmation');
      expect(text($(form, '#receipt'))).to.equal('Descargar constancia (PDF)');
      expect(text($(form, '#track'))).to.equal('Seguir mi solicitud');

      const downloads: string[] = [];
      const listener = (event: Event) => {
        event.preventDefault(); // no real download in the test browser
        downloads.push((event as CustomEvent<{ filename: string }>).detail.filename);
      };
      document.addEventListener('mpd-receipt-download', listener);
      try {
        $<HTMLButtonElement>(form, '#receipt')!.click();
        await waitFor(() => downloads.length === 1, 'the receipt');
      } finally {
        document.removeEventListener('mpd-receipt-download', listener);
      }
      // The token the filing answered with lets the receipt be downloaded without a captcha.
      expect(backend.receipts).to.deep.equal([{ requestNumber: '6-2026', documentNumber: '10117410', downloadToken: 'permiso-de-la-presentacion' }]);
      expect(downloads).to.deep.equal(['cargo-6-2026.pdf']);
      await form.updateComplete;
      expect(text($(form, '#receipt-status'))).to.equal('Se descargó la constancia cargo-6-2026.pdf.');

      // the desk handles "Seguir mi solicitud" and says so on a cancelable event
      const trackEvents: Event[] = [];
      const onTrack = (event: Event) => trackEvents.push(event);
      document.addEventListener('mpd-track-request', onTrack);
      try {
        $<HTMLButtonElement>(form, '#track')!.click();
      } finally {
        document.removeEventListener('mpd-track-request', onTrack);
      }
      expect(trackEvents).to.have.length(1);
      expect(trackEvents[0]!.cancelable).to.equal(true);
      expect(trackEvents[0]!.defaultPrevented).to.equal(true);
      await waitFor(() => Boolean(panelOf(desk)), 'the tracking view');
      expect(desk.view).to.equal('tracking');
      const panel = panelOf(desk)!;
      await waitFor(() => Boolean($(panel, '#timeline')), 'the result');
      // the same words for the same action on the confirmation and in the panel
      expect(text($(panel, '#download'))).to.equal('Descargar constancia (PDF)');
      expect(backend.tracked).to.deep.equal([['6-2026', '10117410']]);
      expect(inputValue(panel, 't-requestNumber')).to.equal('6-2026');
      expect($(desk, 'nav button[data-view="tracking"]')!.getAttribute('aria-current')).to.equal('page');
    });

    it('on the filing confirmation, a download whose permission ended points to the tracking view', async () => {
      const config = agency('cenares');
      const backend = new TrackingBackend(config);
      backend.downloadReceipt = async () => {
        throw new BackendError(403, 'tracking.downloadExpired', 'Vuelva a consultar su solicitud para descargar');
      };
      const desk = await mount(config, backend);
      const form = formOf(desk);
      await fillValid(form);
      await submit(form);
      await waitFor(() => Boolean($(form, '#receipt')), 'the confirmation');
      $<HTMLButtonElement>(form, '#receipt')!.click();
      await waitFor(() => Boolean($(form, '#receipt-status')), 'the download message');
      expect(text($(form, '#receipt-status'))).to.equal(
        'El permiso para descargar la constancia venció (dura una hora). Búsquela en «Seguimiento» con su número de solicitud y documento para descargarla.',
      );
      expect(text($(form, '#request-number'))).to.equal('6-2026', 'the confirmation stays');
    });
  });

  describe('a view whose element is downloaded when it opens (the CDN build)', () => {
    /** The view's load in flight: the test settles it, as the network would. */
    let pending: { resolve: () => void; reject: (error: Error) => void } | undefined;

    class LazyDesk extends Desk {
      static override readonly tagName = 'test-lazy-desk';
      static override views = Desk.views.map((view) =>
        view.id === 'file'
          ? {
              ...view,
              load: () => new Promise<void>((resolve, reject) => (pending = { resolve, reject })),
              render: () => litHtml`<test-lazy-view></test-lazy-view>`,
            }
          : view,
      );
    }
    defineElement(LazyDesk);

    /** Not through `fixture()`: it awaits `updateComplete`, which waits for the view's load. */
    async function mountLazy(): Promise<LazyDesk> {
      pending = undefined;
      const config = agency('ins');
      const container = await fixture<HTMLDivElement>(html`<div></div>`);
      const desk = document.createElement(LazyDesk.tagName) as LazyDesk;
      desk.config = config;
      desk.backend = new FakeBackend(config);
      container.append(desk);
      await waitFor(() => Boolean(pending), 'the view to start loading');
      return desk;
    }

    it('shows the shell and "Cargando…" until the element arrives; updateComplete waits for it', async () => {
      const desk = await mountLazy();
      await waitFor(() => Boolean($(desk, '.body [part="loading"]')), 'the loading message');
      expect(text($(desk, '.body [part="loading"]'))).to.equal('Cargando…');
      expect($(desk, 'nav button[data-view="file"]')).to.exist;
      let settled = false;
      const done = desk.updateComplete.then(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(settled).to.equal(false, 'updateComplete waits for the view');
      if (!customElements.get('test-lazy-view')) customElements.define('test-lazy-view', class extends HTMLElement {});
      pending!.resolve();
      await done;
      expect($(desk, '.body [part="loading"]')).to.equal(null);
      expect($(desk, '.body test-lazy-view')).to.exist;
    });

    it('offers to try again when the element could not be downloaded, and shows the view once it loads', async () => {
      const desk = await mountLazy();
      const first = pending!;
      pending = undefined;
      first.reject(new Error('offline'));
      await waitFor(() => Boolean($(desk, '.view-status[role="alert"]')), 'the failure');
      expect(text($(desk, '.view-status p'))).to.equal(
        'No se pudo cargar esta sección. Revise su conexión a internet e inténtelo de nuevo.',
      );
      expect($(desk, 'test-lazy-view')).to.equal(null);
      $<HTMLButtonElement>(desk, '.view-status button')!.click();
      await waitFor(() => Boolean(pending), 'a second try');
      pending!.resolve();
      await desk.updateComplete;
      expect($(desk, '.view-status')).to.equal(null);
      expect($(desk, '.body test-lazy-view')).to.exist;
    });
  });

  it('falls back to the filing form for a view that does not exist', async () => {
    const config = agency('ins');
    const desk = await fixture<Desk>(html`<mpd-desk view="archivo" .config=${config}></mpd-desk>`);
    await waitFor(() => Boolean($(desk, 'mpd-filing-form')), 'the filing form');
  });

  it('shows the logo with its text alternative', async () => {
    const config = agency('sis');
    config.agency.logo = { src: '/logo-sis.svg', alt: 'Seguro Integral de Salud' };
    const desk = await mount(config);
    const logo = $<HTMLImageElement>(desk, 'img[part="logo"]')!;
    expect(logo.getAttribute('src')).to.equal('/logo-sis.svg');
    expect(logo.alt).to.equal('Seguro Integral de Salud');
  });

  describe('Mis trámites', () => {
    const myRequestsOf = (desk: Desk) => $<MyRequests>(desk, 'mpd-my-requests');

    it('shows "Mis trámites" where the agency turned it on and the backend lists requests, hosting <mpd-my-requests>', async () => {
      const config = agency('inpe');
      const backend = new AccountBackend(config);
      const desk = await fixture<Desk>(html`<mpd-desk .config=${config} .backend=${backend}></mpd-desk>`);
      await waitFor(() => Boolean($(desk, 'nav button[data-view="my-requests"]')), 'the view in the navigation');
      expect(text($(desk, 'nav button[data-view="my-requests"]'))).to.equal('Mis trámites');
      $<HTMLButtonElement>(desk, 'nav button[data-view="my-requests"]')!.click();
      await desk.updateComplete;
      const element = myRequestsOf(desk)!;
      expect(element.getAttribute('part')).to.equal('my-requests');
      expect(element.backend).to.equal(backend);
      await element.updateComplete;
      expect(text($(element, 'h2'))).to.equal('Mis trámites');
      expect($(element, '#a-email')).to.exist;
    });

    it('has no "Mis trámites" when the agency does not offer it, or the backend cannot list requests', async () => {
      const cenares = agency('cenares');
      const withoutAccounts = await fixture<Desk>(html`<mpd-desk .config=${cenares} .backend=${new AccountBackend(cenares)}></mpd-desk>`);
      await waitFor(() => Boolean($(withoutAccounts, 'mpd-filing-form')), 'the filing form');
      expect($(withoutAccounts, 'nav button[data-view="my-requests"]')).to.equal(null);
      const inpe = agency('inpe');
      const withoutList = await mount(inpe, new FakeBackend(inpe));
      expect($(withoutList, 'nav button[data-view="my-requests"]')).to.equal(null);
    });

    it('opens on #vista=mis-tramites and on the return from the OpenID Connect provider', async () => {
      const before = location.href;
      try {
        for (const url of ['#vista=mis-tramites', '?code=abc&state=mt.123']) {
          history.replaceState(null, '', `${location.pathname}${url}`);
          const config = agency('inpe');
          const desk = await fixture<Desk>(html`<mpd-desk .config=${config} .backend=${new AccountBackend(config)}></mpd-desk>`);
          await waitFor(() => Boolean(myRequestsOf(desk)), `"Mis trámites" from ${url}`);
          expect(desk.view).to.equal('my-requests');
          expect(location.hash).to.equal('');
        }
      } finally {
        history.replaceState(null, '', before);
      }
    });
  });

  describe('theme', () => {
    it('applies the config theme as tokens on the host, down to the form', async () => {
      const desk = await mount(agency('cenares'));
      expect(getComputedStyle(desk).getPropertyValue('--mpd-color-primary').trim()).to.equal('#8A1538');
      expect(getComputedStyle(desk).getPropertyValue('--mpd-color-on-primary').trim()).to.equal('#FFFFFF');
      const button = $(formOf(desk), '#submit')!;
      expect(getComputedStyle(button).backgroundColor).to.equal('rgb(138, 21, 56)');
    });

    it('falls back to the gob.pe look without a theme, and lets the page override any token', async () => {
      const config = agency('ins');
      config.theme = {};
      const desk = await mount(config);
      const button = $(formOf(desk), '#submit')!;
      expect(getComputedStyle(desk).getPropertyValue('--mpd-color-primary').trim()).to.equal('');
      expect(getComputedStyle(button).backgroundColor).to.equal('rgb(0, 56, 118)');
      expect(parseFloat(getComputedStyle(button).fontSize)).to.be.at.least(16);

      const themed = await mount(agency('ins'));
      const style = document.createElement('style');
      style.textContent = 'mpd-desk.page-theme { --mpd-color-primary: #123456; }';
      document.head.append(style);
      try {
        themed.classList.add('page-theme');
        expect(getComputedStyle($(formOf(themed), '#submit')!).backgroundColor).to.equal('rgb(18, 52, 86)');
      } finally {
        style.remove();
      }
    });
  });

  it('registers every element once through define.ts, leaving a tag already taken alone', async () => {
    expect(customElements.get('mpd-desk')).to.equal(Desk);
    expect(customElements.get('mpd-filing-form')).to.exist;
    expect(customElements.get('mpd-dropzone')).to.exist;
    expect(customElements.get('mpd-tracking-panel')).to.exist;
    expect(customElements.get('mpd-correction-panel')).to.exist;
    // a second copy of define.ts (as when a page loads the library twice) finds the tags taken
    const again = '../../src/define.ts?again';
    await import(/* @vite-ignore */ again);
    expect(() => defineElement(Desk)).not.to.throw();
    class Other extends HTMLElement {
      static readonly tagName = 'mpd-desk';
    }
    expect(() => defineElement(Other)).not.to.throw();
    expect(customElements.get('mpd-desk')).to.equal(Desk);
  });

  it('hands its backend to the form, and lets mpd-submitted bubble out to the page', async () => {
    const config = agency('cenares');
    const backend = new FakeBackend(config);
    const desk = await mount(config, backend);
    const form = formOf(desk);
    expect(form.backend).to.equal(backend);
    const receipts: Receipt[] = [];
    const listener = (event: Event) => receipts.push((event as CustomEvent<{ receipt: Receipt }>).detail.receipt);
    document.addEventListener('mpd-submitted', listener);
    try {
      await fillValid(form);
      await submit(form);
      await waitFor(() => receipts.length === 1, 'the event on the document');
      expect(backend.calls).to.have.length(1);
      expect(receipts[0]!.requestNumber).to.equal('6-2026');
    } finally {
      document.removeEventListener('mpd-submitted', listener);
    }
  });
});
