import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { HttpDeskBackend } from '../../api/client.ts';
import { BackendError, type DeskBackend, type Tracking } from '../../api/types.ts';
import type { ConfigError } from '../../config/errors.ts';
import type { AgencyConfig, AgencyConfigInput } from '../../config/schema.ts';
import { formatRequestNumber, parseRequestNumber, receiptFilename } from '../../domain/request-number.ts';
import type { Translator } from '../../i18n/index.ts';
import { ConfigController } from '../../internal/config-controller.ts';
import { configErrorPanel } from '../../internal/config-errors.ts';
import { errorSummary } from '../../internal/error-summary.ts';
import { textField } from '../../internal/fields.ts';
import { formatLimaDateTime, formatLongDate } from '../../internal/format.ts';
import { LiveRegion } from '../../internal/live-region.ts';
import { plural, translatorFor } from '../../internal/localize.ts';
import { MpdElement } from '../../internal/mpd-element.ts';
import { deliverReceipt, type ReceiptDownloadDetail } from '../../internal/save-file.ts';
import styles from './tracking-panel.styles.ts';

export interface TrackingFoundDetail {
  tracking: Tracking;
}

export interface TrackingErrorDetail {
  /** `tracking.notFound`, `tracking.malformed`, `network.unreachable`, `server.error`, … */
  code: string;
  /** HTTP status; 0 when the server did not answer. */
  status: number;
}

export type { ReceiptDownloadDetail } from '../../internal/save-file.ts';

type Field = 'requestNumber' | 'documentNumber';

/**
 * @summary The citizen's tracking of a request: the request number and identity document, the
 * request's state and its timeline, and the receipt (cargo de recepción) to download.
 *
 * Pre-filled from the `request-number` and `document-number` attributes; when both are given it
 * searches at once (the link in the receipt email opens it that way). A request that is not
 * found gets one message that does not say which of the two data was wrong. When the server
 * does not answer, what was typed stays.
 *
 * The agency config comes, like `<mpd-filing-form>`'s, from the `.config` property, the
 * `config-src` attribute or a child `<script type="application/json">`.
 *
 * @event mpd-tracking-found - The request was found. `detail: { tracking }`.
 * @event mpd-tracking-error - The search failed. `detail: { code, status }` (status 0: no answer).
 * @event mpd-receipt-download - The receipt PDF arrived. `detail: { blob, filename }`. Cancelable:
 *   `preventDefault()` keeps the panel from saving it (to show it in a viewer instead).
 *
 * @csspart loading - The "Cargando…" message while the config is on its way.
 * @csspart config-errors - The panel listing what is wrong with the config.
 * @csspart form - The search `<form>`.
 * @csspart title - The panel's heading.
 * @csspart error-summary - The list of problems after a search with missing or wrong data.
 * @csspart field - Each field's wrapper.
 * @csspart label - Field labels.
 * @csspart hint - Field hints.
 * @csspart error-message - Inline error messages.
 * @csspart input - The two inputs.
 * @csspart submit - "Buscar".
 * @csspart message - The not-found or server-down message.
 * @csspart result - The request found.
 * @csspart status - The current state, in words.
 * @csspart timeline - The timeline `<table>`.
 * @csspart download-button - "Descargar constancia (PDF)".
 * @csspart live-region - The visually hidden polite live region.
 *
 * @cssproperty --mpd-color-primary - Buttons, links, the result's top rule.
 * @cssproperty --mpd-color-on-primary - Text on primary buttons.
 * @cssproperty --mpd-color-text - Body text.
 * @cssproperty --mpd-color-muted - Hints and secondary text.
 * @cssproperty --mpd-color-background - Background.
 * @cssproperty --mpd-color-surface - The current stage's row.
 * @cssproperty --mpd-color-border - Field and table borders.
 * @cssproperty --mpd-color-error - Errors.
 * @cssproperty --mpd-color-focus - The focus highlight.
 * @cssproperty --mpd-font-family - Font.
 * @cssproperty --mpd-radius - Corner radius.
 */
export class TrackingPanel extends MpdElement {
  static readonly tagName: string = 'mpd-tracking-panel';
  static override styles = styles;

  private readonly live = new LiveRegion(this);

  private readonly configs = new ConfigController(this, {
    sources: () => ({ config: this.config, src: this.configSrc || undefined }),
  });

