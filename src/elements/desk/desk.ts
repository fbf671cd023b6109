import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { DeskBackend } from '../../api/types.ts';
import type { ConfigError } from '../../config/errors.ts';
import type { AgencyConfig, AgencyConfigInput } from '../../config/schema.ts';
import type { Locale, Translator } from '../../i18n/index.ts';
import { ConfigController } from '../../internal/config-controller.ts';
import { configErrorPanel } from '../../internal/config-errors.ts';
import { pageLocale, translatorFor } from '../../internal/localize.ts';
import { MpdElement } from '../../internal/mpd-element.ts';
import { themeDeclarations } from '../../themes/tokens.ts';
import type { TrackRequestDetail } from '../filing-form/filing-form.ts';
import { OIDC_STATE_PREFIX } from '../my-requests/oidc-state.ts';
import styles from './desk.styles.ts';

/**
 * The `vista` values of the page URL (the links in the agency's emails and receipts) and the
 * views they open: `subsanar` is the observation mail's link, to the correction view.
 */
const URL_VIEWS: Readonly<Record<string, string>> = {
  presentar: 'file',
  seguimiento: 'tracking',
  subsanar: 'correction',
  'mis-tramites': 'my-requests',
};

/** The request a view opens with: number and identity document, from a link or another view. */
export interface RequestPrefill {
  requestNumber: string;
  documentNumber: string;
}

const NO_PREFILL: RequestPrefill = { requestNumber: '', documentNumber: '' };

/** The page URL parameters the desk reads, and removes from the address bar once read. */
const URL_PARAMS = ['vista', 'solicitud', 'documento'] as const;

/** One screen of the desk. A view without `render` is registered but not built yet. */
export interface DeskView {
  id: string;
  /** Catalog key of its navigation label. */
  labelKey: string;
  render?: (desk: Desk, config: AgencyConfig, translator: Translator) => TemplateResult;
  /** The tag of the element the view shows. */
  element?: string;
  /**
   * Fetches and defines the view's element the first time the view opens, when its module is not
   * part of the desk's own download (the CDN build, `src/autoload.ts`). Left out, the element is
   * expected to be defined already (`define.ts`).
   */
  load?: () => Promise<void>;
  /** False hides the view for this desk (e.g. tracking with a backend that cannot track). */
  available?: (desk: Desk) => boolean;
}

