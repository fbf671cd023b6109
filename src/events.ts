/**
 * Every event an mpd- element fires, in one place: the event map that types
 * `addEventListener('mpd-submitted', (e) => e.detail.receipt…)` on any element or ancestor, and
 * `MPD_EVENTS`, the same names at run time (for a page that forwards them all to its analytics).
 *
 * Every event bubbles and is composed, so a listener on `<mpd-desk>`, on `document` or on any
 * ancestor hears the events of the elements inside the desk. `MpdElement.emit` accepts only the
 * names declared here, so an event cannot be added without its type, and test/repo/manifest.test.ts
 * checks this list against the elements' JSDoc (custom-elements.json) and the README's table.
 */
import type { CaptchaChangeDetail } from './elements/captcha/captcha.ts';
import type { CorrectionErrorDetail, CorrectionFoundDetail, CorrectionSubmittedDetail } from './elements/correction-panel/correction-panel.ts';
import type { DropzoneFilesChangeDetail } from './elements/dropzone/dropzone.ts';
import type { EmailVerificationClearedDetail, EmailVerifiedDetail } from './elements/email-verification/email-verification.ts';
import type { FilingErrorDetail, FilingSubmittedDetail, TrackRequestDetail } from './elements/filing-form/filing-form.ts';
import type {
  OidcRedirectDetail,
  RequestCancelledDetail,
  RequestUpdatedDetail,
  SignedInDetail,
} from './elements/my-requests/my-requests.ts';
import type { TrackingErrorDetail, TrackingFoundDetail } from './elements/tracking-panel/tracking-panel.ts';
import type { ReceiptDownloadDetail } from './internal/save-file.ts';

export interface MpdEventMap {
  'mpd-submitted': CustomEvent<FilingSubmittedDetail>;
  'mpd-error': CustomEvent<FilingErrorDetail>;
  'mpd-track-request': CustomEvent<TrackRequestDetail>;
  'mpd-receipt-download': CustomEvent<ReceiptDownloadDetail>;
  'mpd-tracking-found': CustomEvent<TrackingFoundDetail>;
  'mpd-tracking-error': CustomEvent<TrackingErrorDetail>;
  'mpd-correction-found': CustomEvent<CorrectionFoundDetail>;
  'mpd-correction-submitted': CustomEvent<CorrectionSubmittedDetail>;
  'mpd-correction-error': CustomEvent<CorrectionErrorDetail>;
  'mpd-signed-in': CustomEvent<SignedInDetail>;
  'mpd-signed-out': CustomEvent<undefined>;
  'mpd-request-updated': CustomEvent<RequestUpdatedDetail>;
  'mpd-request-cancelled': CustomEvent<RequestCancelledDetail>;
  'mpd-oidc-redirect': CustomEvent<OidcRedirectDetail>;
  'mpd-email-verified': CustomEvent<EmailVerifiedDetail>;
  'mpd-email-verification-cleared': CustomEvent<EmailVerificationClearedDetail>;
  'mpd-files-change': CustomEvent<DropzoneFilesChangeDetail>;
  'mpd-captcha-change': CustomEvent<CaptchaChangeDetail>;
}

export type MpdEventName = keyof MpdEventMap;

/** The `detail` of event `name`. */
export type MpdEventDetail<Name extends MpdEventName> = MpdEventMap[Name]['detail'];

/**
 * Every event name with whether it is cancelable (`preventDefault()` stops what the element
 * would do next). A `Record` over the map's keys: an event missing here does not compile.
 */
export const MPD_EVENTS: Readonly<Record<MpdEventName, { readonly cancelable: boolean }>> = {
  'mpd-submitted': { cancelable: false },
  'mpd-error': { cancelable: false },
  'mpd-track-request': { cancelable: true },
  'mpd-receipt-download': { cancelable: true },
  'mpd-tracking-found': { cancelable: false },
  'mpd-tracking-error': { cancelable: false },
  'mpd-correction-found': { cancelable: false },
  'mpd-correction-submitted': { cancelable: false },
  'mpd-correction-error': { cancelable: false },
  'mpd-signed-in': { cancelable: false },
  'mpd-signed-out': { cancelable: false },
  'mpd-request-updated': { cancelable: false },
  'mpd-request-cancelled': { cancelable: false },
  'mpd-oidc-redirect': { cancelable: true },
  'mpd-email-verified': { cancelable: false },
  'mpd-email-verification-cleared': { cancelable: false },
  'mpd-files-change': { cancelable: false },
  'mpd-captcha-change': { cancelable: false },
};

declare global {
  interface HTMLElementEventMap extends MpdEventMap {}
}
