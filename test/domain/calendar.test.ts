import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BusinessCalendar,
  addDays,
  deemedFiled,
  easterSunday,
  endOfLimaDay,
  isIsoDate,
  isWithinOfficeHours,
  limaDateTime,
  limaInstant,
  nationalHolidays,
  weekdayOf,
  type FilingHoursPolicy,
} from '../../src/domain/calendar.ts';

const SIS: FilingHoursPolicy = { kind: 'office-hours', opens: '08:00', closes: '17:00' };
const ALWAYS_OPEN: FilingHoursPolicy = { kind: 'always-open' };
const lima = (date: string, time: string) => limaInstant(date, time);

describe('Lima time', () => {
  it('is UTC−5: 2026-03-02T04:59:59Z is 2026-03-01 23:59:59 in Lima', () => {
    assert.deepEqual(limaDateTime(new Date('2026-03-02T04:59:59Z')), {
      date: '2026-03-01',
      time: '23:59:59',
      weekday: 7,
      minutes: 23 * 60 + 59,
    });
    assert.deepEqual(limaDateTime(new Date('2026-03-02T05:00:00Z')), {
      date: '2026-03-02',
      time: '00:00:00',
      weekday: 1,
      minutes: 0,
    });
  });

  it('agrees with the time-zone database for America/Lima', () => {
    const instant = new Date('2026-07-24T22:30:15Z');
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Lima',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(instant);
    const part = (type: string) => parts.find((p) => p.type === type)!.value;
    const { date, time } = limaDateTime(instant);
    assert.equal(date, `${part('year')}-${part('month')}-${part('day')}`);
    assert.equal(time, `${part('hour')}:${part('minute')}:${part('second')}`);
  });

  it('converts back from Lima date and time to an instant', () => {
    assert.equal(limaInstant('2026-03-01', '23:59:59').toISOString(), '2026-03-02T04:59:59.000Z');
    assert.equal(limaInstant('2026-03-01').toISOString(), '2026-03-01T05:00:00.000Z');
    assert.equal(limaInstant('2026-03-01', '08:30').toISOString(), '2026-03-01T13:30:00.000Z');
    assert.equal(limaInstant('2026-03-01', '08:30:00.5').toISOString(), '2026-03-01T13:30:00.500Z');
  });

  it('ends a Lima day at 23:59:59.999 Lima', () => {
    assert.equal(endOfLimaDay('2026-03-01').toISOString(), '2026-03-02T04:59:59.999Z');
    assert.equal(limaDateTime(endOfLimaDay('2026-12-31')).date, '2026-12-31');
    assert.equal(limaDateTime(new Date(endOfLimaDay('2026-12-31').getTime() + 1)).date, '2027-01-01');
  });

  it('refuses malformed dates and times', () => {
    assert.throws(() => limaInstant('2026-02-30'), RangeError);
    assert.throws(() => limaInstant('2026-2-3'), RangeError);
    assert.throws(() => limaInstant('2026-03-01', '24:00'), RangeError);
    assert.throws(() => limaInstant('2026-03-01', '8:00'), RangeError);
    assert.throws(() => limaDateTime(new Date('nonsense')), RangeError);
    assert.equal(isIsoDate('2024-02-29'), true);
    assert.equal(isIsoDate('2026-02-29'), false);
  });
});

describe('date arithmetic', () => {
  it('adds days across months, leap days and years', () => {
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2026-02-28', 1), '2026-03-01');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2026-01-01', -1), '2025-12-31');
    assert.equal(addDays('2026-07-24', 0), '2026-07-24');
  });

  it('numbers weekdays 1 = Monday … 7 = Sunday', () => {
    assert.equal(weekdayOf('2026-07-24'), 5); // Friday
    assert.equal(weekdayOf('2026-07-25'), 6);
    assert.equal(weekdayOf('2026-07-26'), 7);
    assert.equal(weekdayOf('2026-07-27'), 1);
    assert.equal(weekdayOf('1969-12-31'), 3); // before the epoch too
  });
});

