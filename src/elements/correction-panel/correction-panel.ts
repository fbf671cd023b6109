import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { MessageArea } from '../../i18n/index.ts';
import { property, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import {
  BackendError,
  type CorrectedFile,
  type CorrectionCase,
  type CorrectionFieldError,
  type CorrectionReceipt,
  type CorrectionSubmission,
  type ObservedDocument,
} from '../../api/types.ts';
import { correctionRule } from '../../config/derive.ts';
import type { AgencyConfig } from '../../config/schema.ts';
import { checkCorrection, slotKey, timeLeft, type CorrectionDocument, type DocumentSlot, type TimeLeft } from '../../domain/correction.ts';
import { formatBytes } from '../../domain/files.ts';
import { randomUuid } from '../../internal/compat.ts';
import { errorSummary } from '../../internal/error-summary.ts';
import { textField } from '../../internal/fields.ts';
import { formatLimaDateTime, formatLimaTime, formatLongDate } from '../../internal/format.ts';
import { firstMessage, plural } from '../../internal/localize.ts';
import { LookupPanel } from '../../internal/lookup-panel.ts';
import { failureOf, RequestLookup } from '../../internal/request-lookup.ts';
import { ServerClock } from '../../internal/server-clock.ts';
import { DraftUploadGrant, withCaptcha, type Captcha } from '../captcha/captcha.ts';
import type { AttachmentZone, TrackRequestDetail } from '../filing-form/filing-form.ts';
import styles from './correction-panel.styles.ts';

export interface CorrectionFoundDetail {
  correctionCase: CorrectionCase;
}

export interface CorrectionSubmittedDetail {
  receipt: CorrectionReceipt;
}

export interface CorrectionErrorDetail {
  /**
   * `tracking.notFound`, `tracking.malformed` (look-up); `correction.deadlinePassed`,
   * `correction.notObserved`, `correction.invalid`, `idempotency.conflict` (sending); and
   * `network.unreachable`, `server.error`, … for either.
   */
  code: string;
  /** HTTP status; 0 when the server did not answer. */
  status: number;
}

/** The server's 422 codes about a replacement it no longer has or cannot use: attach it again. */
const REUPLOAD_CODES: ReadonlySet<string> = new Set(['upload.notFound', 'upload.wrongSlot', 'upload.alreadyUsed']);
/** The server's 422 codes about a replacement that breaks the correction rules: choose another file. */
const RULE_CODES: ReadonlySet<string> = new Set(['file.size', 'file.type', 'file.empty']);

/** A problem of one field of the correction form (`replacement:main-0`, `documentNumber:annex-2`). */
interface FieldProblem {
  field: string;
  code: string;
  document: DocumentSlot;
}

type SendMessage = { key: string; again?: boolean };

const replacementId = (key: string) => `c-replacement-${key}`;
const numberId = (key: string) => `c-number-${key}`;

/** The element id of a correction field (what the error summary links to). */
function fieldTarget(field: string): string {
  const [kind, key = ''] = field.split(':');
  return kind === 'documentNumber' ? numberId(key) : replacementId(key);
}

/**
 * @summary The citizen's correction of observed documents (subsanación): the request found by
 * its number and identity document, each observed document with the desk's note, a replacement
 * for each one, the deadline in plain words, and "Subsanación recibida" once sent.
 *
 * Pre-filled from the `request-number` and `document-number` attributes; when both are given it
 * searches at once (the link in the observation email opens it that way). A request that is not
 * found gets one message that does not say which of the two data was wrong.
 *
 * Only observed documents get a replacement slot, with the agency's correction rules (e.g.
 * CENARES: PDF up to 20 MB) and the same checks, progress and errors as filing. The deadline and
 * the time left are counted on the server's clock (its `now`, kept as an offset from the
 * device's), and re-said every minute. Sending checks, as the server does, that every observed
 * document is replaced; it goes once per draft (one idempotency key, reused when the server did
 * not answer), and when the server does not answer the uploads and typed numbers stay. After the
 * deadline the panel says so and offers nothing to send.
 *
 * Attributes and properties as `<mpd-tracking-panel>`'s (`.config` / `config-src` / a child
 * `<script type="application/json">`, `.backend`, `.translator`, `request-number`,
 * `document-number`; see `LookupPanel`), plus `.trackable`.
 *
 * @event mpd-correction-found - The request was found. `detail: { correctionCase }`.
 * @event mpd-correction-submitted - The correction was received. `detail: { receipt }`.
 * @event mpd-correction-error - A search or a sending failed. `detail: { code, status }` (status 0: no answer).
 * @event mpd-track-request - "Ver el seguimiento de la solicitud" on a request with nothing to
 *   correct (shown when `trackable`). `detail: { requestNumber, documentNumber }`. Cancelable:
 *   `<mpd-desk>` handles it by opening its tracking view.
 *
 * @csspart loading - The "Cargando…" message while the config is on its way.
 * @csspart config-errors - The panel listing what is wrong with the config.
 * @csspart form - The look-up `<form>`.
 * @csspart title - The look-up's heading.
 * @csspart error-summary - The list of problems (look-up, or the correction before sending).
 * @csspart field - Each field's wrapper.
 * @csspart label - Field labels.
 * @csspart hint - Field hints.
 * @csspart error-message - Inline error messages.
 * @csspart input - The text inputs.
 * @csspart captcha - The agency's captcha for the search (`<mpd-captcha>`), when it asks one for corrections.
 * @csspart submit - "Buscar".
 * @csspart message - The not-found or server-down message of a search.
 * @csspart result - The request found.
 * @csspart facts - The request's data (number, procedure, applicant…).
 * @csspart correction-form - The `<form>` with the observed documents.
 * @csspart deadline - The deadline and the time left.
 * @csspart observed-document - One observed document with its replacement.
 * @csspart observation-note - The desk's note on a document (with a ⚠ icon and a word, not colour alone).
 * @csspart replacement-dropzone - Each replacement's `<mpd-dropzone>`.
 * @csspart send-captcha - The captcha before "Enviar subsanación" (each send spends one answer).
 * @csspart upload-captcha - The captcha of the upload grant (place `upload`): hidden with ALTCHA, which solves it by itself; a third-party provider's checkbox shows.
 * @csspart send-button - "Enviar subsanación".
 * @csspart send-error - The message when sending failed.
 * @csspart state-message - What an expired, corrected or not observed request says.
 * @csspart track-button - "Ver el seguimiento de la solicitud".
 * @csspart confirmation - "Subsanación recibida".
 * @csspart ok-button - "Aceptar" on the confirmation.
 * @csspart live-region - The visually hidden polite live region.
 *
 * @cssproperty --mpd-color-primary - Buttons, links, the result's top rule.
 * @cssproperty --mpd-color-on-primary - Text on primary buttons.
 * @cssproperty --mpd-color-text - Body text.
 * @cssproperty --mpd-color-muted - Hints and secondary text.
 * @cssproperty --mpd-color-background - Background.
 * @cssproperty --mpd-color-surface - Observed documents and notices.
 * @cssproperty --mpd-color-border - Field borders.
 * @cssproperty --mpd-color-error - Errors.
 * @cssproperty --mpd-color-success - The confirmation banner.
 * @cssproperty --mpd-color-focus - The focus highlight.
 * @cssproperty --mpd-font-family - Font.
 * @cssproperty --mpd-radius - Corner radius.
 */
export class CorrectionPanel extends LookupPanel {
  static readonly tagName: string = 'mpd-correction-panel';
  static override styles = styles;
  static override messageAreas: readonly MessageArea[] = ['desk', 'correction', 'tracking', 'form', 'files', 'captcha'];

  private readonly clock = new ServerClock(this);

  protected readonly lookup: RequestLookup = new RequestLookup(this, {
    area: 'correction',
    idPrefix: 'c',
    summaryId: 'lookup-summary',
    agency: () => this.agency,
    backend: () => this.api,
    captchaPlace: 'correction',
    translator: () => this.tr,
    pending: () => this.lookupTask.status === TaskStatus.PENDING,
    search: (requestNumber, documentNumber) => {
      // The case on screen (and the files attached to it) stays until an answer replaces it: a
      // search that fails, or that finds the same open request, loses nothing.
      this.receipt = null;
      this.clock.running = false;
      this.searchedDocument = documentNumber;
      this.live.announce(this.tr.t('correction.searching'));
      void this.lookupTask.run([requestNumber, documentNumber]);
    },
  });

  private readonly lookupTask = new Task<[string, string], CorrectionCase>(this, {
    autoRun: false,
    task: async ([requestNumber, documentNumber], { signal }): Promise<CorrectionCase> => {
      const api = this.api;
      if (!api?.lookupCorrection) throw new BackendError(501, 'correction.unavailable', 'corrections unavailable');
      return this.lookup.withCaptcha((captcha) => api.lookupCorrection!(requestNumber, documentNumber, signal, captcha));
    },
    onComplete: (found) => this.show(found),
    onError: (error) => this.lookupFailed(error, 'mpd-correction-error'),
  });

  private readonly submitTask = new Task<[CorrectionSubmission, string], CorrectionReceipt>(this, {
    autoRun: false,
    task: async ([submission, key], { signal }): Promise<CorrectionReceipt> => {
      const api = this.api;
      if (!api?.submitCorrection) throw new BackendError(501, 'correction.unavailable', 'corrections unavailable');
      // Its own captcha, next to "Enviar subsanación" (the look-up's was spent by the search).
      return withCaptcha(this.renderRoot.querySelector<Captcha>('#send-captcha'), (captcha) => api.submitCorrection!(submission, key, signal, captcha));
    },
  });

  /** The request found by the last search (its state changes to `expired` when the server says so). */
  @state() private found: CorrectionCase | null = null;
  @state() private receipt: CorrectionReceipt | null = null;
  /** The printed numbers typed, by document (`main-0`). */
  @state() private numbers = new Map<string, string>();
  /** Problems shown on the correction's fields, by field (`replacement:main-0`). */
  @state() private errors = new Map<string, FieldProblem>();
  @state() private summaryShown = false;
  @state() private sendMessage: SendMessage | null = null;

  /** Set synchronously on "Enviar", so a double click cannot start a second send. */
  private inFlight = false;
  /** One key per draft: reused when the server did not answer, replaced after a refusal. */
  private idempotencyKey = randomUuid();
  /** The identity document of the search that found the request (what the server checks again). */
  private searchedDocument = '';
  /** Replacements the server asked to attach again (their dropzone row is marked). */
  private reuploads = new Set<string>();
  /** Bumped for each request found, so its dropzones start empty. */
  private draftId = 0;
  /** Whether the deadline passing while the page was open has been said (once per case). */
  private expiryAnnounced = false;

  /** Offers "Ver el seguimiento" for a request with nothing to correct (`<mpd-desk>` sets it when it can track). */
  @property({ attribute: false }) trackable = false;

  @query('#error-summary') private summaryElement?: HTMLElement;

  private focusId(id: string): void {
    this.afterRender(() => this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus());
  }

  // ── Derived values ─────────────────────────────────────────────────────────────────────

  private get sending(): boolean {
    return this.submitTask.status === TaskStatus.PENDING;
  }

  /** The request found by the last search, as the panel shows it now. */
  get correctionCase(): CorrectionCase | undefined {
    return this.found ?? undefined;
  }

  /** What is left of the deadline on the server's clock; expired when there is none to keep. */
  private left(found: CorrectionCase): TimeLeft {
    const deadline = found.observation?.deadline;
    if (!deadline) return { expired: true };
    return timeLeft(this.clock.now(), { date: deadline.date, endsAt: new Date(deadline.endsAt) });
  }

  /** The state to show: an open request whose deadline passed while the page was open is expired. */
  private shownState(found: CorrectionCase): CorrectionCase['state'] {
    return found.state === 'open' && this.left(found).expired ? 'expired' : found.state;
  }

  /** "Documento principal", "Anexo 2" (`inSentence`: "documento principal", "anexo 2"). */
  private documentName(document: DocumentSlot, inSentence = false): string {
    const area = inSentence ? 'correction.docIn' : 'correction.doc';
    return this.tr.t(`${area}.${document.slot}`, { index: document.index });
  }

  private observed(): ObservedDocument[] {
    return this.found?.observation?.documents ?? [];
  }

  private zone(key: string): AttachmentZone | null {
    return this.renderRoot.querySelector<AttachmentZone>(`#${replacementId(key)}`);
  }

  private message(problem: FieldProblem): string {
    const code = REUPLOAD_CODES.has(problem.code) ? 'reupload' : problem.code.replace(/^correction\./, '');
    const document = problem.document;
    const slot = document.slot === 'main' ? ({ kind: 'main' } as const) : ({ kind: 'annex', index: document.index } as const);
    const rule = this.agency ? correctionRule(this.agency, slot) : undefined;
    return firstMessage(this.tr, [`correction.error.${code}`, 'correction.error.invalid'], {
      document: this.documentName(document, true),
      max: rule ? formatBytes(rule.maxBytes, this.tr.locale) : '',
      accept: rule ? rule.accept.join(', ') : '',
    });
  }

  private errorText(field: string): string | undefined {
    const problem = this.errors.get(field);
    return problem ? this.message(problem) : undefined;
  }

  // ── Checking and sending ───────────────────────────────────────────────────────────────

  /** Every problem of the draft, in page order, and the documents to send when there is none. */
  private check(): { problems: FieldProblem[]; documents: CorrectionDocument[] } {
    const observed = this.observed();
    const documents: CorrectionDocument[] = [];
    const zoneProblems = new Map<string, string>();
    for (const document of observed) {
      const key = slotKey(document);
      const zone = this.zone(key);
      const files = zone?.files ?? [];
      const upload = zone?.uploads?.[0];
      // A file the citizen added but that will not be sent must not vanish silently: sending
      // waits until it is uploaded, retried or removed.
      const problem = zone?.busy
        ? 'busy'
        : files.some((file) => file.status === 'failed')
          ? 'uploadFailed'
          : !upload && this.reuploads.has(key)
            ? 'reupload'
            : !upload && files.some((file) => file.status === 'rejected')
              ? 'rejected'
              : null;
      if (problem) zoneProblems.set(`replacement:${key}`, problem);
      if (upload) {
        const number = this.numbers.get(key);
        documents.push({ slot: document.slot, index: document.index, uploadId: upload.uploadId, ...(number ? { documentNumber: number } : {}) });
      }
    }
    const result = checkCorrection(observed, documents, { documentNumber: this.agency?.corrections.documentNumber ?? 'optional' });
    const problems: FieldProblem[] = result.ok
      ? []
      : result.errors.map((error) => ({ field: error.field, code: zoneProblems.get(error.field) ?? error.code, document: error.params }));
    for (const [field, code] of zoneProblems) {
      if (!problems.some((problem) => problem.field === field)) {
        problems.push({ field, code, document: this.documentOf(field) });
      }
    }
    return { problems: this.sortProblems(problems), documents: result.ok ? result.documents : [] };
  }

  private documentOf(field: string): DocumentSlot {
    const key = field.split(':')[1] ?? '';
    const document = this.observed().find((candidate) => slotKey(candidate) === key);
    return document ? { slot: document.slot, index: document.index } : { slot: 'main', index: 0 };
  }

  /** Page order: documents as listed, the number before its replacement. */
  private sortProblems(problems: FieldProblem[]): FieldProblem[] {
    const order = this.observed().map(slotKey);
    const rank = (problem: FieldProblem) => {
      const [kind, key = ''] = problem.field.split(':');
      const position = order.indexOf(key);
      return (position < 0 ? order.length : position) * 2 + (kind === 'documentNumber' ? 0 : 1);
    };
    return [...problems].sort((a, b) => rank(a) - rank(b));
  }

  private showErrors(problems: readonly FieldProblem[]): void {
    this.errors = new Map(problems.map((problem) => [problem.field, problem]));
    this.summaryShown = problems.length > 0;
    this.afterRender(() => this.summaryElement?.focus());
  }

  /** While the citizen fixes things, a shown problem may go away, but none appears. */
  private forgive(): void {
    if (this.errors.size === 0 || !this.found) return;
    const still = new Map(this.check().problems.map((problem) => [problem.field, problem]));
    const errors = new Map([...this.errors].filter(([field]) => still.has(field)).map(([field]) => [field, still.get(field)!]));
    if (errors.size !== this.errors.size || [...errors].some(([field, problem]) => this.errors.get(field)?.code !== problem.code)) {
      this.errors = errors;
      if (errors.size === 0) this.summaryShown = false;
    }
  }

  private readonly handleSend = async (event: Event): Promise<void> => {
    event.preventDefault();
    const found = this.found;
    if (this.inFlight || !found || !this.agency) return;
    this.inFlight = true;
    try {
      this.sendMessage = null;
      const { problems, documents } = this.check();
      if (problems.length) {
        this.showErrors(problems);
        return;
      }
      this.errors = new Map();
      this.summaryShown = false;
      await this.send({ requestNumber: found.requestNumber, documentNumber: this.searchedDocument, documents });
    } finally {
      this.inFlight = false;
    }
  };

  private async send(submission: CorrectionSubmission): Promise<void> {
    this.live.announce(this.tr.t('correction.sending'));
    await this.submitTask.run([submission, this.idempotencyKey]);
    if (this.submitTask.status === TaskStatus.COMPLETE && this.submitTask.value) {
      const receipt = this.submitTask.value;
      this.receipt = receipt;
      this.clock.running = false;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#done-title')?.focus();
      this.emit<CorrectionSubmittedDetail>('mpd-correction-submitted', { receipt });
      return;
    }
    if (this.submitTask.status !== TaskStatus.ERROR) return;
    const error = this.submitTask.error;
    const failure = failureOf(error);
    this.failed(error, failure);
    this.emit<CorrectionErrorDetail>('mpd-correction-error', failure);
  }

  private failed(error: unknown, { code, status }: { code: string; status: number }): void {
    // Nothing was stored: said next to the captcha, which is solving a new answer; the key stays.
    if (this.renderRoot.querySelector<Captcha>('#send-captcha')?.showProblem(code)) return;
    if (code === 'correction.deadlinePassed' && this.found) {
      // The server's clock decides: the request is now NO PRESENTADO, with nothing to send.
      this.found = { ...this.found, state: 'expired' };
      this.clock.running = false;
      this.focusId('expired');
      return;
    }
    if (status === 0 || status >= 500) {
      // No answer: the correction may or may not have arrived, so the retry goes with the same
      // key and the server answers it with the first receipt if there was one.
      this.sendMessage = { key: status === 0 ? 'correction.send.unreachable' : 'correction.send.failed' };
    } else if (code === 'correction.notObserved') {
      this.sendMessage = { key: 'correction.send.notObserved', again: true };
    } else if (status === 422 || code === 'correction.invalid') {
      // Refused, nothing stored: the fixed draft goes with a new key.
      this.idempotencyKey = randomUuid();
      const fieldErrors = error instanceof BackendError ? error.fieldErrors.filter(isCorrectionFieldError) : [];
      if (fieldErrors.length) {
        this.showErrors(this.sortProblems(fieldErrors.map((fieldError) => this.serverProblem(fieldError))));
        return;
      }
      this.sendMessage = { key: 'correction.send.invalid' };
    } else if (code === 'idempotency.conflict') {
      this.idempotencyKey = randomUuid();
      this.sendMessage = { key: 'correction.send.conflict', again: true };
    } else if (status === 429) {
      this.sendMessage = { key: 'correction.send.rateLimited' };
    } else {
      this.sendMessage = { key: 'correction.send.failed' };
    }
    this.focusId('send-error');
  }

  /** A 422 problem of the server on one replacement; one it no longer has is marked to attach again. */
  private serverProblem(fieldError: CorrectionFieldError): FieldProblem {
    const problem: FieldProblem = { field: fieldError.field, code: fieldError.code, document: fieldError.params };
    const key = slotKey(fieldError.params);
    if (fieldError.field.startsWith('replacement:') && (REUPLOAD_CODES.has(fieldError.code) || RULE_CODES.has(fieldError.code))) {
      if (this.zone(key)?.markNeedsReupload?.(1, this.message(problem), fieldError.code)) this.reuploads.add(key);
    }
    return problem;
  }

  // ── Handlers ───────────────────────────────────────────────────────────────────────────

  private show(found: CorrectionCase): void {
    this.clock.sync(found.now);
    const sameDraft = this.found?.requestNumber === found.requestNumber && this.found.state === 'open' && found.state === 'open';
    this.found = found;
    this.receipt = null;
    this.expiryAnnounced = false;
    this.sendMessage = null;
    if (!sameDraft) {
      this.numbers = new Map();
      this.errors = new Map();
      this.summaryShown = false;
      this.reuploads = new Set();
      this.idempotencyKey = randomUuid();
      this.draftId++;
    }
    this.clock.running = found.state === 'open';
    this.live.announce(this.tr.t('correction.case.titleOther', { number: found.requestNumber }));
    this.emit<CorrectionFoundDetail>('mpd-correction-found', { correctionCase: found });
    this.focusId('result-title');
  }

  private onNumber(key: string, value: string): void {
    const numbers = new Map(this.numbers);
    numbers.set(key, value);
    this.numbers = numbers;
    this.forgive();
  }

  private readonly handleFilesChange = (): void => {
    this.forgive();
    this.requestUpdate();
  };

  private readonly handleSearchAgain = (): void => {
    this.lookup.submit();
  };

  private readonly handleAccept = (): void => {
    this.receipt = null;
    this.found = null;
    this.searchedDocument = '';
    this.lookup.clear();
    this.focusId('c-requestNumber');
  };

  private trackRequest(found: CorrectionCase): boolean {
    return this.emit<TrackRequestDetail>(
      'mpd-track-request',
      { requestNumber: found.requestNumber, documentNumber: this.searchedDocument },
      { cancelable: true },
    );
  }

  private focusField(id: string): void {
    const element = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    if (!element) return;
    element.closest('[data-field]')?.scrollIntoView?.({ block: 'start' });
    element.focus({ preventScroll: true });
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const found = this.found;
    if (found?.state === 'open' && !this.receipt && !this.expiryAnnounced && this.shownState(found) === 'expired') {
      // The minute tick found the deadline past: the form is gone, so say why and put focus
      // where the citizen can read it, instead of leaving it on a control that vanished.
      this.expiryAnnounced = true;
      this.clock.running = false;
      this.live.announce(this.tr.t('correction.expiredNow'));
      this.renderRoot.querySelector<HTMLElement>('#expired')?.focus();
    }
  }

  // ── Render ─────────────────────────────────────────────────────────────────────────────

  /** "1 día y 15 horas", "5 horas y 12 minutos", "menos de una hora: 12 minutos". */
  private leftText(left: Exclude<TimeLeft, { expired: true }>): string {
    const unit = (name: string, count: number) => plural(this.tr, `correction.left.${name}`, count);
    if (left.days === 0 && left.hours === 0) {
      return left.minutes === 0
        ? this.tr.t('correction.left.underMinute')
        : this.tr.t('correction.left.underHour', { time: unit('minutes', left.minutes) });
    }
    const [first, second] =
      left.days > 0
        ? [unit('days', left.days), left.hours > 0 ? unit('hours', left.hours) : '']
        : [unit('hours', left.hours), left.minutes > 0 ? unit('minutes', left.minutes) : ''];
    const time = second ? this.tr.t('correction.left.and', { first, second }) : first;
    const single = !second && (left.days > 0 ? left.days : left.hours) === 1;
    return this.tr.t(single ? 'correction.left.one' : 'correction.left', { time });
  }

  private renderDeadline(found: CorrectionCase): TemplateResult | typeof nothing {
    const deadline = found.observation?.deadline;
    const left = this.left(found);
    if (!deadline || left.expired) return nothing;
    const locale = this.tr.locale;
    return html`<p class="notice deadline" id="deadline" part="deadline">
      <strong>${this.tr.t('correction.deadline', { date: formatLongDate(deadline.date, locale), time: formatLimaTime(deadline.endsAt, locale) })}</strong>
      <span id="time-left">${this.leftText(left)}</span>
    </p>`;
  }

  private renderFacts(found: CorrectionCase): TemplateResult {
    const fact = (id: string, label: string, value: string) => html`<dt>${this.tr.t(label)}</dt>
      <dd id=${id}>${value}</dd>`;
    const identity = `${firstMessage(this.tr, [`form.docType.${found.applicant.documentType}`], {})} ${found.applicant.documentNumber}`;
    return html`<dl class="facts" part="facts">
      ${fact('case-number', 'correction.case.number', found.requestNumber)}
      ${found.procedure ? fact('case-procedure', 'correction.case.procedure', found.procedure.name) : nothing}
      ${fact('case-applicant', 'correction.case.applicant', found.applicant.name)}
      ${fact('case-identity', 'correction.case.identity', identity)}
      ${found.organization
        ? html`${fact('case-organization', 'correction.case.organization', found.organization.name)}
          ${fact('case-ruc', 'correction.case.ruc', found.organization.ruc)}`
        : nothing}
      ${found.observation?.note ? fact('case-observation', 'correction.case.observation', found.observation.note) : nothing}
    </dl>`;
  }

  private renderFile(file: CorrectedFile, id?: string): TemplateResult {
    const locale = this.tr.locale;
    const facts = [file.pages === null ? '' : plural(this.tr, 'correction.pages', file.pages), formatBytes(file.size, locale)].filter(Boolean);
    return html`<li data-document=${slotKey(file)} id=${id ?? nothing}>
      ${this.tr.t('correction.done.file', { document: this.documentName(file), name: file.name })}
      <span class="file-meta">(${facts.join(', ')})</span>
      ${file.documentNumber ? html`<span class="file-meta">· ${this.tr.t('correction.done.fileNumber', { number: file.documentNumber })}</span>` : nothing}
    </li>`;
  }

  private renderSummary(): TemplateResult | typeof nothing {
    if (!this.summaryShown || this.errors.size === 0) return nothing;
    const items = this.sortProblems([...this.errors.values()]).map((problem) => ({
      target: fieldTarget(problem.field),
      text: this.message(problem),
    }));
    return errorSummary({ id: 'error-summary', title: this.tr.t('correction.errorSummary'), items, onActivate: (target) => this.focusField(target) });
  }

  /** The upload grant of this correction (every observed document's replacement), for its dropzones. */
  private readonly uploadGrant = new DraftUploadGrant('correction', () => {
    const element = this.renderRoot.querySelector<Captcha>('#upload-captcha');
    return typeof element?.answer === 'function' ? element : null;
  });

  private renderDocument(agency: AgencyConfig, document: ObservedDocument, endpoint: string): TemplateResult {
    const key = slotKey(document);
    const slot = document.slot === 'main' ? ({ kind: 'main' } as const) : ({ kind: 'annex', index: document.index } as const);
    // A group named by the document and described by the desk's note: a screen reader entering
    // the replacement's controls hears what was wrong with the document they replace.
    return html`<div
      class="observed"
      part="observed-document"
      data-document=${key}
      role="group"
      aria-labelledby=${`observed-title-${key}`}
      aria-describedby=${`observed-note-${key}`}
    >
      <h4 class="observed__title" id=${`observed-title-${key}`}>${this.documentName(document)}</h4>
      <p class="observed__file">${this.tr.t('correction.observed.file', { name: document.name })}</p>
      <p class="observed__note" part="observation-note" id=${`observed-note-${key}`}>
        <span class="observed__icon" aria-hidden="true">⚠</span>
        <strong>${this.tr.t('correction.observed.note')}</strong> ${document.note}
      </p>
      ${agency.corrections.documentNumber === 'optional'
        ? textField({
            id: numberId(key),
            name: `documentNumber:${key}`,
            label: this.tr.t('correction.number.label'),
            hint: this.tr.t('correction.number.hint'),
            optional: true,
            optionalText: this.tr.t('correction.optional'),
            error: this.errorText(`documentNumber:${key}`),
            errorPrefix: this.tr.t('correction.errorPrefix'),
            value: this.numbers.get(key) ?? '',
            autocomplete: 'off',
            spellcheck: false,
            width: 'medium',
            onInput: (value) => this.onNumber(key, value),
          })
        : nothing}
      <div class="field" data-field=${replacementId(key)}>
        <mpd-dropzone
          id=${replacementId(key)}
          part="replacement-dropzone"
          .endpoint=${endpoint}
          .grants=${this.uploadGrant.for(this.api, this.draftId)}
          .agencyId=${agency.id}
          .slot=${document.slot}
          .fixedIndex=${document.index}
          .purpose=${'correction'}
          .rules=${[correctionRule(agency, slot)]}
          .label=${this.tr.t('correction.replacement.label', { document: this.documentName(document, true) })}
          .required=${true}
          .error=${this.errorText(`replacement:${key}`) ?? ''}
          .translator=${this.tr}
          .disabled=${this.sending}
          @mpd-files-change=${this.handleFilesChange}
        ></mpd-dropzone>
      </div>
    </div>`;
  }

  private renderSendMessage(): TemplateResult | typeof nothing {
    const message = this.sendMessage;
    if (!message) return nothing;
    return html`<div class="message" id="send-error" part="send-error" role="alert" tabindex="-1">
      <p>${this.tr.t(message.key)}</p>
      ${message.again
        ? html`<button class="button button--secondary" id="search-again" type="button" @click=${this.handleSearchAgain}>
            ${this.tr.t('correction.send.again')}
          </button>`
        : nothing}
    </div>`;
  }

  private renderOpen(agency: AgencyConfig, found: CorrectionCase): TemplateResult {
    const sending = this.sending;
    const endpoint = this.api?.uploadEndpoint ?? '';
    return html`<form part="correction-form" novalidate @submit=${this.handleSend}>
      ${this.renderSendMessage()} ${this.renderSummary()}
      <h3 id="documents-title">${this.tr.t('correction.documents.title')}</h3>
      <p>${this.tr.t('correction.documents.intro')}</p>
      ${this.renderDeadline(found)}
      ${this.uploadGrant.for(this.api, this.draftId)
        ? html`<mpd-captcha
            id="upload-captcha"
            part="upload-captcha"
            place="upload"
            ?hidden=${agency.captcha.provider === 'altcha'}
            .captcha=${agency.captcha}
            .backend=${this.api}
            .translator=${this.tr}
          ></mpd-captcha>`
        : nothing}
      ${keyed(this.draftId, html`${this.observed().map((document) => this.renderDocument(agency, document, endpoint))}`)}
      <mpd-captcha
        id="send-captcha"
        part="send-captcha"
        place="correction"
        .captcha=${agency.captcha}
        .backend=${this.api}
        .translator=${this.tr}
      ></mpd-captcha>
      <div class="actions">
        <button id="send" class="button" part="send-button" type="submit" ?disabled=${sending}>${this.tr.t('correction.send')}</button>
        ${sending ? html`<span class="sending" role="status">${this.tr.t('correction.sending')}</span>` : nothing}
      </div>
    </form>`;
  }

  private renderState(found: CorrectionCase): TemplateResult {
    const locale = this.tr.locale;
    const stateMessage = (id: string, text: string) =>
      html`<div class="message message--info" id=${id} part="state-message" tabindex="-1"><p>${text}</p></div>`;
    switch (this.shownState(found)) {
      case 'expired': {
        const deadline = found.observation?.deadline;
        return stateMessage(
          'expired',
          deadline
            ? this.tr.t('correction.expired', { date: formatLongDate(deadline.date, locale), time: formatLimaTime(deadline.endsAt, locale) })
            : this.tr.t('correction.expired.noDate'),
        );
      }
      case 'corrected': {
        const files = this.observed().flatMap((document) => (document.replacement ? [document.replacement] : []));
        return html`${stateMessage(
            'corrected',
            found.correctedAt
              ? this.tr.t('correction.corrected', { date: formatLimaDateTime(found.correctedAt, locale) })
              : this.tr.t('correction.corrected.noDate'),
          )}
          ${files.length
            ? html`<h3>${this.tr.t('correction.corrected.files')}</h3>
                <ul class="files" id="corrected-files">
                  ${files.map((file) => this.renderFile(file))}
                </ul>`
            : nothing}`;
      }
      case 'not-observed':
        return html`${stateMessage(
          'not-observed',
          this.tr.t('correction.notObservedState', { number: found.requestNumber, status: found.statusLabel }),
        )}
        ${this.trackable
          ? html`<div class="actions">
              <button class="button button--secondary" id="track" part="track-button" type="button" @click=${() => this.trackRequest(found)}>
                ${this.tr.t('correction.track')}
              </button>
            </div>`
          : nothing}`;
      case 'open':
        return this.renderOpen(this.agency!, found);
    }
  }

  private renderCase(found: CorrectionCase): TemplateResult {
    const open = this.shownState(found) === 'open';
    return html`<section class="result" part="result" aria-labelledby="result-title">
      <h2 id="result-title" tabindex="-1">
        ${open ? this.tr.t('correction.case.title') : this.tr.t('correction.case.titleOther', { number: found.requestNumber })}
      </h2>
      ${this.renderFacts(found)} ${this.renderState(found)}
    </section>`;
  }

  private renderReceipt(receipt: CorrectionReceipt): TemplateResult {
    const locale = this.tr.locale;
    return html`<section part="confirmation" aria-labelledby="done-title">
      <div class="confirmation-panel">
        <h2 id="done-title" tabindex="-1">${this.tr.t('correction.done.title')}</h2>
      </div>
      <p id="done-greeting">${this.tr.t('correction.done.greeting', { name: receipt.applicantName, email: receipt.emailHint })}</p>
      <dl class="facts">
        <dt>${this.tr.t('correction.done.number')}</dt>
        <dd id="done-number" class="request-number">${receipt.requestNumber}</dd>
        <dt>${this.tr.t('correction.done.received')}</dt>
        <dd id="done-received">${formatLimaDateTime(receipt.receivedAt, locale)}</dd>
      </dl>
      <h3>${this.tr.t('correction.done.files')}</h3>
      <ul class="files" id="done-files">
        ${receipt.files.map((file) => this.renderFile(file))}
      </ul>
      <p id="done-deemed">${this.tr.t('correction.done.deemed', { date: formatLongDate(receipt.deemedFiledDate, locale) })}</p>
      <div class="actions">
        <button class="button" id="done-ok" part="ok-button" type="button" @click=${this.handleAccept}>${this.tr.t('correction.done.ok')}</button>
      </div>
    </section>`;
  }

  override render(): TemplateResult {
    return this.renderWhenConfigured(() => {
      if (this.receipt) return html`${this.renderReceipt(this.receipt)} ${this.live.render()}`;
      const failed = this.lookupTask.status === TaskStatus.ERROR;
      return html`${this.lookup.render()} ${failed ? this.lookup.renderFailure(this.lookupTask.error) : nothing}
      ${this.found ? this.renderCase(this.found) : nothing} ${this.live.render()}`;
    });
  }
}

function isCorrectionFieldError(error: { field: string }): error is CorrectionFieldError {
  return (error.field.startsWith('replacement:') || error.field.startsWith('documentNumber:')) && 'params' in error;
}

declare global {
  interface HTMLElementTagNameMap {
    'mpd-correction-panel': CorrectionPanel;
  }
}