  private readonly lookupTask = new Task<[string, string], Tracking>(this, {
    autoRun: false,
    task: ([requestNumber, documentNumber], { signal }) => {
      const api = this.api;
      if (!api?.trackRequest) throw new BackendError(501, 'tracking.unavailable', 'tracking unavailable');
      return api.trackRequest(requestNumber, documentNumber, signal);
    },
    onComplete: (tracking) => {
      this.live.announce(this.tr.t('tracking.result.title', { number: tracking.requestNumber }));
      this.emit<TrackingFoundDetail>('mpd-tracking-found', { tracking });
      this.afterRender(() => this.resultTitle?.focus());
    },
    onError: (error) => {
      if ((error as Error).name === 'AbortError') return;
      const { code, status } = error instanceof BackendError ? error : { code: 'network.unreachable', status: 0 };
      this.emit<TrackingErrorDetail>('mpd-tracking-error', { code, status });
      if (code === 'tracking.malformed') this.showErrors([['requestNumber', this.formatMessage()]]);
      else this.afterRender(() => this.messageElement?.focus());
    },
  });

  private readonly downloadTask = new Task<[string, string], Blob>(this, {
    autoRun: false,
    task: ([requestNumber, documentNumber], { signal }) => {
      const api = this.api;
      if (!api?.downloadReceipt) throw new BackendError(501, 'tracking.unavailable', 'receipt unavailable');
      return api.downloadReceipt(requestNumber, documentNumber, signal);
    },
  });

  @state() private number = '';
  @state() private document = '';
  @state() private errors = new Map<Field, string>();
  @state() private downloadMessage: '' | 'done' | 'failed' = '';

  /** Set when the pre-filled values change: search once the config is there. */
  private autoSearch = false;
  private agency: AgencyConfig | undefined;
  private configErrors: readonly ConfigError[] = [];
  private configTranslator: Translator = translatorFor(undefined);
  private httpBackend: HttpDeskBackend | undefined;

  /** The agency config (validated here; an invalid one shows what is wrong). */
  @property({ attribute: false }) config?: AgencyConfig | AgencyConfigInput;

  /** URL of the agency's JSON config, used when `.config` is not set. */
  @property({ attribute: 'config-src', reflect: true }) configSrc?: string;

  /** The backend; defaults to the HTTP client at `config.backend.baseUrl`. */
  @property({ attribute: false }) backend?: DeskBackend;

  /** Messages; defaults to the config's locale with its `texts` overrides. */
  @property({ attribute: false }) translator?: Translator;

  /** Pre-fills the request number (with `document-number`, searches at once). */
  @property({ attribute: 'request-number' }) requestNumber = '';

  /** Pre-fills the identity document number. */
  @property({ attribute: 'document-number' }) documentNumber = '';

