/**
 * The correction (subsanación) deadline of art. 136 TUO Ley 27444: when the desk observes a
 * request, the citizen has 2 business days to correct it, counted from the business day after
 * the observation was notified, until the last moment of the last day (art. 151). A correction
 * in time keeps the original filing date (art. 137); without one the request is deemed not
 * presented (NO PRESENTADO). Pure: the server enforces it on its clock, the panel shows it.
 */
import { endOfLimaDay, limaDateTime, type BusinessCalendar, type IsoDate } from './calendar.ts';
import { DOCUMENT_NUMBER } from './filing.ts';

/** The law's term for correcting an observation, in business days (art. 136). */
export const CORRECTION_BUSINESS_DAYS = 2;

export interface CorrectionDeadline {
  /** The last Lima day on which a correction is accepted. */
  date: IsoDate;
  /** The last moment of that day (23:59:59.999 in Lima): a correction at or before it is in time. */
  endsAt: Date;
}

/**
 * The deadline of an observation notified at `notifiedAt`. Day 1 is the first business day after
 * the notification's Lima date, whatever hour it came (a notification on a Saturday counts from
 * Monday); weekends, national holidays and the agency's decreed days are skipped.
 */
export function correctionDeadline(
  notifiedAt: Date,
  calendar: BusinessCalendar,
  businessDays: number = CORRECTION_BUSINESS_DAYS,
): CorrectionDeadline {
  if (!Number.isInteger(businessDays) || businessDays < 1) {
    throw new RangeError(`Expected a whole number of business days >= 1, got ${businessDays}`);
  }
  const date = calendar.addBusinessDays(limaDateTime(notifiedAt).date, businessDays);
  return { date, endsAt: endOfLimaDay(date) };
}

/** Whether a correction arriving at `at` is in time (the deadline's last millisecond included). */
export function isWithinDeadline(at: Date, deadline: CorrectionDeadline): boolean {
  return at.getTime() <= deadline.endsAt.getTime();
}

/** What is left of a deadline, in whole units, for "quedan 1 día y 4 horas". */
export type TimeLeft =
  | { expired: true }
  | {
      expired: false;
      days: number;
      hours: number;
      /** Shown only when less than a day is left. */
      minutes: number;
    };

const MINUTE_MS = 60_000;

/**
 * Calendar time from `now` until the deadline ends, rounded down to whole minutes (never
 * promising a minute that is not there). Under a minute left reads as 0 days, 0 hours, 0 minutes
 * but not expired, so the panel can still say "menos de un minuto".
 */
export function timeLeft(now: Date, deadline: CorrectionDeadline): TimeLeft {
  const remaining = deadline.endsAt.getTime() - now.getTime();
  if (remaining < 0) return { expired: true };
  const totalMinutes = Math.floor(remaining / MINUTE_MS);
  return {
    expired: false,
    days: Math.floor(totalMinutes / (24 * 60)),
    hours: Math.floor((totalMinutes % (24 * 60)) / 60),
    minutes: totalMinutes % 60,
  };
}

/** A document slot: the main document (index 0) or an annex (index 1…). */
export interface DocumentSlot {
  slot: 'main' | 'annex';
  index: number;
}

/** One replacement the citizen sends: the finished upload and, optionally, its printed number. */
export interface CorrectionDocument extends DocumentSlot {
  uploadId: string;
  /** The number printed on the replacement ("005-2022-ABC"); left out when it has none. */
  documentNumber?: string;
}

/**
 * The fields of the correction form, one pair per observed document: `replacement:main-0`,
 * `documentNumber:annex-2`.
 */
export type CorrectionField = `replacement:${string}` | `documentNumber:${string}`;

/** What `checkCorrection` finds; the server adds upload codes (`upload.notFound`, `file.size`…). */
export type CorrectionCheckCode = 'correction.replacementMissing' | 'correction.notObserved' | 'correction.duplicate' | 'documentNumber.format';

/** Codes are message-catalog keys, as with the filing's field errors. */
export interface CorrectionFieldError {
  field: CorrectionField;
  code: CorrectionCheckCode | (string & {});
  params: { slot: 'main' | 'annex'; index: number };
}

export const slotKey = (document: DocumentSlot): string => `${document.slot}-${document.index}`;

/** "Documento principal", "Anexo 2": how the desk, the mails and the panel name a document. */
export function documentLabel(document: DocumentSlot): string {
  return document.slot === 'main' ? 'Documento principal' : `Anexo ${document.index}`;
}

/**
 * Checks a correction against what was observed, the same way in the panel and on the server:
 * every observed document is replaced, once, and nothing else is; a printed number, when given,
 * looks like one. Returns the documents as they will be stored (numbers trimmed, blank ones and
 * all of them when the agency does not ask for them dropped) or the errors.
 */
export function checkCorrection(
  observed: readonly DocumentSlot[],
  documents: readonly CorrectionDocument[],
  options: { documentNumber: 'optional' | 'off' },
): { ok: true; documents: CorrectionDocument[] } | { ok: false; errors: CorrectionFieldError[] } {
  const errors: CorrectionFieldError[] = [];
  const wanted = new Set(observed.map(slotKey));
  const seen = new Set<string>();
  const normalized: CorrectionDocument[] = [];
  for (const document of documents) {
    const key = slotKey(document);
    const params = { slot: document.slot, index: document.index };
    if (!wanted.has(key)) {
      errors.push({ field: `replacement:${key}`, code: 'correction.notObserved', params });
      continue;
    }
    if (seen.has(key)) {
      errors.push({ field: `replacement:${key}`, code: 'correction.duplicate', params });
      continue;
    }
    seen.add(key);
    const number = options.documentNumber === 'off' ? '' : (document.documentNumber ?? '').trim();
    if (number && !DOCUMENT_NUMBER.test(number)) {
      errors.push({ field: `documentNumber:${key}`, code: 'documentNumber.format', params });
    }
    normalized.push({ slot: document.slot, index: document.index, uploadId: document.uploadId, ...(number && { documentNumber: number }) });
  }
  for (const document of observed) {
    const key = slotKey(document);
    if (!seen.has(key)) {
      errors.push({ field: `replacement:${key}`, code: 'correction.replacementMissing', params: { slot: document.slot, index: document.index } });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, documents: normalized };
}
