import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { HttpDeskBackend } from '../../api/client.ts';
import {
  BackendError,
  type CitizenSession,
  type DeskBackend,
  type MyRequestChanges,
  type MyRequestSummary,
  type VerificationToken,
} from '../../api/types.ts';
import { identityOptions } from '../../config/derive.ts';
import type { ConfigError } from '../../config/errors.ts';
import type { AgencyConfig, AgencyConfigInput } from '../../config/schema.ts';
import { validateFiling, visibleFields, type FilingSubmission } from '../../domain/filing.ts';
import { validateIdentityDocument, type IdentityDocumentType } from '../../domain/identity.ts';
import type { Locale, MessageArea, Translator } from '../../i18n/index.ts';
import { ConfigController } from '../../internal/config-controller.ts';
import { configErrorPanel } from '../../internal/config-errors.ts';
import { errorSummary } from '../../internal/error-summary.ts';
import { selectField, textField } from '../../internal/fields.ts';
import { formatLimaDateTime } from '../../internal/format.ts';
import { LiveRegion } from '../../internal/live-region.ts';
import { firstMessage, localeFor, translatorFor } from '../../internal/localize.ts';
import { MpdElement } from '../../internal/mpd-element.ts';
import type { Captcha } from '../captcha/captcha.ts';
import { EmailCode, emailProblem, emailProblemMessage, type CaptchaSource } from '../email-verification/email-code.ts';
import type { EmailVerification, EmailVerifiedDetail } from '../email-verification/email-verification.ts';
import { authorizationUrl, OidcDiscoveryError, takeOidcReturn } from './oidc.ts';
import styles from './my-requests.styles.ts';

export interface SignedInDetail {
  session: CitizenSession;
}
export interface RequestUpdatedDetail {
  request: MyRequestSummary;
  changes: MyRequestChanges;
}
export interface RequestCancelledDetail {
  request: MyRequestSummary;
}
/** `mpd-oidc-redirect`: cancelable; `preventDefault()` keeps the element from going to `url`. */
export interface OidcRedirectDetail {
  url: string;
}

type ChangeField = 'subject' | 'documentNumber' | 'email' | 'phone';
type SignInField = 'email' | 'documentType' | 'documentNumber';
type Draft = Record<ChangeField, string>;
/**
 * What checking the changes found: nothing changed, errors to fix, only the new email still to
 * prove (a resumed update says so rather than "confirm it"), or ready to confirm.
 */
type ReviewOutcome = 'noChanges' | 'invalid' | 'emailUnproved' | 'ready';

/** The filing's field each change is checked as (the same rules the server runs). */
const FILING_FIELD: Readonly<Record<ChangeField, string>> = {
  subject: 'subject',
  documentNumber: 'mainDocumentNumber',
  email: 'email',
  phone: 'phone',
};
const CHANGE_FIELDS: readonly ChangeField[] = ['subject', 'documentNumber', 'email', 'phone'];
const REASON_MAX = 500;

type Screen =
  | { kind: 'sign-in' }
  | { kind: 'list' }
  | { kind: 'update'; request: MyRequestSummary; step: 'edit' | 'confirm' }
  | { kind: 'cancel'; request: MyRequestSummary };

/** An update or cancel the session's end interrupted: sent again once the citizen signs in. */
type Pending =
  | { kind: 'update'; request: MyRequestSummary; changes: MyRequestChanges }
  | { kind: 'cancel'; request: MyRequestSummary; reason: string | null };

interface Flash {
  tone: 'success' | 'error';
  text: string;
}

const sessionKey = (agencyId: string) => `mpd:${agencyId}:session`;
/** The interrupted action, kept while the citizen signs in again at the OpenID provider. */
const pendingKey = (agencyId: string) => `mpd:${agencyId}:pending`;

/** Emails compare trimmed and without regard to case, as the server compares them. */
const emailKey = (email: string) => email.trim().toLowerCase();

/** The changes without the new email's token: a credential, never stored nor handed to the page. */
function withoutToken(changes: MyRequestChanges): MyRequestChanges {
  const { emailToken: _token, ...rest } = changes;
  return rest;
}

