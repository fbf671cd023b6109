import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CaptchaOptions, DeskBackend, UploadGrantPurpose } from '../../api/types.ts';
import { SharedUploadGrant, type UploadGrantSource } from '../../uploads/upload-grant.ts';
import { asksCaptchaAt, type CaptchaConfig, type CaptchaPlace } from '../../config/schema.ts';
import type { Locale, MessageArea, Translator } from '../../i18n/index.ts';
import { translatorFor } from '../../internal/localize.ts';
import { MpdElement } from '../../internal/mpd-element.ts';
import type { ProviderApi, ThirdPartyProvider } from './providers.ts';
import styles from './captcha.styles.ts';

export interface CaptchaChangeDetail {
  /** The answer to send (`Captcha-Response`); '' until solved, and again once used or expired. */
  value: string;
}

/** The `altcha-widget` element's methods this element uses (the `altcha` package). */
interface AltchaWidget extends HTMLElement {
  configure(options: Record<string, unknown>): void;
  getState(): string;
  reset(): void;
  verify(): Promise<unknown>;
}

/**
 * An ALTCHA answer older than this is solved again before use: the server takes a challenge for
 * ten minutes, and a citizen may spend longer than that between the page loading and "Enviar".
 */
const ALTCHA_FRESH_MS = 4 * 60 * 1000;

/** The URL the ALTCHA widget is told to fetch: our `fetch` answers it from `backend.captchaChallenge(place)`. */
const CHALLENGE_URL = 'mpd:captcha-challenge';

/** The widget's language key for our Spanish strings (its own es-419 catalog with our label). */
const WIDGET_LANGUAGE: Record<Translator['locale'], string> = { 'es-PE': 'es-pe', en: 'en' };
const PROVIDER_LANGUAGE: Record<Translator['locale'], string> = { 'es-PE': 'es-419', en: 'en' };

/**
 * The third-party providers' loader, only for agencies that use one. Outside the class for the
 * same reason as the dropzone's `loadInspection` (a `.ts` import left in the npm build).
 */
const loadProviders = () => import('./providers.ts');

/**
 * @summary The captcha of one place (sending a filing, tracking, correcting, asking an email
 * code), as the agency's `config.captcha` says: ALTCHA (a proof of work the browser solves by
 * itself in about a second, verified by the backend: nothing is fetched from third parties), or
 * reCAPTCHA, hCaptcha or Turnstile (their script is loaded only then), or nothing.
 *
 * Renders nothing and answers `value === ''` when the config's provider is `none`, when `place`
 * is not in its `on`, or, for ALTCHA, when the backend has no `captchaChallenge`.
 *
 * An answer is good only at its `place`: ALTCHA challenges are asked for it, Turnstile gets it as
 * its `action`, and the server refuses an answer made for another place.
 *
 * The widget (ALTCHA's code, a third party's script) loads when the citizen first works in the
 * form around it or it scrolls into view, not before; ALTCHA then solves by itself, and
 * `answer()` waits for it. Answers are single-use:
 * call `reset()` after each call that carried one (it starts solving the next at once). When the
 * server refuses an answer, `showProblem(code)` says so next to it in plain words.
 *
 * @event mpd-captcha-change - The answer changed. `detail: { value }` ('' when none).
 *
 * @csspart widget - The box the provider's widget is in.
 * @csspart message - The message after a refusal or a widget that did not load.
 *
 * @cssproperty --mpd-color-primary - The ALTCHA widget's accents.
 * @cssproperty --mpd-color-success - The ALTCHA checkbox once verified.
 * @cssproperty --mpd-color-error - The refusal message and its rule.
 * @cssproperty --mpd-color-focus - The focus outline.
 * @cssproperty --mpd-radius - The ALTCHA box's corners.
 * @cssproperty --mpd-font-family - Font.
 */
export class Captcha extends MpdElement {
  static readonly tagName: string = 'mpd-captcha';
  static override styles = styles;
  static override messageAreas: readonly MessageArea[] = ['captcha'];

  /** The agency's `config.captcha`. */
  @property({ attribute: false }) captcha?: CaptchaConfig;

  /** Gives ALTCHA challenges (`captchaChallenge`). */
  @property({ attribute: false }) backend?: DeskBackend;

  /** Where this captcha is asked: `filing`, `tracking`, `correction`, `verification` or `upload` (an upload grant). */
  @property() place: CaptchaPlace = 'filing';

  /** Messages (the widget's label and the refusals); defaults to the page's language (`lang`). */
  @property({ attribute: false }) translator?: Translator;

  @state() private message = '';