/**
 * @summary A complete Mesa de Partes Digital for one agency: its header, navigation between the
 * desk's services, the current service (filing a request first) and the agency's contact.
 *
 * The agency config comes from the `.config` property, the `config-src` attribute (a URL) or a
 * child `<script type="application/json">`, in that order of preference. A config that cannot
 * be read or is wrong shows a panel for the webmaster that names each wrong JSON path, never a
 * blank or half-working widget, and is logged once with `console.error`.
 *
 * The page URL opens a view: `#vista=seguimiento&solicitud=6-2026&documento=10117410` (the link in
 * the receipt and its email; in the fragment, so the identity document never reaches a server
 * log) shows the tracking view, pre-filled, and searches at once; `#vista=subsanar&…` (the
 * observation mail's link) does the same with the correction view. The same values in the query
 * (`?vista=…`, links sent before) still work. Once read, they are removed from the address bar.
 * `#vista=mis-tramites` opens "Mis trámites" (when the agency has it, `account.myRequests`); the
 * return from its OpenID Connect provider (`?code=…&state=mt.…`) opens it too.
 *
 * Every event of the elements inside bubbles out of the desk (they are composed); the ones a
 * page most often listens to:
 *
 * @event mpd-submitted - Bubbles from the filing form: the request was filed. `detail: { receipt }`.
 * @event mpd-error - Bubbles from the filing form: sending failed. `detail: { code, status }`.
 * @event mpd-tracking-found - Bubbles from the tracking panel: a request was found. `detail: { tracking }`.
 * @event mpd-correction-found - Bubbles from the correction panel: an observed request was found. `detail: { correctionCase }`.
 * @event mpd-correction-submitted - Bubbles from the correction panel: the correction was received. `detail: { receipt }`.
 * @event mpd-signed-in - Bubbles from "Mis trámites": the citizen signed in. `detail: { session }`.
 * @event mpd-signed-out - Bubbles from "Mis trámites": the citizen signed out or the session ended.
 * @event mpd-request-updated - Bubbles from "Mis trámites": a pending request changed. `detail: { request, changes }`.
 * @event mpd-request-cancelled - Bubbles from "Mis trámites": a pending request was cancelled. `detail: { request }`.
 * @event mpd-tracking-error - Bubbles from the tracking panel: a search failed. `detail: { code, status }`.
 * @event mpd-correction-error - Bubbles from the correction panel: a search or a sending failed. `detail: { code, status }`.
 * @event mpd-receipt-download - Bubbles from the filing form or the tracking panel: the receipt PDF arrived. `detail: { blob, filename }`. Cancelable.
 * @event mpd-email-verified - Bubbles from the filing form's email check: the code was right. `detail: { token, email, expiresAt }`.
 *
 * @csspart header - The header with the agency's logo and name.
 * @csspart logo - The agency's logo.
 * @csspart agency-name - The agency's name.
 * @csspart nav - The navigation between services.
 * @csspart body - The current view.
 * @csspart footer - The agency's contact details.
 * @csspart loading - The "Cargando…" message.
 * @csspart config-errors - The panel listing what is wrong with the config.
 * @csspart filing-form - The `<mpd-filing-form>` (its own parts are not re-exported).
 * @csspart tracking-panel - The `<mpd-tracking-panel>` (its own parts are not re-exported).
 * @csspart correction-panel - The `<mpd-correction-panel>` (its own parts are not re-exported).
 * @csspart my-requests - The `<mpd-my-requests>` "Mis trámites" (its own parts are not re-exported).
 *
 * @cssproperty --mpd-color-primary - Buttons, links, header rule. Config: `theme.colorPrimary`.
 * @cssproperty --mpd-color-on-primary - Text on primary buttons. Config: `theme.colorOnPrimary`.
 * @cssproperty --mpd-color-text - Body text. Config: `theme.colorText`.
 * @cssproperty --mpd-color-muted - Secondary text. Config: `theme.colorMuted`.
 * @cssproperty --mpd-color-background - Background. Config: `theme.colorBackground`.
 * @cssproperty --mpd-color-surface - Navigation, footer, notices. Config: `theme.colorSurface`.
 * @cssproperty --mpd-color-border - Borders. Config: `theme.colorBorder`.
 * @cssproperty --mpd-color-error - Errors. Config: `theme.colorError`.
 * @cssproperty --mpd-color-success - Success. Config: `theme.colorSuccess`.
 * @cssproperty --mpd-color-focus - Focus highlight. Config: `theme.colorFocus`.
 * @cssproperty --mpd-color-accent - The decorative stripe on top of the header (gob.pe red).
 * @cssproperty --mpd-font-family - Font. Config: `theme.fontFamily`.
 * @cssproperty --mpd-radius - Corner radius. Config: `theme.radius`.
 */
export class Desk extends MpdElement {
  static readonly tagName: string = 'mpd-desk';
  static override styles = styles;

  /**
   * The desk's services. The navigation shows only views that can render with this backend,
   * so there are no dead links.
   */
  static views: readonly DeskView[] = [
    {
      id: 'file',
      element: 'mpd-filing-form',
      labelKey: 'desk.nav.file',
      render: (desk, config, translator) => html`<mpd-filing-form
        part="filing-form"
        .config=${config}
        .backend=${desk.backend}
        .translator=${translator}
        .trackable=${desk.canTrack}
        @mpd-track-request=${desk.handleTrackRequest}
      ></mpd-filing-form>`,
    },
    {
      id: 'tracking',
      element: 'mpd-tracking-panel',
      labelKey: 'desk.nav.tracking',
      available: (desk) => desk.canTrack,
      render: (desk, config, translator) => html`<mpd-tracking-panel
        part="tracking-panel"
        .config=${config}
        .backend=${desk.backend}
        .translator=${translator}
        .requestNumber=${desk.trackingPrefill.requestNumber}
        .documentNumber=${desk.trackingPrefill.documentNumber}
      ></mpd-tracking-panel>`,
    },
    {
      id: 'correction',
      element: 'mpd-correction-panel',
      labelKey: 'desk.nav.correction',
      available: (desk) => desk.canCorrect,
      render: (desk, config, translator) => html`<mpd-correction-panel
        part="correction-panel"
        .config=${config}
        .backend=${desk.backend}
        .translator=${translator}
        .trackable=${desk.canTrack}
        .requestNumber=${desk.correctionPrefill.requestNumber}
        .documentNumber=${desk.correctionPrefill.documentNumber}
        @mpd-track-request=${desk.handleTrackRequest}
      ></mpd-correction-panel>`,
    },
    {
      id: 'my-requests',
      element: 'mpd-my-requests',
      labelKey: 'desk.nav.myRequests',
      available: (desk) => desk.canListMine,
      render: (desk, config, translator) => html`<mpd-my-requests
        part="my-requests"
        .config=${config}
        .backend=${desk.backend}
        .translator=${translator}
      ></mpd-my-requests>`,
    },
  ];

