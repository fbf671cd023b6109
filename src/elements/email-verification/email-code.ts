/**
 * The email code's moving parts, shared by `<mpd-email-verification>` (a token for the filing)
 * and `<mpd-my-requests>` (a session): asking the backend for a code, the wait before another
 * may be asked (counted down from the server's `resendAfter`), the 6-digit code field, and a
 * plain message for every way sending or checking a code fails. The host decides what the code
 * is exchanged for; this controller only checks the field and explains a failure.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { BackendError, type DeskBackend, type VerificationCodeSent } from '../../api/types.ts';
import type { Translator } from '../../i18n/index.ts';
import { textField } from '../../internal/fields.ts';
import { formatLimaTime } from '../../internal/format.ts';
import type { LiveRegion } from '../../internal/live-region.ts';
import { firstMessage, plural } from '../../internal/localize.ts';
import { checkEmail, EMAIL_MAX_LENGTH } from '../../domain/email.ts';

/**
 * The captcha's answer for asking a code (the agency's `verification` captcha place): the
 * answer itself, or a function the element calls right before asking (so a widget solved after
 * the property was set still counts). Undefined or '' sends no answer.
 */
export type CaptchaSource = string | (() => string | undefined | Promise<string | undefined>);

const CODE = /^\d{6}$/;
/** The longest wait the countdown shows (the server's own waits are shorter). */
const MAX_WAIT_SECONDS = 600;

/**
 * Whether `email` is worth sending a code to, by the desk's one address rule; the key of the
 * message when it is not (`verify.email.required`, or the rule's `email.<problem>`).
 */
export function emailProblem(email: string): string | null {
  const checked = checkEmail(email);
  if (checked.ok) return null;
  return checked.code === 'required' ? 'verify.email.required' : `email.${checked.code}`;
}

/** The message of an `emailProblem` key, in the words of the form's catalog. */
export function emailProblemMessage(translator: Translator, key: string): string {
  return firstMessage(translator, [key, 'verify.email.format'], { max: EMAIL_MAX_LENGTH });
}

/** When another code may be asked, from a `verification.tooSoon`: `resendAfter`, or `Retry-After`. */
function resendAfterOf(error: BackendError): Date | undefined {
  const after = error.extensions['resendAfter'];
  if (typeof after === 'string' && !Number.isNaN(Date.parse(after))) return new Date(after);
  const seconds = error.extensions['retryAfterSeconds'];
  return typeof seconds === 'number' ? new Date(Date.now() + seconds * 1000) : undefined;
}

/** The attempts a wrong code leaves: an `attemptsLeft` member, or the code field error's params. */
function attemptsLeftOf(error: BackendError): number | undefined {
  const fromField = error.fieldErrors.find((fieldError) => fieldError.code === 'verification.wrongCode') as
    | { params?: Record<string, unknown> }
    | undefined;
  const left = error.extensions['attemptsLeft'] ?? fromField?.params?.['attemptsLeft'];
  return typeof left === 'number' ? left : undefined;
}

export interface EmailCodeOptions {
  /** Id of the code input (its hint and error get `-hint`, `-error`). */
  codeId: string;
  backend: () => DeskBackend | undefined;
  translator: () => Translator;
  captcha: () => CaptchaSource | undefined;
  live: LiveRegion;
}

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };

export class EmailCode implements ReactiveController {
  /** What is typed in the code field (kept across failures). */
  code = '';
  /** The address the current code went to; '' before one was sent. */
  sentTo = '';
  expiresAt: Date | undefined;
  resendAfter: Date | undefined;
  sending = false;
  /** The failure of the last send or check, shown under the button (not on the field). */
  message = '';
  /** The code field's own problem (empty, not 6 digits, wrong). */
  codeError = '';
  private timer: ReturnType<typeof setInterval> | undefined;
  private aborter: AbortController | undefined;