  private current = '';
  /** When the current answer was solved (device clock: only its age matters). */
  private solvedAt = 0;
  private altcha: AltchaWidget | undefined;
  private provider: { api: ProviderApi; id: string | number } | undefined;
  /** The provider set up now (a new config replaces it). */
  private mounted = '';
  private waiting: Array<(value: string) => void> = [];
  /** The widget is solving: asking it again would abort the run under way (it restarts). */
  private solving = false;
  /** Failed runs in a row: a run the widget itself cut short is tried again, twice at most. */
  private failures = 0;
  /** While the widget waits for the citizen (see `whenWanted`): mount it now, or stop waiting. */
  private pendingMount: { start: () => void; stop: () => void } | undefined;
  /** Messages when no translator is given: the page's language. */
  private fallbackTranslator: Translator | undefined;

  /** True when this place asks a captcha with this config and backend. */
  get active(): boolean {
    const captcha = this.captcha;
    if (!captcha || !asksCaptchaAt(captcha, this.place)) return false;
    return captcha.provider !== 'altcha' || typeof this.backend?.captchaChallenge === 'function';
  }

  /** The answer to send; '' until solved (or when no captcha is asked here). */
  get value(): string {
    return this.active ? this.current : '';
  }

  /** `{ captcha: value }` for the backend call it protects, or undefined without an answer. */
  get options(): CaptchaOptions | undefined {
    return this.value ? { captcha: this.value } : undefined;
  }

  /**
   * The answer, once there is one. ALTCHA solves by itself, so this waits for it (a second or
   * so); a third-party widget needs the citizen, so this answers what there is now ('' if
   * nothing: the server then asks for it, and the message says so).
   */
  async answer(): Promise<string> {
    if (!this.active) return '';
    if (this.captcha?.provider !== 'altcha') return this.current;
    if (this.current && Date.now() - this.solvedAt < ALTCHA_FRESH_MS) return this.current;
    if (this.current) this.reset(); // too old to trust: a new one, a second away
    await this.updateComplete;
    return new Promise<string>((resolve) => {
      this.waiting.push(resolve);
      // Asked before the citizen touched the form (a script sending it): mount now.
      this.pendingMount?.start();
      this.solve();
    });
  }

  /** Forgets the answer (it was used) and, for ALTCHA, starts solving the next one. */
  reset(): void {
    this.setValue('');
    // A run under way already makes a new answer; resetting the widget now would abort it
    // half-way (and leave the widget in error).
    if (this.altcha && typeof this.altcha.reset === 'function' && !this.solving) {
      this.altcha.reset();
      this.solve();
    }
    if (this.provider) this.provider.api.reset(this.provider.id);
  }

  /**
   * Says next to the captcha why the server refused the call (`captcha.required`,
   * `captcha.invalid`, `captcha.unavailable`) and moves focus to it. Anything else is not the
   * captcha's: false, nothing shown.
   */
  showProblem(code: string): boolean {
    if (!code.startsWith('captcha.') || !this.active) return false;
    const known = ['captcha.required', 'captcha.invalid', 'captcha.unavailable'];
    this.message = this.tr.t(known.includes(code) ? code : 'captcha.invalid');
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#message')?.focus());
    return true;
  }

  /** Starts the ALTCHA widget solving, unless it already is (or is not there yet: it starts when mounted). */
  private solve(): void {
    const widget = this.altcha;
    if (!widget || this.solving || typeof widget.verify !== 'function' || this.current) return;
    this.solving = true;
    void widget.verify();
  }

  private get tr(): Translator {
    return this.translator ?? (this.fallbackTranslator ??= translatorFor(undefined, this));
  }

  protected override get messageLocale(): Locale {
    return this.tr.locale;
  }

  private setValue(value: string): void {
    if (value === this.current) return;
    this.current = value;
    if (value) {
      this.solvedAt = Date.now();
      this.message = '';
      for (const resolve of this.waiting.splice(0)) resolve(value);
    }
    this.emit<CaptchaChangeDetail>('mpd-captcha-change', { value });
  }

