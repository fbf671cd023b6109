import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IDENTITY_DOCUMENT_NAMES, identityDocumentName } from '../../src/domain/identity.ts';
import {
  DEFAULT_DOCUMENT_PATTERNS,
  DEFAULT_RUC_PREFIXES,
  dniCheckCharacters,
  rucPersonType,
  validateDni,
  validateIdentityDocument,
  validateRuc,
} from '../../src/domain/identity.ts';

describe('dniCheckCharacters', () => {
  it('gives 2 / G for 10117410 (the example in docs/domain.md)', () => {
    assert.deepEqual(dniCheckCharacters('10117410'), { digit: '2', letter: 'G' });
  });

  it('reaches both ends of the check tables', () => {
    // Worked by hand: 00000000 → sum 0, c = 0 → first entries '6' / 'K'.
    assert.deepEqual(dniCheckCharacters('00000000'), { digit: '6', letter: 'K' });
    // 00000005 → 5·2 = 10, c = 10 → last entries '7' / 'A'.
    assert.deepEqual(dniCheckCharacters('00000005'), { digit: '7', letter: 'A' });
    // 12345678 → 3+4+21+24+25+24+21+16 = 138, 138 mod 11 = 6 → '1' / 'E'.
    assert.deepEqual(dniCheckCharacters('12345678'), { digit: '1', letter: 'E' });
  });

  it('refuses anything but 8 digits', () => {
    assert.throws(() => dniCheckCharacters('1011741'), RangeError);
    assert.throws(() => dniCheckCharacters('1011741A'), RangeError);
  });
});

describe('validateDni', () => {
  it('accepts 8 digits without a check character', () => {
    assert.deepEqual(validateDni('10117410'), { ok: true, value: '10117410' });
    assert.deepEqual(validateDni('  10117410 '), { ok: true, value: '10117410' });
  });

  it('accepts the right check digit or letter after a hyphen or space, and drops it', () => {
    for (const input of ['10117410-2', '10117410-G', '10117410-g', '10117410 2', '10117410 - G']) {
      assert.deepEqual(validateDni(input), { ok: true, value: '10117410' }, input);
    }
  });

  it('rejects a wrong check character', () => {
    for (const input of ['10117410-3', '10117410-H', '10117410 K', '12345678-2']) {
      assert.deepEqual(validateDni(input), { ok: false, code: 'dni.check' }, input);
    }
  });

  it('rejects wrong lengths, letters and run-together check digits as a format error', () => {
    for (const input of ['1011741', '101174100', '101174102', '1011741A', 'ABCDEFGH', '10117410-', '10117410-22', '10.117.410']) {
      assert.deepEqual(validateDni(input), { ok: false, code: 'dni.format' }, input);
    }
  });

  it('reports an empty value as required', () => {
    assert.deepEqual(validateDni(''), { ok: false, code: 'required' });
    assert.deepEqual(validateDni('   '), { ok: false, code: 'required' });
  });
});

describe('validateRuc', () => {
  it('accepts real RUCs', () => {
    // CENARES (seed 003), SUNAT and RENIEC; RENIEC's sum is 144, 144 mod 11 = 1, so its
    // check is (11 − 1) mod 10 = 0 — the branch where the mod 10 matters.
    for (const ruc of ['20538298485', '20131312955', '20295613620']) {
      assert.deepEqual(validateRuc(ruc), { ok: true, value: ruc }, ruc);
    }
  });

  it('accepts a persona natural RUC built from a DNI', () => {
    // 10 + DNI 10117410 → digits 1 0 1 0 1 1 7 4 1 0 · weights 5 4 3 2 7 6 5 4 3 2
    // = 5+0+3+0+7+6+35+16+3+0 = 75; 75 mod 11 = 9; (11 − 9) mod 10 = 2 → 10101174102.
    assert.deepEqual(validateRuc('10101174102'), { ok: true, value: '10101174102' });
    assert.deepEqual(validateRuc('10101174103'), { ok: false, code: 'ruc.check' });
  });

  it('covers the check value 1 (sum divisible by 11)', () => {
    // 2·5 + 4·3 = 22, 22 mod 11 = 0 → (11 − 0) mod 10 = 1.
    assert.deepEqual(validateRuc('20000000401'), { ok: true, value: '20000000401' });
    assert.deepEqual(validateRuc('20000000400'), { ok: false, code: 'ruc.check' });
  });

  it('rejects a wrong check digit', () => {
    assert.deepEqual(validateRuc('20538298484'), { ok: false, code: 'ruc.check' });
  });

  it('rejects prefixes outside the allowed list', () => {
    assert.deepEqual(validateRuc('30538298485'), { ok: false, code: 'ruc.prefix' });
    assert.deepEqual(validateRuc('20538298485', ['10']), { ok: false, code: 'ruc.prefix' });
    assert.deepEqual(validateRuc('10101174102', ['10']), { ok: true, value: '10101174102' });
    assert.deepEqual([...DEFAULT_RUC_PREFIXES], ['10', '15', '16', '17', '20']);
  });

  it('rejects anything but 11 digits', () => {
    for (const input of ['2053829848', '205382984850', '2053829848A', '20538-298485']) {
      assert.deepEqual(validateRuc(input), { ok: false, code: 'ruc.format' }, input);
    }
  });

  it('ignores surrounding and inner spaces, and reports empty as required', () => {
    assert.deepEqual(validateRuc(' 205 3829 8485 '), { ok: true, value: '20538298485' });
    assert.deepEqual(validateRuc(' '), { ok: false, code: 'required' });
  });
});

