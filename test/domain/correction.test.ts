import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BusinessCalendar, limaInstant } from '../../src/domain/calendar.ts';
import { CORRECTION_BUSINESS_DAYS, checkCorrection, correctionDeadline, documentLabel, isWithinDeadline, timeLeft } from '../../src/domain/correction.ts';

const national = new BusinessCalendar();
const lima = (date: string, time: string) => limaInstant(date, time);

describe('correction deadline (art. 136: 2 business days from the day after the notice)', () => {
  it('is 2 business days by law', () => {
    assert.equal(CORRECTION_BUSINESS_DAYS, 2);
  });

  it('a Friday observation runs to Tuesday, skipping the weekend', () => {
    const deadline = correctionDeadline(lima('2026-11-20', '16:00'), national);
    assert.equal(deadline.date, '2026-11-24');
    assert.equal(deadline.endsAt.toISOString(), '2026-11-25T04:59:59.999Z', 'the last moment of Tuesday in Lima');
  });

  it('counts by the Lima date of the notice: Friday 23:30 in Lima (Saturday in UTC) is still Friday', () => {
    assert.equal(correctionDeadline(lima('2026-11-20', '23:30'), national).date, '2026-11-24');
  });

  it('a notice on a Saturday counts from Monday', () => {
    assert.equal(correctionDeadline(lima('2026-11-21', '10:00'), national).date, '2026-11-24');
  });

  it('an observation the day before Holy Thursday skips Holy Thursday, Good Friday and the weekend', () => {
    // 2026: Holy Thursday 2 April, Good Friday 3 April.
    assert.equal(correctionDeadline(lima('2026-04-01', '09:00'), national).date, '2026-04-07');
  });

  it('an observation the day before 28–29 July skips Fiestas Patrias', () => {
    assert.equal(correctionDeadline(lima('2026-07-27', '12:00'), national).date, '2026-07-31');
  });

  it('an observation on 24 December skips Christmas and the weekend', () => {
    assert.equal(correctionDeadline(lima('2026-12-24', '15:00'), national).date, '2026-12-29');
  });

  it("skips the agency's decreed non-working days from its config", () => {
    // 1 January is a holiday; 2 January 2026 was a decreed public-sector non-working day.
    const observed = lima('2025-12-31', '11:00');
    assert.equal(correctionDeadline(observed, national).date, '2026-01-05');
    const decreed = new BusinessCalendar([{ date: '2026-01-02', name: 'Día no laborable (D.S. 2025)' }]);
    assert.equal(correctionDeadline(observed, decreed).date, '2026-01-06');
  });

  it('refuses a term that is not a whole number of days', () => {
    assert.throws(() => correctionDeadline(lima('2026-11-20', '10:00'), national, 0), RangeError);
    assert.throws(() => correctionDeadline(lima('2026-11-20', '10:00'), national, 1.5), RangeError);
  });

  it('accepts a correction until the last millisecond of the last day, not after', () => {
    const deadline = correctionDeadline(lima('2026-11-20', '16:00'), national);
    assert.equal(isWithinDeadline(lima('2026-11-24', '23:59:59.999'), deadline), true);
    assert.equal(isWithinDeadline(lima('2026-11-25', '00:00'), deadline), false);
  });
});

describe('time left', () => {
  const deadline = correctionDeadline(lima('2026-11-20', '16:00'), national); // ends Tue 24 Nov, 23:59:59.999

  it('counts days, hours and minutes until the end of the last day', () => {
    assert.deepEqual(timeLeft(lima('2026-11-23', '08:30'), deadline), { expired: false, days: 1, hours: 15, minutes: 29 });
    assert.deepEqual(timeLeft(lima('2026-11-24', '22:00'), deadline), { expired: false, days: 0, hours: 1, minutes: 59 });
  });

  it('rounds down: under a minute left is not yet expired', () => {
    assert.deepEqual(timeLeft(lima('2026-11-24', '23:59:30'), deadline), { expired: false, days: 0, hours: 0, minutes: 0 });
  });

  it('is expired from the first moment after the deadline', () => {
    assert.deepEqual(timeLeft(lima('2026-11-25', '00:00'), deadline), { expired: true });
  });
});

describe('checkCorrection (shared by the panel and the server)', () => {
  const observed = [
    { slot: 'main' as const, index: 0 },
    { slot: 'annex' as const, index: 2 },
  ];
  const optional = { documentNumber: 'optional' as const };

  it('accepts one replacement per observed document and trims printed numbers', () => {
    const result = checkCorrection(
      observed,
      [
        { slot: 'annex', index: 2, uploadId: 'u2', documentNumber: '   ' },
        { slot: 'main', index: 0, uploadId: 'u1', documentNumber: ' 005-2022-ABC ' },
      ],
      optional,
    );
    assert.deepEqual(result, {
      ok: true,
      documents: [
        { slot: 'annex', index: 2, uploadId: 'u2' },
        { slot: 'main', index: 0, uploadId: 'u1', documentNumber: '005-2022-ABC' },
      ],
    });
  });

  it('names the observed document left without a replacement', () => {
    const result = checkCorrection(observed, [{ slot: 'main', index: 0, uploadId: 'u1' }], optional);
    assert.deepEqual(result, {
      ok: false,
      errors: [{ field: 'replacement:annex-2', code: 'correction.replacementMissing', params: { slot: 'annex', index: 2 } }],
    });
  });

  it('refuses a document that was not observed, and the same document twice', () => {
    const result = checkCorrection(
      observed,
      [
        { slot: 'main', index: 0, uploadId: 'u1' },
        { slot: 'main', index: 0, uploadId: 'u1b' },
        { slot: 'annex', index: 2, uploadId: 'u2' },
        { slot: 'annex', index: 1, uploadId: 'u3' },
      ],
      optional,
    );
    assert.equal(result.ok, false);
    assert.deepEqual(
      !result.ok && result.errors.map((error) => [error.field, error.code]),
      [
        ['replacement:main-0', 'correction.duplicate'],
        ['replacement:annex-1', 'correction.notObserved'],
      ],
    );
  });

  it('checks the printed number only when the agency asks for it', () => {
    const documents = [
      { slot: 'main' as const, index: 0, uploadId: 'u1', documentNumber: '<script>' },
      { slot: 'annex' as const, index: 2, uploadId: 'u2' },
    ];
    const asked = checkCorrection(observed, documents, optional);
    assert.deepEqual(!asked.ok && asked.errors.map((error) => error.field), ['documentNumber:main-0']);
    const off = checkCorrection(observed, documents, { documentNumber: 'off' });
    assert.deepEqual(off.ok && off.documents[0], { slot: 'main', index: 0, uploadId: 'u1' });
  });

  it('labels documents as the desk names them', () => {
    assert.equal(documentLabel({ slot: 'main', index: 0 }), 'Documento principal');
    assert.equal(documentLabel({ slot: 'annex', index: 2 }), 'Anexo 2');
  });
});