  /** The solving failed (the widget shows why): callers waiting get '' and the server says the rest. */
  private failed(): void {
    for (const resolve of this.waiting.splice(0)) resolve('');
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('captcha') && !changed.has('backend') && !changed.has('place')) return;
    this.toggleAttribute('data-inactive', !this.active);
    // The place is part of what is mounted: an answer (or a widget's action) is good at one place only.
    const wanted = this.active ? JSON.stringify([this.place, this.captcha]) : '';
    if (wanted === this.mounted) return;
    this.teardown();
    this.mounted = wanted;
    if (!this.active) return;
    const box = this.renderRoot.querySelector<HTMLElement>('#widget');
    if (!box) return;
    this.whenWanted(() => {
      if (this.captcha!.provider === 'altcha') void this.mountAltcha(box, wanted);
      else void this.mountProvider(box, this.captcha!.provider as ThirdPartyProvider, (this.captcha as { siteKey: string }).siteKey, wanted);
    });
  }

  /**
   * Runs `mount` the first time the citizen works in the form around this captcha (focus, typing,
   * a tap anywhere in the same shadow root or document) or the captcha scrolls into view,
   * whichever comes first, or when `answer()` is asked: not when the form renders, so a page
   * that shows the form does not download ALTCHA (36 kB) or a third party's script. ALTCHA still
   * solves in about a second, long before the citizen reaches "Enviar".
   */
  private whenWanted(mount: () => void): void {
    const root = this.getRootNode() as Document | ShadowRoot;
    const events = ['focusin', 'input', 'pointerdown'] as const;
    if (typeof IntersectionObserver !== 'function') return mount();
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) start();
    });
    const stop = () => {
      this.pendingMount = undefined;
      for (const type of events) root.removeEventListener(type, start, true);
      observer.disconnect();
    };
    const start = () => {
      stop();
      mount();
    };
    for (const type of events) root.addEventListener(type, start, true);
    observer.observe(this);
    this.pendingMount = { start, stop };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.teardown();
    this.mounted = '';
  }

  private teardown(): void {
    this.pendingMount?.stop();
    this.altcha?.remove();
    this.altcha = undefined;
    this.solving = false;
    this.provider = undefined;
    this.renderRoot.querySelector('#widget')?.replaceChildren();
    this.failed();
    this.setValue('');
  }

  /**
   * ALTCHA: the widget (imported only now), told to get its challenges through the backend
   * rather than from any URL, in Spanish, styled inside this shadow root (it puts its CSS in
   * the document, which does not reach here).
   */
  private async mountAltcha(box: HTMLElement, mounted: string): Promise<void> {
    try {
      await import('altcha');
      await import('altcha/i18n/es-419');
    } catch {
      this.message = this.tr.t('captcha.loadFailed');
      return;
    }
    if (this.mounted !== mounted) return;
    this.adoptAltchaStyles();
    const registry = (globalThis as unknown as { $altcha: { i18n: { get(key: string): Record<string, string>; set(key: string, value: Record<string, string>): void } } }).$altcha;
    const locale = this.tr.locale;
    registry.i18n.set(WIDGET_LANGUAGE[locale], { ...registry.i18n.get(locale === 'en' ? 'en' : 'es-419'), label: this.tr.t('captcha.label') });

    const widget = document.createElement('altcha-widget') as AltchaWidget;
    widget.setAttribute('name', 'captcha');
    const loaded = new Promise<void>((resolve) => widget.addEventListener('load', () => resolve(), { once: true }));
    widget.addEventListener('statechange', (event) => {
      const { state, payload } = (event as CustomEvent<{ state: string; payload?: string }>).detail;
      if (state !== 'verifying') this.solving = false;
      if (state === 'verified' && payload) {
        this.failures = 0;
        this.setValue(payload);
      } else if (state !== 'verifying') {
        this.setValue('');
        if (state !== 'error') return;
        // A run can end in error when the widget aborted it half-way (a reset racing a run);
        // the next run usually goes through. After that, the widget's own message stays.
        if (++this.failures <= 2) queueMicrotask(() => this.solve());
        else this.failed();
      }
    });
    this.altcha = widget;
    box.append(widget);
    await Promise.race([loaded, customElements.whenDefined('altcha-widget').then(() => waitFor(() => typeof widget.configure === 'function'))]);
    if (this.altcha !== widget) return;
    const backend = this.backend!;
    widget.configure({
      challenge: CHALLENGE_URL,
      // Every challenge comes from the backend's captchaChallenge (no URL, no third party), for
      // this place: the server refuses its answer anywhere else.
      fetch: async () =>
        new Response(JSON.stringify(await backend.captchaChallenge!(this.place)), { status: 200, headers: { 'content-type': 'application/json' } }),
      language: WIDGET_LANGUAGE[locale],
      hideFooter: true,
      humanInteractionSignature: false,
      type: 'checkbox',
      display: 'standard',
    });
    this.solve();
  }

  private adoptAltchaStyles(): void {
    const root = this.shadowRoot;
    const css = document.getElementById('altcha-css')?.textContent;
    if (!root || !css || root.adoptedStyleSheets.some((sheet) => (sheet as CSSStyleSheet & { mpdAltcha?: boolean }).mpdAltcha)) return;
    const sheet = new CSSStyleSheet() as CSSStyleSheet & { mpdAltcha?: boolean };
    sheet.replaceSync(css.replace(/:root/g, ':host'));
    sheet.mpdAltcha = true;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  /** reCAPTCHA, hCaptcha, Turnstile: the provider's script (now, not before) and its checkbox. */
  private async mountProvider(box: HTMLElement, provider: ThirdPartyProvider, siteKey: string, mounted: string): Promise<void> {
    let api: ProviderApi;
    try {
      // Fetched with the provider's script: agencies on ALTCHA never download it.
      const { loadProvider } = await loadProviders();
      api = await loadProvider(provider, PROVIDER_LANGUAGE[this.tr.locale]);
    } catch {
      if (this.mounted === mounted) this.message = this.tr.t('captcha.loadFailed');
      return;
    }
    if (this.mounted !== mounted) return;
    const container = document.createElement('div');
    box.append(container);
    const id = api.render(container, {
      sitekey: siteKey,
      callback: (token: string) => this.setValue(token),
      'expired-callback': () => this.setValue(''),
      'error-callback': () => {
        this.setValue('');
        this.failed();
      },
      // Turnstile signs the action into its token and the server requires it to be this place.
      ...(provider === 'turnstile' && { language: PROVIDER_LANGUAGE[this.tr.locale], action: this.place }),
    });
    this.provider = { api, id };
  }

  override render(): TemplateResult | typeof nothing {
    if (!this.active) return nothing;
    return html`<div class=${this.message ? 'captcha captcha--error' : 'captcha'} role="group" aria-label=${this.tr.t('captcha.group')}>
      ${this.message ? html`<p class="message" id="message" part="message" role="alert" tabindex="-1">${this.message}</p>` : nothing}
      <div id="widget" part="widget"></div>
    </div>`;
  }
}

