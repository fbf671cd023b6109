import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import type { MessageArea } from '../../i18n/index.ts';
import { query, state } from 'lit/decorators.js';
import { BackendError, type RequestDownload, type Tracking } from '../../api/types.ts';
import { receiptFilename } from '../../domain/request-number.ts';
import { formatLimaDateTime, formatLongDate } from '../../internal/format.ts';
import { plural } from '../../internal/localize.ts';
import { LookupPanel } from '../../internal/lookup-panel.ts';
import { RequestLookup } from '../../internal/request-lookup.ts';
import { deliverReceipt, receiptFailure, type ReceiptFailure } from '../../internal/save-file.ts';
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
 * @csspart captcha - The agency's captcha (`<mpd-captcha>`), when it asks one for tracking.
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
export class TrackingPanel extends LookupPanel {
  static readonly tagName: string = 'mpd-tracking-panel';
  static override styles = styles;
  static override messageAreas: readonly MessageArea[] = ['desk', 'tracking', 'captcha'];

  protected readonly lookup: RequestLookup = new RequestLookup(this, {
    area: 'tracking',
    idPrefix: 't',
    summaryId: 'error-summary',
    agency: () => this.agency,
    backend: () => this.api,
    captchaPlace: 'tracking',
    translator: () => this.tr,
    pending: () => this.lookupTask.status === TaskStatus.PENDING,
    search: (requestNumber, documentNumber) => {
      this.downloadMessage = '';
      this.searchedDocument = documentNumber;
      this.live.announce(this.tr.t('tracking.searching'));
      void this.lookupTask.run([requestNumber, documentNumber]);
    },
  });

  /**
   * The document the shown result was found with: the download names that request even if the
   * citizen has since edited the field.
   */
  private searchedDocument = '';

  private readonly lookupTask = new Task<[string, string], Tracking>(this, {
    autoRun: false,
    task: async ([requestNumber, documentNumber], { signal }): Promise<Tracking> => {
      const api = this.api;
      if (!api?.trackRequest) throw new BackendError(501, 'tracking.unavailable', 'tracking unavailable');
      return this.lookup.withCaptcha((captcha) => api.trackRequest!(requestNumber, documentNumber, signal, captcha));
    },
    onComplete: (tracking) => {
      this.live.announce(this.tr.t('tracking.result.title', { number: tracking.requestNumber }));
      this.emit<TrackingFoundDetail>('mpd-tracking-found', { tracking });
      this.afterRender(() => this.resultTitle?.focus());
    },
    onError: (error) => this.lookupFailed(error, 'mpd-tracking-error'),
  });

  private readonly downloadTask = new Task<[RequestDownload], Blob>(this, {
    autoRun: false,
    task: ([download], { signal }) => {
      const api = this.api;
      if (!api?.downloadReceipt) throw new BackendError(501, 'tracking.unavailable', 'receipt unavailable');
      return api.downloadReceipt(download, signal);
    },
  });

  @state() private downloadMessage: '' | 'done' | ReceiptFailure = '';

  @query('#result-title') private resultTitle?: HTMLElement;

  /** The request found, when the last search found one. */
  get tracking(): Tracking | undefined {
    return this.lookupTask.status === TaskStatus.COMPLETE ? this.lookupTask.value : undefined;
  }

  // ── Public methods ─────────────────────────────────────────────────────────────────────

  /** Downloads the receipt of the request found and saves it (unless a listener takes it). */
  async downloadReceipt(): Promise<Blob | undefined> {
    const found = this.tracking;
    if (!found) return undefined;
    this.downloadMessage = '';
    this.live.announce(this.tr.t('tracking.receipt.downloading'));
    try {
      const download = { requestNumber: found.requestNumber, documentNumber: this.searchedDocument, downloadToken: found.downloadToken ?? '' };
      await this.downloadTask.run([download]);
      const blob = this.downloadTask.value;
      if (this.downloadTask.status !== TaskStatus.COMPLETE || !blob) throw this.downloadTask.error ?? new Error('no receipt');
      const filename = deliverReceipt(this, blob, found.requestNumber);
      this.downloadMessage = 'done';
      this.live.announce(this.tr.t('tracking.receipt.done', { file: filename }));
      return blob;
    } catch (error) {
      // The result stays on screen: an expired download only needs another search.
      this.downloadMessage = receiptFailure(error);
      this.live.announce(this.tr.t(this.downloadMessage));
      return undefined;
    }
  }

  // ── Render ─────────────────────────────────────────────────────────────────────────────

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
                  class=${this.downloadMessage === 'done' ? 'download-status' : 'download-status download-status--failed'}
                  >${this.downloadMessage === 'done'
                    ? this.tr.t('tracking.receipt.done', { file: receiptFilename(tracking.requestNumber) })
                    : this.tr.t(this.downloadMessage)}</span
                >`
              : nothing}
          </div>`
        : nothing}
    </section>`;
  }

  override render(): TemplateResult {
    return this.renderWhenConfigured(
      () => html`${this.lookup.render()}
      ${this.lookupTask.render({
        complete: (tracking) => this.renderResult(tracking),
        error: (error) => this.lookup.renderFailure(error),
      })}
      ${this.live.render()}`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mpd-tracking-panel': TrackingPanel;
  }
}