  /** `.config`, `config-src` or nested JSON, checked (shared with `<mpd-filing-form>`). */
  private readonly configs = new ConfigController(this, {
    sources: () => ({ config: this.config, src: this.configSrc || undefined }),
  });

  /** Theme tokens from the config, as `:host` rules: CSS on the element from the page still wins. */
  private readonly themeSheet = new CSSStyleSheet();
  private appliedConfig: AgencyConfig | undefined;
  /** One translator per loaded config, so the views are not re-rendered for a new one each time. */
  private translators = new WeakMap<AgencyConfig, Translator>();
  /** "Cargando…" and the config errors, before there is a config: in the page's language. */
  private readonly pageTranslator = translatorFor(undefined, this);

  protected override get messageLocale(): Locale {
    const config = this.loadedConfig;
    return config ? this.translatorOf(config).locale : (pageLocale(this) ?? 'es-PE');
  }

  /** The agency config as an object (checked here like any other source). */
  @property({ attribute: false }) config?: AgencyConfig | AgencyConfigInput;

  /** URL of the agency's JSON config. */
  @property({ attribute: 'config-src', reflect: true }) configSrc?: string;

  /** Replaces the HTTP client built from `config.backend.baseUrl`. */
  @property({ attribute: false }) backend?: DeskBackend;

  /** The id of the view shown (`file`, `tracking`, `correction`, `my-requests`); unknown or unbuilt views fall back to the first. */
  @property({ reflect: true }) view = 'file';

  /** What the tracking view opens with (from the page URL, "Seguir mi solicitud" or "Ver el seguimiento"). */
  @state() trackingPrefill: RequestPrefill = NO_PREFILL;

  /** What the correction view opens with (from the observation mail's link). */
  @state() correctionPrefill: RequestPrefill = NO_PREFILL;

  /** Where each view's element module stands; a view without `load` is always ready. */
  @state() private viewLoads: Readonly<Record<string, 'loading' | 'ready' | 'failed'>> = {};

  /** Settles when the current view's element module has loaded (or failed to). */
  private viewLoaded: Promise<unknown> = Promise.resolve();

  /** A second mail link opened in the same tab changes only the fragment: no reload, so listen. */
  private readonly onHashChange = () => this.readPageUrl();

  override connectedCallback(): void {
    super.connectedCallback();
    this.readPageUrl();
    globalThis.addEventListener?.('hashchange', this.onHashChange);
  }

  override disconnectedCallback(): void {
    globalThis.removeEventListener?.('hashchange', this.onHashChange);
    super.disconnectedCallback();
  }

  /**
   * `#vista=seguimiento&solicitud=…&documento=…` (or the same in the query, for links sent
   * before the fragment) opens that view, pre-filled; the values then leave the address bar.
   */
  private readPageUrl(): void {
    const location = globalThis.location;
    if (!location) return;
    const url = new URL(location.href);
    const hash = new URLSearchParams(url.hash.slice(1));
    const query = url.searchParams;
    // The fragment wins: it is what the server writes now.
    const params = hash.has('vista') ? hash : query;
    // Back from the OpenID Connect provider ("Ingresar con …" in "Mis trámites"): that view
    // reads the code and clears it from the address bar.
    if (!params.has('vista') && query.get('state')?.startsWith(OIDC_STATE_PREFIX)) {
      this.view = 'my-requests';
      return;
    }
    const view = URL_VIEWS[params.get('vista') ?? ''];
    if (!view) return;
    this.view = view;
    const prefill = { requestNumber: params.get('solicitud') ?? '', documentNumber: params.get('documento') ?? '' };
    if (view === 'tracking') this.trackingPrefill = prefill;
    if (view === 'correction') this.correctionPrefill = prefill;
    this.clearPageUrl(url);
  }