function sessionStore(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * @summary "Mis trámites": the citizen signs in without a password (a code sent to the email,
 * with the identity document the requests were filed with, or the agency's OpenID Connect
 * provider), sees the requests filed with them and, while one is PENDIENTE DE VALIDACIÓN and the
 * agency allows it (`account.update`, `account.cancel`), updates its main data or cancels it,
 * each after a confirmation step.
 *
 * The session lives in memory and in sessionStorage under an agency-scoped key (a reload of the
 * tab keeps it; closing the tab ends it); never in localStorage or a cookie. It travels as a
 * header (`Authorization: Bearer`). When it ends in the middle of an update or a cancellation,
 * what the citizen typed stays: the element asks to sign in again right there and then sends it.
 * Signing in again with the OpenID provider leaves the page: the action waits in sessionStorage
 * (without any token) and, back from the provider, is shown again to be confirmed.
 *
 * A new email (not the same one in other case) is proved before the confirmation step: the
 * update form shows `<mpd-email-verification>` for it, and its token goes with the changes.
 *
 * OpenID Connect (`config.account.oidc`): Authorization Code with PKCE S256, started by the
 * "Ingresar con …" button. The redirect URI is the current page's URL without query and fragment
 * (register exactly that URL with the provider); on the way back the element reads `code` and
 * `state` from the query, has the backend exchange the code, and clears them from the address
 * bar.
 *
 * The agency config comes, like the other panels', from `.config`, `config-src` or a child
 * `<script type="application/json">`.
 *
 * @event mpd-signed-in - The citizen signed in. `detail: { session }`.
 * @event mpd-signed-out - The citizen signed out (or the session ended).
 * @event mpd-request-updated - A request's data changed. `detail: { request, changes }`.
 * @event mpd-request-cancelled - A request was cancelled (ANULADO). `detail: { request }`.
 * @event mpd-oidc-redirect - About to go to the provider. `detail: { url }`. Cancelable.
 *
 * @csspart loading - The "Cargando…" message while the config is on its way.
 * @csspart config-errors - The panel listing what is wrong with the config.
 * @csspart title - The panel's heading.
 * @csspart error-summary - The list of problems of a form.
 * @csspart field - Each field's wrapper.
 * @csspart label - Field labels.
 * @csspart hint - Field hints.
 * @csspart error-message - Inline error messages.
 * @csspart input - Text inputs.
 * @csspart select - The identity document type.
 * @csspart send-button - "Enviar código de validación".
 * @csspart wait - The wait before another code.
 * @csspart notice - "Enviamos un código…".
 * @csspart sign-in-button - "Ingresar".
 * @csspart oidc-button - "Ingresar con …" (only with `account.oidc`).
 * @csspart captcha - The `<mpd-captcha>` of email codes (when the host gives no `captcha`).
 * @csspart email-verification - The `<mpd-email-verification>` that proves a new email.
 * @csspart verified - "Correo validado" once the new email is proved.
 * @csspart message - A success or failure message above the current screen.
 * @csspart requests - The table of requests.
 * @csspart status - A request's state.
 * @csspart session - Who is signed in, with "Cerrar sesión", above the list.
 * @csspart update-button - "Actualizar".
 * @csspart review-button - "Revisar los cambios" on the update form.
 * @csspart cancel-button - "Anular".
 * @csspart confirm-button - The confirmation's "Sí, …".
 * @csspart sign-out-button - "Cerrar sesión".
 * @csspart live-region - The visually hidden polite live region.
 *
 * @cssproperty --mpd-color-primary - Buttons, links.
 * @cssproperty --mpd-color-on-primary - Text on primary buttons.
 * @cssproperty --mpd-color-text - Body text.
 * @cssproperty --mpd-color-muted - Hints.
 * @cssproperty --mpd-color-surface - Notices.
 * @cssproperty --mpd-color-border - Field and table borders.
 * @cssproperty --mpd-color-error - Errors, "Anular".
 * @cssproperty --mpd-color-success - Success messages.
 * @cssproperty --mpd-color-focus - The focus highlight.
 * @cssproperty --mpd-font-family - Font.
 * @cssproperty --mpd-radius - Corner radius.
 */
export class MyRequests extends MpdElement {
  static readonly tagName: string = 'mpd-my-requests';
  static override styles = styles;
  static override messageAreas: readonly MessageArea[] = ['desk', 'account', 'verify', 'form', 'captcha'];

  private readonly configs = new ConfigController(this, {
    sources: () => ({ config: this.config, src: this.configSrc || undefined }),
  });

  /** The agency config (validated here; an invalid one shows what is wrong). */
  @property({ attribute: false }) config?: AgencyConfig | AgencyConfigInput;

  /** URL of the agency's JSON config, used when `.config` is not set. */
  @property({ attribute: 'config-src', reflect: true }) configSrc?: string;

  /** The backend; defaults to the HTTP client at `config.backend.baseUrl`. */
  @property({ attribute: false }) backend?: DeskBackend;

  /** Messages; defaults to the config's `locale` (else the page's `lang`) with its `texts` overrides. */
  @property({ attribute: false }) translator?: Translator;

  /** The answer of the sign-in's own `<mpd-captcha>` (single-use: a fresh one is solved for the next code). */
  private readonly ownCaptcha = async (): Promise<string> => {
    const element = this.renderRoot.querySelector<Captcha>('#verification-captcha');
    // Not registered on this page (an element used on its own): no captcha to answer.
    if (typeof element?.answer !== 'function') return '';
    const answer = await element.answer();
    element.reset();
    return answer;
  };

  /** The captcha's answer for asking a sign-in code (see `<mpd-email-verification>`'s `captcha`). */
  @property({ attribute: false }) captcha?: CaptchaSource;

  @state() private screen: Screen = { kind: 'sign-in' };
  @state() private session: CitizenSession | undefined;
  @state() private requests: MyRequestSummary[] | undefined;
  @state() private working = false;
  @state() private flash: Flash | undefined;
  @state() private pending: Pending | undefined;
  @state() private oidcState: '' | 'redirecting' | 'signing-in' = '';
  /** The proof of the new email typed in the update form, while it is that email. */
  @state() private emailProof: VerificationToken | undefined;

  private signInEmail = '';
  private signInType: IdentityDocumentType | '' = '';
  private signInNumber = '';
  private signInErrors = new Map<SignInField, string>();
  private draft: Draft = { subject: '', documentNumber: '', email: '', phone: '' };
  private draftErrors = new Map<ChangeField, string>();
  private reason = '';
  private reasonError = '';

  private readonly live = new LiveRegion(this);
  private agency: AgencyConfig | undefined;
  private configErrors: readonly ConfigError[] = [];
  private configTranslator: Translator = translatorFor(undefined, this);
  private httpBackend: HttpDeskBackend | undefined;

  private readonly emailCode = new EmailCode(this, {
    codeId: 'a-code',
    backend: () => this.api,
    translator: () => this.tr,
    // The host's answer when it gives one; otherwise this element's own `<mpd-captcha>` (it
    // renders nothing where the agency asks no captcha for email codes).
    captcha: () => this.captcha ?? this.ownCaptcha,
    live: this.live,
  });

  /** The session in use, if signed in. */
  get currentSession(): CitizenSession | undefined {
    return this.session;
  }

  /** True while a call to the backend is on its way (sending a code, signing in, saving…). */
  get busy(): boolean {
    return this.working || this.emailCode.sending || this.oidcState !== '' || Boolean(this.newEmailVerification()?.busy);
  }

  /** The requests listed, once loaded. */
  get items(): readonly MyRequestSummary[] | undefined {
    return this.requests;
  }

  private get tr(): Translator {
    return this.translator ?? this.configTranslator;
  }

  protected override get messageLocale(): Locale {
    return this.translator?.locale ?? localeFor(this.configs.config, this);
  }

  /** `<mpd-email-verification>` proves a new email: only where the agency lets a request change. */
  protected override elementsToRender(): readonly string[] {
    return this.configs.config?.account.update ? ['mpd-email-verification'] : [];
  }

  private get api(): DeskBackend | undefined {
    if (this.backend) return this.backend;
    if (!this.agency) return undefined;
    this.httpBackend ??= new HttpDeskBackend(this.agency.backend.baseUrl);
    return this.httpBackend;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const config = this.configs.config;
    if (config === this.agency && this.configs.errors === this.configErrors) return;
    this.agency = config;
    this.configErrors = this.configs.errors;
    this.configTranslator = translatorFor(config, this);
    this.httpBackend = undefined;
    if (config) this.start(config);
  }

  /** A config arrived: back from the provider, a session kept in this tab, or the sign-in. */
  private start(config: AgencyConfig): void {
    this.signInType ||= config.personTypes[0]?.documentTypes[0] ?? '';
    const back = takeOidcReturn(config.id);
    if (back.kind === 'code') {
      void this.finishOidc(back, this.takeKeptAction(config.id));
      return;
    }
    if (back.kind === 'failed') {
      this.awaitSignIn(this.takeKeptAction(config.id));
      this.showFlash('error', this.tr.t('account.oidc.failed'));
      return;
    }
    const kept = this.readSession(config.id);
    if (kept) {
      this.session = kept;
      this.screen = { kind: 'list' };
      void this.loadList();
    }
  }

  // ── Session ────────────────────────────────────────────────────────────────────────────

  private readSession(agencyId: string): CitizenSession | undefined {
    try {
      const raw = sessionStore()?.getItem(sessionKey(agencyId));
      // Not timed on the device's clock, which may be wrong: the server says when it ended (401).
      return raw ? (JSON.parse(raw) as CitizenSession) : undefined;
    } catch {
      return undefined;
    }
  }

  private keepSession(session: CitizenSession | undefined): void {
    const agency = this.agency;
    if (!agency) return;
    try {
      if (session) sessionStore()?.setItem(sessionKey(agency.id), JSON.stringify(session));
      else sessionStore()?.removeItem(sessionKey(agency.id));
    } catch {
      // Storage full or blocked: the session still lives in memory.
    }
  }

  private async signedIn(session: CitizenSession): Promise<void> {
    this.session = session;
    this.keepSession(session);
    this.emailCode.reset();
    this.emit<SignedInDetail>('mpd-signed-in', { session });
    // A copy kept for a provider's return (a host that opened it its own way) is stale now.
    if (this.agency) this.takeKeptAction(this.agency.id);
    const pending = this.pending;
    if (pending) {
      this.pending = undefined;
      await this.perform(pending);
      return;
    }
    this.screen = { kind: 'list' };
    this.live.announce(this.tr.t('account.signedIn'));
    await this.loadList();
  }

  /** The server says the session ended: forget it and show the sign-in (where the citizen is). */
  private sessionEnded(pending?: Pending): void {
    const old = this.session;
    this.session = undefined;
    this.keepSession(undefined);
    if (old) {
      this.signInEmail ||= old.email;
      if (old.documentType) this.signInType = old.documentType;
      if (old.documentNumber) this.signInNumber ||= old.documentNumber;
    }
    this.pending = pending;
    if (!pending) this.screen = { kind: 'sign-in' };
    this.showFlash('error', this.tr.t(pending ? 'account.expired.keep' : 'account.expired'));
    this.emit('mpd-signed-out');
  }

  /** "Cerrar sesión": revokes the session on the server and forgets it here. */
  async signOut(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.requests = undefined;
    this.pending = undefined;
    this.keepSession(undefined);
    this.screen = { kind: 'sign-in' };
    this.showFlash('success', this.tr.t('account.signedOut'));
    this.emit('mpd-signed-out');
    this.working = true;
    try {
      if (session) await this.api?.signOut?.(session.token);
    } catch {
      // Already ended, or no answer: it is forgotten here either way and expires on its own.
    } finally {
      this.working = false;
    }
  }

  // ── Sign-in by email code ──────────────────────────────────────────────────────────────

  private documentTypes(): IdentityDocumentType[] {
    const types = this.agency?.personTypes.flatMap((person) => person.documentTypes) ?? [];
    return [...new Set(types)];
  }

  /** The identity document as the domain's check returns it, or null with the field's error set. */
  private checkSignIn(): { email: string; documentType: IdentityDocumentType; documentNumber: string } | null {
    const agency = this.agency!;
    const errors = new Map<SignInField, string>();
    const emailKey = emailProblem(this.signInEmail);
    if (emailKey) errors.set('email', emailKey === 'verify.email.required' ? this.tr.t('field.required.email') : emailProblemMessage(this.tr, emailKey));
    const type = this.signInType;
    let number = '';
    if (!type) errors.set('documentType', this.tr.t('field.choose.documentType'));
    else {
      const checked = validateIdentityDocument(type, this.signInNumber, identityOptions(agency, type));
      if (checked.ok) number = checked.value;
      else {
        const code = `identity.${checked.code}`;
        errors.set('documentNumber', firstMessage(this.tr, [`${code}.${type}`, code], { document: type, prefixes: agency.identity.rucPrefixes.join(', ') }));
      }
    }
    this.signInErrors = errors;
    this.requestUpdate();
    if (errors.size) {
      this.focusAfterRender('signin-summary');
      return null;
    }
    return { email: this.signInEmail.trim(), documentType: type as IdentityDocumentType, documentNumber: number };
  }

  private async sendSignInCode(): Promise<void> {
    if (!this.checkSignIn()) return;
    await this.emailCode.send(this.signInEmail);
  }

  /** "Ingresar": the code, the email and the identity document for a session. */
  async signIn(): Promise<void> {
    const api = this.api;
    const input = this.checkSignIn();
    if (!input || !api?.signInWithEmailCode || this.working) return;
    const code = this.emailCode.checkedCode();
    if (code === null) return;
    this.working = true;
    this.live.announce(this.tr.t('account.signIn.pending'));
    let session: CitizenSession;
    try {
      session = await api.signInWithEmailCode({ ...input, email: this.emailCode.sentTo, code });
    } catch (error) {
      // The server checks the same fields as `checkSignIn`; a refusal there is a mismatch of rules.
      if (error instanceof BackendError && error.code === 'session.invalid') this.showFlash('error', this.tr.t('account.signIn.invalid'));
      else this.emailCode.explain(error);
      return;
    } finally {
      this.working = false;
    }
    this.flash = undefined;
    await this.signedIn(session);
  }

  // ── Sign-in with OpenID Connect ────────────────────────────────────────────────────────

  /**
   * The provider's authorization URL (PKCE S256, state), with the verifier and state kept in
   * sessionStorage for the return. Public so a host can open it its own way.
   */
  async oidcAuthorizeUrl(): Promise<string> {
    const agency = this.agency;
    const oidc = agency?.account.oidc;
    if (!agency || !oidc) throw new Error('OpenID Connect is not configured');
    return authorizationUrl(agency.id, oidc, globalThis.location.href);
  }

  private async startOidc(): Promise<void> {
    this.oidcState = 'redirecting';
    this.flash = undefined;
    this.live.announce(this.tr.t('account.oidc.redirecting'));
    try {
      const url = await this.oidcAuthorizeUrl();
      this.keepActionForReturn();
      if (this.emit<OidcRedirectDetail>('mpd-oidc-redirect', { url }, { cancelable: true })) globalThis.location.assign(url);
      else this.oidcState = ''; // the host took the URL (a popup, a test): this page stays
    } catch (error) {
      this.oidcState = '';
      this.showFlash('error', this.tr.t(error instanceof OidcDiscoveryError ? 'account.oidc.unreachable' : 'account.oidc.failed'));
    }
  }

  private async finishOidc(back: { code: string; codeVerifier: string; redirectUri: string }, kept: Pending | undefined): Promise<void> {
    const api = this.api;
    this.oidcState = 'signing-in';
    this.live.announce(this.tr.t('account.signIn.pending'));
    try {
      if (!api?.signInWithOidc) throw new Error('no OpenID Connect sign-in');
      const session = await api.signInWithOidc({ code: back.code, codeVerifier: back.codeVerifier, redirectUri: back.redirectUri });
      this.oidcState = '';
      await this.signedIn(session);
    } catch {
      this.oidcState = '';
      // Still signed out: the action waits for a sign-in by code, as before leaving the page.
      this.awaitSignIn(kept);
      this.showFlash('error', this.tr.t('account.oidc.failed'));
      return;
    }
    if (kept) this.reopen(kept);
  }

  /**
   * The citizen leaves for the OpenID provider while an action waits for a new sign-in: it waits
   * in this tab's sessionStorage (never its token), under the agency's key.
   */
  private keepActionForReturn(): void {
    const pending = this.pending;
    const agency = this.agency;
    if (!pending || !agency) return;
    try {
      const kept: Pending = pending.kind === 'update' ? { ...pending, changes: withoutToken(pending.changes) } : pending;
      sessionStore()?.setItem(pendingKey(agency.id), JSON.stringify(kept));
    } catch {
      // Storage full or blocked: the provider's return shows the list, without the action.
    }
  }

  /** The action kept before going to the provider, read once. */
  private takeKeptAction(agencyId: string): Pending | undefined {
    try {
      const store = sessionStore();
      const raw = store?.getItem(pendingKey(agencyId));
      store?.removeItem(pendingKey(agencyId));
      return raw ? (JSON.parse(raw) as Pending) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Back from the provider without a session: the action is on screen again, waiting for a sign-in. */
  private awaitSignIn(kept: Pending | undefined): void {
    if (!kept) return;
    this.pending = kept;
    if (kept.kind === 'cancel') {
      this.reason = kept.reason ?? '';
      this.screen = { kind: 'cancel', request: kept.request };
    } else {
      this.draft = this.draftWith(kept.request, kept.changes);
      this.screen = { kind: 'update', request: kept.request, step: 'confirm' };
    }
  }

  /**
   * Back from the provider, signed in: the action the session's end interrupted is shown again
   * (on the fresh list's row) to be confirmed, not sent unseen after a trip to another site. A
   * new email is proved again: its token was not kept.
   */
  private reopen(kept: Pending): void {
    const number = kept.request.requestNumber;
    const request = this.requests?.find((item) => item.requestNumber === number);
    if (!request) {
      this.showFlash('error', this.tr.t('account.notYours', { number }));
      return;
    }
    if (!(kept.kind === 'update' ? request.canUpdate : request.canCancel)) {
      this.showFlash('error', this.tr.t('account.notPending', { number }));
      return;
    }
    if (kept.kind === 'cancel') {
      this.openCancel(number);
      this.reason = kept.reason ?? '';
    } else {
      this.openUpdate(number);
      this.draft = this.draftWith(request, kept.changes);
      const outcome = this.review(request);
      if (outcome === 'noChanges') return; // `review` said so
      if (outcome === 'emailUnproved') {
        this.showFlash('success', this.tr.t('account.resumed.verifyEmail'));
        return;
      }
    }
    this.showFlash('success', this.tr.t('account.resumed'));
  }

  // ── List ───────────────────────────────────────────────────────────────────────────────

  /** Loads (again) the citizen's requests. */
  async loadList(): Promise<void> {
    const api = this.api;
    const session = this.session;
    if (!api?.listMyRequests || !session) return;
    this.working = true;
    try {
      this.requests = await api.listMyRequests(session.token);
    } catch (error) {
      if (this.isSessionEnd(error)) this.sessionEnded();
      else this.showFlash('error', this.failureText(error));
    } finally {
      this.working = false;
    }
  }

  private isSessionEnd(error: unknown): boolean {
    return error instanceof BackendError && error.status === 401;
  }

  private failureText(error: unknown): string {
    return this.tr.t(!(error instanceof BackendError) || error.status === 0 ? 'account.unreachable' : 'account.failed');
  }

  /** RECIBIDO reads "PENDIENTE DE VALIDACIÓN" where the owner may still change it (INPE's words). */
  private statusText(request: MyRequestSummary): string {
    const account = this.agency?.account;
    return request.status === 'RECIBIDO' && (account?.update || account?.cancel) ? this.tr.t('account.status.pending') : request.statusLabel;
  }

  private showFlash(tone: Flash['tone'], text: string): void {
    this.flash = { tone, text };
    this.live.announce(text);
    this.focusAfterRender('message');
  }

  // ── Update ─────────────────────────────────────────────────────────────────────────────

  /** Opens the update form of `requestNumber` (its "Actualizar"). */
  openUpdate(requestNumber: string): void {
    const request = this.requests?.find((item) => item.requestNumber === requestNumber);
    if (!request?.canUpdate) return;
    this.draft = {
      subject: request.subject,
      documentNumber: request.documentNumber ?? '',
      email: request.email ?? this.session?.email ?? '',
      phone: request.phone ?? '',
    };
    this.draftErrors = new Map();
    this.emailProof = undefined;
    this.flash = undefined;
    this.screen = { kind: 'update', request, step: 'edit' };
    this.focusAfterRender('screen-title');
  }

  /** The request's data with `changes` applied, as the update form holds it. */
  private draftWith(request: MyRequestSummary, changes: MyRequestChanges): Draft {
    const draft = this.original(request);
    for (const field of CHANGE_FIELDS) {
      const value = changes[field];
      if (typeof value === 'string') draft[field] = value;
    }
    return draft;
  }

  /** True when the draft's email is another address than the request's (not just in case or spaces). */
  private emailIsNew(request: MyRequestSummary): boolean {
    return emailKey(this.draft.email) !== '' && emailKey(this.draft.email) !== emailKey(this.original(request).email);
  }

  /** The token proving the draft's email, when one is in force for exactly that address. */
  private proofOfDraftEmail(): string | undefined {
    const proof = this.emailProof;
    return proof && emailKey(proof.email) === emailKey(this.draft.email) ? proof.token : undefined;
  }

  private newEmailVerification(): EmailVerification | null {
    return this.renderRoot?.querySelector<EmailVerification>('#u-email-verification') ?? null;
  }

  private readonly handleNewEmailVerified = (event: CustomEvent<EmailVerifiedDetail>): void => {
    this.emailProof = event.detail;
    this.draftErrors.delete('email');
    // Said here, and focus kept there: the verification element (and its focused button) leaves
    // the screen for the "validated" line.
    this.live.announce(this.tr.t('verify.verified.announce', { email: event.detail.email }));
    this.focusAfterRender('u-email-verified');
  };

  private original(request: MyRequestSummary): Draft {
    return {
      subject: request.subject,
      documentNumber: request.documentNumber ?? '',
      email: request.email ?? this.session?.email ?? '',
      phone: request.phone ?? '',
    };
  }

  private changedFields(request: MyRequestSummary): ChangeField[] {
    const before = this.original(request);
    const visible = this.agency ? visibleFields(this.agency) : undefined;
    return CHANGE_FIELDS.filter((field) => {
      if (field === 'documentNumber' && !visible?.documentNumber) return false;
      if (field === 'phone' && !visible?.phone) return false;
      return this.draft[field].trim() !== before[field].trim();
    });
  }

  /**
   * Checks the changed fields with the filing's own rules (`validateFiling`, which the server
   * runs too), by checking a filing that carries them.
   */
  private checkChanges(fields: readonly ChangeField[]): Map<ChangeField, string> {
    const agency = this.agency!;
    const probe: FilingSubmission = {
      personKind: agency.personTypes[0]!.kind,
      applicant: { documentType: 'DNI', documentNumber: '', givenNames: '', surnames: '', email: this.draft.email, phone: this.draft.phone },
      documentNumber: this.draft.documentNumber,
      subject: this.draft.subject,
      consents: [],
      attachments: { main: null, annexes: [] },
    };
    const errors = new Map<ChangeField, string>();
    for (const error of validateFiling(agency, probe)) {
      const field = fields.find((name) => FILING_FIELD[name] === error.field);
      if (!field || errors.has(field)) continue;
      errors.set(field, this.fieldMessage(field, error.code, error.params));
    }
    return errors;
  }

  private fieldLabel(field: ChangeField): string {
    if (field === 'subject') return this.agency?.fields.subjectLabel ?? this.tr.t('account.update.subject');
    return this.tr.t(`account.update.${field}`);
  }

  private fieldMessage(field: ChangeField, code: string, params: Record<string, string | number> = {}): string {
    return firstMessage(this.tr, [`account.${code}`, `${code}.${FILING_FIELD[field]}`, code, 'account.invalid'], {
      label: this.fieldLabel(field),
      ...params,
    });
  }

  private changesOf(fields: readonly ChangeField[]): MyRequestChanges {
    const changes: MyRequestChanges = {};
    for (const field of fields) {
      const value = this.draft[field].trim();
      changes[field] = field === 'documentNumber' && value.toUpperCase() === 'SN' ? 'SN' : value;
    }
    const proof = fields.includes('email') ? this.proofOfDraftEmail() : undefined;
    if (proof) changes.emailToken = proof;
    return changes;
  }

  /** "Revisar los cambios": checks them and, when they are fine, asks for confirmation. */
  private review(request: MyRequestSummary): ReviewOutcome {
    const fields = this.changedFields(request);
    this.flash = undefined;
    if (!fields.length) {
      this.draftErrors = new Map();
      this.showFlash('error', this.tr.t('account.update.noChanges'));
      return 'noChanges';
    }
    this.draftErrors = this.checkChanges(fields);
    // The code proves the address: asked once the address itself is fine.
    const emailUnproved = !this.draftErrors.has('email') && this.emailIsNew(request) && !this.proofOfDraftEmail();
    if (emailUnproved) this.draftErrors.set('email', this.fieldMessage('email', 'verification.required'));
    if (this.draftErrors.size) {
      this.requestUpdate();
      this.focusAfterRender('update-summary');
      return emailUnproved ? 'emailUnproved' : 'invalid';
    }
    this.screen = { kind: 'update', request, step: 'confirm' };
    this.focusAfterRender('screen-title');
    return 'ready';
  }

  /** Sends an update or a cancellation; when it went through, the refreshed list says so. */
  private async perform(action: Pending): Promise<void> {
    const api = this.api;
    const session = this.session;
    if (!api || !session || this.working) return;
    const number = action.request.requestNumber;
    this.working = true;
    this.flash = undefined;
    this.live.announce(this.tr.t(action.kind === 'update' ? 'account.update.sending' : 'account.cancel.sending'));
    let outcome: { done: string } | { error: unknown };
    try {
      const request =
        action.kind === 'update'
          ? await api.updateMyRequest!(session.token, number, action.changes)
          : await api.cancelMyRequest!(session.token, number, action.reason);
      // The server's answer is the row as it now stands: the list shows it at once, with the
      // "done" message, instead of the old row until the list is read again.
      this.requests = this.requests?.map((item) => (item.requestNumber === number ? request : item));
      if (action.kind === 'update') {
        this.emailProof = undefined;
        this.emit<RequestUpdatedDetail>('mpd-request-updated', { request, changes: withoutToken(action.changes) });
        outcome = { done: 'account.update.done' };
      } else {
        this.emit<RequestCancelledDetail>('mpd-request-cancelled', { request });
        outcome = { done: 'account.cancel.done' };
      }
    } catch (error) {
      outcome = { error };
    } finally {
      this.working = false;
    }
    if ('done' in outcome) await this.backToList('success', this.tr.t(outcome.done, { number }));
    else this.actionFailed(outcome.error, action);
  }

  /**
   * An update or cancellation failed: a session that ended keeps the action for after the new
   * sign-in; a request no longer pending (409) or not the citizen's (404) goes back to the
   * refreshed list; field problems go on their fields; no answer keeps the screen as it is.
   */
  private actionFailed(error: unknown, pending: Pending): void {
    const { request } = pending;
    if (this.isSessionEnd(error)) {
      this.sessionEnded(pending);
      return;
    }
    if (error instanceof BackendError && (error.status === 409 || error.status === 404)) {
      const key = error.status === 409 ? 'account.notPending' : 'account.notYours';
      void this.backToList('error', this.tr.t(key, { number: request.requestNumber }));
      return;
    }
    if (error instanceof BackendError && error.status === 422 && pending.kind === 'update') {
      const errors = new Map<ChangeField, string>();
      for (const fieldError of error.fieldErrors) {
        const field = CHANGE_FIELDS.find((name) => FILING_FIELD[name] === fieldError.field || name === fieldError.field);
        if (field) errors.set(field, this.fieldMessage(field, fieldError.code, (fieldError as { params?: Record<string, string | number> }).params));
      }
      // The server no longer takes the new email's token (expired, used): a new code proves it.
      if (error.fieldErrors.some((fieldError) => fieldError.code.startsWith('verification.'))) this.emailProof = undefined;
      this.draftErrors = errors;
      this.screen = { kind: 'update', request, step: 'edit' };
      this.showFlash('error', this.tr.t('account.invalid'));
      return;
    }
    this.showFlash('error', this.failureText(error));
  }

  private async backToList(tone: Flash['tone'], text: string): Promise<void> {
    this.screen = { kind: 'list' };
    this.showFlash(tone, text);
    await this.loadList();
  }

  // ── Cancel ─────────────────────────────────────────────────────────────────────────────

  /** Opens the confirmation of cancelling `requestNumber` (its "Anular"). */
  openCancel(requestNumber: string): void {
    const request = this.requests?.find((item) => item.requestNumber === requestNumber);
    if (!request?.canCancel) return;
    this.reason = '';
    this.reasonError = '';
    this.flash = undefined;
    this.screen = { kind: 'cancel', request };
    this.focusAfterRender('screen-title');
  }

  private confirmCancel(request: MyRequestSummary): void {
    const reason = this.reason.trim();
    this.reasonError = reason.length > REASON_MAX ? this.tr.t('account.cancel.reason.tooLong', { max: REASON_MAX }) : '';
    if (this.reasonError) {
      this.requestUpdate();
      this.focusAfterRender('reason');
      return;
    }
    void this.perform({ kind: 'cancel', request, reason: reason || null });
  }

  private backFromAction(): void {
    this.pending = undefined;
    this.flash = undefined;
    this.screen = { kind: this.session ? 'list' : 'sign-in' };
  }

  /** Moves focus to `#id` once what changes now is on screen. */
  private focusAfterRender(id: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus());
  }

  // ── Render ─────────────────────────────────────────────────────────────────────────────

  /** GOV.UK's error summary of a form whose fields' ids are `${prefix}-${field}`. */
  private summary(id: string, prefix: string, errors: ReadonlyMap<string, string>): TemplateResult | typeof nothing {
    if (!errors.size) return nothing;
    return errorSummary({
      id,
      title: this.tr.t('account.errorSummary'),
      items: [...errors].map(([field, text]) => ({ target: `${prefix}-${field}`, text })),
      onActivate: (target) => this.renderRoot.querySelector<HTMLElement>(`#${target}`)?.focus(),
    });
  }

  private renderFlash(): TemplateResult | typeof nothing {
    const flash = this.flash;
    if (!flash) return nothing;
    return html`<div
      id="message"
      class=${flash.tone === 'success' ? 'message message--success' : 'message'}
      part="message"
      tabindex="-1"
      role=${flash.tone === 'error' ? 'alert' : nothing}
    >
      <p>${flash.text}</p>
    </div>`;
  }

  private renderSignIn(agency: AgencyConfig): TemplateResult {
    const tr = this.tr;
    const errors = this.signInErrors;
    const oidc = agency.account.oidc;
    const typeOptions = this.documentTypes().map((type) => ({ value: type, label: tr.t(`form.docType.${type}`) }));
    const sent = Boolean(this.emailCode.sentTo);
    const signInButton = html`<div class="actions">
      <button id="sign-in" class="button" part="sign-in-button" type="submit" ?disabled=${this.working}>
        ${tr.t(this.working ? 'account.signIn.pending' : 'account.signIn.submit')}
      </button>
    </div>`;
    return html`<section class="sign-in" aria-labelledby="sign-in-title">
      ${this.pending ? nothing : html`<p class="intro">${tr.t('account.signIn.intro')}</p>`}
      ${oidc
        ? html`<div class="actions oidc">
              <button
                id="oidc"
                class="button"
                part="oidc-button"
                type="button"
                ?disabled=${this.oidcState !== ''}
                @click=${() => void this.startOidc()}
              >
                ${oidc.label ?? tr.t('account.oidc.default')}
              </button>
            </div>
            <p class="or" id="sign-in-title">${tr.t('account.oidc.or')}</p>`
        : html`<h3 class="visually-hidden" id="sign-in-title">${tr.t('account.signIn.submit')}</h3>`}
      ${this.summary('signin-summary', 'a', errors)}
      <form
        novalidate
        @submit=${(event: Event) => {
          event.preventDefault();
          void (sent ? this.signIn() : this.sendSignInCode());
        }}
      >
        ${textField({
          id: 'a-email',
          name: 'email',
          type: 'email',
          label: tr.t('account.email.label'),
          error: errors.get('email'),
          errorPrefix: tr.t('account.errorPrefix'),
          value: this.signInEmail,
          autocomplete: 'email',
          spellcheck: false,
          onInput: (value) => {
            this.signInEmail = value;
            // A code sent to another address cannot sign in with this one.
            if (this.emailCode.sentTo && this.emailCode.sentTo.toLowerCase() !== value.trim().toLowerCase()) this.emailCode.reset();
          },
        })}
        ${selectField({
          id: 'a-documentType',
          name: 'documentType',
          label: tr.t('account.documentType.label'),
          error: errors.get('documentType'),
          errorPrefix: tr.t('account.errorPrefix'),
          value: this.signInType,
          options: typeOptions,
          onChange: (value) => {
            this.signInType = value as IdentityDocumentType;
            this.requestUpdate();
          },
        })}
        ${textField({
          id: 'a-documentNumber',
          name: 'documentNumber',
          label: tr.t('account.documentNumber.label'),
          error: errors.get('documentNumber'),
          errorPrefix: tr.t('account.errorPrefix'),
          value: this.signInNumber,
          autocomplete: 'off',
          spellcheck: false,
          width: 'medium',
          onInput: (value) => {
            this.signInNumber = value;
          },
        })}
        ${this.emailCode.renderCode(() => void this.signIn(), signInButton)}
        ${this.captcha ? nothing : this.renderOwnCaptcha(agency)}
        ${this.emailCode.renderSend(() => void this.sendSignInCode(), this.working)}
      </form>
    </section>`;
  }

  /** This element's `<mpd-captcha>` for email codes (renders nothing where the agency asks none). */
  private renderOwnCaptcha(agency: AgencyConfig): TemplateResult {
    return html`<mpd-captcha
      id="verification-captcha"
      part="captcha"
      place="verification"
      .captcha=${agency.captcha}
      .backend=${this.api}
      .translator=${this.tr}
    ></mpd-captcha>`;
  }

  private renderList(agency: AgencyConfig): TemplateResult {
    const tr = this.tr;
    const requests = this.requests;
    const session = this.session!;
    const header = html`<div class="session" part="session">
      <p>${tr.t('account.signedInAs', { email: session.email })}</p>
      <button id="sign-out" class="button button--secondary" part="sign-out-button" type="button" @click=${() => void this.signOut()}>
        ${tr.t('account.signOut')}
      </button>
    </div>`;
    if (!requests) return html`${header}<p class="loading">${tr.t('account.list.loading')}</p>`;
    if (!requests.length) return html`${header}<p id="empty">${tr.t('account.list.empty')}</p>`;
    const actionsShown = agency.account.update || agency.account.cancel;
    return html`${header}
      <div class="table-wrap" tabindex="0" role="region" aria-labelledby="requests-caption">
        <table id="requests" part="requests" aria-busy=${this.working ? 'true' : 'false'}>
          <caption id="requests-caption">${tr.t('account.list.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">${tr.t('account.list.number')}</th>
              <th scope="col">${tr.t('account.list.subject')}</th>
              <th scope="col">${tr.t('account.list.status')}</th>
              <th scope="col">${tr.t('account.list.received')}</th>
              ${actionsShown ? html`<th scope="col">${tr.t('account.list.actions')}</th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${requests.map(
              (request) => html`<tr data-request=${request.requestNumber}>
                <th scope="row">${request.requestNumber}</th>
                <td>${request.subject}</td>
                <td><span class="status" part="status" data-status=${request.status}>${this.statusText(request)}</span></td>
                <td>${formatLimaDateTime(request.receivedAt, tr.locale)}</td>
                ${actionsShown ? html`<td class="row-actions">${this.renderRowActions(request)}</td>` : nothing}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  private renderRowActions(request: MyRequestSummary): TemplateResult {
    const tr = this.tr;
    const agency = this.agency!;
    const hidden = html`<span class="visually-hidden"> ${tr.t('account.forRequest', { number: request.requestNumber })}</span>`;
    const update = agency.account.update && request.canUpdate;
    const cancel = agency.account.cancel && request.canCancel;
    if (!update && !cancel) return html`<span class="muted">${tr.t('account.list.none')}</span>`;
    return html`${update
      ? html`<button class="button button--secondary" part="update-button" type="button" data-action="update" @click=${() => this.openUpdate(request.requestNumber)}>
          ${tr.t('account.update')}${hidden}
        </button>`
      : nothing}
    ${cancel
      ? html`<button class="button button--warning" part="cancel-button" type="button" data-action="cancel" @click=${() => this.openCancel(request.requestNumber)}>
          ${tr.t('account.cancel')}${hidden}
        </button>`
      : nothing}`;
  }

  /** Shown in place of the action's buttons when the session ended in the middle of it. */
  private renderResignIn(agency: AgencyConfig): TemplateResult | typeof nothing {
    return this.pending && !this.session ? this.renderSignIn(agency) : nothing;
  }

  private renderUpdate(agency: AgencyConfig, request: MyRequestSummary, step: 'edit' | 'confirm'): TemplateResult {
    const tr = this.tr;
    const title = html`<h3 id="screen-title" tabindex="-1">${tr.t('account.update.title', { number: request.requestNumber })}</h3>`;
    if (step === 'confirm') return html`${title}${this.renderConfirmUpdate(agency, request)}`;
    const visible = visibleFields(agency);
    const errors = this.draftErrors;
    const field = (name: ChangeField, options: { type?: 'email' | 'tel'; autocomplete?: string; hint?: string; maxlength?: number }) =>
      textField({
        id: `u-${name}`,
        name,
        label: this.fieldLabel(name),
        error: errors.get(name),
        errorPrefix: tr.t('account.errorPrefix'),
        value: this.draft[name],
        ...options,
        onInput: (value) => {
          this.draft = { ...this.draft, [name]: value };
          if (name !== 'email') return;
          // A proof holds for its address only: another one needs its own code.
          if (this.emailProof && emailKey(this.emailProof.email) !== emailKey(value)) this.emailProof = undefined;
          this.requestUpdate();
        },
      });
    return html`${title}
      <p class="intro">${tr.t('account.update.intro')}</p>
      ${this.summary('update-summary', 'u', errors)}
      <form
        novalidate
        @submit=${(event: Event) => {
          event.preventDefault();
          this.review(request);
        }}
      >
        ${field('subject', { maxlength: agency.fields.subjectMaxLength })}
        ${visible.documentNumber
          ? field('documentNumber', { autocomplete: 'off', ...(agency.fields.allowSN && { hint: tr.t('account.update.documentNumber.hint') }) })
          : nothing}
        ${field('email', { type: 'email', autocomplete: 'email' })} ${this.renderNewEmailVerification(agency, request)}
        ${visible.phone ? field('phone', { type: 'tel', autocomplete: 'tel' }) : nothing}
        <div class="actions">
          <button id="review" class="button" part="review-button" type="submit">${tr.t('account.update.review')}</button>
          <button id="back" class="button button--link" type="button" @click=${() => this.backFromAction()}>${tr.t('account.back')}</button>
        </div>
      </form>`;
  }

  /** The code that proves a new email, under the email field while the draft holds one. */
  private renderNewEmailVerification(agency: AgencyConfig, request: MyRequestSummary): TemplateResult | typeof nothing {
    if (!this.emailIsNew(request)) return nothing;
    // Proved (maybe before going to the confirmation and back): said, not asked again.
    if (this.proofOfDraftEmail()) {
      return html`<p class="verified" part="verified" id="u-email-verified" tabindex="-1">
        <span class="verified__icon" aria-hidden="true">✓</span>
        <span>${this.tr.t('verify.verified')}: ${this.emailProof!.email}</span>
      </p>`;
    }
    return html`<mpd-email-verification
        id="u-email-verification"
        part="email-verification"
        .email=${this.draft.email.trim()}
        .backend=${this.api}
        .translator=${this.tr}
        .captcha=${this.captcha ?? this.ownCaptcha}
        @mpd-email-verified=${this.handleNewEmailVerified}
      ></mpd-email-verification>
      ${this.captcha ? nothing : this.renderOwnCaptcha(agency)}`;
  }

  private renderConfirmUpdate(agency: AgencyConfig, request: MyRequestSummary): TemplateResult {
    const tr = this.tr;
    const before = this.original(request);
    const pending = this.pending?.kind === 'update' ? this.pending : undefined;
    const fields = pending ? CHANGE_FIELDS.filter((field) => field in pending.changes) : this.changedFields(request);
    const changes = pending?.changes ?? this.changesOf(fields);
    const shown = (value: string | undefined) => (value ? value : tr.t('account.update.confirm.empty'));
    return html`<h4 id="confirm-title">${tr.t('account.update.confirm.title')}</h4>
      <table id="changes" class="changes">
        <thead>
          <tr>
            <th scope="col">${tr.t('account.update.confirm.field')}</th>
            <th scope="col">${tr.t('account.update.confirm.before')}</th>
            <th scope="col">${tr.t('account.update.confirm.after')}</th>
          </tr>
        </thead>
        <tbody>
          ${fields.map(
            (name) => html`<tr data-field=${name}>
              <th scope="row">${this.fieldLabel(name)}</th>
              <td class="before">${shown(before[name])}</td>
              <td class="after">${shown(changes[name])}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${this.pending
        ? this.renderResignIn(agency)
        : html`<div class="actions">
            <button
              id="confirm"
              class="button"
              part="confirm-button"
              type="button"
              ?disabled=${this.working}
              @click=${() => void this.perform({ kind: 'update', request, changes })}
            >
              ${tr.t(this.working ? 'account.update.sending' : 'account.update.confirm.yes')}
            </button>
            <button
              id="edit"
              class="button button--secondary"
              type="button"
              ?disabled=${this.working}
              @click=${() => {
                this.screen = { kind: 'update', request, step: 'edit' };
              }}
            >
              ${tr.t('account.update.confirm.edit')}
            </button>
          </div>`}`;
  }

  private renderCancel(agency: AgencyConfig, request: MyRequestSummary): TemplateResult {
    const tr = this.tr;
    return html`<h3 id="screen-title" tabindex="-1">${tr.t('account.cancel.title', { number: request.requestNumber })}</h3>
      <p class="notice" part="notice">${tr.t('account.cancel.intro')}</p>
      <p><strong>${request.subject}</strong></p>
      <div class=${this.reasonError ? 'field field--error' : 'field'} part="field">
        <label for="reason" part="label">${tr.t('account.cancel.reason')} <span class="optional">${tr.t('form.optional')}</span></label>
        ${this.reasonError
          ? html`<p class="error-message" id="reason-error" part="error-message">
              <span class="visually-hidden">${tr.t('account.errorPrefix')}</span> ${this.reasonError}
            </p>`
          : nothing}
        <textarea
          id="reason"
          part="input"
          rows="3"
          .value=${this.reason}
          ?disabled=${Boolean(this.pending)}
          aria-invalid=${this.reasonError ? 'true' : 'false'}
          aria-describedby=${this.reasonError ? 'reason-error' : nothing}
          @input=${(event: InputEvent) => {
            this.reason = (event.target as HTMLTextAreaElement).value;
          }}
        ></textarea>
      </div>
      ${this.pending
        ? this.renderResignIn(agency)
        : html`<div class="actions">
            <button
              id="confirm"
              class="button button--warning"
              part="confirm-button"
              type="button"
              ?disabled=${this.working}
              @click=${() => this.confirmCancel(request)}
            >
              ${tr.t(this.working ? 'account.cancel.sending' : 'account.cancel.confirm')}
            </button>
            <button id="back" class="button button--secondary" type="button" ?disabled=${this.working} @click=${() => this.backFromAction()}>
              ${tr.t('account.cancel.keep')}
            </button>
          </div>`}`;
  }

  private renderScreen(agency: AgencyConfig): TemplateResult {
    const screen = this.screen;
    if (screen.kind === 'update') return this.renderUpdate(agency, screen.request, screen.step);
    if (screen.kind === 'cancel') return this.renderCancel(agency, screen.request);
    if (screen.kind === 'list' && this.session) return this.renderList(agency);
    if (this.oidcState === 'signing-in') return html`<p class="loading">${this.tr.t('account.signIn.pending')}</p>`;
    return this.renderSignIn(agency);
  }

  override render(): TemplateResult {
    const tr = this.tr;
    if (this.configErrors.length) return configErrorPanel(this.configErrors, tr);
    const agency = this.agency;
    if (!agency) return ConfigController.renderLoading(tr);
    return html`<h2 part="title" tabindex="-1">${tr.t('account.title')}</h2>
      ${this.renderFlash()} ${this.renderScreen(agency)} ${this.live.render()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mpd-my-requests': MyRequests;
  }
}
