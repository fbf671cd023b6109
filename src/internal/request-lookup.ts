/**
 * The look-up by request number and identity document that the tracking and correction panels
 * both start with: the two fields (the agency's number format as the hint), their checks, the
 * GOV.UK error summary, the pre-fill from the element's attributes (with both values given, it
 * searches at once: the links in the desk's emails open it that way), and the message for a
 * failed search, which never says which of the two data was wrong.
 *
 * The agency's captcha for the place (`tracking`, `correction`) sits above "Buscar"
 * (`<mpd-captcha>`, registered by `mesa-de-partes/define`): each search waits for its answer,
 * sends it, and resets it (answers are single-use); a refusal is said next to it.
 *
 * Messages come from one catalog area (`tracking.`, `correction.`): `<area>.requestNumber.label`,
 * `<area>.notFound`… so each panel keeps its own words and an agency can override either.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { BackendError, type CaptchaOptions, type DeskBackend } from '../api/types.ts';
import type { AgencyConfig, CaptchaPlace } from '../config/schema.ts';
import { withCaptcha, type Captcha } from '../elements/captcha/captcha.ts';
import { formatRequestNumber, parseRequestNumber } from '../domain/request-number.ts';
import type { Translator } from '../i18n/index.ts';
import { errorSummary } from './error-summary.ts';
import { textField } from './fields.ts';

export type LookupField = 'requestNumber' | 'documentNumber';

export interface RequestLookupOptions {
  /** The catalog area of the messages: `tracking` or `correction`. */
  area: string;
  /** Prefix of the inputs' ids: `t` gives `t-requestNumber` and `t-documentNumber`. */
  idPrefix: string;
  /** Id of the look-up's error summary. */
  summaryId: string;
  agency: () => AgencyConfig | undefined;
  /** The backend the captcha gets its ALTCHA challenges from. */
  backend: () => DeskBackend | undefined;
  /** Where the agency's captcha config asks it: `tracking` or `correction`. */
  captchaPlace: CaptchaPlace;
  translator: () => Translator;
  /** Whether a search is on its way (disables "Buscar"). */
  pending: () => boolean;
  /** Asks the backend; called with the trimmed values once both pass the checks. */
  search: (requestNumber: string, documentNumber: string) => void;
}

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };

/** A search's failure as a catalog key of the area; null when it is shown on a field instead. */
export function lookupFailureKey(area: string, error: unknown): string | null {
  const code = error instanceof BackendError ? error.code : 'network.unreachable';
  const status = error instanceof BackendError ? error.status : 0;
  if (code === 'tracking.malformed') return null;
  if (code === 'tracking.notFound') return `${area}.notFound`;
  if (code === `${area}.unavailable`) return `${area}.unavailable`;
  // Past the backend's hourly limit for this connection (`request.tooMany`).
  if (status === 429) return `${area}.rateLimited`;
  return status === 0 ? `${area}.unreachable` : `${area}.failed`;
}

/** `code` and `status` of any failure (a thrown non-BackendError reads as "no answer"). */
export function failureOf(error: unknown): { code: string; status: number } {
  return error instanceof BackendError ? { code: error.code, status: error.status } : { code: 'network.unreachable', status: 0 };
}

export class RequestLookup implements ReactiveController {
  /** What is typed in the two fields. */
  number = '';
  document = '';
  errors: ReadonlyMap<LookupField, string> = new Map();
  /** Set by `prefill` with both values: search once the config is there. */
  private autoSearch = false;