  /** Removes the desk's values from the query and the fragment, keeping anything else there. */
  private clearPageUrl(url: URL): void {
    const ours = (part: string) => (URL_PARAMS as readonly string[]).includes(part.split('=')[0]!);
    // Split by hand, not with URLSearchParams, so other fragment parts (`#main`) stay as written.
    const parts = url.hash.slice(1).split('&');
    const hadHash = parts.some(ours);
    const hadQuery = URL_PARAMS.some((name) => url.searchParams.has(name));
    if (!hadHash && !hadQuery) return;
    if (hadQuery) for (const name of URL_PARAMS) url.searchParams.delete(name);
    if (hadHash) {
      const rest = parts.filter((part) => part && !ours(part)).join('&');
      url.hash = rest ? `#${rest}` : '';
    }
    try {
      globalThis.history?.replaceState(globalThis.history.state, '', url.href);
    } catch {
      // A sandboxed or opaque-origin page may refuse; the values are read all the same.
    }
  }

  /** Whether the backend can look requests up (the HTTP backend can; one of an agency's own may not). */
  get canTrack(): boolean {
    return !this.backend || typeof this.backend.trackRequest === 'function';
  }

  /**
   * Whether "Mis trámites" exists here: the agency turned it on (`account.myRequests`) and the
   * backend lists a citizen's requests (the HTTP backend does; one of an agency's own may not).
   */
  get canListMine(): boolean {
    const config = this.loadedConfig;
    return Boolean(config?.account.myRequests) && (!this.backend || typeof this.backend.listMyRequests === 'function');
  }

