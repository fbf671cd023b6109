// Accessibility of every element in every state a citizen meets (issue 6.1): axe in real Chromium
// (WCAG 2.2 A/AA and best practices, plus the AAA 7:1 text contrast the gob.pe guide asks),
// looking inside the shadow roots. The states are built the way the elements' own tests build
// them, with the in-test backends.
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import { BackendError, type AltchaChallenge, type CorrectionCase, type CorrectionReceipt, type CorrectionSubmission, type Tracking } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import '../../src/define.ts';
import type { Captcha } from '../../src/elements/captcha/captcha.ts';
import type { CorrectionPanel } from '../../src/elements/correction-panel/correction-panel.ts';
import type { Desk } from '../../src/elements/desk/desk.ts';
import type { Dropzone } from '../../src/elements/dropzone/dropzone.ts';
import type { EmailVerification } from '../../src/elements/email-verification/email-verification.ts';
import type { FilingForm } from '../../src/elements/filing-form/filing-form.ts';
import type { MyRequests } from '../../src/elements/my-requests/my-requests.ts';
import type { TrackingPanel } from '../../src/elements/tracking-panel/tracking-panel.ts';
import { AccountBackend, RIGHT_CODE, EMAIL, DNI } from './account.fixtures.ts';
import { $, $$, CLOSED_ENDPOINT, FakeBackend, LookupBackend, agency, fill, fillValid, stubUploads, submit, text, typeInto, waitFor } from './filing-form.fixtures.ts';
import { makeFile } from './support.ts';
import { correctionReceipt, MAIN, observedCase } from './correction.fixtures.ts';

function mainObserved(patch: Partial<CorrectionCase> = {}): CorrectionCase {
  const found = observedCase(patch);
  return { ...found, observation: { ...found.observation!, documents: [MAIN] } };
}

type MochaContext = { timeout(ms: number): void };
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: (this: MochaContext) => Promise<void> | void) => void;
declare const before: (body: (this: MochaContext) => Promise<void> | void) => void;

interface AxeResult {
  id: string;
  nodes: Array<{ target: unknown[] }>;
}
interface Axe {
  configure(spec: { rules: Array<{ id: string; enabled: boolean }> }): void;
  run(context: Element, options: object): Promise<{ violations: AxeResult[]; incomplete?: AxeResult[] }>;
}
const axe = () => (window as unknown as { axe: Axe }).axe;

/**
 * Every element state below is checked with the same rules: axe's defaults and 7:1 text contrast.
 * What axe could not decide counts too (an ARIA attribute where it is not supported, say), but for
 * contrast, which it cannot decide over the focus ring's shadow or a gradient.
 */
async function expectAccessible(element: Element): Promise<void> {
  await expect(element).to.be.accessible();
  const { incomplete } = await axe().run(element, { resultTypes: ['incomplete'] });
  const undecided = (incomplete ?? []).filter((result) => !result.id.startsWith('color-contrast'));
  if (undecided.length > 0) {
    throw new Error(`axe left undecided: ${undecided.map((result) => `${result.id} at ${JSON.stringify(result.nodes.map((node) => node.target))}`).join('; ')}`);
  }
}

before(async () => {
  // chai-a11y-axe loads axe on its first run; then the AAA contrast rule (off by default) goes on.
  await expect(await fixture(html`<p>Hola</p>`)).to.be.accessible();
  axe().configure({ rules: [{ id: 'color-contrast-enhanced', enabled: true }] });
});


const TRACKING: Tracking = {
  requestNumber: 'INPE-2026-000012',
  status: 'OBSERVADO',
  statusLabel: 'OBSERVADO',
  procedure: { id: 'copia', name: 'COPIA CERTIFICADA' },
  subject: 'Solicito copia certificada de mi expediente.',
  createdAt: '2026-07-24T15:00:00.000Z',
  receivedAt: '2026-07-24T15:00:00.000Z',
  deemedFiledDate: '2026-07-24',
  timeline: [
    { n: 1, stage: 'RECIBIDO', stageLabel: 'RECIBIDO', at: '2026-07-24T15:00:00.000Z', origin: 'Mesa de partes', destination: null, note: null },
    { n: 2, stage: 'OBSERVADO', stageLabel: 'OBSERVADO', at: '2026-07-25T15:00:00.000Z', origin: 'Mesa de partes', destination: 'Ciudadano', note: 'Adjunte la firma.' },
  ],
};