/** Resolves once `ready()` is true (checked every animation frame). */
function waitFor(ready: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (ready() ? resolve() : requestAnimationFrame(check));
    check();
  });
}

/**
 * The captcha answer of `element` for a backend call (`submitFiling(…, { ...captchaOptions(el) })`):
 * waits for ALTCHA to finish solving; undefined when no captcha is asked or none was given.
 */
export async function captchaOptions(element: Captcha | null | undefined): Promise<CaptchaOptions | undefined> {
  const value = (await element?.answer()) ?? '';
  return value ? { captcha: value } : undefined;
}

/**
 * Runs a backend call the captcha protects: with the element's answer, then a fresh answer for
 * the next call (answers are single-use). When the server refuses an ALTCHA answer as used or
 * expired (`captcha.invalid`: a page left open past its ten minutes, a device that slept), the
 * call is made once more with a new one: the citizen never ticked anything, so there is nothing
 * to ask them.
 */
export async function withCaptcha<T>(element: Captcha | null | undefined, call: (options: CaptchaOptions | undefined) => Promise<T>): Promise<T> {
  const options = await captchaOptions(element);
  try {
    return await call(options);
  } catch (error) {
    if (!options || !element || element.captcha?.provider !== 'altcha' || (error as { code?: string })?.code !== 'captcha.invalid') throw error;
    element.reset();
    const fresh = await captchaOptions(element);
    if (!fresh) throw error;
    try {
      return await call(fresh);
    } finally {
      element.reset();
    }
  } finally {
    if (options) element?.reset();
  }
}

/**
 * The upload grant of the draft a form or panel shows (one filing's or correction's bytes, shared
 * by its dropzones), asked with the answer of its captcha for the place `upload` (ALTCHA solves
 * it unseen). A new draft or another backend gets a new one; none when the backend gives none.
 */
export class DraftUploadGrant {
  private held: { api: DeskBackend; draft: number; source: UploadGrantSource | undefined } | undefined;

  constructor(
    private readonly purpose: UploadGrantPurpose,
    private readonly element: () => Captcha | null,
  ) {}

  for(api: DeskBackend | undefined, draft: number): UploadGrantSource | undefined {
    if (!api) return undefined;
    if (this.held?.api !== api || this.held.draft !== draft) {
      const source =
        typeof api.createUploadGrant === 'function'
          ? new SharedUploadGrant(() => withCaptcha(this.element(), (captcha) => api.createUploadGrant!(this.purpose, captcha)))
          : undefined;
      this.held = { api, draft, source };
    }
    return this.held.source;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mpd-captcha': Captcha;
  }
}
