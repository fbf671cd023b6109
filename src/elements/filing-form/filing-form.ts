import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { live } from 'lit/directives/live.js';
import { HttpDeskBackend } from '../../api/client.ts';
import {
  BackendError,
  type DeskBackend,
  type OrganizationLookup,
  type PersonLookup,
  type Receipt,
  type ReceiptFile,
} from '../../api/types.ts';
import { businessCalendar, documentTypesFor, slotRule } from '../../config/derive.ts';
import type { ConfigError } from '../../config/errors.ts';
import type { AgencyConfig, AgencyConfigInput, ConsentConfig, PersonKind } from '../../config/schema.ts';
import { deemedFiled, isWithinOfficeHours, type DeemedFiledReason, type IsoDate } from '../../domain/calendar.ts';
import { formatBytes } from '../../domain/files.ts';
import {
  validateFiling,
  visibleFields,
  type FieldError,
  type FilingField,
  type FilingSubmission,
} from '../../domain/filing.ts';
import { splitDniCheckCharacter, validateDni, validateOrganizationRuc, type IdentityDocumentType } from '../../domain/identity.ts';
import { receiptFilename } from '../../domain/request-number.ts';
import type { Locale, MessageArea, Translator } from '../../i18n/index.ts';
import { anySignal, randomUuid, timeoutSignal } from '../../internal/compat.ts';
import { ConfigController } from '../../internal/config-controller.ts';
import { configErrorPanel } from '../../internal/config-errors.ts';
import { errorSummary } from '../../internal/error-summary.ts';
import { checkbox, radioGroup, selectField, textField, type FieldChrome } from '../../internal/fields.ts';
import { formatDate, formatLimaDateTime, formatLongDate, formatWeekday } from '../../internal/format.ts';
import { LiveRegion } from '../../internal/live-region.ts';
import { firstMessage, localeFor, plural, translatorFor } from '../../internal/localize.ts';
import { MpdElement } from '../../internal/mpd-element.ts';
import { DraftUploadGrant, withCaptcha, type Captcha } from '../captcha/captcha.ts';
import type { Dropzone } from '../dropzone/dropzone.ts';
import type { EmailVerification, EmailVerificationClearedDetail, EmailVerifiedDetail } from '../email-verification/email-verification.ts';
import { deliverReceipt, receiptFailure, type ReceiptFailure } from '../../internal/save-file.ts';
import styles from './filing-form.styles.ts';
import { IdentityLookup, type LookupState } from './identity-lookup.ts';

/** What the form reads from an `<mpd-dropzone>` (its public, read-only state). */
export type AttachmentZone = HTMLElement & Partial<Pick<Dropzone, 'files' | 'uploads' | 'busy' | 'pageCount' | 'markNeedsReupload'>>;

export interface FilingSubmittedDetail {
  receipt: Receipt;
  /**
   * True when the receipt is that of an earlier attempt that got no answer, and the changes the
   * citizen made after it were not sent (see `send`).
   */
  replayed: boolean;
}

export interface FilingErrorDetail {
  /**
   * The backend's stable code (`filing.invalid`, `idempotency.conflict`, `server.error`, …), or
   * `network.unreachable` (no answer) / `network.timeout` (no answer within the form's time limit).
   */
  code: string;
  /** HTTP status; 0 when the server did not answer. */
  status: number;
}

/** "Seguir mi solicitud": the request to track, with the document it was filed with. */
export interface TrackRequestDetail {
  requestNumber: string;
  documentNumber: string;
}

/** Everything the citizen has typed or chosen (attachments live in the dropzones). */
interface Draft {
  personKind: PersonKind;
  documentType: IdentityDocumentType;
  documentNumber: string;
  givenNames: string;
  surnames: string;
  email: string;
  phone: string;
  ruc: string;
  organizationName: string;
  procedureId: string;
  officeId: string;
  documentKindId: string;
  mainDocumentNumber: string;
  folios: string;
  subject: string;
  consents: readonly string[];
}

type TextKey = Exclude<keyof Draft, 'personKind' | 'documentType' | 'consents'>;

interface ConfirmState {
  outside: boolean;
  deemedDate: IsoDate;
  receivedDate: IsoDate;
  reason: DeemedFiledReason;
}

/** Page order of the fields, so the error summary lists problems top to bottom. */
const FIELD_ORDER: readonly string[] = [
  'personKind',
  'ruc',
  'organizationName',
  'documentType',
  'documentNumber',
  'givenNames',
  'surnames',
  'email',
  'phone',
  'procedure',
  'office',
  'documentKind',
  'mainDocumentNumber',
  'subject',
  'mainFile',
  'annexes',
  'folios',
];

const TEXT_FIELD: Partial<Record<FilingField, TextKey>> = {
  documentNumber: 'documentNumber',
  givenNames: 'givenNames',
  surnames: 'surnames',
  email: 'email',
  phone: 'phone',
  ruc: 'ruc',
  organizationName: 'organizationName',
  mainDocumentNumber: 'mainDocumentNumber',
  folios: 'folios',
  subject: 'subject',
};

/** A submission must answer within this time, or the citizen is told the server takes too long. */
const SUBMIT_TIMEOUT_MS = 60_000;
const SERVER_TIME_TIMEOUT_MS = 5_000;
/** GOV.UK announces the remaining characters once typing pauses, not on every keystroke. */
const COUNTER_ANNOUNCE_DELAY_MS = 600;

/** Codes of the server's 422 about the attached files: the citizen has to attach that file again. */
const REUPLOAD_CODES: ReadonlySet<string> = new Set(['upload.notFound', 'upload.wrongSlot', 'upload.alreadyUsed']);

/**
 * The confirmation has no search box: an expired download permission points the citizen to the
 * tracking view instead of asking to "look the request up again" here.
 */
function confirmationMessage(failure: ReceiptFailure): string {
  return failure === 'tracking.receipt.expired' ? 'form.receipt.expired' : failure;
}

