import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_RUC_PREFIXES, RUC_PREFIX, rucPersonType, validateOrganizationRuc } from '../../src/domain/identity.ts';
import { hasHarmfulCharacters, visibleText } from '../../src/domain/text.ts';

describe('characters a citizen\'s text may not carry', () => {
  test('bidirectional overrides, isolates, LRM/RLM, zero-width space, BOM and controls are refused', () => {
    const marks = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\u200B', '\u2060', '\uFEFF', '\u0000', '\u0007', '\u001B', '\u007F', '\u0085', '\uD800'];
    for (const mark of marks) assert.ok(hasHarmfulCharacters(`Rosa${mark}María`), JSON.stringify(mark));
  });

  test('names as people write them pass: accents, ñ, ą, the ʼ of Quechua and Aymara, joiners, emoji', () => {
    for (const name of ['Ñusta Chʼaska', 'Małgorzata Dąbrowska', "O'Neil", 'José-Ángel', 'K\u02BCuchu', 'Ana\u00ADMaría', '👩\u200D💻']) {
      assert.equal(hasHarmfulCharacters(name), false, name);
    }
  });

  test('line breaks: refused in a one-line field, fine in a multi-line one', () => {
    assert.equal(hasHarmfulCharacters('Primera\nSegunda'), true);
    assert.equal(hasHarmfulCharacters('Primera\r\nSegunda\tcon tab', { multiline: true }), false);
    assert.equal(hasHarmfulCharacters('Primera\u202E\nSegunda', { multiline: true }), true);
  });

  test('visibleText removes the marks and nothing else', () => {
    assert.equal(visibleText('factura\u202Efdp.exe.pdf'), 'facturafdp.exe.pdf');
    assert.equal(visibleText('a\u2067\u200F\u0007b\nc'), 'ab c');
    assert.equal(visibleText('Ñusta Chʼaska.pdf'), 'Ñusta Chʼaska.pdf');
  });
});

describe('the RUC of an organization', () => {
  test('SUNAT\'s prefixes are named: 10 a natural person, 20 a legal entity', () => {
    assert.equal(RUC_PREFIX.naturalPerson, '10');
    assert.equal(RUC_PREFIX.legalEntity, '20');
    assert.ok(DEFAULT_RUC_PREFIXES.includes(RUC_PREFIX.naturalPerson) && DEFAULT_RUC_PREFIXES.includes(RUC_PREFIX.legalEntity));
    assert.equal(rucPersonType('10101174102'), 'natural');
  });

  test('a natural person\'s RUC is refused for an organization; other checks come first', () => {
    assert.deepEqual(validateOrganizationRuc('10101174102'), { ok: false, code: 'ruc.naturalPerson' });
    assert.deepEqual(validateOrganizationRuc(' 2053 8298 485 '), { ok: true, value: '20538298485' });
    assert.deepEqual(validateOrganizationRuc('10101174103'), { ok: false, code: 'ruc.check' });
    assert.deepEqual(validateOrganizationRuc('123'), { ok: false, code: 'ruc.format' });
  });
});
