import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { DeskBackend, VerificationToken } from '../../api/types.ts';
import type { Locale, MessageArea, Translator } from '../../i18n/index.ts';
import { LiveRegion } from '../../internal/live-region.ts';
import { translatorFor } from '../../internal/localize.ts';
import { emailKey } from '../../domain/email.ts';
import { MpdElement } from '../../internal/mpd-element.ts';
import { EmailCode, type CaptchaSource } from './email-code.ts';
import styles from './email-verification.styles.ts';

export type { CaptchaSource } from './email-code.ts';

/** `mpd-email-verified`: the code was right; `token` goes in `FilingSubmission.verificationToken`. */
export type EmailVerifiedDetail = VerificationToken;

/** `mpd-email-verification-cleared`: the verification no longer holds. */
export interface EmailVerificationClearedDetail {
  /** The address that had been verified. */
  email: string;
  /** `email-changed`: the host changed `email`; `expired`: the host called `expire()` (the server refused the token). */
  reason: 'email-changed' | 'expired';
}

// One mailbox however it was typed (case, spaces, a domain in Unicode or in its ASCII form).
const sameEmail = (a: string, b: string) => emailKey(a) === emailKey(b);

/**
 * @summary CENARES's "Código de validación": proves the citizen holds the email before sending.
 * A button sends a 6-digit code to `email`; the citizen types it and presses "Validar"; the
 * backend answers a short-lived token bound to that email (`value`).
 *
 * The host form owns the email field and sets `email`; this element never changes it. When the
 * host changes `email` after the verification, the token no longer holds: `value` becomes '' and
 * `mpd-email-verification-cleared` fires. It renders no `<form>`, so it can sit inside the
 * host's; Enter in the code field validates the code instead of sending the host form.
 *
 * Every failure has its plain message and keeps what was typed: a wrong code (with the
 * attempts left when the server gives them), an expired code or too many attempts ("Solicite un
 * nuevo código"), a new code asked too soon (a countdown from the server's `resendAfter`; the
 * button stays disabled meanwhile), too many codes in an hour, a captcha refused, no answer.
 *
 * @event mpd-email-verified - The code was right. `detail: { token, email, expiresAt }`.
 * @event mpd-email-verification-cleared - A verification stopped holding. `detail: { email, reason }`.
 *
 * @csspart intro - The sentence that explains the code.
 * @csspart send-button - "Enviar código de validación" / "Enviar otro código".
 * @csspart wait - "Podrá pedir otro código en N segundos".
 * @csspart notice - "Enviamos un código de 6 dígitos a …".
 * @csspart field - The code field's wrapper.
 * @csspart label - The code field's label.
 * @csspart hint - The code field's hint (when the code expires).
 * @csspart input - The code input.
 * @csspart error-message - A failure's message (inline or under the button).
 * @csspart confirm-button - "Validar".
 * @csspart verified - "Correo validado" with its check mark.
 * @csspart live-region - The visually hidden polite live region.
 *
 * @cssproperty --mpd-color-primary - Buttons, the notice's rule.
 * @cssproperty --mpd-color-success - "Correo validado".
 * @cssproperty --mpd-color-error - Errors.
 * @cssproperty --mpd-color-muted - The intro and hints.
 * @cssproperty --mpd-color-focus - The focus highlight.
 * @cssproperty --mpd-font-family - Font.
 */
export class EmailVerification extends MpdElement {
  static readonly tagName: string = 'mpd-email-verification';
  static override styles = styles;
  // 'form': the address rule's messages are the filing form's.
  static override messageAreas: readonly MessageArea[] = ['verify', 'form', 'captcha'];

  /** The address to verify, set by the host form as the citizen types it. */
  @property() email = '';

  /** Asks and checks the codes (`requestVerificationCode`, `confirmVerificationCode`). */
  @property({ attribute: false }) backend?: DeskBackend;

  /** Messages; defaults to the page's language (`lang`). */
  @property({ attribute: false }) translator?: Translator;

  /**
   * The captcha's answer for asking a code, when the agency puts one there: a string, or a
   * function called right before asking (it may return a promise).
   */
  @property({ attribute: false }) captcha?: CaptchaSource;

  /** Disables the buttons (e.g. while the host sends). */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** A message the host wants shown on the element (e.g. "Valide su correo antes de enviar"). */
  @property() error = '';

  @state() private verification: VerificationToken | undefined;
  @state() private confirming = false;

  private readonly live = new LiveRegion(this);
  private readonly fallbackTranslator = translatorFor(undefined, this);

  private readonly emailCode = new EmailCode(this, {
    codeId: 'code',
    backend: () => this.backend,
    translator: () => this.tr,
    captcha: () => this.captcha,
    live: this.live,
  });

