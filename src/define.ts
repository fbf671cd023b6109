/**
 * Registers every mpd- element under its tag. A tag that is already defined (the page loaded
 * the library twice, or defined its own element under that name) is left alone.
 *
 *   import 'mesa-de-partes/define';
 */
import { Captcha } from './elements/captcha/captcha.ts';
import { CorrectionPanel } from './elements/correction-panel/correction-panel.ts';
import { Desk } from './elements/desk/desk.ts';
import { Dropzone } from './elements/dropzone/dropzone.ts';
import { EmailVerification } from './elements/email-verification/email-verification.ts';
import { FilingForm } from './elements/filing-form/filing-form.ts';
import { MyRequests } from './elements/my-requests/my-requests.ts';
import { TrackingPanel } from './elements/tracking-panel/tracking-panel.ts';
import { defineElement } from './internal/define.ts';

for (const element of [Captcha, Dropzone, EmailVerification, FilingForm, TrackingPanel, CorrectionPanel, MyRequests, Desk]) defineElement(element);