  constructor(
    private readonly host: Host,
    private readonly options: RequestLookupOptions,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.autoSearch && this.options.agency()) {
      this.autoSearch = false;
      // After this update has finished, so the search's state changes start a new one.
      void this.host.updateComplete.then(() => this.submit());
    }
  }

  /** The element's `request-number` / `document-number` changed: fill the fields with them. */
  prefill(requestNumber: string | undefined, documentNumber: string | undefined): void {
    this.number = requestNumber ?? '';
    this.document = documentNumber ?? '';
    this.autoSearch = Boolean(this.number.trim() && this.document.trim());
  }

  private t(key: string, params?: Record<string, string>): string {
    return this.options.translator().t(`${this.options.area}.${key}`, params);
  }

  /** The agency's format as an example: `12-2026`, `INPE-2026-000012`. */
  example(): string {
    const pattern = this.options.agency()?.requestNumber.pattern ?? '{seq}-{year}';
    try {
      return formatRequestNumber(pattern, { seq: 12, year: 2026 });
    } catch {
      return '12-2026';
    }
  }

  /** "Ingrese el número de solicitud como aparece en su correo, por ejemplo 12-2026". */
  formatMessage(): string {
    return this.t('requestNumber.format', { example: this.example() });
  }

  /** Checks the two fields and, when they are fine, searches. Returns false when it did not. */
  submit(): boolean {
    const agency = this.options.agency();
    if (!agency) return false;
    const errors: Array<[LookupField, string]> = [];
    const number = this.number.trim();
    if (!number) errors.push(['requestNumber', this.t('requestNumber.required')]);
    else if (!parseRequestNumber(agency.requestNumber.pattern, number)) errors.push(['requestNumber', this.formatMessage()]);
    if (!this.document.trim()) errors.push(['documentNumber', this.t('documentNumber.required')]);
    if (errors.length) {
      this.showErrors(errors);
      return false;
    }
    this.errors = new Map();
    this.host.requestUpdate();
    this.options.search(number, this.document.trim());
    return true;
  }

  private get captcha(): Captcha | null {
    return this.host.renderRoot.querySelector<Captcha>(`#${this.options.idPrefix}-captcha`);
  }

  /** Runs the search's backend call with the captcha's answer (see `withCaptcha`). */
  withCaptcha<T>(call: (options: CaptchaOptions | undefined) => Promise<T>): Promise<T> {
    return withCaptcha(this.captcha, call);
  }

  /** A `captcha.*` refusal, said next to the captcha (true), or not the captcha's (false). */
  showCaptchaProblem(code: string): boolean {
    return this.captcha?.showProblem(code) ?? false;
  }

  /** Shows `errors` on their fields and in the summary, which takes focus. */
  showErrors(errors: Array<[LookupField, string]>): void {
    this.errors = new Map(errors);
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.find(this.options.summaryId)?.focus());
  }

  /** Empties the fields (a new, clean look-up). */
  clear(): void {
    this.number = '';
    this.document = '';
    this.errors = new Map();
    this.host.requestUpdate();
  }

  private find(id: string): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>(`#${id}`);
  }

  private onInput(field: LookupField, value: string): void {
    if (field === 'requestNumber') this.number = value;
    else this.document = value;
    if (this.errors.has(field) && value.trim()) {
      const errors = new Map(this.errors);
      errors.delete(field);
      this.errors = errors;
    }
    this.host.requestUpdate();
  }

  private readonly handleSubmit = (event: Event): void => {
    event.preventDefault();
    this.submit();
  };

  private field(field: LookupField, hint: string): TemplateResult {
    const value = field === 'requestNumber' ? this.number : this.document;
    return textField({
      id: `${this.options.idPrefix}-${field}`,
      name: field,
      label: this.t(`${field}.label`),
      hint,
      error: this.errors.get(field),
      errorPrefix: this.t('errorPrefix'),
      value,
      autocomplete: 'off',
      spellcheck: false,
      width: 'medium',
      onInput: (next) => this.onInput(field, next),
    });
  }

  /** The look-up `<form>`: summary, heading, intro, the two fields and "Buscar". */
  render(): TemplateResult {
    const pending = this.options.pending();
    const order: LookupField[] = ['requestNumber', 'documentNumber'];
    const items = order
      .filter((field) => this.errors.has(field))
      .map((field) => ({ target: `${this.options.idPrefix}-${field}`, text: this.errors.get(field)! }));
    return html`<form part="form" novalidate @submit=${this.handleSubmit}>
      ${items.length
        ? errorSummary({
            id: this.options.summaryId,
            title: this.t('errorSummary'),
            items,
            onActivate: (target) => this.find(target)?.focus(),
          })
        : nothing}
      <h2 part="title" tabindex="-1">${this.t('title')}</h2>
      <p>${this.t('intro')}</p>
      ${this.field('requestNumber', this.t('requestNumber.hint', { example: this.example() }))}
      ${this.field('documentNumber', this.t('documentNumber.hint'))}
      <mpd-captcha
        id=${`${this.options.idPrefix}-captcha`}
        part="captcha"
        place=${this.options.captchaPlace}
        .captcha=${this.options.agency()?.captcha}
        .backend=${this.options.backend()}
        .translator=${this.options.translator()}
      ></mpd-captcha>
      <div class="actions">
        <button id="search" class="button" part="submit" type="submit" ?disabled=${pending}>${this.t('submit')}</button>
        ${pending ? html`<span class="searching" role="status">${this.t('searching')}</span>` : nothing}
      </div>
    </form>`;
  }

  /** The message for a failed search (focusable, `#message`); nothing for an aborted one. */
  renderFailure(error: unknown): TemplateResult | typeof nothing {
    if ((error as Error)?.name === 'AbortError') return nothing;
    const key = lookupFailureKey(this.options.area, error);
    if (!key) return nothing; // shown on the field
    // A refused captcha is said next to the captcha (when one is shown).
    if (failureOf(error).code.startsWith('captcha.') && this.captcha?.active) return nothing;
    return html`<div class="message" id="message" part="message" role="alert" tabindex="-1" data-code=${failureOf(error).code}>
      <p>${this.options.translator().t(key)}</p>
    </div>`;
  }
}