  private get tr(): Translator {
    return this.translator ?? this.fallbackTranslator;
  }

  protected override get messageLocale(): Locale {
    return this.tr.locale;
  }

  /** The token while the verification holds, '' otherwise. */
  get value(): string {
    return this.verification?.token ?? '';
  }

  /** True while a code is being sent or checked. */
  get busy(): boolean {
    return this.emailCode.sending || this.confirming;
  }

  /** The whole verification (token, email, expiresAt) while it holds. */
  get verified(): VerificationToken | undefined {
    return this.verification;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('email')) return;
    const verified = this.verification;
    if (verified && !sameEmail(verified.email, this.email)) this.clear('email-changed');
    // A code sent to the old address cannot verify the new one.
    if (this.emailCode.sentTo && !sameEmail(this.emailCode.sentTo, this.email)) this.emailCode.reset();
  }

  private clear(reason: EmailVerificationClearedDetail['reason']): void {
    const verified = this.verification;
    if (!verified) return;
    this.verification = undefined;
    this.live.announce(this.tr.t('verify.cleared'));
    this.emit<EmailVerificationClearedDetail>('mpd-email-verification-cleared', { email: verified.email, reason });
  }

  // ── Public methods ─────────────────────────────────────────────────────────────────────

  /** Sends a code to `email` ("Enviar código de validación"); true when it went out. */
  requestCode(): Promise<boolean> {
    return this.emailCode.send(this.email);
  }

  /** Checks the code typed ("Validar"); the verification when it was right. */
  async confirm(): Promise<VerificationToken | undefined> {
    const backend = this.backend;
    const code = this.emailCode.checkedCode();
    if (code === null || this.confirming || !backend?.confirmVerificationCode) return undefined;
    const email = this.emailCode.sentTo;
    this.confirming = true;
    this.live.announce(this.tr.t('verify.confirming'));
    try {
      const verification = await backend.confirmVerificationCode(email, code);
      // The citizen may have changed the address while the answer was on its way.
      if (!sameEmail(email, this.email)) return undefined;
      this.verification = verification;
      this.emailCode.reset();
      this.live.announce(this.tr.t('verify.verified.announce', { email: verification.email }));
      this.emit<EmailVerifiedDetail>('mpd-email-verified', { ...verification });
      return verification;
    } catch (error) {
      this.emailCode.explain(error);
      return undefined;
    } finally {
      this.confirming = false;
    }
  }

  /**
   * The server refused the token (it expired, or a filing already used it): forgets it, says so
   * and fires `mpd-email-verification-cleared` with reason `expired`, so the citizen asks a new
   * code. The element does not time the token on the device's clock, which may be wrong.
   */
  expire(): void {
    this.clear('expired');
  }

  /** Forgets the verification and any code sent, silently (the host starts a new filing). */
  reset(): void {
    this.verification = undefined;
    this.emailCode.reset();
  }

  /** Focuses what the citizen should use next: the code field, or the send button. */
  override focus(options?: FocusOptions): void {
    const target = this.renderRoot.querySelector<HTMLElement>('#code') ?? this.renderRoot.querySelector<HTMLElement>('#send-code');
    if (target) target.focus(options);
    else super.focus(options);
  }

  // ── Render ─────────────────────────────────────────────────────────────────────────────

  override render(): TemplateResult {
    const tr = this.tr;
    const verified = this.verification;
    if (verified) {
      return html`<p class="verified" part="verified" id="verified">
          <span class="verified__icon" aria-hidden="true">✓</span>
          <span>${tr.t('verify.verified')}: ${verified.email}</span>
        </p>
        ${this.live.render()}`;
    }
    const confirmButton = html`<button
      id="confirm-code"
      class="button"
      part="confirm-button"
      type="button"
      ?disabled=${this.disabled || this.confirming}
      @click=${() => void this.confirm()}
    >
      ${tr.t(this.confirming ? 'verify.confirming' : 'verify.confirm')}
    </button>`;
    return html`${this.emailCode.sentTo ? nothing : html`<p class="intro" part="intro">${tr.t('verify.intro')}</p>`}
      ${this.error
        ? html`<p class="error-message" part="error-message" id="host-error">
            <span class="visually-hidden">${tr.t('verify.errorPrefix')}</span> ${this.error}
          </p>`
        : nothing}
      ${this.emailCode.renderCode(() => void this.confirm(), confirmButton)}
      ${this.emailCode.renderSend(() => void this.requestCode(), this.disabled)} ${this.live.render()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mpd-email-verification': EmailVerification;
  }
}