describe('holidays', () => {
  it('computes Easter Sunday', () => {
    assert.equal(easterSunday(2024), '2024-03-31');
    assert.equal(easterSunday(2025), '2025-04-20');
    assert.equal(easterSunday(2026), '2026-04-05');
    assert.equal(easterSunday(2027), '2027-03-28');
  });

  it('includes Holy Thursday and Good Friday', () => {
    const y2026 = nationalHolidays(2026);
    assert.deepEqual(y2026.find((h) => h.date === '2026-04-02'), { date: '2026-04-02', name: 'Jueves Santo' });
    assert.deepEqual(y2026.find((h) => h.date === '2026-04-03'), { date: '2026-04-03', name: 'Viernes Santo' });
    const y2027 = nationalHolidays(2027).map((h) => h.date);
    assert.ok(y2027.includes('2027-03-25') && y2027.includes('2027-03-26'));
  });

  it('lists the 16 national holidays in date order', () => {
    const dates = nationalHolidays(2026).map((h) => h.date);
    assert.deepEqual(dates, [
      '2026-01-01', '2026-04-02', '2026-04-03', '2026-05-01', '2026-06-07', '2026-06-29',
      '2026-07-23', '2026-07-28', '2026-07-29', '2026-08-06', '2026-08-30', '2026-10-08',
      '2026-11-01', '2026-12-08', '2026-12-09', '2026-12-25',
    ]);
  });
});

describe('BusinessCalendar', () => {
  const calendar = new BusinessCalendar();

  it('knows weekends, holidays and business days', () => {
    assert.deepEqual(calendar.nonWorkingReason('2026-07-25'), { kind: 'weekend' });
    assert.deepEqual(calendar.nonWorkingReason('2026-07-28'), { kind: 'holiday', name: 'Fiestas Patrias' });
    assert.deepEqual(calendar.nonWorkingReason('2026-07-29'), { kind: 'holiday', name: 'Fiestas Patrias' });
    assert.equal(calendar.nonWorkingReason('2026-07-27'), null);
    assert.equal(calendar.isBusinessDay('2026-07-27'), true);
    assert.equal(calendar.isBusinessDay('2026-07-28'), false);
  });

  it('names a holiday that falls on a weekend', () => {
    // 2026-08-30 is a Sunday.
    assert.deepEqual(calendar.nonWorkingReason('2026-08-30'), { kind: 'holiday', name: 'Santa Rosa de Lima' });
  });

  it('takes decreed non-working days from its constructor', () => {
    const decreed = new BusinessCalendar([{ date: '2026-01-02', name: 'Día no laborable (D.S.)' }]);
    assert.deepEqual(decreed.nonWorkingReason('2026-01-02'), { kind: 'decreed', name: 'Día no laborable (D.S.)' });
    assert.equal(calendar.isBusinessDay('2026-01-02'), true);
    assert.equal(decreed.nextBusinessDay('2025-12-31'), '2026-01-05');
    assert.equal(calendar.nextBusinessDay('2025-12-31'), '2026-01-02');
    assert.throws(() => new BusinessCalendar([{ date: '2026-1-2', name: 'x' }]), RangeError);
  });

  it('finds the next business day strictly after, or from, a date', () => {
    assert.equal(calendar.nextBusinessDay('2026-07-24'), '2026-07-27');
    assert.equal(calendar.nextBusinessDay('2026-07-27'), '2026-07-30');
    assert.equal(calendar.firstBusinessDayFrom('2026-07-27'), '2026-07-27');
    assert.equal(calendar.firstBusinessDayFrom('2026-07-25'), '2026-07-27');
  });

  it('adds business days counting from the next day', () => {
    // 25 Dec holiday, 26–27 weekend → Mon 28 (1), Tue 29 (2).
    assert.equal(calendar.addBusinessDays('2026-12-24', 2), '2026-12-29');
    // A correction notified on Friday 24 Jul 2026: Mon 27 (1), 28–29 holidays, Thu 30 (2).
    assert.equal(calendar.addBusinessDays('2026-07-24', 2), '2026-07-30');
    // From a non-business day the count starts at the first business day after it.
    assert.equal(calendar.addBusinessDays('2026-07-25', 1), '2026-07-27');
    assert.equal(calendar.addBusinessDays('2026-07-24', 0), '2026-07-24');
    assert.throws(() => calendar.addBusinessDays('2026-07-24', -1), RangeError);
    assert.throws(() => calendar.addBusinessDays('2026-07-24', 1.5), RangeError);
  });
});

