/**
 * Lima calendar dates, Peruvian national holidays and the business-day rules of the
 * TUO Ley 27444 (deadlines count business days; a filing on a non-business day, or after an
 * agency's cut-off hour, counts as filed on the next business day).
 */

/** A calendar date in America/Lima, as `YYYY-MM-DD`. */
export type IsoDate = string;

export type LimaDateTime = {
  date: IsoDate;
  /** HH:mm:ss */
  time: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** Whole minutes since Lima midnight. */
  minutes: number;
};

export type NonWorkingDay = { date: IsoDate; name: string };

export type NonWorkingReason =
  | { kind: 'weekend' }
  | { kind: 'holiday'; name: string }
  | { kind: 'decreed'; name: string };

export type FilingHoursPolicy =
  | { kind: 'always-open' }
  | { kind: 'office-hours'; opens: string /* 'HH:mm' */; closes: string /* 'HH:mm', exclusive cut-off */ };

export type DeemedFiledReason = 'same-day' | 'non-business-day' | 'after-hours';

export type DeemedFiling = {
  /** Lima date on which the filing actually arrived. */
  receivedDate: IsoDate;
  /** Date the filing legally counts as presented. */
  deemedDate: IsoDate;
  reason: DeemedFiledReason;
  /** Why `receivedDate` was not a business day (only when reason is 'non-business-day'). */
  nonWorking?: NonWorkingReason;
};

// America/Lima has been UTC−5 with no daylight saving since 1994, so a fixed offset gives the
// same answer as Intl's time-zone data, runs much faster in hot loops and does not depend on
// the ICU data a given browser or Node build ships with.
const LIMA_OFFSET_MS = -5 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const HOURS_MINUTES = /^(\d{2}):(\d{2})$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Days since 1970-01-01 of a calendar date (UTC arithmetic, so no time zone gets involved). */
function dayNumber(date: IsoDate): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const utc = new Date(0);
    // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
    utc.setUTCFullYear(year, month - 1, day);
    // Round-tripping rejects dates such as 2026-02-30 that Date would silently roll over.
    if (utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day) {
      return utc.getTime() / DAY_MS;
    }
  }
  throw new RangeError(`Expected a calendar date as YYYY-MM-DD, got "${date}"`);
}

function fromDayNumber(days: number): IsoDate {
  const utc = new Date(days * DAY_MS);
  return `${pad(utc.getUTCFullYear(), 4)}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}`;
}

function assertIsoDate(date: IsoDate): void {
  dayNumber(date);
}

export function isIsoDate(value: string): boolean {
  try {
    dayNumber(value);
    return true;
  } catch {
    return false;
  }
}

export function limaDateTime(instant: Date): LimaDateTime {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  const lima = new Date(ms + LIMA_OFFSET_MS);
  const hours = lima.getUTCHours();
  const minutes = lima.getUTCMinutes();
  return {
    date: `${pad(lima.getUTCFullYear(), 4)}-${pad(lima.getUTCMonth() + 1)}-${pad(lima.getUTCDate())}`,
    time: `${pad(hours)}:${pad(minutes)}:${pad(lima.getUTCSeconds())}`,
    weekday: lima.getUTCDay() === 0 ? 7 : lima.getUTCDay(),
    minutes: hours * 60 + minutes,
  };
}

/** The instant at which Lima clocks show `date` and `time` (`HH:mm`, `HH:mm:ss` or `HH:mm:ss.sss`). */
export function limaInstant(date: IsoDate, time = '00:00:00'): Date {
  const match = TIME.exec(time);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  const seconds = Number(match?.[3] ?? 0);
  if (!match || hours > 23 || minutes > 59 || seconds > 59) {
    throw new RangeError(`Expected a time as HH:mm[:ss[.sss]], got "${time}"`);
  }
  const millis = Number((match[4] ?? '0').padEnd(3, '0'));
  const sinceMidnight = ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
  return new Date(dayNumber(date) * DAY_MS + sinceMidnight - LIMA_OFFSET_MS);
}

/** Last moment of a Lima day: a deadline ending on `date` runs until then (art. 151). */
export function endOfLimaDay(date: IsoDate): Date {
  return new Date(limaInstant(addDays(date, 1)).getTime() - 1);
}