/** A tiny ALTCHA challenge (number 3 of 10), solved in the browser at once. */
async function tinyChallenge(): Promise<AltchaChallenge> {
  const salt = 'a11y-salt';
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}3`));
  const challenge = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return { algorithm: 'SHA-256', challenge, salt, maxnumber: 10, signature: 'test' };
}

/** Every optional call a desk view uses: tracking, corrections, "Mis trámites", captcha challenges. */
class EveryViewBackend extends AccountBackend {
  trackingFailure: BackendError | null = null;
  /** Only the main document observed: one replacement to attach. */
  correction: CorrectionCase = mainObserved();

  async trackRequest(): Promise<Tracking> {
    if (this.trackingFailure) throw this.trackingFailure;
    return structuredClone(TRACKING);
  }

  async lookupCorrection(): Promise<CorrectionCase> {
    return structuredClone(this.correction);
  }

  /** Whether sending a correction fails as a server that does not answer. */
  correctionFails = true;

  async submitCorrection(submission: CorrectionSubmission): Promise<CorrectionReceipt> {
    if (this.correctionFails) throw new BackendError(0, 'network.unreachable', 'Failed to fetch');
    return correctionReceipt(submission);
  }

  captchaChallenge(): Promise<AltchaChallenge> {
    return tinyChallenge();
  }
}

/**
 * Stands in for the tus server (none runs here): the upload is created, reports 40 % and then
 * hangs, so a file stays "uploading" until `restore`.
 */
function holdUploads(): { restore(): void } {
  const original = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    if (!(body instanceof Blob)) {
      Object.defineProperty(this, 'status', { value: 201 });
      Object.defineProperty(this, 'responseText', { value: '' });
      this.getResponseHeader = (name: string) => (name.toLowerCase() === 'location' ? `${CLOSED_ENDPOINT}held` : null);
      setTimeout(() => this.onload?.(new ProgressEvent('load')), 0);
      return;
    }
    const total = body.size;
    setTimeout(() => this.upload.dispatchEvent(new ProgressEvent('progress', { lengthComputable: true, loaded: total * 0.4, total })), 0);
  };
  return { restore: () => (XMLHttpRequest.prototype.send = original) };
}

// ── Filing form ─────────────────────────────────────────────────────────────────────────

async function mountForm(config: AgencyConfig = agency('cenares'), backend: FakeBackend = new LookupBackend(config)): Promise<FilingForm> {
  return fixture<FilingForm>(html`<mpd-filing-form .config=${config} .backend=${backend}></mpd-filing-form>`);
}

describe('axe: <mpd-filing-form>', () => {
  for (const name of ['cenares', 'inpe', 'sis', 'ins'] as const) {
    it(`${name}: empty`, async () => {
      await expectAccessible(await mountForm(agency(name), new FakeBackend(agency(name))));
    });
  }

  it('with errors: a failed submit and its error summary', async () => {
    const form = await mountForm();
    await submit(form);
    expect($(form, '#error-summary')).to.exist;
    await expectAccessible(form);
  });

  it('uploading: a file in progress', async function () {
    this.timeout(20000);
    const held = holdUploads();
    try {
      const form = await mountForm();
      const zone = $<Dropzone>(form, '#f-mainFile')!;
      await zone.addFiles([await makeFile('pdf', 'solicitud.pdf', { pages: 2 })]);
      await waitFor(() => zone.files[0]?.status === 'uploading', 'the upload to start');
      await zone.updateComplete;
      expect($(zone, 'progress')).to.exist;
      await expectAccessible(form);
    } finally {
      held.restore();
    }
  });

  it('a failed look-up of names by DNI', async () => {
    const config = agency('cenares');
    const backend = new LookupBackend(config);
    backend.lookupFailure = new BackendError(503, 'lookup.unavailable', 'RENIEC no responde');
    const form = await mountForm(config, backend);
    await fill(form, 'f-documentNumber', '10117410');
    await waitFor(() => text($(form, '#f-documentNumber-lookup')).includes('RENIEC'), 'the failure message');
    await form.updateComplete;
    await expectAccessible(form);
  });

  it('a RUC look-up: SUNAT fails, then a RUC that is not ACTIVO (the warning)', async () => {
    const config = agency('cenares');
    const backend = new LookupBackend(config);
    const form = await mountForm(config, backend);
    $<HTMLInputElement>(form, 'input[name="personKind"][value="juridica"]')!.click();
    await form.updateComplete;
    backend.lookupFailure = new BackendError(0, 'network.unreachable', 'Failed to fetch');
    await fill(form, 'f-ruc', '20538298485');
    await waitFor(() => text($(form, '#f-ruc-lookup')).includes('SUNAT'), 'the failure message');
    await form.updateComplete;
    await expectAccessible(form);
    backend.lookupFailure = null;
    await fill(form, 'f-ruc', '20607654329');
    await waitFor(() => Boolean($(form, '#f-ruc-warning')), 'the warning');
    await form.updateComplete;
    await expectAccessible(form);
  });

  it('sending failed: the server does not answer', async () => {
    const config = agency('ins');
    const backend = new FakeBackend(config);
    backend.failNext(new BackendError(0, 'network.unreachable', 'Failed to fetch'));
    const form = await mountForm(config, backend);
    await fillValid(form);
    await submit(form);
    await waitFor(() => Boolean($(form, '#send-error')), 'the failure');
    await expectAccessible(form);
  });

  it('success: the confirmation', async () => {
    const config = agency('cenares');
    const backend = new FakeBackend(config);
    const form = await mountForm(config, backend);
    await fillValid(form);
    await submit(form);
    await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
    await expectAccessible(form);
  });

  it('the office-hours confirmation dialog (INPE)', async () => {
    const config = agency('inpe');
    const form = await fixture<FilingForm>(
      html`<mpd-filing-form .config=${config} .backend=${new FakeBackend(config)} .now=${() => new Date('2026-07-24T23:00:00Z')}></mpd-filing-form>`,
    );
    await fillValid(form);
    await submit(form);
    await waitFor(() => Boolean($<HTMLDialogElement>(form, 'dialog')?.open), 'the dialog');
    await expectAccessible(form);
  });
});

// ── Dropzone on its own ─────────────────────────────────────────────────────────────────

describe('axe: <mpd-dropzone>', () => {
  it('a refused file, and an upload that failed (with its retry button)', async function () {
    this.timeout(20000);
    const zone = await fixture<Dropzone>(html`<mpd-dropzone
      .endpoint=${CLOSED_ENDPOINT}
      agency-id="test"
      .slot=${'annex'}
      .rules=${[1, 2].map(() => ({ accept: ['.pdf'], maxBytes: 20 * 1024 * 1024 }))}
      .label=${'Anexos'}
      .retryDelays=${[]}
    ></mpd-dropzone>`);
    await expectAccessible(zone);
    await zone.addFiles([await makeFile('fake', 'falso.pdf'), await makeFile('pdf', 'anexo.pdf', { pages: 1 })]);
    await waitFor(() => zone.files.length === 2 && zone.files.every((file) => file.status === 'rejected' || file.status === 'failed'), 'both settled');
    await zone.updateComplete;
    expect(zone.files.map((file) => file.status)).to.deep.equal(['rejected', 'failed']);
    expect($(zone, 'button.retry')).to.exist;
    await expectAccessible(zone);
  });
});

// ── Correction panel ────────────────────────────────────────────────────────────────────

/** The tracking or the correction panel, opened on a request when given one (it then searches at once). */
async function mountPanel<T extends TrackingPanel | CorrectionPanel>(
  tag: 'mpd-tracking-panel' | 'mpd-correction-panel',
  config: AgencyConfig,
  backend: EveryViewBackend,
  requestNumber: string,
  documentNumber: string,
): Promise<T> {
  const panel = document.createElement(tag) as T;
  Object.assign(panel, { config, backend });
  panel.setAttribute('request-number', requestNumber);
  panel.setAttribute('document-number', documentNumber);
  (await fixture<HTMLDivElement>(html`<div></div>`)).append(panel);
  await panel.updateComplete;
  return panel;
}

const mountCorrection = (backend: EveryViewBackend, number = '', documentNumber = '') =>
  mountPanel<CorrectionPanel>('mpd-correction-panel', agency('cenares'), backend, number, documentNumber);

describe('axe: <mpd-correction-panel>', () => {
  it('empty, and with errors in the look-up', async () => {
    const panel = await mountCorrection(new EveryViewBackend(agency('cenares')));
    await expectAccessible(panel);
    $<HTMLButtonElement>(panel, '#search')!.click();
    await panel.updateComplete;
    await expectAccessible(panel);
  });

  it('an observed request, then the error summary of a send with nothing attached', async () => {
    const panel = await mountCorrection(new EveryViewBackend(agency('cenares')), '16-2026', '11111111');
    await waitFor(() => Boolean($(panel, '#send')), 'the observed documents');
    await expectAccessible(panel);
    $<HTMLButtonElement>(panel, '#send')!.click();
    await panel.updateComplete;
    await waitFor(() => Boolean($(panel, '[id$="summary"]')), 'the error summary');
    await expectAccessible(panel);
  });

  it('sending failed', async () => {
    const panel = await mountCorrection(new EveryViewBackend(agency('cenares')), '16-2026', '11111111');
    await waitFor(() => Boolean($(panel, '#send')), 'the observed documents');
    await stubUploads(panel, 'c-replacement-main-0', [{ uploadId: 'up-main', name: 'solicitud.pdf', size: 120_000, pages: 2, position: 1 }]);
    $<HTMLButtonElement>(panel, '#send')!.click();
    await waitFor(() => Boolean($(panel, '[role="alert"]')), 'the failure');
    await panel.updateComplete;
    await expectAccessible(panel);
  });

  it('success: "Subsanación recibida"', async () => {
    const backend = new EveryViewBackend(agency('cenares'));
    backend.correctionFails = false;
    const panel = await mountCorrection(backend, '16-2026', '11111111');
    await waitFor(() => Boolean($(panel, '#send')), 'the observed documents');
    await stubUploads(panel, 'c-replacement-main-0', [{ uploadId: 'up-main', name: 'solicitud.pdf', size: 120_000, pages: 2, position: 1 }]);
    $<HTMLButtonElement>(panel, '#send')!.click();
    await waitFor(() => Boolean($(panel, '#done-title')), 'the confirmation');
    await expectAccessible(panel);
  });

  it('deadline passed', async () => {
    const backend = new EveryViewBackend(agency('cenares'));
    backend.correction = mainObserved({ state: 'expired', status: 'NO PRESENTADO', statusLabel: 'NO PRESENTADO' });
    const panel = await mountCorrection(backend, '16-2026', '11111111');
    await waitFor(() => Boolean($(panel, '#result-title')), 'the result');
    await expectAccessible(panel);
  });
});

// ── Tracking panel ──────────────────────────────────────────────────────────────────────

const mountTracking = (backend: EveryViewBackend, number = '', documentNumber = '') =>
  mountPanel<TrackingPanel>('mpd-tracking-panel', agency('inpe'), backend, number, documentNumber);

describe('axe: <mpd-tracking-panel>', () => {

  it('empty, the result with its timeline, and not found', async () => {
    const backend = new EveryViewBackend(agency('inpe'));
    await expectAccessible(await mountTracking(backend));
    const found = await mountTracking(backend, TRACKING.requestNumber, DNI);
    await waitFor(() => Boolean($(found, '#timeline')), 'the result');
    await expectAccessible(found);
    backend.trackingFailure = new BackendError(404, 'tracking.notFound', 'No encontramos la solicitud.');
    const missing = await mountTracking(backend, TRACKING.requestNumber, DNI);
    await waitFor(() => Boolean($(missing, '[role="alert"]')), 'the message');
    await expectAccessible(missing);
  });
});

// ── Mis trámites, the email code, the captcha ───────────────────────────────────────────

describe('axe: <mpd-my-requests>', () => {
  async function press(element: MyRequests, selector: string): Promise<void> {
    $<HTMLButtonElement>(element, selector)!.click();
    await element.updateComplete;
    await waitFor(() => !element.busy, `${selector} to settle`);
    await element.updateComplete;
  }

  it('signed out, with errors, the code step, the list, the update form and its confirmation step', async () => {
    sessionStorage.clear();
    const config = agency('inpe');
    const element = await fixture<MyRequests>(html`<mpd-my-requests .config=${config} .backend=${new AccountBackend(config)}></mpd-my-requests>`);
    await element.updateComplete;
    await expectAccessible(element);
    await press(element, '#send-code');
    await expectAccessible(element);
    await typeInto(element, 'a-email', EMAIL);
    await typeInto(element, 'a-documentNumber', DNI);
    await press(element, '#send-code');
    await expectAccessible(element);
    await typeInto(element, 'a-code', RIGHT_CODE);
    await press(element, '#sign-in');
    await waitFor(() => Boolean($(element, '#requests')), 'the list');
    await expectAccessible(element);
    await press(element, 'tr[data-request="INPE-2026-000012"] [data-action="update"]');
    await expectAccessible(element);
    await typeInto(element, 'u-subject', 'Solicito copia simple de mi expediente.');
    await press(element, '#review');
    await expectAccessible(element);
    sessionStorage.clear();
  });
});

describe('axe: <mpd-email-verification>', () => {
  it('before sending, the code field, and a wrong code', async () => {
    const backend = new AccountBackend(agency('cenares'));
    const element = await fixture<EmailVerification>(html`<mpd-email-verification .email=${EMAIL} .backend=${backend}></mpd-email-verification>`);
    await element.updateComplete;
    await expectAccessible(element);
    $<HTMLButtonElement>(element, '#send-code')!.click();
    await waitFor(() => Boolean($(element, '#code')), 'the code field');
    await expectAccessible(element);
    await typeInto(element, 'code', '111111');
    $<HTMLButtonElement>(element, '#confirm-code')!.click();
    await waitFor(() => Boolean($(element, '#code-error')), 'the error');
    await expectAccessible(element);
  });
});

describe('axe: <mpd-captcha>', () => {
  it('ALTCHA solved, and the refusal said next to it', async function () {
    this.timeout(20000);
    const backend = new EveryViewBackend(agency('cenares'));
    const captcha = { provider: 'altcha', on: ['tracking'] } as const;
    const element = await fixture<Captcha>(html`<mpd-captcha .captcha=${captcha} .backend=${backend} place="tracking"></mpd-captcha>`);
    expect(await element.answer()).to.not.equal('');
    await expectAccessible(element);
    element.showProblem('captcha.invalid');
    await element.updateComplete;
    expect($(element, '#message')).to.exist;
    await expectAccessible(element);
  });
});

// ── The desk ────────────────────────────────────────────────────────────────────────────

/** A desk with every view (INPE has "Mis trámites"), on its filing form, signed out. */
async function mountDesk(config: AgencyConfig = agency('inpe'), backend = new EveryViewBackend(config)): Promise<Desk> {
  sessionStorage.clear();
  const desk = await fixture<Desk>(html`<mpd-desk .config=${config} .backend=${backend}></mpd-desk>`);
  await waitFor(() => Boolean($(desk, 'mpd-filing-form')), 'the filing form');
  return desk;
}

/** Opens each view from the navigation, as a citizen would, and checks it. */
async function throughViews(desk: Desk, check: (view: string) => Promise<void> | void, views = ['file', 'tracking', 'correction', 'my-requests']): Promise<void> {
  for (const view of views) {
    $<HTMLButtonElement>(desk, `nav button[data-view="${view}"]`)!.click();
    await desk.updateComplete;
    await check(view);
  }
}

describe('axe: <mpd-desk>', () => {
  it('each view', async () => {
    const desk = await mountDesk();
    await throughViews(desk, () => expectAccessible(desk));
  });

  it('CENARES: the filing form with its captcha and the email code', async function () {
    this.timeout(20000);
    const desk = await mountDesk(agency('cenares'));
    const form = $<FilingForm>(desk, 'mpd-filing-form')!;
    await form.updateComplete;
    expect($(form, 'mpd-email-verification'), 'the email code').to.exist;
    await expectAccessible(desk);
  });

  it('the config error panel', async () => {
    const desk = await fixture<Desk>(html`<mpd-desk .config=${{ id: 'x' }}></mpd-desk>`);
    await waitFor(() => desk.configErrors.length > 0, 'the errors');
    await desk.updateComplete;
    await expectAccessible(desk);
  });
});

// ── The checker itself ──────────────────────────────────────────────────────────────────

class BadFixture extends HTMLElement {
  connectedCallback(): void {
    this.attachShadow({ mode: 'open' }).innerHTML = '<p style="color:#666;background:#fff">Gris claro</p><input type="text">';
  }
}
customElements.define('a11y-bad-fixture', BadFixture);

/** What axe cannot decide alone: a name on a plain `div` (aria-labelledby is not supported there). */
class UndecidedFixture extends HTMLElement {
  connectedCallback(): void {
    this.attachShadow({ mode: 'open' }).innerHTML = '<div tabindex="-1" aria-labelledby="t"><h2 id="t">Hay un problema</h2></div>';
  }
}
customElements.define('a11y-undecided-fixture', UndecidedFixture);

describe('axe looks inside shadow roots', () => {
  it('finds an unlabelled field and 5.7:1 text (AA, below the 7:1 asked) in a shadow root', async () => {
    const bad = await fixture(html`<a11y-bad-fixture></a11y-bad-fixture>`);
    const { violations } = await axe().run(bad, { resultTypes: ['violations'] });
    expect(violations.map((violation) => violation.id)).to.include.members(['label', 'color-contrast-enhanced']);
    // the nodes are named through the shadow root: host, then the node inside it
    const contrast = violations.find((violation) => violation.id === 'color-contrast-enhanced')!;
    expect(contrast.nodes[0]!.target).to.deep.equal([['a11y-bad-fixture', 'p']]);
    await expect(bad).not.to.be.accessible();
  });

  it('also fails on what axe leaves undecided in a shadow root', async () => {
    const undecided = await fixture(html`<a11y-undecided-fixture></a11y-undecided-fixture>`);
    await expect(undecided).to.be.accessible();
    let failure: unknown;
    await expectAccessible(undecided).catch((error: unknown) => (failure = error));
    expect(String(failure)).to.contain('aria-prohibited-attr');
  });
});

// ── The rest of 6.1: focus, live regions, small screens, zoom, motion, colour ─────────

/** What a screen reader does with the region: `aria-live`, or the one its role implies. */
function liveness(region: Element | null): string | null {
  if (!region) return null;
  const role = region.getAttribute('role');
  return region.getAttribute('aria-live') ?? (role === 'alert' ? 'assertive' : role === 'status' ? 'polite' : null);
}

/** `root` and every element in it, down through the shadow roots. */
function deepElements(root: Element): Element[] {
  const inside = [...root.querySelectorAll('*'), ...(root.shadowRoot ? root.shadowRoot.querySelectorAll('*') : [])];
  return [root, ...inside.flatMap((element) => (element.shadowRoot ? deepElements(element) : [element]))];
}

const active = (element: Element) => element.shadowRoot!.activeElement;

describe('focus', () => {
  it('moves to the error summary on a failed submit', async () => {
    const form = await mountForm();
    await submit(form);
    expect(active(form)).to.equal($(form, '#error-summary'));
  });

  it('moves to the heading of each new desk view', async () => {
    const desk = await mountDesk();
    const headings: Record<string, [tag: string, title: string]> = {
      tracking: ['mpd-tracking-panel', 'Seguimiento'],
      correction: ['mpd-correction-panel', 'Subsanar'],
      'my-requests': ['mpd-my-requests', 'Mis trámites'],
      file: ['mpd-filing-form', ''],
    };
    await throughViews(
      desk,
      async (view) => {
        const [tag, title] = headings[view]!;
        const element = $(desk, tag)!;
        await waitFor(() => active(element)?.tagName === 'H2', `the heading of ${view} to take focus`);
        expect(active(desk), view).to.equal(element);
        expect(text(active(element)), view).to.contain(title);
      },
      Object.keys(headings),
    );
  });
});

describe('live regions', () => {
  it('errors are assertive: the error summary and a failed send', async () => {
    const config = agency('ins');
    const backend = new FakeBackend(config);
    const form = await mountForm(config, backend);
    await submit(form);
    const alert = $(form, '#error-summary [role="alert"]');
    expect(liveness(alert)).to.equal('assertive');
    expect(text(alert)).to.contain('Escriba sus nombres');
    backend.failNext(new BackendError(0, 'network.unreachable', 'Failed to fetch'));
    await fillValid(form);
    await submit(form);
    await waitFor(() => Boolean($(form, '#send-error')), 'the failure');
    expect(liveness($(form, '#send-error'))).to.equal('assertive');
    expect(text($(form, '#send-error'))).to.contain('el servidor no responde');
  });

  it('the character count is polite, and says what is left', async () => {
    const form = await mountForm();
    await typeInto(form, 'f-subject', 'x'.repeat(190));
    const region = $$(form, '[role="status"]').find((node) => text(node).includes('caracteres'));
    await waitFor(() => Boolean($$(form, '[role="status"]').find((node) => text(node) === 'Le quedan 10 caracteres')), 'the count');
    const count = $$(form, '[role="status"]').find((node) => text(node) === 'Le quedan 10 caracteres')!;
    expect(liveness(count)).to.equal('polite');
    expect(region === undefined || region === count).to.equal(true);
  });

  it('upload progress is polite, and says the percentage', async function () {
    this.timeout(20000);
    const held = holdUploads();
    try {
      const form = await mountForm();
      const zone = $<Dropzone>(form, '#f-mainFile')!;
      await zone.addFiles([await makeFile('pdf', 'solicitud.pdf', { pages: 2 })]);
      await waitFor(() => (zone.files[0]?.progress ?? 0) > 0, 'progress');
      await zone.updateComplete;
      const region = $(zone, '[part="live"]')!;
      expect(liveness(region)).to.equal('polite');
      expect(text(region)).to.match(/solicitud\.pdf.*40/);
      expect(text($(zone, 'li[data-key]'))).to.contain('40');
      expect($<HTMLProgressElement>(zone, 'progress')!.value).to.equal(40);
    } finally {
      held.restore();
    }
  });
});

describe('small screens and zoom', () => {
  async function expectNoOverflow(width: number, rootFontSize = ''): Promise<void> {
    await setViewport({ width, height: 800 });
    document.documentElement.style.fontSize = rootFontSize;
    try {
      const desk = await mountDesk();
      await submit($<FilingForm>(desk, 'mpd-filing-form')!); // the errors make the longest form
      await throughViews(desk, (view) => {
        expect(document.documentElement.scrollWidth, `${view} at ${width} px`).to.be.at.most(width);
        const all = deepElements(desk);
        expect(all.length, `the elements of ${view}`).to.be.above(30);
        const wide = all.filter((element) => element.getBoundingClientRect().right > width + 0.5);
        expect(wide.map((element) => element.outerHTML.slice(0, 80)), `${view} at ${width} px`).to.deep.equal([]);
      });
    } finally {
      document.documentElement.style.fontSize = '';
      await setViewport({ width: 800, height: 600 });
    }
  }

  it('320 px wide: nothing overflows sideways', async () => {
    await expectNoOverflow(320);
  });

  it('320 px wide: the confirmation, a tracking result and the list of "Mis trámites" fit too', async () => {
    await setViewport({ width: 320, height: 800 });
    try {
      const fits = (element: Element, what: string) => {
        expect(document.documentElement.scrollWidth, what).to.be.at.most(320);
        // A data table may scroll sideways inside its own region, which the keyboard reaches
        // and which is named (WCAG 1.4.10 exempts two-dimensional content); the page may not.
        const scrolls = (node: Element) => {
          const region = node.closest('[role="region"]');
          return Boolean(region && region !== node && region.getAttribute('tabindex') === '0' && region.hasAttribute('aria-labelledby') && getComputedStyle(region).overflowX === 'auto');
        };
        const wide = deepElements(element).filter((node) => node.getBoundingClientRect().right > 320.5 && !scrolls(node));
        expect(wide.map((node) => node.outerHTML.slice(0, 80)), what).to.deep.equal([]);
      };
      const config = agency('inpe');
      const backend = new EveryViewBackend(config);
      const form = await mountForm(agency('cenares'), new FakeBackend(agency('cenares')));
      await fillValid(form);
      await submit(form);
      await waitFor(() => Boolean($(form, '#done-title')), 'the confirmation');
      fits(form, 'the confirmation');

      const panel = await mountTracking(backend, TRACKING.requestNumber, DNI);
      await waitFor(() => Boolean($(panel, '#timeline')), 'the result');
      fits(panel, 'the tracking result');

      sessionStorage.clear();
      const mine = await fixture<MyRequests>(html`<mpd-my-requests .config=${config} .backend=${backend}></mpd-my-requests>`);
      await typeInto(mine, 'a-email', EMAIL);
      await typeInto(mine, 'a-documentNumber', DNI);
      $<HTMLButtonElement>(mine, '#send-code')!.click();
      await waitFor(() => Boolean($(mine, '#a-code')), 'the code field');
      await typeInto(mine, 'a-code', RIGHT_CODE);
      $<HTMLButtonElement>(mine, '#sign-in')!.click();
      await waitFor(() => Boolean($(mine, '#requests')), 'the list');
      await mine.updateComplete;
      fits(mine, 'the list of "Mis trámites"');
      sessionStorage.clear();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('200% zoom (640 px of CSS width): nothing overflows sideways', async () => {
    await expectNoOverflow(640);
  });

  it('text alone at 200% (the page\'s root at 32 px), 640 px wide: nothing overflows sideways', async () => {
    await expectNoOverflow(640, '200%');
  });

  /** Text and fields under `root` smaller than 16 px (after checking there is text to measure). */
  function smallText(root: Element): string[] {
    const readable = deepElements(root)
      .filter((element) => element.matches('input:not([type="checkbox"]):not([type="radio"]), select, textarea, p, label, li, legend, span, a, button, dd, dt, td, th, caption, h2, h3'))
      .filter((element) => text(element) !== '' || element.matches('input, select, textarea'))
      .filter((element) => !element.closest('.visually-hidden') && getComputedStyle(element).display !== 'none');
    expect(readable.length, 'text found to measure').to.be.above(5);
    return readable
      .filter((element) => parseFloat(getComputedStyle(element).fontSize) < 16)
      .map((element) => `${element.outerHTML.slice(0, 60)}: ${getComputedStyle(element).fontSize}`);
  }

  it('text and fields are at least 16 px in the default theme: the form with errors, each desk view, a tracking result', async () => {
    const form = await mountForm();
    await submit(form);
    expect(smallText(form), 'the form with errors').to.deep.equal([]);
    const desk = await mountDesk();
    await throughViews(desk, (view) => {
      expect(smallText(desk), view).to.deep.equal([]);
    });
    const panel = await mountTracking(new EveryViewBackend(agency('inpe')), TRACKING.requestNumber, DNI);
    await waitFor(() => Boolean($(panel, '#timeline')), 'the result');
    expect(smallText(panel), 'the tracking result').to.deep.equal([]);
  });
});

describe('prefers-reduced-motion', () => {
  it('stops the spinner and the transitions', async function () {
    this.timeout(20000);
    await emulateMedia({ reducedMotion: 'reduce' });
    const held = holdUploads();
    try {
      const form = await mountForm();
      const zone = $<Dropzone>(form, '#f-mainFile')!;
      await zone.addFiles([await makeFile('pdf', 'solicitud.pdf', { pages: 2 })]);
      await waitFor(() => zone.files[0]?.status === 'uploading', 'the upload');
      await zone.updateComplete;
      const spinner = $(zone, '.spinner')!;
      expect(getComputedStyle(spinner).animationName).to.equal('none');
      for (const element of deepElements(form)) {
        const style = getComputedStyle(element);
        const moving = style.transitionDuration.split(',').some((duration) => parseFloat(duration) > 0);
        expect(moving, element.outerHTML.slice(0, 60)).to.equal(false);
      }
    } finally {
      held.restore();
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});

describe('nothing told by colour alone', () => {
  it('an error field has words, an "Error:" prefix and a warning sign', async () => {
    const form = await mountForm();
    await submit(form);
    const message = $(form, '#f-givenNames-error')!;
    expect(text(message)).to.equal('Error: Escriba sus nombres');
    expect(getComputedStyle(message, '::before').content).to.contain('⚠');
  });

  it('a status is a word, and the current stage of the timeline is marked in words too', async () => {
    const panel = await mountTracking(new EveryViewBackend(agency('inpe')), TRACKING.requestNumber, DNI);
    await waitFor(() => Boolean($(panel, '#timeline')), 'the result');
    expect(text($(panel, '#status'))).to.equal('OBSERVADO');
    const current = $(panel, 'tr[aria-current="step"]')!;
    expect(text(current.querySelector('.current-mark'))).to.not.equal('');
    expect(getComputedStyle(current.querySelector('.current-mark')!, '::before').content).to.contain('▶');
  });
});