  @query('#error-summary') private summaryElement?: HTMLElement;
  @query('#message') private messageElement?: HTMLElement;
  @query('#result-title') private resultTitle?: HTMLElement;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('requestNumber') || changed.has('documentNumber')) {
      this.number = this.requestNumber ?? '';
      this.document = this.documentNumber ?? '';
      this.autoSearch = Boolean(this.number.trim() && this.document.trim());
    }
    const config = this.configs.config;
    if (config !== this.agency || this.configs.errors !== this.configErrors) {
      this.agency = config;
      this.configErrors = this.configs.errors;
      this.configTranslator = translatorFor(config);
      this.httpBackend = undefined;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.autoSearch && this.agency) {
      this.autoSearch = false;
      // After this update has finished, so the search's state changes start a new one.
      void this.updateComplete.then(() => this.search());
    }
  }

  /** Runs `action` once what is being changed now is on screen (the task settles before it renders). */
  private afterRender(action: () => void): void {
    this.requestUpdate();
    void this.updateComplete.then(action);
  }

  // ── Derived values ─────────────────────────────────────────────────────────────────────

  private get tr(): Translator {
    return this.translator ?? this.configTranslator;
  }

  private get api(): DeskBackend | undefined {
    if (this.backend) return this.backend;
    if (!this.agency) return undefined;
    this.httpBackend ??= new HttpDeskBackend(this.agency.backend.baseUrl);
    return this.httpBackend;
  }

  /** The agency's format as an example: `12-2026`, `INPE-2026-000012`. */
  private example(): string {
    const pattern = this.agency?.requestNumber.pattern ?? '{seq}-{year}';
    try {
      return formatRequestNumber(pattern, { seq: 12, year: 2026 });
    } catch {
      return '12-2026';
    }
  }

  private formatMessage(): string {
    return this.tr.t('tracking.requestNumber.format', { example: this.example() });
  }

  /** The request found, when the last search found one. */
  get tracking(): Tracking | undefined {
    return this.lookupTask.status === TaskStatus.COMPLETE ? this.lookupTask.value : undefined;
  }

  // ── Public methods ─────────────────────────────────────────────────────────────────────

  /** Checks the two fields and, when they are fine, asks the backend. */
  search(): void {
    if (!this.agency) return;
    const errors: Array<[Field, string]> = [];
    const number = this.number.trim();
    if (!number) errors.push(['requestNumber', this.tr.t('tracking.requestNumber.required')]);
    else if (!parseRequestNumber(this.agency.requestNumber.pattern, number)) errors.push(['requestNumber', this.formatMessage()]);
    if (!this.document.trim()) errors.push(['documentNumber', this.tr.t('tracking.documentNumber.required')]);
    if (errors.length) {
      this.showErrors(errors);
      return;
    }
    this.errors = new Map();
    this.downloadMessage = '';
    this.live.announce(this.tr.t('tracking.searching'));
    void this.lookupTask.run([number, this.document.trim()]);
  }

  /** Downloads the receipt of the request found and saves it (unless a listener takes it). */
  async downloadReceipt(): Promise<Blob | undefined> {
    const found = this.tracking;
    if (!found) return undefined;
    this.downloadMessage = '';
    this.live.announce(this.tr.t('tracking.receipt.downloading'));
    try {
      const blob = await this.downloadTask.run([found.requestNumber, this.document.trim()]).then(() => this.downloadTask.value);
      if (this.downloadTask.status !== TaskStatus.COMPLETE || !blob) throw new Error('no receipt');
      const filename = deliverReceipt(this, blob, found.requestNumber);
      this.downloadMessage = 'done';
      this.live.announce(this.tr.t('tracking.receipt.done', { file: filename }));
      return blob;
    } catch {
      this.downloadMessage = 'failed';
      this.live.announce(this.tr.t('tracking.receipt.failed'));
      return undefined;
    }
  }

  // ── Handlers ───────────────────────────────────────────────────────────────────────────

  private showErrors(errors: Array<[Field, string]>): void {
    this.errors = new Map(errors);
    this.afterRender(() => this.summaryElement?.focus());
  }

  private readonly handleSubmit = (event: Event): void => {
    event.preventDefault();
    this.search();
  };

  private onInput(field: Field, value: string): void {
    if (field === 'requestNumber') this.number = value;
    else this.document = value;
    if (this.errors.has(field) && value.trim()) {
      const errors = new Map(this.errors);
      errors.delete(field);
      this.errors = errors;
    }
  }

  private focusField(id: string): void {
    this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus();
  }

  // ── Render ─────────────────────────────────────────────────────────────────────────────

  private renderForm(): TemplateResult {
    const pending = this.lookupTask.status === TaskStatus.PENDING;
    const prefix = this.tr.t('tracking.errorPrefix');
    const order: Field[] = ['requestNumber', 'documentNumber'];
    const items = order.filter((field) => this.errors.has(field)).map((field) => ({ target: `t-${field}`, text: this.errors.get(field)! }));
    return html`<form part="form" novalidate @submit=${this.handleSubmit}>
      ${items.length
        ? errorSummary({
            id: 'error-summary',
            title: this.tr.t('tracking.errorSummary'),
            items,
            onActivate: (target) => this.focusField(target),
          })
        : nothing}
      <h2 part="title">${this.tr.t('tracking.title')}</h2>
      <p>${this.tr.t('tracking.intro')}</p>
      ${textField({
        id: 't-requestNumber',
        name: 'requestNumber',
        label: this.tr.t('tracking.requestNumber.label'),
        hint: this.tr.t('tracking.requestNumber.hint', { example: this.example() }),
        error: this.errors.get('requestNumber'),
        errorPrefix: prefix,
        value: this.number,
        autocomplete: 'off',
        spellcheck: false,
        width: 'medium',
        onInput: (value) => this.onInput('requestNumber', value),
      })}
      ${textField({
        id: 't-documentNumber',
        name: 'documentNumber',
        label: this.tr.t('tracking.documentNumber.label'),
        hint: this.tr.t('tracking.documentNumber.hint'),
        error: this.errors.get('documentNumber'),
        errorPrefix: prefix,
        value: this.document,
        autocomplete: 'off',
        spellcheck: false,
        width: 'medium',
        onInput: (value) => this.onInput('documentNumber', value),
      })}
      <div class="actions">
        <button id="search" class="button" part="submit" type="submit" ?disabled=${pending}>${this.tr.t('tracking.submit')}</button>
        ${pending ? html`<span class="searching" role="status">${this.tr.t('tracking.searching')}</span>` : nothing}
      </div>
    </form>`;
  }

  private renderMessage(error: unknown): TemplateResult | typeof nothing {
    if ((error as Error)?.name === 'AbortError') return nothing;
    const code = error instanceof BackendError ? error.code : 'network.unreachable';
    const status = error instanceof BackendError ? error.status : 0;
    if (code === 'tracking.malformed') return nothing; // shown on the field
    const key =
      code === 'tracking.notFound'
        ? 'tracking.notFound'
        : code === 'tracking.unavailable'
          ? 'tracking.unavailable'
          : status === 0
            ? 'tracking.unreachable'
            : 'tracking.failed';
    return html`<div class="message" id="message" part="message" role="alert" tabindex="-1" data-code=${code}>
      <p>${this.tr.t(key)}</p>
    </div>`;
  }

  private renderResult(tracking: Tracking): TemplateResult {
    const locale = this.tr.locale;
    const rows = tracking.timeline;
    const last = rows.length - 1;
    const downloading = this.downloadTask.status === TaskStatus.PENDING;
    return html`<section class="result" part="result" aria-labelledby="result-title">
      <h2 id="result-title" tabindex="-1">${this.tr.t('tracking.result.title', { number: tracking.requestNumber })}</h2>
      <dl class="facts">
        <dt>${this.tr.t('tracking.result.status')}</dt>
        <dd><span class="status" part="status" id="status" data-status=${tracking.status}>${tracking.statusLabel}</span></dd>
        ${tracking.procedure
          ? html`<dt>${this.tr.t('tracking.result.procedure')}</dt>
              <dd id="procedure">${tracking.procedure.name}</dd>`
          : nothing}
        <dt>${this.tr.t('tracking.result.subject')}</dt>
        <dd id="subject">${tracking.subject}</dd>
        <dt>${this.tr.t('tracking.result.created')}</dt>
        <dd id="created">${formatLimaDateTime(tracking.createdAt, locale)}</dd>
        <dt>${this.tr.t('tracking.result.deemed')}</dt>
        <dd id="deemed">${formatLongDate(tracking.deemedFiledDate, locale)}</dd>
      </dl>
      <div class="table-wrap" tabindex="0" role="region" aria-labelledby="timeline-caption">
        <table part="timeline" id="timeline">
          <caption id="timeline-caption">${this.tr.t('tracking.timeline.caption', { number: tracking.requestNumber })}</caption>
          <thead>
            <tr>
              <th scope="col">${this.tr.t('tracking.timeline.n')}</th>
              <th scope="col">${this.tr.t('tracking.timeline.stage')}</th>
              <th scope="col">${this.tr.t('tracking.timeline.date')}</th>
              <th scope="col">${this.tr.t('tracking.timeline.origin')}</th>
              <th scope="col">${this.tr.t('tracking.timeline.destination')}</th>
              <th scope="col">${this.tr.t('tracking.timeline.note')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (row, index) => html`<tr class=${index === last ? 'current' : ''} aria-current=${index === last ? 'step' : nothing}>
                <th scope="row">${row.n}</th>
                <td>
                  ${row.stageLabel}
                  ${index === last ? html`<span class="current-mark">${this.tr.t('tracking.timeline.current')}</span>` : nothing}
                </td>
                <td>${formatLimaDateTime(row.at, locale)}</td>
                <td>${row.origin}</td>
                <td>${row.destination ?? this.tr.t('tracking.timeline.empty')}</td>
                <td>${row.note ?? this.tr.t('tracking.timeline.empty')}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="count">${plural(this.tr, 'tracking.timeline.count', rows.length)}</p>
      ${this.api?.downloadReceipt
        ? html`<div class="actions">
            <button
              id="download"
              class="button button--secondary"
              part="download-button"
              type="button"
              ?disabled=${downloading}
              @click=${() => void this.downloadReceipt()}
            >
              ${this.tr.t(downloading ? 'tracking.receipt.downloading' : 'tracking.receipt.download')}
            </button>
            ${this.downloadMessage
              ? html`<span
                  id="download-status"
                  class=${this.downloadMessage === 'failed' ? 'download-status download-status--failed' : 'download-status'}
                  >${this.downloadMessage === 'failed'
                    ? this.tr.t('tracking.receipt.failed')
                    : this.tr.t('tracking.receipt.done', { file: receiptFilename(tracking.requestNumber) })}</span
                >`
              : nothing}
          </div>`
        : nothing}
    </section>`;
  }

  override render(): TemplateResult {
    if (this.configErrors.length) return configErrorPanel(this.configErrors, this.tr);
    if (!this.agency) return ConfigController.renderLoading(this.tr);
    return html`${this.renderForm()}
    ${this.lookupTask.render({
      complete: (tracking) => this.renderResult(tracking),
      error: (error) => this.renderMessage(error),
    })}
    ${this.live.render()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mpd-tracking-panel': TrackingPanel;
  }
  interface HTMLElementEventMap {
    'mpd-tracking-found': CustomEvent<TrackingFoundDetail>;
    'mpd-tracking-error': CustomEvent<TrackingErrorDetail>;
    'mpd-receipt-download': CustomEvent<ReceiptDownloadDetail>;
  }
}
