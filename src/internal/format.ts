/**
 * Dates as citizens read them. Instants are shown in America/Lima through Intl (never the
 * device's time zone); calendar dates (`YYYY-MM-DD`) are formatted as the date they name.
 */
import type { IsoDate } from '../domain/calendar.ts';

const LIMA = 'America/Lima';

function intlLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : locale;
}

/** `24/07/2026 18:00:00` in Lima time. */
export function formatLimaDateTime(instant: Date | string, locale = 'es-PE'): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat(intlLocale(locale), {
      timeZone: LIMA,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** A calendar date at noon UTC, so formatting it in UTC always gives the same day. */
function noonUtc(date: IsoDate): Date {
  return new Date(`${date}T12:00:00Z`);
}

/** `lunes 27 de julio de 2026` (es) / `Monday 27 July 2026` (en). */
export function formatLongDate(date: IsoDate, locale = 'es-PE'): string {
  const text = new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(noonUtc(date));
  // Spanish Intl writes "lunes, 27 de julio de 2026"; Peruvian usage drops the comma.
  return text.replace(/^([\p{L}]+),\s/u, '$1 ');
}

/** `27 de julio de 2026` without the weekday. */
export function formatDate(date: IsoDate, locale = 'es-PE'): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    noonUtc(date),
  );
}

/** `sábado` */
export function formatWeekday(date: IsoDate, locale = 'es-PE'): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: 'UTC', weekday: 'long' }).format(noonUtc(date));
}

/** `27/07/2026`: a calendar date (`YYYY-MM-DD`) as day/month/four-digit year. */
export function formatNumericDate(date: IsoDate, locale = 'es-PE'): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat(intlLocale(locale), { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' })
      .formatToParts(noonUtc(date))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year}`;
}

/** `23:59`: the hour and minute of an instant in Lima time. */
export function formatLimaTime(instant: Date | string, locale = 'es-PE'): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: LIMA, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
}