describe('rucPersonType', () => {
  it('treats prefix 10 as persona natural and the rest as jurídica', () => {
    assert.equal(rucPersonType('10101174102'), 'natural');
    assert.equal(rucPersonType('20538298485'), 'juridica');
  });
});

describe('validateIdentityDocument', () => {
  it('uses the DNI and RUC algorithms', () => {
    assert.deepEqual(validateIdentityDocument('DNI', '10117410-G'), { ok: true, value: '10117410' });
    assert.deepEqual(validateIdentityDocument('DNI', '10117410-3'), { ok: false, code: 'dni.check' });
    assert.deepEqual(validateIdentityDocument('RUC', '20538298484'), { ok: false, code: 'ruc.check' });
    assert.deepEqual(validateIdentityDocument('RUC', '20538298485', { rucPrefixes: ['10'] }), {
      ok: false,
      code: 'ruc.prefix',
    });
  });

  it('normalizes pattern documents: trimmed, uppercased, inner spaces removed', () => {
    assert.deepEqual(validateIdentityDocument('CE', ' 0012 3456 '), { ok: true, value: '00123456' });
    assert.deepEqual(validateIdentityDocument('PASAPORTE', 'ab 123456'), { ok: true, value: 'AB123456' });
  });

  it('applies the default patterns', () => {
    assert.equal(validateIdentityDocument('CE', '1234567').ok, false); // 7 < 8
    assert.equal(validateIdentityDocument('CE', '123456789012').ok, true);
    assert.equal(validateIdentityDocument('CE', '1234567890123').ok, false); // 13 > 12
    assert.equal(validateIdentityDocument('PTP', '123456789012345').ok, true);
    assert.equal(validateIdentityDocument('CPP', '1234567890123456').ok, false); // 16 > 15
    assert.equal(validateIdentityDocument('PASAPORTE', '1234567890123').ok, false); // 13 > 12
    assert.deepEqual(validateIdentityDocument('PTP', 'AB-123'), { ok: false, code: 'pattern' });
    assert.equal(DEFAULT_DOCUMENT_PATTERNS.CE, '^[A-Z0-9]{8,12}$');
  });

  it('lets the agency override a pattern', () => {
    const nineDigits = { pattern: '^\\d{9}$' };
    assert.deepEqual(validateIdentityDocument('CE', '001234567', nineDigits), { ok: true, value: '001234567' });
    assert.deepEqual(validateIdentityDocument('CE', 'A01234567', nineDigits), { ok: false, code: 'pattern' });
  });

  it('reports empty input as required for every type', () => {
    for (const type of ['DNI', 'RUC', 'CE', 'PTP', 'CPP', 'PASAPORTE'] as const) {
      assert.deepEqual(validateIdentityDocument(type, '  '), { ok: false, code: 'required' }, type);
    }
  });
});

describe('identity document names', () => {
  it('names every type once, for the mails and the receipt', () => {
    assert.deepEqual(IDENTITY_DOCUMENT_NAMES, {
      DNI: 'DNI',
      CE: 'Carné de extranjería',
      PTP: 'Permiso Temporal de Permanencia',
      CPP: 'Carné de Permiso Temporal de Permanencia',
      PASAPORTE: 'Pasaporte',
      RUC: 'RUC',
    });
    assert.equal(identityDocumentName('CE'), 'Carné de extranjería');
    assert.equal(identityDocumentName('OTRO'), 'OTRO');
  });
});