function fieldId(field: string): string {
  return `f-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function newKey(): string {
  return randomUuid();
}

/** JSON with object keys sorted, to tell whether two submissions carry the same data. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** Whether the server refused the request itself (it exists neither before nor after the answer). */
function isRefusal(error: unknown): boolean {
  if (!(error instanceof BackendError)) return false;
  const { status } = error;
  // 409: the key is taken (handled on its own); 408 and 429: not processed, try again later.
  return status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429;
}

/** A submission sent with its key that got no answer: it may exist on the server. */
interface UnansweredAttempt {
  filing: FilingSubmission;
  key: string;
  json: string;
}

/**
 * @summary The filing form of a Mesa de Partes Digital: the citizen's details, the request,
 * the main document and annexes, the consents, and the receipt once it is sent.
 *
 * Shows only the fields the agency config turns on, validates with the same `validateFiling`
 * the server runs (errors appear after leaving a field or after the first submit, never while
 * the citizen is still typing), lists every problem in an error summary that takes focus,
 * asks for confirmation before sending where the agency has office hours, sends once per draft
 * (an idempotency key reused on every retry), and keeps everything typed and uploaded when the
 * server does not answer. Where the config has `lookups` and the backend can, fills the names
 * after a valid DNI and the razón social after a valid RUC (on leaving the field, on Enter, or
 * with "Validar RUC"); a failed or slow look-up only says so, and the citizen types.
 *
 * The agency config comes, like `<mpd-desk>`'s, from the `.config` property, the `config-src`
 * attribute (a URL) or a child `<script type="application/json">`, in that order of preference;
 * a wrong one shows the webmaster which JSON path is wrong.
 *
 * @event mpd-submitted - The request was filed. `detail: { receipt, replayed }`.
 * @event mpd-error - Sending failed. `detail: { code, status }` (status 0: no answer).
 * @event mpd-track-request - "Seguir mi solicitud" on the confirmation (shown when `trackable`).
 *   `detail: { requestNumber, documentNumber }`; `<mpd-desk>` opens its tracking view with it.
 *   Cancelable: a host that handles it (as `<mpd-desk>` does) calls `preventDefault()` to say so.
 * @event mpd-receipt-download - The receipt PDF arrived. `detail: { blob, filename }`. Cancelable:
 *   `preventDefault()` keeps the browser from saving it (the page handles the blob itself).
 *
 * @csspart loading - The "Cargando…" message while the config is on its way.
 * @csspart config-errors - The panel listing what is wrong with the config.
 * @csspart form - The `<form>` element.
 * @csspart title - The form's heading.
 * @csspart hours - The office-hours notice.
 * @csspart error-summary - The list of problems shown after a failed submit.
 * @csspart send-error - The message shown when the request could not be sent.
 * @csspart field - Each field's wrapper (label, hint, error, control).
 * @csspart label - Field labels and legends.
 * @csspart hint - Field hints.
 * @csspart error-message - Inline error messages.
 * @csspart input - Text inputs.
 * @csspart select - Selects.
 * @csspart textarea - The subject textarea.
 * @csspart counter - The subject's character counter.
 * @csspart email-verification - The `<mpd-email-verification>` under the email (with `verification.email`).
 * @csspart consent-details - A consent's "Ver detalles" disclosure (when the consent has `details`).
 * @csspart main-dropzone - The main document's `<mpd-dropzone>`.
 * @csspart annexes-dropzone - The annexes' `<mpd-dropzone>`.
 * @csspart submit - The send button.
 * @csspart dialog - The confirmation dialog.
 * @csspart confirmation - The view shown after the request was filed.
 * @csspart request-number - The request number on the confirmation view.
 * @csspart replayed-notice - On the confirmation view, the notice that an earlier attempt had
 *   already been filed and later changes were not sent.
 * @csspart copy-button - "Copiar número".
 * @csspart another-button - "Presentar otra solicitud".
 * @csspart receipt-button - "Descargar constancia (PDF)" (when the backend can give the receipt).
 * @csspart track-button - "Seguir mi solicitud" (when `trackable`).
 * @csspart live-region - The visually hidden polite live region.
 * @csspart lookup-button - "Validar RUC" (when the config has `lookups.ruc` and the backend can look up).
 * @csspart lookup-status - Under the DNI or RUC: "Consultando…", then what RENIEC or SUNAT said.
 * @csspart lookup-warning - Under the RUC: SUNAT's state is not ACTIVO (a warning; sending is not blocked).
 *
 * @cssproperty --mpd-color-primary - Buttons, links, accents.
 * @cssproperty --mpd-color-on-primary - Text on primary buttons.
 * @cssproperty --mpd-color-text - Body text.
 * @cssproperty --mpd-color-muted - Hints and secondary text (keep 7:1 on the background).
 * @cssproperty --mpd-color-background - Background.
 * @cssproperty --mpd-color-surface - Notices and panels.
 * @cssproperty --mpd-color-border - Field borders.
 * @cssproperty --mpd-color-error - Errors.
 * @cssproperty --mpd-color-success - The confirmation panel.
 * @cssproperty --mpd-color-focus - The focus highlight.
 * @cssproperty --mpd-font-family - Font.
 * @cssproperty --mpd-radius - Corner radius.
 */
export class FilingForm extends MpdElement {
  static readonly tagName: string = 'mpd-filing-form';
  static override styles = styles;
  static override messageAreas: readonly MessageArea[] = ['desk', 'form', 'files', 'captcha'];

  private static emptyDraft(config: AgencyConfig | undefined): Draft {
    const personKind = config?.personTypes[0]?.kind ?? 'natural';
    return {
      personKind,
      documentType: (config && documentTypesFor(config, personKind)[0]) ?? 'DNI',
      documentNumber: '',
      givenNames: '',
      surnames: '',
      email: '',
      phone: '',
      ruc: '',
      organizationName: '',
      procedureId: '',
      officeId: '',
      documentKindId: '',
      mainDocumentNumber: '',
      folios: '',
      subject: '',
      consents: [],
    };
  }

  private readonly live = new LiveRegion(this);

  /** `.config`, `config-src` or nested JSON, checked (shared with `<mpd-desk>`). */
  private readonly configs = new ConfigController(this, {
    sources: () => ({ config: this.config, src: this.configSrc || undefined }),
  });

  private readonly submitTask = new Task<[FilingSubmission, string], Receipt>(this, {
    autoRun: false,
    task: ([filing, key], { signal }) => {
      const timeout = timeoutSignal(SUBMIT_TIMEOUT_MS);
      this.submitTimeout = timeout;
      // The captcha's answer goes with the call (single-use: a fresh one is solved for the next).
      return withCaptcha(this.captchaAt('filing'), (captcha) => this.api.submitFiling(filing, key, anySignal([signal, timeout]), captcha));
    },
  });

  /** Names by DNI (RENIEC), when the config asks for it and the document is a DNI. */
  private readonly personLookup = new IdentityLookup<PersonLookup>(this, {
    call: () =>
      this.agency?.lookups.dni && this.draft.documentType === 'DNI' && this.api.lookupPerson
        ? (dni, signal) => this.api.lookupPerson!(dni, signal)
        : undefined,
    settled: (state) => this.personSettled(state),
  });

  /** Razón social by RUC (SUNAT), when the config asks for it and a persona jurídica files. */
  private readonly organizationLookup = new IdentityLookup<OrganizationLookup>(this, {
    call: () =>
      this.agency?.lookups.ruc && this.draft.personKind === 'juridica' && this.api.lookupOrganization
        ? (ruc, signal) => this.api.lookupOrganization!(ruc, signal)
        : undefined,
    settled: (state) => this.organizationSettled(state),
  });

  @state() private draft: Draft = FilingForm.emptyDraft(undefined);
  /** Inline errors currently shown, by field. */
  @state() private errors = new Map<string, FieldError>();
  @state() private summaryShown = false;
  @state() private sendError = '';
  @state() private receipt: Receipt | null = null;
  /** The receipt shown is that of an earlier attempt; later changes were not sent. */
  @state() private replayed = false;
  @state() private confirmState: ConfirmState | null = null;
  @state() private copyStatus: '' | 'copied' | 'failed' = '';
  @state() private receiptStatus: '' | 'loading' | 'done' | ReceiptFailure = '';
  /** Pages counted in the attached PDFs (feeds folios). */
  @state() private attachedPages = 0;
  /** What the last look-up said, shown under its field (and announced). */
  @state() private personMessage = '';
  /** The email code's token (`FilingSubmission.verificationToken`), when the agency asks for one. */
  @state() private verificationToken = '';
  @state() private organizationMessage = '';

  /** What a look-up wrote into the names / razón social, and for which number (see `fillFrom`). */
  private personFill: { dni: string; givenNames: string; surnames: string } | undefined;
  private organizationFill: { ruc: string; organizationName: string } | undefined;

  /** Folios follow the attached pages until the citizen types their own number. */
  private foliosAuto = true;
  /** After the first submit attempt every error shows as soon as a field is left. */
  private submitted = false;
  /** Set synchronously on submit, so a double click cannot start a second send. */
  private inFlight = false;
  /** One key per draft, reused on every retry until a success or a refusal (see `send`). */
  private idempotencyKey = newKey();
  /** The last submission that got no answer, with its key (always `idempotencyKey`). */
  private unanswered: UnansweredAttempt | undefined;
  /** The time limit of the submission in flight: tells a timeout from other failures. */
  private submitTimeout: AbortSignal | undefined;
  /** Errors for dropzone rows the server asked to attach again, by row key (see `markReuploads`). */
  private reuploadErrors = new Map<string, FieldError>();
  /** Bumped on reset so the dropzones are created anew. */
  private draftId = 0;
  private agency: AgencyConfig | undefined;
  private configErrors: readonly ConfigError[] = [];
  private configTranslator: Translator = translatorFor(undefined, this);
  private httpBackend: HttpDeskBackend | undefined;
  private resolveConfirm: ((confirmed: boolean) => void) | undefined;

  /** The agency config (validated here; an invalid one shows what is wrong). */
  @property({ attribute: false }) config?: AgencyConfig | AgencyConfigInput;

  /** URL of the agency's JSON config, used when `.config` is not set. */
  @property({ attribute: 'config-src', reflect: true }) configSrc?: string;

  /** The backend; defaults to the HTTP client at `config.backend.baseUrl`. */
  @property({ attribute: false }) backend?: DeskBackend;

  /** Messages; defaults to the config's `locale` (else the page's `lang`) with its `texts` overrides. */
  @property({ attribute: false }) translator?: Translator;

  /** Shows "Seguir mi solicitud" on the confirmation (`<mpd-desk>` sets it when it can track). */
  @property({ attribute: false }) trackable = false;

  /** Fallback clock when the server's time cannot be read (tests set a fixed one). */
  @property({ attribute: false }) now?: () => Date;

  @query('#error-summary') private summaryElement?: HTMLElement;
  @query('#send-error') private sendErrorElement?: HTMLElement;
  @query('#done-title') private doneTitle?: HTMLElement;
  @query('#f-mainFile') private mainZone?: AttachmentZone;
  @query('#f-annexes') private annexZone?: AttachmentZone;
  @query('dialog') private dialog?: HTMLDialogElement;

  protected override willUpdate(): void {
    const config = this.configs.config;
    const errors = this.configs.errors;
    if (config !== this.agency || errors !== this.configErrors) this.applyConfig(config, errors);
  }

  private applyConfig(config: AgencyConfig | undefined, errors: readonly ConfigError[]): void {
    const previous = this.agency;
    this.agency = config;
    this.configErrors = errors;
    this.configTranslator = translatorFor(this.agency, this);
    this.httpBackend = undefined;
    if (!this.agency) return;
    if (previous?.id !== this.agency.id) {
      this.resetDraft();
    } else if (!documentTypesFor(this.agency, this.draft.personKind).includes(this.draft.documentType)) {
      // Same agency, new config: keep what was typed, drop choices that no longer exist.
      this.draft = { ...this.draft, documentType: documentTypesFor(this.agency, this.draft.personKind)[0] ?? 'DNI' };
    }
  }

  // ── Derived values ─────────────────────────────────────────────────────────────────────

  private get tr(): Translator {
    return this.translator ?? this.configTranslator;
  }

  protected override get messageLocale(): Locale {
    return this.translator?.locale ?? localeFor(this.configs.config, this);
  }

  /** The confirmation's receipt download speaks as the tracking panel's: its words come with the receipt. */
  protected override messageAreasNow(): readonly MessageArea[] {
    return this.receipt ? [...FilingForm.messageAreas, 'tracking'] : FilingForm.messageAreas;
  }

  /** `<mpd-email-verification>` only for an agency that asks for the code: others never download it. */
  protected override elementsToRender(): readonly string[] {
    return this.configs.config?.verification.email === 'required' ? ['mpd-email-verification'] : [];
  }

  private get api(): DeskBackend {
    if (this.backend) return this.backend;
    this.httpBackend ??= new HttpDeskBackend(this.agency?.backend.baseUrl ?? '/');
    return this.httpBackend;
  }

  private get sending(): boolean {
    return this.submitTask.status === TaskStatus.PENDING;
  }

  private get locale(): string {
    return this.tr.locale;
  }

  private officeHoursText(): string {
    const hours = this.agency?.filingHours;
    return hours?.kind === 'office-hours' ? this.tr.t('form.hours.range', { opens: hours.opens, closes: hours.closes }) : '';
  }

  private label(field: string): string {
    const agency = this.agency;
    switch (field) {
      case 'subject':
        return agency?.fields.subjectLabel ?? this.tr.t('form.subject.label');
      case 'mainFile':
        return agency?.attachments.main.label ?? this.tr.t('form.main.label');
      case 'annexes':
        return this.tr.t('form.annexes.label');
      case 'documentNumber':
        return firstMessage(this.tr, [`form.documentNumber.label.${this.draft.documentType}`, 'form.documentNumber.label']);
      case 'personKind':
        return this.tr.t('form.personKind.legend');
      default:
        if (field.startsWith('consent:')) return this.consent(field)?.label ?? field;
        return this.tr.t(`form.${field}.label`);
    }
  }

  private consent(field: string): ConsentConfig | undefined {
    return this.agency?.consents.find((consent) => `consent:${consent.id}` === field);
  }

  private documentTypeName(type: IdentityDocumentType): string {
    return this.tr.t(`form.docType.${type}`);
  }

  /** The message for a validation code: the most specific catalog key that exists. */
  private message(error: FieldError): string {
    const agency = this.agency;
    const prefixes = agency?.identity.rucPrefixes ?? [];
    const params = {
      label: this.label(error.field),
      document: this.documentTypeName(this.draft.documentType),
      prefixes: prefixes.length > 1 ? `${prefixes.slice(0, -1).join(', ')} o ${prefixes.at(-1)}` : (prefixes[0] ?? ''),
      ...error.params,
    };
    // An annex message names its position: without one, the general message of the code.
    const unplaced = error.field === 'annexes' && REUPLOAD_CODES.has(error.code) && error.params?.position === undefined;
    const keys = unplaced ? [] : [`${error.code}.${error.field}`];
    if (error.field === 'documentNumber') keys.push(`${error.code}.${this.draft.documentType}`);
    const consent = this.consent(error.field);
    if (consent) keys.push(`${error.code}.${consent.kind}`);
    keys.push(error.code, 'field.invalid');
    return firstMessage(this.tr, keys, params);
  }

  private errorText(field: string): string | undefined {
    const error = this.errors.get(field);
    return error ? this.message(error) : undefined;
  }

  /** Fields the current render shows (error summary links only go to those). */
  private isRendered(field: string): boolean {
    const agency = this.agency;
    if (!agency) return false;
    const visible = visibleFields(agency);
    switch (field) {
      case 'personKind':
        return agency.personTypes.length > 1;
      case 'ruc':
      case 'organizationName':
        return this.draft.personKind === 'juridica';
      case 'documentType':
        return documentTypesFor(agency, this.draft.personKind).length > 1;
      case 'procedure':
      case 'office':
      case 'documentKind':
      case 'folios':
      case 'phone':
        return visible[field];
      case 'mainDocumentNumber':
        return visible.documentNumber;
      case 'annexes':
        return agency.attachments.annexes.max > 0;
      default:
        return field.startsWith('consent:') ? Boolean(this.consent(field)) : true;
    }
  }

  /** The submission the server would receive from the current draft and dropzones. */
  private submission(): FilingSubmission {
    const agency = this.agency!;
    const visible = visibleFields(agency);
    const draft = this.draft;
    const optional = (value: string) => value.trim() || undefined;
    const folios = draft.folios.trim();
    const mainUploads = this.mainZone?.uploads ?? [];
    const annexUploads = this.annexZone?.uploads ?? [];
    return {
      personKind: draft.personKind,
      applicant: {
        documentType: draft.documentType,
        documentNumber: draft.documentNumber.trim(),
        givenNames: draft.givenNames.trim(),
        surnames: draft.surnames.trim(),
        email: draft.email.trim(),
        ...(visible.phone && optional(draft.phone) ? { phone: draft.phone.trim() } : {}),
      },
      ...(draft.personKind === 'juridica'
        ? { organization: { ruc: draft.ruc.replace(/\s+/g, ''), name: draft.organizationName.trim() } }
        : {}),
      ...(visible.procedure && optional(draft.procedureId) ? { procedureId: draft.procedureId } : {}),
      ...(visible.office && optional(draft.officeId) ? { officeId: draft.officeId } : {}),
      ...(visible.documentKind && optional(draft.documentKindId) ? { documentKindId: draft.documentKindId } : {}),
      ...(visible.documentNumber && optional(draft.mainDocumentNumber)
        ? { documentNumber: this.isSN() ? 'SN' : draft.mainDocumentNumber.trim() }
        : {}),
      ...(visible.folios && /^\d+$/.test(folios) ? { folios: Number(folios) } : {}),
      subject: draft.subject.trim(),
      consents: [...draft.consents],
      attachments: {
        main: mainUploads[0] ? { uploadId: mainUploads[0].uploadId } : null,
        annexes: annexUploads.map((upload) => ({ uploadId: upload.uploadId })),
      },
      ...(this.verifiesEmail() && this.verificationToken ? { verificationToken: this.verificationToken } : {}),
    };
  }

  /** The upload grant of this draft (one filing's bytes), for both dropzones; a new draft, a new grant. */
  private readonly uploadGrant = new DraftUploadGrant('filing', () => this.captchaAt('upload'));

  /** The `<mpd-captcha>` of `place` on the form (it renders nothing where the agency asks none). */
  private captchaAt(place: 'verification' | 'filing' | 'upload'): Captcha | null {
    const element = this.renderRoot.querySelector<Captcha>(`#${place}-captcha`);
    // Not registered on this page (the form used on its own): no captcha to answer.
    return typeof element?.answer === 'function' ? element : null;
  }

  /** What the email step calls for its captcha answer before asking for a code. */
  private readonly verificationCaptcha = async (): Promise<string> => {
    const element = this.captchaAt('verification');
    const answer = (await element?.answer()) ?? '';
    element?.reset();
    return answer;
  };

  private renderCaptcha(place: 'verification' | 'filing' | 'upload'): TemplateResult {
    // The upload grant's answer: ALTCHA solves it unseen; a third-party checkbox has to be seen.
    const unseen = place === 'upload' && this.agency!.captcha.provider === 'altcha';
    return html`<mpd-captcha
      id=${`${place}-captcha`}
      part=${`${place}-captcha`}
      place=${place}
      ?hidden=${unseen}
      .captcha=${this.agency!.captcha}
      .backend=${this.api}
      .translator=${this.tr}
    ></mpd-captcha>`;
  }

  /** Whether the agency asks for the email code before sending (and the backend can send one). */
  private verifiesEmail(): boolean {
    return this.agency?.verification.email === 'required' && typeof this.api.requestVerificationCode === 'function';
  }

  private isSN(): boolean {
    return this.draft.mainDocumentNumber.trim().toUpperCase() === 'SN';
  }

  /** Every problem with the draft: the shared domain rules plus the state of the uploads. */
  private validate(): FieldError[] {
    const agency = this.agency!;
    let errors = validateFiling(agency, this.submission());
    // The code proves the address: asked once the address itself is fine.
    if (this.verifiesEmail() && !this.verificationToken && !errors.some((error) => error.field === 'email')) {
      errors.push({ field: 'email', code: 'verification.required' });
    }
    const folios = this.draft.folios.trim();
    if (visibleFields(agency).folios && folios && !/^\d+$/.test(folios)) {
      errors = errors.filter((error) => error.field !== 'folios');
      errors.push({ field: 'folios', code: 'folios.range' });
    }
    const zones: Array<[FilingField, AttachmentZone | undefined]> = [
      ['mainFile', this.mainZone],
      ['annexes', this.annexZone],
    ];
    for (const [field, zone] of zones) {
      if (!zone) continue;
      // A file the citizen added but that will not be sent must not vanish silently: sending
      // waits until it is uploaded, retried or removed.
      const files = zone.files ?? [];
      // Files the server no longer had (or could not use) keep its words until they are removed.
      const reupload = files.filter((file) => file.status === 'rejected' && this.reuploadErrors.has(file.key));
      const problem: FieldError | null = zone.busy
        ? { field, code: 'attachments.busy' }
        : files.some((file) => file.status === 'failed')
          ? { field, code: 'attachments.failed' }
          : reupload.length === 1
            ? this.reuploadErrors.get(reupload[0]!.key)!
            : reupload.length > 1
              ? { field, code: 'attachments.reupload', params: { count: reupload.length } }
              : files.some((file) => file.status === 'rejected')
                ? { field, code: 'attachments.rejected' }
                : files.length > (zone.uploads?.length ?? 0)
                  ? { field, code: 'attachments.unresolved' }
                  : null;
      if (problem) {
        errors = errors.filter((error) => error.field !== field);
        errors.push(problem);
      }
    }
    return this.sortErrors(errors);
  }

  private sortErrors(errors: FieldError[]): FieldError[] {
    const consentOrder = (this.agency?.consents ?? []).map((consent) => `consent:${consent.id}`);
    const rank = (field: string) => {
      const index = FIELD_ORDER.indexOf(field);
      if (index >= 0) return index;
      const consent = consentOrder.indexOf(field);
      return FIELD_ORDER.length + (consent >= 0 ? consent : consentOrder.length);
    };
    return [...errors].sort((a, b) => rank(a.field) - rank(b.field));
  }

  private hasValue(field: string): boolean {
    const key = TEXT_FIELD[field as FilingField];
    if (key) return this.draft[key].trim() !== '';
    if (field.startsWith('consent:')) return this.draft.consents.includes(field.slice('consent:'.length));
    return false;
  }

  /** Shows (or clears) one field's error, e.g. when the citizen leaves it. */
  private revealField(field: string): void {
    if (!this.agency) return;
    let error = this.validate().find((candidate) => candidate.field === field);
    // Leaving the email field comes before asking for its code: not an error until sending.
    if (error?.code === 'verification.required' && !this.submitted) error = undefined;
    const errors = new Map(this.errors);
    // An empty field the citizen merely tabbed through is not an error until they submit.
    if (error && (this.submitted || this.hasValue(field))) errors.set(field, error);
    else errors.delete(field);
    this.errors = errors;
  }

  /** While typing, an error may disappear (the field became valid) but never appear. */
  private forgiveField(field: string): void {
    if (!this.errors.has(field) || !this.agency) return;
    if (!this.validate().some((candidate) => candidate.field === field)) {
      const errors = new Map(this.errors);
      errors.delete(field);
      this.errors = errors;
    }
  }

  private setDraft(patch: Partial<Draft>): void {
    this.draft = { ...this.draft, ...patch };
  }

  private resetDraft(): void {
    this.draft = FilingForm.emptyDraft(this.agency);
    this.errors = new Map();
    this.summaryShown = false;
    this.sendError = '';
    this.receipt = null;
    this.replayed = false;
    this.confirmState = null;
    this.copyStatus = '';
    this.receiptStatus = '';
    this.attachedPages = 0;
    this.foliosAuto = true;
    this.submitted = false;
    this.forgetAttempt();
    this.reuploadErrors = new Map();
    this.resetLookups();
    this.verificationToken = '';
    this.draftId++;
  }

  private resetLookups(): void {
    this.personLookup.reset();
    this.organizationLookup.reset();
    this.personFill = undefined;
    this.organizationFill = undefined;
    this.personMessage = '';
    this.organizationMessage = '';
  }

  // ── Handlers ───────────────────────────────────────────────────────────────────────────

  private onText(field: FilingField, value: string): void {
    const key = TEXT_FIELD[field]!;
    this.setDraft({ [key]: value } as Partial<Draft>);
    if (field === 'folios') this.foliosAuto = value.trim() === '';
    if (field === 'documentNumber' && this.personLookup.state.status !== 'idle' && this.validDni() !== this.personLookup.state.number) {
      this.personLookup.reset();
      this.personMessage = '';
    }
    if (field === 'ruc' && this.organizationLookup.state.status !== 'idle' && this.validRuc() !== this.organizationLookup.state.number) {
      this.organizationLookup.reset();
      this.organizationMessage = '';
    }
    this.forgiveField(field);
    // The number is complete: check it now instead of waiting for the citizen to leave.
    const compact = value.replace(/\s+/g, '');
    if (field === 'ruc' && /^\d{11}$/.test(compact)) this.revealField('ruc');
    if (field === 'documentNumber') {
      if (this.draft.documentType === 'DNI' && splitDniCheckCharacter(value)) this.revealField(field);
      if (this.draft.documentType === 'RUC' && /^\d{11}$/.test(compact)) this.revealField(field);
    }
  }

  private onSubjectInput(value: string): void {
    this.onText('subject', value);
    const max = this.agency?.fields.subjectMaxLength ?? 0;
    this.live.announce(this.remainingText(max - value.length), COUNTER_ANNOUNCE_DELAY_MS);
  }

  private remainingText(remaining: number): string {
    if (remaining <= 0) return this.tr.t('form.subject.remaining.none');
    return plural(this.tr, 'form.subject.remaining', remaining, { remaining });
  }

  private onPersonKind(value: string): void {
    const kind = value as PersonKind;
    const types = documentTypesFor(this.agency!, kind);
    this.setDraft({
      personKind: kind,
      documentType: types.includes(this.draft.documentType) ? this.draft.documentType : (types[0] ?? 'DNI'),
    });
    const errors = new Map(this.errors);
    errors.delete('personKind');
    if (kind !== 'juridica') {
      errors.delete('ruc');
      errors.delete('organizationName');
      this.organizationLookup.reset();
      this.organizationMessage = '';
    }
    this.errors = errors;
  }

  private onDocumentType(value: string): void {
    this.setDraft({ documentType: value as IdentityDocumentType });
    this.personLookup.reset();
    this.personMessage = '';
    this.revealField('documentType');
    // The same digits may be right for one document and wrong for another.
    if (this.draft.documentNumber.trim() || this.errors.has('documentNumber')) this.revealField('documentNumber');
  }

  private onChoice(field: 'procedure' | 'office' | 'documentKind', value: string): void {
    const key = ({ procedure: 'procedureId', office: 'officeId', documentKind: 'documentKindId' } as const)[field];
    this.setDraft({ [key]: value } as Partial<Draft>);
    this.revealField(field);
  }

  private onSN(checked: boolean): void {
    this.setDraft({ mainDocumentNumber: checked ? 'SN' : '' });
    if (checked) this.revealField('mainDocumentNumber');
    else this.forgiveField('mainDocumentNumber');
  }

  private onConsent(id: string, checked: boolean): void {
    const consents = this.draft.consents.filter((consent) => consent !== id);
    this.setDraft({ consents: checked ? [...consents, id] : consents });
    this.revealField(`consent:${id}`);
  }

  // ── Look-ups: names by DNI (RENIEC), razón social by RUC (SUNAT) ───────────────────────
  // They only help: a failure, a slow answer or no answer at all leaves manual entry as it was.

  /** The DNI typed, as its 8 digits, when it is valid. */
  private validDni(): string | undefined {
    const result = validateDni(this.draft.documentNumber);
    return result.ok ? result.value : undefined;
  }

  private validRuc(): string | undefined {
    const result = validateOrganizationRuc(this.draft.ruc, this.agency?.identity.rucPrefixes);
    return result.ok ? result.value : undefined;
  }

  /** On leaving the DNI field or pressing Enter in it (seed 003), once the DNI is valid. */
  private lookUpPerson(): void {
    const dni = this.validDni();
    if (dni && this.draft.documentType === 'DNI') void this.personLookup.lookup(dni);
  }

  private lookUpOrganization(): void {
    const ruc = this.validRuc();
    if (ruc) void this.organizationLookup.lookup(ruc);
  }

  /** "Validar RUC" (INPE): says what is wrong with the number even before it was left, or asks SUNAT. */
  private readonly handleValidateRuc = (): void => {
    const error = this.validate().find((candidate) => candidate.field === 'ruc');
    const errors = new Map(this.errors);
    if (error) errors.set('ruc', error);
    else errors.delete('ruc');
    this.errors = errors;
    if (!error) this.lookUpOrganization();
  };

  /**
   * Writes a look-up's values into fields that are empty, or into all of them when an earlier
   * look-up for another number filled them (the number changed: those names are someone
   * else's). Names the citizen typed before the look-up, or corrected after it, stay.
   */
  private fillFrom(values: Partial<Record<TextKey, string>>, previousNumber: string | undefined, number: string): boolean {
    const numberChanged = previousNumber !== undefined && previousNumber !== number;
    const patch: Partial<Record<TextKey, string>> = {};
    for (const [key, value] of Object.entries(values) as Array<[TextKey, string]>) {
      if (numberChanged || this.draft[key].trim() === '') patch[key] = value;
    }
    if (Object.keys(patch).length === 0) return false;
    this.setDraft(patch);
    for (const key of Object.keys(patch)) this.forgiveField(key);
    return true;
  }

  /** After a failed look-up for another number, empties what the earlier one wrote, if unchanged. */
  private clearStaleFill(fill: Partial<Record<TextKey, string>> | undefined): void {
    if (!fill) return;
    const patch: Partial<Record<TextKey, string>> = {};
    for (const [key, value] of Object.entries(fill) as Array<[TextKey, string]>) {
      if (this.draft[key] === value) patch[key] = '';
    }
    this.setDraft(patch);
  }

  private personSettled(state: Exclude<LookupState<PersonLookup>, { status: 'idle' | 'loading' }>): void {
    const previous = this.personFill;
    if (state.status === 'found') {
      const { givenNames, surnames } = state.result;
      const filled = this.fillFrom({ givenNames, surnames }, previous?.dni, state.number);
      if (filled) this.personFill = { dni: state.number, givenNames, surnames };
      this.personMessage = filled
        ? this.tr.t('form.lookup.person.found')
        : this.tr.t('form.lookup.person.kept', { name: `${givenNames} ${surnames}`.trim() });
    } else {
      if (previous && previous.dni !== state.number) {
        this.clearStaleFill({ givenNames: previous.givenNames, surnames: previous.surnames });
        this.personFill = undefined;
      }
      this.personMessage = this.tr.t(`form.lookup.person.${state.status}`);
    }
    this.live.announce(this.personMessage);
  }

  private organizationSettled(state: Exclude<LookupState<OrganizationLookup>, { status: 'idle' | 'loading' }>): void {
    const previous = this.organizationFill;
    if (state.status === 'found') {
      const { name, state: rucState, condition, active } = state.result;
      const filled = this.fillFrom({ organizationName: name }, previous?.ruc, state.number);
      if (filled) this.organizationFill = { ruc: state.number, organizationName: name };
      const params = { name, state: rucState, condition };
      this.organizationMessage = this.tr.t(filled ? 'form.lookup.organization.found' : 'form.lookup.organization.kept', params);
      this.live.announce(active ? this.organizationMessage : `${this.tr.t('form.lookup.organization.inactive', params)} ${this.organizationMessage}`);
      return;
    }
    if (previous && previous.ruc !== state.number) {
      this.clearStaleFill({ organizationName: previous.organizationName });
      this.organizationFill = undefined;
    }
    this.organizationMessage = this.tr.t(`form.lookup.organization.${state.status}`);
    this.live.announce(this.organizationMessage);
  }

  private readonly handleFilesChange = (): void => {
    const pages = (this.mainZone?.pageCount ?? 0) + (this.annexZone?.pageCount ?? 0);
    this.attachedPages = pages;
    if (this.foliosAuto && this.agency && visibleFields(this.agency).folios) {
      this.setDraft({ folios: pages > 0 ? String(pages) : '' });
      this.forgiveField('folios');
    }
    // Attachment problems follow the files as they change (nothing is being typed here).
    for (const field of ['mainFile', 'annexes']) {
      if (this.errors.has(field)) this.revealField(field);
    }
  };

  private readonly handleEmailVerified = (event: CustomEvent<EmailVerifiedDetail>): void => {
    this.verificationToken = event.detail.token;
    this.forgiveField('email');
  };

  private readonly handleEmailVerificationCleared = (_event: CustomEvent<EmailVerificationClearedDetail>): void => {
    this.verificationToken = '';
  };

  private readonly handleSummaryLink = (target: string): void => {
    this.focusField(target);
  };

  private readonly handleSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (this.inFlight || !this.agency) return;
    this.inFlight = true;
    let announce: (() => void) | undefined;
    try {
      this.submitted = true;
      this.sendError = '';
      const errors = this.validate();
      if (errors.length) {
        this.showErrors(errors);
        await this.updateComplete;
        this.summaryElement?.focus();
        return;
      }
      this.errors = new Map();
      this.summaryShown = false;
      if (this.agency.filingHours.kind === 'office-hours') {
        const confirmed = await this.confirmSend(await this.currentTime());
        if (!confirmed) return;
      }
      announce = await this.send(this.submission());
    } finally {
      this.inFlight = false;
    }
    // Listeners see the settled form (and may submit again from their handler).
    announce?.();
  };

  /** Confirmar / Volver / Escape: answers the pending confirmation at once and closes the dialog. */
  private answerConfirm(confirmed: boolean): void {
    const resolve = this.resolveConfirm;
    this.resolveConfirm = undefined;
    this.confirmState = null;
    if (this.dialog?.open) this.dialog.close();
    resolve?.(confirmed);
  }

  private readonly handleDialogCancel = (event: Event): void => {
    event.preventDefault();
    this.answerConfirm(false);
  };

  private readonly handleDialogClose = (): void => {
    // `close` arrives as a task after close(): by then a quick second "Enviar" may have opened
    // the dialog again, and that new question must not be answered by the old event.
    if (this.dialog?.open) return;
    // Closed some other way (e.g. by the page): treat it as "Volver".
    if (this.resolveConfirm) this.answerConfirm(false);
  };

  private readonly handleCopy = async (): Promise<void> => {
    if (!this.receipt) return;
    try {
      await navigator.clipboard.writeText(this.receipt.requestNumber);
      this.copyStatus = 'copied';
      this.live.announce(this.tr.t('form.done.copied'));
    } catch {
      this.copyStatus = 'failed';
      this.live.announce(this.tr.t('form.done.copyFailed'));
    }
  };

  private readonly handleAnother = async (): Promise<void> => {
    this.resetDraft();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#form-title')?.focus();
  };

  // ── Sending ────────────────────────────────────────────────────────────────────────────

  private showErrors(errors: readonly FieldError[]): void {
    this.errors = new Map(this.sortErrors([...errors]).map((error) => [error.field, error]));
    this.summaryShown = errors.length > 0;
  }

  /** The server's clock (the one that decides the filing date), or the fallback clock. */
  private async currentTime(): Promise<Date> {
    try {
      const time = await this.api.serverTime(AbortSignal.timeout(SERVER_TIME_TIMEOUT_MS));
      if (time instanceof Date && !Number.isNaN(time.getTime())) return time;
    } catch {
      // Fall through to the device's clock: the warning is advice, the server decides.
    }
    return this.now?.() ?? new Date();
  }

  private async confirmSend(now: Date): Promise<boolean> {
    const agency = this.agency!;
    const calendar = businessCalendar(agency);
    const deemed = deemedFiled(now, agency.filingHours, calendar);
    this.confirmState = {
      outside: !isWithinOfficeHours(now, agency.filingHours, calendar),
      deemedDate: deemed.deemedDate,
      receivedDate: deemed.receivedDate,
      reason: deemed.reason,
    };
    await this.updateComplete;
    const dialog = this.dialog!;
    const answer = new Promise<boolean>((resolve) => (this.resolveConfirm = resolve));
    dialog.showModal();
    dialog.querySelector<HTMLElement>('#confirm-ok')?.focus();
    return answer;
  }

  /**
   * Sends the filing and shows the outcome; returns the event to fire once the form is settled.
   *
   * Every retry of an attempt that got no answer goes with the same key, so the server files it
   * once. When the citizen changed the request after such an attempt, that attempt may already
   * be filed (the answer was lost) or may still be on its way: the earlier body is sent again
   * with its own key first. If the server files it (or had filed it), the citizen sees THAT
   * receipt and is told the later changes were not sent; only a refusal of the earlier body
   * (a 4xx: nothing was filed) lets the changed request go, as a new one with a new key.
   */
  private async send(filing: FilingSubmission): Promise<(() => void) | undefined> {
    const earlier = this.unanswered;
    if (earlier && earlier.json !== canonicalJson(filing)) {
      const outcome = await this.attempt(earlier.filing, earlier.key);
      if (outcome.kind === 'filed') return this.showReceipt(outcome.receipt, true);
      if (outcome.kind === 'none') return undefined;
      // Still no answer (or a taken key, or "too many requests"): nothing else goes out now.
      if (!isRefusal(outcome.error)) return this.failed(outcome.error, earlier.filing);
      this.forgetAttempt();
    }
    const outcome = await this.attempt(filing, this.idempotencyKey);
    if (outcome.kind === 'filed') return this.showReceipt(outcome.receipt, false);
    return outcome.kind === 'failed' ? this.failed(outcome.error, filing) : undefined;
  }

  private async attempt(
    filing: FilingSubmission,
    key: string,
  ): Promise<{ kind: 'filed'; receipt: Receipt } | { kind: 'failed'; error: unknown } | { kind: 'none' }> {
    await this.submitTask.run([filing, key]);
    if (this.submitTask.status === TaskStatus.COMPLETE && this.submitTask.value) {
      return { kind: 'filed', receipt: this.submitTask.value };
    }
    if (this.submitTask.status !== TaskStatus.ERROR) return { kind: 'none' };
    return { kind: 'failed', error: this.submitTask.error };
  }

  private async showReceipt(receipt: Receipt, replayed: boolean): Promise<() => void> {
    this.unanswered = undefined;
    this.receipt = receipt;
    this.replayed = replayed;
    this.copyStatus = '';
    await this.updateComplete;
    this.doneTitle?.focus();
    return () => this.emit<FilingSubmittedDetail>('mpd-submitted', { receipt, replayed });
  }

  private async failed(error: unknown, filing: FilingSubmission): Promise<() => void> {
    if (error instanceof BackendError && error.code === 'idempotency.conflict' && error.receipt) {
      // This key had already filed a request, with the data first sent: that request stands,
      // and the citizen sees its number instead of filing a second one.
      return this.showReceipt(error.receipt, true);
    }
    const detail = await this.handleSendFailure(error, filing);
    return () => this.emit<FilingErrorDetail>('mpd-error', detail);
  }

  /** The next request is a new one: a new key, and no earlier attempt to settle first. */
  private forgetAttempt(): void {
    this.idempotencyKey = newKey();
    this.unanswered = undefined;
  }

  private async handleSendFailure(error: unknown, filing: FilingSubmission): Promise<FilingErrorDetail> {
    const status = error instanceof BackendError ? error.status : 0;
    // The HTTP client reports our own time limit as "no answer": the limit's signal tells.
    const timedOut = this.submitTimeout?.aborted === true || (error as Error | undefined)?.name === 'TimeoutError';
    const code = status === 0 && timedOut ? 'network.timeout' : error instanceof BackendError ? error.code : 'network.unreachable';
    if (code.startsWith('captcha.') && this.captchaAt('filing')?.showProblem(code)) {
      // Said next to the captcha, which has focus; nothing was filed, the same key goes again.
      return { code, status };
    }
    if (error instanceof BackendError && (status === 422 || code === 'filing.invalid')) {
      // The server refused the content and created nothing: the corrected draft is a new
      // request, and a fresh key keeps a server that remembers refusals from replaying this one.
      this.forgetAttempt();
      if (error.fieldErrors.length) {
        // The filing endpoint names only the filing's own fields.
        const fieldErrors = error.fieldErrors as FieldError[];
        if (fieldErrors.some((fieldError) => fieldError.code === 'verification.invalid')) {
          // The server no longer takes the token (expired, or used): a new code is needed.
          this.verificationToken = '';
          this.renderRoot.querySelector<EmailVerification>('mpd-email-verification')?.expire();
        }
        this.showErrors(this.markReuploads(fieldErrors, filing));
        await this.updateComplete;
        this.summaryElement?.focus();
        return { code, status };
      }
      this.sendError = this.tr.t('form.send.invalid');
    } else if (status === 0 || status >= 500) {
      // No answer or a server failure: the request may or may not exist, so the same key goes
      // with the retry and the server answers it with the first receipt if there was one.
      this.unanswered ??= { filing, key: this.idempotencyKey, json: canonicalJson(filing) };
      // A full disk (507) stored nothing: said as such, the same key goes again later all the same.
      this.sendError = this.tr.t(code === 'network.timeout' ? 'form.send.timeout' : code === 'storage.full' ? 'form.send.storageFull' : 'form.send.unreachable');
    } else if (code === 'idempotency.conflict') {
      // A backend that does not send the earlier receipt with the conflict: the citizen is told
      // so, and sending again (their decision) files this one as a new request.
      this.forgetAttempt();
      this.sendError = this.tr.t('form.send.conflict');
    } else if (status === 429) {
      this.sendError = this.tr.t('form.send.rateLimited');
    } else {
      this.sendError = this.tr.t('form.send.failed', { code });
    }
    await this.updateComplete;
    this.sendErrorElement?.focus();
    return { code, status };
  }

  /**
   * The server's 422 about attached files (gone, in the wrong place, already used): marks each
   * of those files in its dropzone, so the citizen sees which one to attach again, and returns
   * the field errors to show, annex positions counted as the dropzone shows them.
   */
  private markReuploads(fieldErrors: readonly FieldError[], filing: FilingSubmission): FieldError[] {
    const placed = fieldErrors.map((error) => {
      if (!REUPLOAD_CODES.has(error.code) || (error.field !== 'mainFile' && error.field !== 'annexes')) return error;
      const main = error.field === 'mainFile';
      const zone = main ? this.mainZone : this.annexZone;
      // The server counts annexes in the order they were sent (1…); the dropzone by position.
      const sent = main ? filing.attachments.main : filing.attachments.annexes[Number(error.params?.position) - 1];
      const upload = sent ? zone?.uploads?.find((candidate) => candidate.uploadId === sent.uploadId) : undefined;
      if (!zone || !upload) return main ? error : { field: error.field, code: error.code };
      const placed: FieldError = main
        ? { field: error.field, code: error.code }
        : { field: error.field, code: error.code, params: { ...error.params, position: upload.position } };
      const row = zone.files?.find((file) => file.uploadId === upload.uploadId && file.status === 'complete');
      if (row && zone.markNeedsReupload?.(upload.position, this.message(placed), error.code)) {
        this.reuploadErrors.set(row.key, placed);
      }
      return placed;
    });
    // One line per field: several annexes become "N anexos", each named on its own row.
    const annexes = placed.filter((error) => error.field === 'annexes' && REUPLOAD_CODES.has(error.code));
    if (annexes.length < 2) return placed;
    return [
      ...placed.filter((error) => !annexes.includes(error)),
      { field: 'annexes', code: 'attachments.reupload', params: { count: annexes.length } },
    ];
  }

  // ── Public methods ─────────────────────────────────────────────────────────────────────

  /** Focuses a field by its name (`email`, `mainFile`, `consent:terminos`) or element id. */
  focusField(fieldOrId: string): void {
    const id = fieldOrId.startsWith('f-') ? fieldOrId : fieldId(fieldOrId);
    const element = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    if (!element) return;
    element.closest('[data-field]')?.scrollIntoView?.({ block: 'start' });
    element.focus({ preventScroll: true });
  }

  /** Starts a new, empty request (new idempotency key, empty dropzones). */
  reset(): void {
    this.resetDraft();
  }

  // ── Render ─────────────────────────────────────────────────────────────────────────────

  private chrome(field: string, extra: Partial<FieldChrome> = {}): FieldChrome {
    return {
      id: fieldId(field),
      label: this.label(field),
      error: this.errorText(field),
      errorPrefix: this.tr.t('form.errorPrefix'),
      optionalText: this.tr.t('form.optional'),
      ...extra,
    };
  }

  private renderTextField(
    field: FilingField,
    options: Partial<Parameters<typeof textField>[0]> = {},
  ): TemplateResult {
    const key = TEXT_FIELD[field]!;
    return textField({
      ...this.chrome(field),
      name: field,
      value: this.draft[key],
      onInput: (value) => this.onText(field, value),
      onBlur: () => this.revealField(field),
      ...options,
    });
  }

  private renderSummary(): TemplateResult | typeof nothing {
    if (!this.summaryShown || this.errors.size === 0) return nothing;
    const items = this.sortErrors([...this.errors.values()]).map((error) => ({
      target: this.isRendered(error.field) ? fieldId(error.field) : undefined,
      text: this.message(error),
    }));
    return errorSummary({
      id: 'error-summary',
      title: this.tr.t('form.errorSummary.title'),
      items,
      onActivate: this.handleSummaryLink,
    });
  }

  private renderHours(): TemplateResult {
    const hours = this.agency!.filingHours;
    return html`<div class="notice" part="hours">
      ${hours.kind === 'office-hours'
        ? html`<p><strong>${this.tr.t('form.hours.office', { hours: this.officeHoursText() })}</strong></p>
            <p>${this.tr.t('form.hours.officeNote')}</p>`
        : html`<p>${this.tr.t('form.hours.always')}</p>`}
    </div>`;
  }

  private renderPersonKind(): TemplateResult | typeof nothing {
    const agency = this.agency!;
    if (agency.personTypes.length < 2) return nothing;
    return radioGroup({
      ...this.chrome('personKind'),
      name: 'personKind',
      value: this.draft.personKind,
      inline: true,
      options: agency.personTypes.map((person) => ({
        value: person.kind,
        label: person.label ?? this.tr.t(`form.personKind.${person.kind}`),
      })),
      onChange: (value) => this.onPersonKind(value),
    });
  }

  private renderOrganization(): TemplateResult | typeof nothing {
    if (this.draft.personKind !== 'juridica') return nothing;
    const rucOk = validateOrganizationRuc(this.draft.ruc, this.agency!.identity.rucPrefixes).ok;
    const lookup = this.organizationLookup;
    const status = this.lookupStatus(lookup.state, this.organizationMessage, 'organization');
    const found = lookup.state.status === 'found' ? lookup.state.result : undefined;
    const inactive = found && !found.active;
    const field = this.renderTextField('ruc', {
      hint: this.tr.t('form.ruc.hint'),
      inputmode: 'numeric',
      autocomplete: 'off',
      spellcheck: false,
      width: 'medium',
      describedBy: [...(rucOk ? ['f-ruc-ok'] : []), ...(status ? ['f-ruc-lookup'] : []), ...(inactive ? ['f-ruc-warning'] : [])],
      onBlur: () => {
        this.revealField('ruc');
        this.lookUpOrganization();
      },
      after: html`${lookup.enabled
        ? html`<button type="button" class="button button--secondary lookup-button" id="f-ruc-validate" part="lookup-button" @click=${this.handleValidateRuc}>
            ${this.tr.t('form.lookup.organization.button')}
          </button>`
        : nothing}
      ${rucOk ? html`<span class="status-ok" id="f-ruc-ok">${this.tr.t('form.ruc.ok')}</span>` : nothing}
      ${inactive
        ? html`<p class="lookup-warning" id="f-ruc-warning" part="lookup-warning">
            <span class="lookup-warning__icon" aria-hidden="true">⚠</span>
            ${this.tr.t('form.lookup.organization.inactive', { state: found.state, condition: found.condition })}
          </p>`
        : nothing}
      ${status ? html`<p class="lookup-status" id="f-ruc-lookup" part="lookup-status">${status}</p>` : nothing}`,
    });
    return html`<fieldset class="section">
      <legend>${this.tr.t('form.section.organization')}</legend>
      ${this.onEnter(field, lookup, this.handleValidateRuc)}
      ${this.renderTextField('organizationName', { autocomplete: 'organization' })}
    </fieldset>`;
  }

  /**
   * Enter in a field with a look-up asks for it (seed 003: "presione la tecla <Enter>") instead of
   * sending the whole form, which the citizen has only begun.
   */
  private onEnter(field: TemplateResult, lookup: { readonly enabled: boolean }, action: () => void): TemplateResult {
    const keydown = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement) || !lookup.enabled) return;
      event.preventDefault();
      action();
    };
    return html`<div @keydown=${keydown}>${field}</div>`;
  }

  /** The line under a looked-up field: "Consultando…" while waiting, then what the answer said. */
  private lookupStatus<T>(state: LookupState<T>, message: string, kind: 'person' | 'organization'): string {
    if (state.status === 'idle') return '';
    return state.status === 'loading' ? this.tr.t(`form.lookup.${kind}.loading`) : message;
  }

  private renderDocumentNumber(): TemplateResult {
    const type = this.draft.documentType;
    const lookup = this.personLookup;
    const status = lookup.enabled ? this.lookupStatus(lookup.state, this.personMessage, 'person') : '';
    const lookUp = () => {
      this.revealField('documentNumber');
      this.lookUpPerson();
    };
    const field = this.renderTextField('documentNumber', {
      hint: firstMessage(this.tr, [`form.documentNumber.hint.${type}`, 'form.documentNumber.hint']),
      inputmode: type === 'DNI' || type === 'RUC' ? 'numeric' : 'text',
      autocomplete: 'off',
      spellcheck: false,
      width: 'medium',
      describedBy: status ? ['f-documentNumber-lookup'] : [],
      onBlur: lookUp,
      after: status ? html`<p class="lookup-status" id="f-documentNumber-lookup" part="lookup-status">${status}</p>` : nothing,
    });
    return this.onEnter(field, lookup, lookUp);
  }

  private renderApplicant(): TemplateResult {
    const agency = this.agency!;
    const types = documentTypesFor(agency, this.draft.personKind);
    const type = this.draft.documentType;
    const visible = visibleFields(agency);
    return html`<fieldset class="section">
      <legend>
        ${this.tr.t(this.draft.personKind === 'juridica' ? 'form.section.applicantJuridica' : 'form.section.applicant')}
      </legend>
      ${types.length > 1
        ? selectField({
            ...this.chrome('documentType'),
            name: 'documentType',
            value: type,
            options: types.map((value) => ({ value, label: this.documentTypeName(value) })),
            onChange: (value) => this.onDocumentType(value),
          })
        : nothing}
      ${this.renderDocumentNumber()}
      ${this.renderTextField('givenNames', { autocomplete: 'given-name', spellcheck: false })}
      ${this.renderTextField('surnames', { autocomplete: 'family-name', spellcheck: false })}
      ${this.renderTextField('email', {
        type: 'email',
        hint: this.tr.t('form.email.hint'),
        autocomplete: 'email',
        spellcheck: false,
      })}
      ${this.verifiesEmail()
        ? html`<mpd-email-verification
            part="email-verification"
            .email=${this.draft.email}
            .backend=${this.api}
            .translator=${this.tr}
            .captcha=${this.verificationCaptcha}
            @mpd-email-verified=${this.handleEmailVerified}
            @mpd-email-verification-cleared=${this.handleEmailVerificationCleared}
          ></mpd-email-verification>
          ${this.renderCaptcha('verification')}`
        : nothing}
      ${visible.phone
        ? this.renderTextField('phone', {
            type: 'tel',
            autocomplete: 'tel',
            width: 'medium',
            optional: agency.fields.phone === 'optional',
          })
        : nothing}
    </fieldset>`;
  }

  private renderRequest(): TemplateResult {
    const agency = this.agency!;
    const visible = visibleFields(agency);
    const choice = (field: 'procedure' | 'office' | 'documentKind', value: string, options: readonly { id: string; name: string }[]) =>
      selectField({
        ...this.chrome(field, { optional: agency.fields[field] === 'optional' }),
        name: field,
        value,
        placeholder: this.tr.t('form.select.placeholder'),
        options: options.map((option) => ({ value: option.id, label: option.name })),
        onChange: (next) => this.onChoice(field, next),
      });
    const max = agency.fields.subjectMaxLength;
    const count = this.draft.subject.length;
    const subjectChrome = this.chrome('subject', { hint: this.tr.t('form.subject.hint') });
    return html`<fieldset class="section">
      <legend>${this.tr.t('form.section.request')}</legend>
      ${visible.procedure ? choice('procedure', this.draft.procedureId, agency.procedures) : nothing}
      ${visible.office ? choice('office', this.draft.officeId, agency.offices) : nothing}
      ${visible.documentKind ? choice('documentKind', this.draft.documentKindId, agency.documentKinds) : nothing}
      ${visible.documentNumber ? this.renderMainDocumentNumber() : nothing}
      <div class=${subjectChrome.error ? 'field field--error' : 'field'} part="field" data-field="f-subject">
        <label for="f-subject" part="label">${subjectChrome.label}</label>
        <div class="hint" id="f-subject-hint" part="hint">${subjectChrome.hint}</div>
        ${subjectChrome.error
          ? html`<p class="error-message" id="f-subject-error" part="error-message">
              <span class="visually-hidden">${subjectChrome.errorPrefix}</span> ${subjectChrome.error}
            </p>`
          : nothing}
        <textarea
          id="f-subject"
          name="subject"
          part="textarea"
          rows="5"
          maxlength=${max}
          .value=${live(this.draft.subject)}
          aria-invalid=${subjectChrome.error ? 'true' : 'false'}
          aria-describedby=${subjectChrome.error ? 'f-subject-hint f-subject-error' : 'f-subject-hint'}
          @input=${(event: InputEvent) => this.onSubjectInput((event.target as HTMLTextAreaElement).value)}
          @blur=${() => this.revealField('subject')}
        ></textarea>
        <span class=${count >= max ? 'counter counter--over' : 'counter'} id="f-subject-count" part="counter" aria-hidden="true"
          >${this.tr.t('form.subject.count', { count, max })}</span
        >
      </div>
    </fieldset>`;
  }

  private renderMainDocumentNumber(): TemplateResult {
    const agency = this.agency!;
    const allowSN = agency.fields.allowSN;
    const sn = allowSN && this.isSN();
    return this.renderTextField('mainDocumentNumber', {
      hint: this.tr.t('form.mainDocumentNumber.hint'),
      optional: agency.fields.documentNumber === 'optional',
      spellcheck: false,
      after: allowSN
        ? html`<div class="choice sn">
            <input
              type="checkbox"
              id="f-mainDocumentNumber-sn"
              .checked=${live(sn)}
              @change=${(event: Event) => this.onSN((event.target as HTMLInputElement).checked)}
            />
            <label for="f-mainDocumentNumber-sn">${this.tr.t('form.mainDocumentNumber.sn')}</label>
          </div>`
        : nothing,
    });
  }

  private renderDocuments(): TemplateResult {
    const agency = this.agency!;
    const { annexes } = agency.attachments;
    const visible = visibleFields(agency);
    const endpoint = this.api.uploadEndpoint;
    const annexHint = annexes.label && annexes.label !== 'Anexo' ? annexes.label : undefined;
    const grants = this.uploadGrant.for(this.api, this.draftId);
    return html`<fieldset class="section">
      <legend>${this.tr.t('form.section.documents')}</legend>
      ${grants ? this.renderCaptcha('upload') : nothing}
      ${keyed(
        this.draftId,
        html`<div class="field" data-field="f-mainFile">
            <mpd-dropzone
              id="f-mainFile"
              part="main-dropzone"
              .endpoint=${endpoint}
              .grants=${grants}
              .agencyId=${agency.id}
              .slot=${'main'}
              .rules=${[slotRule(agency, { kind: 'main' })]}
              .label=${this.label('mainFile')}
              .required=${true}
              .error=${this.errorText('mainFile') ?? ''}
              .translator=${this.tr}
              .disabled=${this.sending}
              @mpd-files-change=${this.handleFilesChange}
            ></mpd-dropzone>
          </div>
          ${annexes.max > 0
            ? html`<div class="field" data-field="f-annexes">
                <mpd-dropzone
                  id="f-annexes"
                  part="annexes-dropzone"
                  .endpoint=${endpoint}
                  .grants=${grants}
                  .agencyId=${agency.id}
                  .slot=${'annex'}
                  .rules=${Array.from({ length: annexes.max }, (_, index) =>
                    slotRule(agency, { kind: 'annex', index: index + 1 }),
                  )}
                  .label=${this.label('annexes')}
                  .hint=${annexHint}
                  .required=${false}
                  .error=${this.errorText('annexes') ?? ''}
                  .translator=${this.tr}
                  .disabled=${this.sending}
                  @mpd-files-change=${this.handleFilesChange}
                ></mpd-dropzone>
              </div>`
            : nothing}`,
      )}
      ${visible.folios
        ? this.renderTextField('folios', {
            hint:
              this.attachedPages > 0 && this.foliosAuto
                ? html`${this.tr.t('form.folios.hint')} ${this.tr.t('form.folios.auto', { pages: this.attachedPages })}`
                : this.tr.t('form.folios.hint'),
            inputmode: 'numeric',
            autocomplete: 'off',
            width: 'short',
            optional: agency.fields.folios === 'optional',
          })
        : nothing}
    </fieldset>`;
  }

  private renderConsents(): TemplateResult | typeof nothing {
    const consents = this.agency!.consents;
    if (consents.length === 0) return nothing;
    return html`<fieldset class="section">
      <legend>${this.tr.t('form.section.consents')}</legend>
      ${consents.map((consent) =>
        checkbox({
          id: fieldId(`consent:${consent.id}`),
          name: `consent:${consent.id}`,
          label: html`${consent.label}${consent.required ? nothing : html` <span class="optional">${this.tr.t('form.optional')}</span>`}`,
          checked: this.draft.consents.includes(consent.id),
          error: this.errorText(`consent:${consent.id}`),
          errorPrefix: this.tr.t('form.errorPrefix'),
          onChange: (checked) => this.onConsent(consent.id, checked),
          after: html`${consent.details
            ? html`<details part="consent-details">
                <summary>${this.tr.t('form.consent.details')}</summary>
                <div>${consent.details}</div>
              </details>`
            : nothing}
          ${consent.link
            ? html`<p class="hint">
                <a href=${consent.link.href} target="_blank" rel="noopener noreferrer"
                  >${consent.link.text ?? this.tr.t('form.consent.link')} ${this.tr.t('form.consent.newTab')}</a
                >
              </p>`
            : nothing}`,
        }),
      )}
    </fieldset>`;
  }

  private renderDialog(): TemplateResult {
    const state = this.confirmState;
    return html`<dialog
      part="dialog"
      aria-labelledby="dialog-title"
      @cancel=${this.handleDialogCancel}
      @close=${this.handleDialogClose}
    >
      ${state
        ? html`<h2 id="dialog-title">${this.tr.t('form.confirm.title')}</h2>
            ${state.outside
              ? html`<p class="dialog-warning" id="dialog-warning">
                  ${this.tr.t('form.confirm.outside', {
                    hours: this.officeHoursText(),
                    date: formatLongDate(state.deemedDate, this.locale),
                  })}
                  ${state.reason === 'non-business-day' ? this.reasonText(state.reason, state.receivedDate) : nothing}
                </p>`
              : html`<p>${this.tr.t('form.confirm.inHours', { date: formatLongDate(state.deemedDate, this.locale) })}</p>`}
            <p><strong>${this.tr.t('form.confirm.question')}</strong></p>
            <div class="actions">
              <button class="button" id="confirm-ok" type="button" @click=${() => this.answerConfirm(true)}>
                ${this.tr.t('form.confirm.ok')}
              </button>
              <button class="button button--secondary" id="confirm-back" type="button" @click=${() => this.answerConfirm(false)}>
                ${this.tr.t('form.confirm.back')}
              </button>
            </div>`
        : nothing}
    </dialog>`;
  }

  private renderForm(): TemplateResult {
    const sending = this.sending;
    return html`<form part="form" novalidate @submit=${this.handleSubmit}>
        ${this.sendError
          ? html`<div class="send-error" id="send-error" part="send-error" role="alert" tabindex="-1">${this.sendError}</div>`
          : nothing}
        ${this.renderSummary()}
        <h2 id="form-title" part="title" tabindex="-1">${this.tr.t('form.title')}</h2>
        ${this.renderHours()}
        <p>${this.tr.t('form.intro')}</p>
        ${this.renderPersonKind()} ${this.renderOrganization()} ${this.renderApplicant()} ${this.renderRequest()}
        ${this.renderDocuments()} ${this.renderConsents()} ${this.renderCaptcha('filing')}
        <div class="actions">
          <button id="submit" class="button" part="submit" type="submit" ?disabled=${sending}>
            ${this.tr.t(sending ? 'form.submitting' : 'form.submit')}
          </button>
          ${sending ? html`<span class="sending" role="status">${this.tr.t('form.submitting')}</span>` : nothing}
        </div>
      </form>
      ${this.renderDialog()}`;
  }

  /** Why the filing counts from a later date than it arrived, in words. */
  private reasonText(reason: DeemedFiledReason, receivedDate: IsoDate): string {
    if (reason === 'after-hours') return this.tr.t('form.done.reason.afterHours', { hours: this.officeHoursText() });
    if (reason !== 'non-business-day') return '';
    const why = this.agency ? businessCalendar(this.agency).nonWorkingReason(receivedDate) : null;
    const date = formatDate(receivedDate, this.locale);
    switch (why?.kind) {
      case 'holiday':
        return this.tr.t('form.done.reason.holiday', { date, name: why.name });
      case 'decreed':
        return this.tr.t('form.done.reason.decreed', { date, name: why.name });
      case 'weekend':
        return this.tr.t('form.done.reason.weekend', { weekday: formatWeekday(receivedDate, this.locale) });
      default:
        return this.tr.t('form.done.reason.nonWorking');
    }
  }

  private renderReceivedFile(file: ReceiptFile): TemplateResult {
    const which = file.slot === 'main' ? this.tr.t('form.done.file.main') : this.tr.t('form.done.file.annex', { index: file.index });
    const pages = file.pages === null ? '' : plural(this.tr, 'form.done.pages', file.pages);
    return html`<li>
      <strong>${which}:</strong> ${file.name}
      <span class="file-meta">(${[pages, formatBytes(file.size, this.locale)].filter(Boolean).join(', ')})</span>
    </li>`;
  }

  private renderConfirmation(receipt: Receipt): TemplateResult {
    const differs = receipt.deemedFiledDate !== receipt.receivedDate;
    return html`<section part="confirmation" aria-labelledby="done-title">
      <div class="confirmation-panel">
        <h2 id="done-title" tabindex="-1" aria-describedby=${this.replayed ? 'replayed-notice' : nothing}>
          ${this.tr.t('form.done.title')}
        </h2>
        <p>
          ${this.tr.t('form.done.number')}
          <strong class="request-number" part="request-number" id="request-number">${receipt.requestNumber}</strong>
        </p>
      </div>
      ${this.replayed
        ? html`<div class="notice notice--warning" id="replayed-notice" part="replayed-notice">
            <p>${this.tr.t('form.done.replayed')}</p>
          </div>`
        : nothing}
      <div class="copy-row">
        <button class="button button--secondary" part="copy-button" id="copy" type="button" @click=${this.handleCopy}>
          ${this.tr.t('form.done.copy')}
        </button>
        ${this.copyStatus
          ? html`<span class=${this.copyStatus === 'failed' ? 'copy-status copy-status--failed' : 'copy-status'}
              >${this.tr.t(this.copyStatus === 'failed' ? 'form.done.copyFailed' : 'form.done.copied')}</span
            >`
          : nothing}
      </div>
      <p>${this.tr.t('form.done.greeting', { name: receipt.applicant.name })}</p>
      <p>${this.tr.t('form.done.keep')}</p>
      <dl class="facts">
        <dt>${this.tr.t('form.done.received')}</dt>
        <dd id="received-at">${formatLimaDateTime(receipt.receivedAt, this.locale)}</dd>
        <dt>${this.tr.t('form.done.deemed')}</dt>
        <dd id="deemed">
          ${formatLongDate(receipt.deemedFiledDate, this.locale)}
          ${differs ? html`<p id="deemed-reason">${this.reasonText(receipt.deemedFiledReason, receipt.receivedDate)}</p>` : nothing}
        </dd>
      </dl>
      <h3>${this.tr.t('form.done.files')}</h3>
      <ul class="received-files" id="received-files">
        ${[...receipt.files]
          .sort((a, b) => (a.slot === b.slot ? a.index - b.index : a.slot === 'main' ? -1 : 1))
          .map((file) => this.renderReceivedFile(file))}
      </ul>
      <p id="notify-email">${this.tr.t('form.done.email', { email: receipt.applicant.email })}</p>
      ${this.renderReceiptActions(receipt)}
      <button class="button" part="another-button" id="another" type="button" @click=${this.handleAnother}>
        ${this.tr.t('form.done.another')}
      </button>
    </section>`;
  }

  /** "Descargar constancia (PDF)" and "Seguir mi solicitud", where the backend and the host offer them. */
  private renderReceiptActions(receipt: Receipt): TemplateResult | typeof nothing {
    const canDownload = typeof this.api.downloadReceipt === 'function';
    if (!canDownload && !this.trackable) return nothing;
    const status = this.receiptStatus;
    return html`<div class="copy-row">
      ${canDownload
        ? html`<button
            class="button button--secondary"
            part="receipt-button"
            id="receipt"
            type="button"
            ?disabled=${status === 'loading'}
            @click=${() => void this.downloadReceipt(receipt)}
          >
            ${this.tr.t(status === 'loading' ? 'tracking.receipt.downloading' : 'tracking.receipt.download')}
          </button>`
        : nothing}
      ${this.trackable
        ? html`<button class="button button--secondary" part="track-button" id="track" type="button" @click=${() => this.trackRequest(receipt)}>
            ${this.tr.t('tracking.done.track')}
          </button>`
        : nothing}
      ${status === 'done'
        ? html`<span id="receipt-status" class="copy-status">${this.tr.t('tracking.receipt.done', { file: receiptFilename(receipt.requestNumber) })}</span>`
        : status && status !== 'loading'
          ? html`<span id="receipt-status" class="copy-status copy-status--failed">${this.tr.t(confirmationMessage(status))}</span>`
          : nothing}
    </div>`;
  }

  /**
   * Downloads the receipt PDF with the applicant's document and the token the filing answered
   * with, and saves it (see `mpd-receipt-download`).
   */
  private async downloadReceipt(receipt: Receipt): Promise<void> {
    const download = this.api.downloadReceipt?.bind(this.api);
    if (!download || this.receiptStatus === 'loading') return;
    this.receiptStatus = 'loading';
    try {
      const blob = await download({
        requestNumber: receipt.requestNumber,
        documentNumber: receipt.applicant.documentNumber,
        downloadToken: receipt.downloadToken ?? '',
      });
      const filename = deliverReceipt(this, blob, receipt.requestNumber);
      this.receiptStatus = 'done';
      this.live.announce(this.tr.t('tracking.receipt.done', { file: filename }));
    } catch (error) {
      const failure = receiptFailure(error);
      this.receiptStatus = failure;
      this.live.announce(this.tr.t(confirmationMessage(failure)));
    }
  }

  /** Returns false when a host handled it (called `preventDefault()`), as `<mpd-desk>` does. */
  private trackRequest(receipt: Receipt): boolean {
    return this.emit<TrackRequestDetail>(
      'mpd-track-request',
      { requestNumber: receipt.requestNumber, documentNumber: receipt.applicant.documentNumber },
      { cancelable: true },
    );
  }

  override render(): TemplateResult {
    if (this.configErrors.length) return configErrorPanel(this.configErrors, this.tr);
    if (!this.agency) return ConfigController.renderLoading(this.tr);
    return html`${this.receipt ? this.renderConfirmation(this.receipt) : this.renderForm()} ${this.live.render()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mpd-filing-form': FilingForm;
  }
}