  constructor(
    private readonly host: Host,
    private readonly options: EmailCodeOptions,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    // A send cut short by leaving the page is not on its way any more (the button comes back).
    this.aborter?.abort();
    this.sending = false;
  }

  hostConnected(): void {
    if (this.resendAfter) this.startCountdown();
  }

  private get tr(): Translator {
    return this.options.translator();
  }

  /** Whole seconds until another code may be asked (0: now). */
  get waitSeconds(): number {
    if (!this.resendAfter) return 0;
    // The device's clock against the server's instant: a small skew only shifts the countdown,
    // and the server refuses an early request anyway (`verification.tooSoon`); a device far
    // behind must not lock the button for hours.
    return Math.min(MAX_WAIT_SECONDS, Math.max(0, Math.ceil((this.resendAfter.getTime() - Date.now()) / 1000)));
  }

  private startCountdown(): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      if (this.waitSeconds === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
      this.host.requestUpdate();
    }, 1000);
  }

  /** Forgets the code sent (the email changed, or the host starts over); keeps nothing typed for it. */
  reset(): void {
    this.aborter?.abort();
    this.sending = false;
    this.sentTo = '';
    this.code = '';
    this.codeError = '';
    this.message = '';
    this.expiresAt = undefined;
    this.host.requestUpdate();
  }

  /**
   * Asks the backend for a code to `email`. Returns false (with `message` set) when the email is
   * not fit, the wait is not over, or the backend refused; moves focus to the code field on
   * success.
   */
  async send(email: string): Promise<boolean> {
    const backend = this.options.backend();
    this.message = '';
    const problem = emailProblem(email);
    if (problem) return this.fail(emailProblemMessage(this.tr, problem));
    if (!backend?.requestVerificationCode) return this.fail(this.tr.t('verify.unavailable'));
    if (this.sending || this.waitSeconds > 0) return false;
    this.sending = true;
    this.options.live.announce(this.tr.t('verify.sending'));
    this.host.requestUpdate();
    this.aborter = new AbortController();
    const { signal } = this.aborter;
    try {
      const source = this.options.captcha();
      const captcha = typeof source === 'function' ? await source() : source;
      const sent: VerificationCodeSent = await backend.requestVerificationCode(
        email.trim(),
        captcha ? { captcha } : undefined,
        signal,
      );
      this.sentTo = email.trim();
      this.expiresAt = new Date(sent.expiresAt);
      this.resendAfter = new Date(sent.resendAfter);
      this.code = '';
      this.codeError = '';
      this.startCountdown();
      this.options.live.announce(this.tr.t('verify.sent', { email: this.sentTo }));
      this.host.requestUpdate();
      await this.host.updateComplete;
      this.host.renderRoot.querySelector<HTMLInputElement>(`#${this.options.codeId}`)?.focus();
      return true;
    } catch (error) {
      if (signal.aborted) return false;
      return this.fail(this.sendFailure(error));
    } finally {
      if (!signal.aborted) this.sending = false;
      this.host.requestUpdate();
    }
  }

  private sendFailure(error: unknown): string {
    if (!(error instanceof BackendError) || error.status === 0) return this.tr.t('verify.unreachable');
    if (error.code === 'verification.tooSoon') {
      const after = resendAfterOf(error);
      if (after) {
        this.resendAfter = after;
        this.startCountdown();
      }
      return this.tr.t('verify.tooSoon');
    }
    if (error.code === 'verification.tooMany') return this.tr.t('verify.tooMany');
    if (error.code.startsWith('captcha.')) return this.tr.t('verify.captcha');
    return this.tr.t('verify.failed');
  }

  private fail(message: string): false {
    this.message = message;
    this.options.live.announce(message);
    this.host.requestUpdate();
    return false;
  }

  /** The code typed when it looks right (6 digits); otherwise sets `codeError` and returns null. */
  checkedCode(): string | null {
    const code = this.code.replace(/\s+/g, '');
    this.codeError = !code ? this.tr.t('verify.code.required') : CODE.test(code) ? '' : this.tr.t('verify.code.format');
    this.message = '';
    this.host.requestUpdate();
    if (this.codeError) {
      this.options.live.announce(this.codeError);
      return null;
    }
    return code;
  }

  /**
   * Explains why the code was refused. Returns true when it was about the code (wrong, expired,
   * too many attempts), false for anything else (the host may know better, e.g. a session error).
   */
  explain(error: unknown): boolean {
    if (error instanceof BackendError && error.code.startsWith('verification.')) {
      if (error.code === 'verification.wrongCode') {
        const left = attemptsLeftOf(error);
        this.codeError =
          typeof left === 'number' ? plural(this.tr, 'verify.wrongCode.left', left) : this.tr.t('verify.wrongCode');
      } else if (error.code === 'verification.expired' || error.code === 'verification.tooManyAttempts') {
        // The code is spent: the citizen must ask for a new one, which the button now offers.
        this.code = '';
        this.codeError = this.tr.t(error.code === 'verification.expired' ? 'verify.expired' : 'verify.tooManyAttempts');
      } else {
        this.codeError = this.tr.t('verify.wrongCode');
      }
      this.options.live.announce(this.codeError);
      this.host.requestUpdate();
      void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLInputElement>(`#${this.options.codeId}`)?.focus());
      return true;
    }
    this.fail(this.tr.t(!(error instanceof BackendError) || error.status === 0 ? 'verify.unreachable' : 'verify.failed'));
    return false;
  }

  // ── Render ─────────────────────────────────────────────────────────────────────────────

  /** "Enviar código de validación" (or "Enviar otro código"), the wait and the last failure. */
  renderSend(onSend: () => void, disabled = false): TemplateResult {
    const wait = this.waitSeconds;
    const label = this.sending ? 'verify.sending' : this.sentTo ? 'verify.resend' : 'verify.send';
    return html`<div class="email-code__send">
      <button
        id="send-code"
        class="button button--secondary"
        part="send-button"
        type="button"
        ?disabled=${disabled || this.sending || wait > 0}
        aria-describedby=${wait > 0 ? 'send-wait' : nothing}
        @click=${onSend}
      >
        ${this.tr.t(label)}
      </button>
      ${wait > 0 ? html`<p id="send-wait" class="hint" part="wait">${plural(this.tr, 'verify.wait', wait, { seconds: wait })}</p>` : nothing}
      ${this.message ? html`<p id="code-message" class="error-message" part="error-message" role="alert">${this.message}</p>` : nothing}
    </div>`;
  }

  /** The notice of the code sent and the code field; `after` goes under the field (its button). */
  renderCode(onEnter: () => void, after: TemplateResult | typeof nothing = nothing): TemplateResult | typeof nothing {
    if (!this.sentTo) return nothing;
    const tr = this.tr;
    return html`<p class="notice" id="code-sent" part="notice">${tr.t('verify.sent', { email: this.sentTo })}</p>
      <div
        @keydown=${(event: KeyboardEvent) => {
          // Inside a host's <form>, Enter must check the code, not send the whole form.
          if (event.key === 'Enter' && (event.target as HTMLElement).id === this.options.codeId) {
            event.preventDefault();
            onEnter();
          }
        }}
      >
        ${textField({
          id: this.options.codeId,
          name: 'one-time-code',
          label: tr.t('verify.code.label'),
          hint: this.expiresAt ? tr.t('verify.code.hint', { time: formatLimaTime(this.expiresAt, tr.locale) }) : undefined,
          error: this.codeError || undefined,
          errorPrefix: tr.t('verify.errorPrefix'),
          value: this.code,
          autocomplete: 'one-time-code',
          inputmode: 'numeric',
          spellcheck: false,
          width: 'short',
          onInput: (value) => {
            this.code = value;
          },
        })}
      </div>
      ${after}`;
  }
}
