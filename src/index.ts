/**
 * The library's public API. Exports only: importing it defines no element (import
 * `mesa-de-partes/define` for that, or call `customElements.define` with each `tagName`).
 */
export { Desk, type DeskView } from './elements/desk/desk.ts';
export { Dropzone, type DropzoneFilesChangeDetail } from './elements/dropzone/dropzone.ts';
export { Captcha, captchaOptions, withCaptcha, type CaptchaChangeDetail } from './elements/captcha/captcha.ts';
export {
  FilingForm,
  type AttachmentZone,
  type FilingErrorDetail,
  type FilingSubmittedDetail,
  type TrackRequestDetail,
} from './elements/filing-form/filing-form.ts';
export {
  TrackingPanel,
  type ReceiptDownloadDetail,
  type TrackingErrorDetail,
  type TrackingFoundDetail,
} from './elements/tracking-panel/tracking-panel.ts';
export {
  CorrectionPanel,
  type CorrectionErrorDetail,
  type CorrectionFoundDetail,
  type CorrectionSubmittedDetail,
} from './elements/correction-panel/correction-panel.ts';
export {
  EmailVerification,
  type CaptchaSource,
  type EmailVerificationClearedDetail,
  type EmailVerifiedDetail,
} from './elements/email-verification/email-verification.ts';
export {
  MyRequests,
  type OidcRedirectDetail,
  type RequestCancelledDetail,
  type RequestUpdatedDetail,
  type SignedInDetail,
} from './elements/my-requests/my-requests.ts';
export { MPD_EVENTS, type MpdEventDetail, type MpdEventMap, type MpdEventName } from './events.ts';
export { MpdElement } from './internal/mpd-element.ts';
export { defineElement } from './internal/define.ts';

export * from './config/index.ts';
export * from './domain/index.ts';
export * from './api/types.ts';
export { HttpDeskBackend } from './api/client.ts';
export { Translator, interpolate, loadMessages, type Catalog, type Locale, type MessageArea, type MessageParams } from './i18n/index.ts';
export { hasMessage } from './i18n/all.ts';
export { GOB_PE_THEME, THEME_TOKENS, themeDeclarations, type ThemeKey } from './themes/tokens.ts';
export { setPdfWorkerSrc } from './uploads/inspect-file.ts';