  /** Whether the backend takes corrections (the HTTP backend does; one of an agency's own may not). */
  get canCorrect(): boolean {
    return !this.backend || typeof this.backend.lookupCorrection === 'function';
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot() as ShadowRoot;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.themeSheet];
    return root;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const config = this.loadedConfig;
    if (config) this.loadView(this.currentView());
  }

  private loadView(view: DeskView): void {
    if (!view.load || this.viewLoads[view.id]) return;
    this.viewLoads = { ...this.viewLoads, [view.id]: 'loading' };
    const settle = (status: 'ready' | 'failed') => () => (this.viewLoads = { ...this.viewLoads, [view.id]: status });
    this.viewLoaded = view.load().then(settle('ready'), settle('failed'));
  }

  /**
   * Also waits for the current view's element: its module, when the view has just opened, and
   * its own first update, so `await desk.updateComplete` finds the view ready to use.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    let settled = await super.getUpdateComplete();
    await this.viewLoaded;
    settled = (await super.getUpdateComplete()) && settled;
    const view = this.renderRoot.querySelector('.body > :not(.view-status)') as { updateComplete?: Promise<boolean> } | null;
    if (view?.updateComplete) await view.updateComplete;
    return settled;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const config = this.loadedConfig;
    if (config !== this.appliedConfig) {
      this.appliedConfig = config;
      this.themeSheet.replaceSync(`:host { ${themeDeclarations(config?.theme)} }`);
    }
  }

  // ── Handlers ───────────────────────────────────────────────────────────────────────────

  private selectView(id: string): void {
    this.view = id;
    // A new view is a new page to a screen reader: its heading takes focus, so it is read out
    // and Tab goes on from there (GOV.UK moves focus the same way on a new page).
    void this.updateComplete.then(() => {
      const view = this.renderRoot.querySelector('.body > :not(.view-status)');
      view?.shadowRoot?.querySelector<HTMLElement>('h2[tabindex="-1"]')?.focus();
    });
  }

  /**
   * "Seguir mi solicitud" on the filing confirmation, or "Ver el seguimiento" of a request with
   * nothing to correct: the tracking view, pre-filled.
   */
  readonly handleTrackRequest = (event: CustomEvent<TrackRequestDetail>): void => {
    if (!this.canTrack) return;
    event.preventDefault(); // the event is cancelable: tells the form the desk handled it
    this.trackingPrefill = { requestNumber: event.detail.requestNumber, documentNumber: event.detail.documentNumber };
    this.view = 'tracking';
  };

  // ── Public methods ─────────────────────────────────────────────────────────────────────

  /** The validated config in use, once loaded. */
  get loadedConfig(): AgencyConfig | undefined {
    return this.configs.config;
  }

  /** The errors that keep the desk from showing, if any. */
  get configErrors(): readonly ConfigError[] {
    return this.configs.errors;
  }

  // ── Render ─────────────────────────────────────────────────────────────────────────────

  private availableViews(): DeskView[] {
    return (this.constructor as typeof Desk).views.filter((view) => view.render && (view.available?.(this) ?? true));
  }

  private renderContact(config: AgencyConfig, tr: Translator): TemplateResult | typeof nothing {
    const contact = config.agency.contact;
    if (!contact || !Object.values(contact).some(Boolean)) return nothing;
    return html`<footer class="footer" part="footer">
      <address>
        <p>
          <strong>${config.agency.shortName}</strong>${contact.office ? html` · ${contact.office}` : nothing}
          ${contact.address ? html`<br />${contact.address}` : nothing}
        </p>
        <ul>
          ${contact.phone
            ? html`<li>${tr.t('desk.contact.phone')}: <a href="tel:${contact.phone.replace(/[^\d+]/g, '')}">${contact.phone}</a></li>`
            : nothing}
          ${contact.email
            ? html`<li>${tr.t('desk.contact.email')}: <a href="mailto:${contact.email}">${contact.email}</a></li>`
            : nothing}
          ${contact.web ? html`<li><a href=${contact.web}>${tr.t('desk.contact.web')}</a></li>` : nothing}
        </ul>
      </address>
    </footer>`;
  }

  private translatorOf(config: AgencyConfig): Translator {
    let translator = this.translators.get(config);
    if (!translator) this.translators.set(config, (translator = translatorFor(config, this)));
    return translator;
  }

  private currentView(): DeskView {
    const views = this.availableViews();
    return views.find((view) => view.id === this.view) ?? views[0]!;
  }

  /**
   * The view's element, with "Cargando…" before it while its module arrives (an element not yet
   * defined shows nothing), or what to do when the module could not be downloaded.
   */
  private renderView(view: DeskView, config: AgencyConfig, tr: Translator): TemplateResult {
    const status = view.load ? (this.viewLoads[view.id] ?? 'loading') : 'ready';
    if (status === 'failed') {
      return html`<div class="view-status" role="alert">
        <p>${tr.t('desk.view.failed')}</p>
        <button type="button" class="button" @click=${() => this.retryView(view)}>${tr.t('desk.view.retry')}</button>
      </div>`;
    }
    return html`${status === 'loading'
        ? html`<p class="view-status" part="loading" role="status">${tr.t('desk.loading')}</p>`
        : nothing}${view.render!(this, config, tr)}`;
  }

  private retryView(view: DeskView): void {
    const { [view.id]: _failed, ...others } = this.viewLoads;
    this.viewLoads = others;
  }

  private renderDesk(config: AgencyConfig): TemplateResult {
    const tr = this.translatorOf(config);
    const views = this.availableViews();
    const current = this.currentView();
    return html`<header class="header" part="header">
        ${config.agency.logo
          ? html`<img class="logo" part="logo" src=${config.agency.logo.src} alt=${config.agency.logo.alt} />`
          : nothing}
        <div class="titles">
          <p class="desk-title">${tr.t('desk.title')}</p>
          <p class="agency" part="agency-name">${config.agency.name}</p>
        </div>
      </header>
      <nav class="nav" part="nav" aria-label=${tr.t('desk.nav.label')}>
        <ul>
          ${views.map(
            (view) => html`<li>
              <button
                type="button"
                data-view=${view.id}
                aria-current=${view === current ? 'page' : 'false'}
                @click=${() => this.selectView(view.id)}
              >
                ${tr.t(view.labelKey)}
              </button>
            </li>`,
          )}
        </ul>
      </nav>
      <div class="body" part="body">${this.renderView(current, config, tr)}</div>
      ${this.renderContact(config, tr)}`;
  }

  override render(): TemplateResult {
    return this.configs.render({
      loading: () => ConfigController.renderLoading(this.pageTranslator),
      ready: (config) => this.renderDesk(config),
      invalid: (errors) => configErrorPanel(errors, this.pageTranslator),
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mpd-desk': Desk;
  }
}
