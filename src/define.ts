/**
 * Registers every mpd- element under its tag. A tag that is already defined (the page loaded
 * the library twice, or defined its own element under that name) is left alone.
 *
 *   import 'mesa-de-partes/define';
 */
import { CorrectionPanel } from './elements/correction-panel/correction-panel.ts';
import { Desk } from './elements/desk/desk.ts';
import { Dropzone } from './elements/dropzone/dropzone.ts';
import { FilingForm } from './elements/filing-form/filing-form.ts';
import { TrackingPanel } from './elements/tracking-panel/tracking-panel.ts';
import { defineElement } from './internal/define.ts';

for (const element of [Dropzone, FilingForm, TrackingPanel, CorrectionPanel, Desk]) defineElement(element);