export function addDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`Expected a whole number of days, got ${n}`);
  return fromDayNumber(dayNumber(date) + n);
}

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export function weekdayOf(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** Easter Sunday by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm. */
export function easterSunday(year: number): IsoDate {
  if (!Number.isInteger(year) || year < 1583) throw new RangeError(`Expected a Gregorian year, got ${year}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

// Current law for every year: historical years (before some of these were created, e.g.
// 7 Jun, 23 Jul, 6 Aug, 9 Dec) are not modelled because filings and deadlines are current.
// Names are in Spanish because citizens see them.
const FIXED_HOLIDAYS: ReadonlyArray<readonly [monthDay: string, name: string]> = [
  ['01-01', 'Año Nuevo'],
  ['05-01', 'Día del Trabajo'],
  ['06-07', 'Batalla de Arica y Día de la Bandera'],
  ['06-29', 'San Pedro y San Pablo'],
  ['07-23', 'Día de la Fuerza Aérea del Perú'],
  ['07-28', 'Fiestas Patrias'],
  ['07-29', 'Fiestas Patrias'],
  ['08-06', 'Batalla de Junín'],
  ['08-30', 'Santa Rosa de Lima'],
  ['10-08', 'Combate de Angamos'],
  ['11-01', 'Día de Todos los Santos'],
  ['12-08', 'Inmaculada Concepción'],
  ['12-09', 'Batalla de Ayacucho'],
  ['12-25', 'Navidad'],
];

/** National holidays of `year`, sorted by date. */
export function nationalHolidays(year: number): Array<{ date: IsoDate; name: string }> {
  const easter = easterSunday(year);
  const holidays = [
    ...FIXED_HOLIDAYS.map(([monthDay, name]) => ({ date: `${pad(year, 4)}-${monthDay}`, name })),
    { date: addDays(easter, -3), name: 'Jueves Santo' },
    { date: addDays(easter, -2), name: 'Viernes Santo' },
  ];
  return holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

export class BusinessCalendar {
  private readonly decreed = new Map<IsoDate, string>();
  private readonly holidaysByYear = new Map<number, Map<IsoDate, string>>();

  /**
   * @param extraNonWorkingDays public-sector non-working days decreed each year by Supreme
   *   Decree: agency configuration data, never code.
   */
  constructor(extraNonWorkingDays: readonly NonWorkingDay[] = []) {
    for (const { date, name } of extraNonWorkingDays) {
      assertIsoDate(date); // fail fast on a malformed config date instead of never matching it
      if (!this.decreed.has(date)) this.decreed.set(date, name);
    }
  }

  /**
   * Why `date` is not a business day, or null if it is one. A holiday or decreed day that falls
   * on a weekend is reported by its name, which tells the citizen more than "weekend".
   */
  nonWorkingReason(date: IsoDate): NonWorkingReason | null {
    assertIsoDate(date);
    const holiday = this.holidaysOf(Number(date.slice(0, 4))).get(date);
    if (holiday !== undefined) return { kind: 'holiday', name: holiday };
    const decreed = this.decreed.get(date);
    if (decreed !== undefined) return { kind: 'decreed', name: decreed };
    if (weekdayOf(date) >= 6) return { kind: 'weekend' };
    return null;
  }

  isBusinessDay(date: IsoDate): boolean {
    return this.nonWorkingReason(date) === null;
  }

  /** The first business day strictly after `date`. */
  nextBusinessDay(date: IsoDate): IsoDate {
    return this.firstBusinessDayFrom(addDays(date, 1));
  }

  /** `date` itself if it is a business day, otherwise the next one. */
  firstBusinessDayFrom(date: IsoDate): IsoDate {
    let day = date;
    while (!this.isBusinessDay(day)) day = addDays(day, 1);
    return day;
  }

  /**
   * The date `n` business days after `date`, counting from the next day (day 1 is the first
   * business day after `date`). `n = 0` returns `date` unchanged.
   */
  addBusinessDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Expected a whole number of days >= 0, got ${n}`);
    assertIsoDate(date);
    let day = date;
    for (let counted = 0; counted < n; counted++) day = this.nextBusinessDay(day);
    return day;
  }

  private holidaysOf(year: number): Map<IsoDate, string> {
    let holidays = this.holidaysByYear.get(year);
    if (!holidays) {
      holidays = new Map(nationalHolidays(year).map(({ date, name }) => [date, name]));
      this.holidaysByYear.set(year, holidays);
    }
    return holidays;
  }
}

function minutesOfDay(hhmm: string): number {
  const match = HOURS_MINUTES.exec(hhmm);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  // 24:00 is allowed so that an office can close exactly at midnight.
  if (!match || minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) {
    throw new RangeError(`Expected a time as HH:mm, got "${hhmm}"`);
  }
  return hours * 60 + minutes;
}

function officeWindow(policy: { opens: string; closes: string }): { opens: number; closes: number } {
  const opens = minutesOfDay(policy.opens);
  const closes = minutesOfDay(policy.closes);
  if (opens >= closes) throw new RangeError(`Office hours must open before they close: ${policy.opens}–${policy.closes}`);
  return { opens, closes };
}

/** The date on which a filing received at `receivedAt` legally counts as presented. */
export function deemedFiled(receivedAt: Date, policy: FilingHoursPolicy, calendar: BusinessCalendar): DeemedFiling {
  const window = policy.kind === 'office-hours' ? officeWindow(policy) : null;
  const { date: receivedDate, minutes } = limaDateTime(receivedAt);
  const nonWorking = calendar.nonWorkingReason(receivedDate);
  if (nonWorking) {
    return { receivedDate, deemedDate: calendar.nextBusinessDay(receivedDate), reason: 'non-business-day', nonWorking };
  }
  if (window && minutes >= window.closes) {
    return { receivedDate, deemedDate: calendar.nextBusinessDay(receivedDate), reason: 'after-hours' };
  }
  // A filing before opening time on a business day counts that same day: the office
  // registers it when it opens, and no rule pushes it to the next day.
  return { receivedDate, deemedDate: receivedDate, reason: 'same-day' };
}

/** Whether the agency's desk is attended at `at` (always true for a 24x7 desk). */
export function isWithinOfficeHours(at: Date, policy: FilingHoursPolicy, calendar: BusinessCalendar): boolean {
  if (policy.kind === 'always-open') return true;
  const { opens, closes } = officeWindow(policy);
  const { date, minutes } = limaDateTime(at);
  return calendar.isBusinessDay(date) && minutes >= opens && minutes < closes;
}
