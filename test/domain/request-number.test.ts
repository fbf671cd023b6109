import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalRequestNumber, receiptFilename } from '../../src/domain/request-number.ts';
import {
  formatRequestNumber,
  isValidRequestNumberPattern,
  parseRequestNumber,
  requestNumberRegExp,
} from '../../src/domain/request-number.ts';

describe('formatRequestNumber', () => {
  it('formats the CENARES and MPV styles', () => {
    assert.equal(formatRequestNumber('{seq}-{year}', { seq: 6, year: 2022 }), '6-2022');
    assert.equal(formatRequestNumber('MPV-{year}-{seq:6}', { seq: 123, year: 2026 }), 'MPV-2026-000123');
  });

  it('never truncates a sequence longer than its padding', () => {
    assert.equal(formatRequestNumber('{seq:3}', { seq: 12345, year: 2026 }), '12345');
  });

  it('refuses invalid patterns and parts', () => {
    assert.throws(() => formatRequestNumber('{year}', { seq: 1, year: 2026 }), RangeError);
    assert.throws(() => formatRequestNumber('{seq}', { seq: -1, year: 2026 }), RangeError);
    assert.throws(() => formatRequestNumber('{seq}', { seq: 1.5, year: 2026 }), RangeError);
    assert.throws(() => formatRequestNumber('{seq}-{year}', { seq: 1, year: 20260 }), RangeError);
  });
});

describe('requestNumberRegExp', () => {
  it('is anchored and escapes literal text', () => {
    const re = requestNumberRegExp('EXP.{year}({seq:4})');
    assert.equal(re.source, '^EXP\\.(\\d{4})\\((\\d{4,})\\)$');
    assert.ok(re.test('EXP.2026(0042)'));
    assert.ok(!re.test('EXPx2026(0042)'));
    assert.ok(!re.test('EXP.2026(42)'));
    assert.ok(!re.test('xEXP.2026(0042)'));
  });

  it('maps {seq} to one or more digits', () => {
    assert.equal(requestNumberRegExp('{seq}-{year}').source, '^(\\d+)-(\\d{4})$');
  });
});

describe('parseRequestNumber', () => {
  it('reads back what formatRequestNumber wrote', () => {
    assert.deepEqual(parseRequestNumber('{seq}-{year}', '6-2022'), { seq: 6, year: 2022 });
    assert.deepEqual(parseRequestNumber('MPV-{year}-{seq:6}', 'MPV-2026-000123'), { seq: 123, year: 2026 });
    assert.deepEqual(parseRequestNumber('{seq}{year}', '122026'), { seq: 12, year: 2026 });
  });

  it('trims and ignores case', () => {
    assert.deepEqual(parseRequestNumber('MPV-{year}-{seq:6}', '  mpv-2026-000123 '), { seq: 123, year: 2026 });
  });

  it('returns null when the input does not fit', () => {
    assert.equal(parseRequestNumber('{seq}-{year}', '6/2022'), null);
    assert.equal(parseRequestNumber('{seq}-{year}', '6-22'), null);
    assert.equal(parseRequestNumber('MPV-{year}-{seq:6}', 'MPV-2026-123'), null);
    assert.equal(parseRequestNumber('{seq}-{year}', ''), null);
  });

  it('gives a null year when the pattern has none', () => {
    assert.deepEqual(parseRequestNumber('SOL-{seq:5}', 'SOL-00077'), { seq: 77, year: null });
  });
});

describe('isValidRequestNumberPattern', () => {
  it('accepts one sequence and at most one year', () => {
    for (const pattern of ['{seq}-{year}', 'MPV-{year}-{seq:6}', '{seq}', 'Nº {seq:3}']) {
      assert.equal(isValidRequestNumberPattern(pattern), true, pattern);
    }
  });

  it('rejects missing or repeated sequences, repeated years and unknown placeholders', () => {
    for (const pattern of ['', '{year}', '{seq}-{seq}', '{seq}-{year}-{year}', '{seq}-{month}', '{seq:0}', '{seq:x}', '{Seq}', '{seq}-{', '}{seq}', '{seq:21}']) {
      assert.equal(isValidRequestNumberPattern(pattern), false, pattern);
    }
  });
});

describe('canonicalRequestNumber and receiptFilename', () => {
  it('spells a number as the desk formats it, or null when it does not fit', () => {
    assert.equal(canonicalRequestNumber('{seq}-{year}', ' 0012-2026 '), '12-2026');
    assert.equal(canonicalRequestNumber('INPE-{year}-{seq:6}', 'inpe-2026-0000123'), 'INPE-2026-000123');
    assert.equal(canonicalRequestNumber('INPE-{year}-{seq:6}', '12-2026'), null);
  });
  it('names the receipt cargo-<number>.pdf, safe on every system', () => {
    assert.equal(receiptFilename('6-2026'), 'cargo-6-2026.pdf');
    assert.equal(receiptFilename('N° 6/2026'), 'cargo-N__6_2026.pdf');
  });
});