describe('deemedFiled', () => {
  const calendar = new BusinessCalendar();

  it('moves a Saturday filing to Monday', () => {
    for (const policy of [ALWAYS_OPEN, SIS]) {
      assert.deepEqual(deemedFiled(lima('2026-07-25', '10:00'), policy, calendar), {
        receivedDate: '2026-07-25',
        deemedDate: '2026-07-27',
        reason: 'non-business-day',
        nonWorking: { kind: 'weekend' },
      });
    }
  });

  it('moves a filing after the SIS cut-off to the next business day', () => {
    assert.deepEqual(deemedFiled(lima('2026-07-24', '17:30'), SIS, calendar), {
      receivedDate: '2026-07-24',
      deemedDate: '2026-07-27',
      reason: 'after-hours',
    });
    assert.equal(deemedFiled(lima('2026-07-24', '17:00:00'), SIS, calendar).reason, 'after-hours');
    assert.equal(deemedFiled(lima('2026-07-24', '16:59:59'), SIS, calendar).reason, 'same-day');
  });

  it('keeps a filing before opening time on the same business day', () => {
    assert.deepEqual(deemedFiled(lima('2026-07-24', '06:15'), SIS, calendar), {
      receivedDate: '2026-07-24',
      deemedDate: '2026-07-24',
      reason: 'same-day',
    });
  });

  it('keeps any hour of a business day for an always-open desk', () => {
    assert.deepEqual(deemedFiled(lima('2026-07-27', '23:59'), ALWAYS_OPEN, calendar), {
      receivedDate: '2026-07-27',
      deemedDate: '2026-07-27',
      reason: 'same-day',
    });
    // The same instant in UTC is already the 28th: the Lima date is what counts.
    assert.equal(lima('2026-07-27', '23:59').toISOString(), '2026-07-28T04:59:00.000Z');
  });

  it('moves a holiday filing past consecutive holidays', () => {
    assert.deepEqual(deemedFiled(lima('2026-07-28', '09:00'), ALWAYS_OPEN, calendar), {
      receivedDate: '2026-07-28',
      deemedDate: '2026-07-30',
      reason: 'non-business-day',
      nonWorking: { kind: 'holiday', name: 'Fiestas Patrias' },
    });
  });

  it('moves a decreed-day filing and says why', () => {
    const decreed = new BusinessCalendar([{ date: '2026-01-02', name: 'Día no laborable' }]);
    const filing = deemedFiled(lima('2026-01-02', '11:00'), ALWAYS_OPEN, decreed);
    assert.equal(filing.deemedDate, '2026-01-05');
    assert.deepEqual(filing.nonWorking, { kind: 'decreed', name: 'Día no laborable' });
  });

  it('refuses malformed office hours', () => {
    assert.throws(() => deemedFiled(lima('2026-07-24', '10:00'), { kind: 'office-hours', opens: '8:00', closes: '17:00' }, calendar), RangeError);
    assert.throws(() => deemedFiled(lima('2026-07-24', '10:00'), { kind: 'office-hours', opens: '17:00', closes: '08:00' }, calendar), RangeError);
  });
});

describe('isWithinOfficeHours', () => {
  const calendar = new BusinessCalendar();

  it('is open from opening time up to, not including, the cut-off on business days', () => {
    assert.equal(isWithinOfficeHours(lima('2026-07-24', '08:00'), SIS, calendar), true);
    assert.equal(isWithinOfficeHours(lima('2026-07-24', '16:59:59'), SIS, calendar), true);
    assert.equal(isWithinOfficeHours(lima('2026-07-24', '07:59:59'), SIS, calendar), false);
    assert.equal(isWithinOfficeHours(lima('2026-07-24', '17:00'), SIS, calendar), false);
    assert.equal(isWithinOfficeHours(lima('2026-07-25', '10:00'), SIS, calendar), false); // Saturday
    assert.equal(isWithinOfficeHours(lima('2026-07-28', '10:00'), SIS, calendar), false); // holiday
  });

  it('is always open for a 24x7 desk', () => {
    assert.equal(isWithinOfficeHours(lima('2026-07-25', '03:00'), ALWAYS_OPEN, calendar), true);
  });
});
