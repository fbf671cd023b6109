/**
 * The base of the panels that start by finding a request by its number and identity document
 * (`<mpd-tracking-panel>`, `<mpd-correction-panel>`): the agency config from `.config`,
 * `config-src` or nested JSON (`ConfigController`), the backend (the HTTP client at
 * `config.backend.baseUrl` unless one is given), the translator, the pre-fill attributes and the
 * look-up form (`RequestLookup`) with what a failed search does.
 */
import type { PropertyValues, TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { HttpDeskBackend } from '../api/client.ts';
import type { DeskBackend } from '../api/types.ts';
import type { ConfigError } from '../config/errors.ts';
import type { AgencyConfig, AgencyConfigInput } from '../config/schema.ts';
import type { Locale, Translator } from '../i18n/index.ts';
import { ConfigController } from './config-controller.ts';
import { configErrorPanel } from './config-errors.ts';
import { LiveRegion } from './live-region.ts';
import { localeFor, translatorFor } from './localize.ts';
import { MpdElement } from './mpd-element.ts';
import { failureOf, type RequestLookup } from './request-lookup.ts';

export abstract class LookupPanel extends MpdElement {
  protected readonly live = new LiveRegion(this);

  protected readonly configs = new ConfigController(this, {
    sources: () => ({ config: this.config, src: this.configSrc || undefined }),
  });

  /** The look-up form; each panel builds it with its own catalog area and search. */
  protected abstract readonly lookup: RequestLookup;

  protected agency: AgencyConfig | undefined;
  protected configErrors: readonly ConfigError[] = [];
  private configTranslator: Translator = translatorFor(undefined, this);
  private httpBackend: HttpDeskBackend | undefined;

  /** The agency config (validated here; an invalid one shows what is wrong). */
  @property({ attribute: false }) config?: AgencyConfig | AgencyConfigInput;

  /** URL of the agency's JSON config, used when `.config` is not set. */
  @property({ attribute: 'config-src', reflect: true }) configSrc?: string;

  /** The backend; defaults to the HTTP client at `config.backend.baseUrl`. */
  @property({ attribute: false }) backend?: DeskBackend;

  /** Messages; defaults to the config's `locale` (else the page's `lang`) with its `texts` overrides. */
  @property({ attribute: false }) translator?: Translator;

  /** Pre-fills the request number (with `document-number`, searches at once). */
  @property({ attribute: 'request-number' }) requestNumber = '';

  /** Pre-fills the identity document number. */
  @property({ attribute: 'document-number' }) documentNumber = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('requestNumber') || changed.has('documentNumber')) this.lookup.prefill(this.requestNumber, this.documentNumber);
    const config = this.configs.config;
    if (config !== this.agency || this.configs.errors !== this.configErrors) {
      this.agency = config;
      this.configErrors = this.configs.errors;
      this.configTranslator = translatorFor(config, this);
      this.httpBackend = undefined;
    }
  }

  /** Runs `action` once what is being changed now is on screen (a task settles before it renders). */
  protected afterRender(action: () => void): void {
    this.requestUpdate();
    void this.updateComplete.then(action);
  }

  protected get tr(): Translator {
    return this.translator ?? this.configTranslator;
  }

  protected override get messageLocale(): Locale {
    return this.translator?.locale ?? localeFor(this.configs.config, this);
  }

  protected get api(): DeskBackend | undefined {
    if (this.backend) return this.backend;
    if (!this.agency) return undefined;
    this.httpBackend ??= new HttpDeskBackend(this.agency.backend.baseUrl);
    return this.httpBackend;
  }

  /**
   * A search failed: fires `event` with `{ code, status }`, puts a malformed number on its field
   * and otherwise moves focus to the message (`#message`).
   */
  protected lookupFailed(error: unknown, event: 'mpd-tracking-error' | 'mpd-correction-error'): void {
    if ((error as Error).name === 'AbortError') return;
    const { code, status } = failureOf(error);
    this.emit(event, { code, status });
    if (code === 'tracking.malformed') this.lookup.showErrors([['requestNumber', this.lookup.formatMessage()]]);
    else if (this.lookup.showCaptchaProblem(code)) return; // said, and focused, next to the captcha
    else this.afterRender(() => this.renderRoot.querySelector<HTMLElement>('#message')?.focus());
  }

  /** Checks the two look-up fields and, when they are fine, asks the backend. */
  search(): void {
    this.lookup.submit();
  }

  /** The config's problems or "Cargando…" until the config is there; then `ready`. */
  protected renderWhenConfigured(ready: () => TemplateResult): TemplateResult {
    if (this.configErrors.length) return configErrorPanel(this.configErrors, this.tr);
    if (!this.agency) return ConfigController.renderLoading(this.tr);
    return ready();
  }
}
