import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkEmail, emailKey } from '../../src/domain/email.ts';

const problem = (input: string) => {
  const result = checkEmail(input);
  return result.ok ? 'ok' : result.code;
};

describe('one email address, exactly', () => {
  test('ordinary addresses pass and are kept as typed (trimmed)', () => {
    for (const address of ['rosa.quispe@gmail.com', 'juan+mesa@entidad.gob.pe', "o'neil_1@mail.example.pe", 'A-B@Sub-Domain.Example.COM']) {
      assert.deepEqual(checkEmail(`  ${address} `), { ok: true, address });
    }
  });

  test('an address a relay reads as two is refused: separators, spaces, several @', () => {
    assert.equal(problem('rosa,quispe@gmail.com'), 'separator');
    assert.equal(problem('rosa;x@gmail.com'), 'separator');
    assert.equal(problem('rosa@gmail.com, otro@gmail.com'), 'separator');
    assert.equal(problem('rosa quispe@gmail.com'), 'spaces');
    assert.equal(problem('Rosa <rosa@gmail.com>'), 'spaces');
    assert.equal(problem('rosa@x.pe@gmail.com'), 'at');
    assert.equal(problem('rosa.gmail.com'), 'at');
    assert.equal(problem('@gmail.com'), 'at');
  });

  test('what relays refuse is refused here: double dots, trailing dots, quotes, bad labels', () => {
    assert.equal(problem('rosa@gmail..com'), 'dots');
    assert.equal(problem('rosa@gmail.com.'), 'dots');
    assert.equal(problem('rosa.@gmail.com'), 'dots');
    assert.equal(problem('.rosa@gmail.com'), 'dots');
    assert.equal(problem('ro..sa@gmail.com'), 'dots');
    assert.equal(problem('"rosa quispe"@gmail.com'), 'spaces');
    assert.equal(problem('"rosa"@gmail.com'), 'quoted');
    assert.equal(problem('rosa(comentario)@gmail.com'), 'local');
    assert.equal(problem('rosa@-gmail.com'), 'domain');
    assert.equal(problem('rosa@gmail-.com'), 'domain');
    assert.equal(problem('rosa@localhost'), 'domain');
    assert.equal(problem('rosa@127.0.0.1'), 'domain');
    assert.equal(problem('rosa@[127.0.0.1]'), 'domain');
    assert.equal(problem('rosa@gmail.com:25'), 'domain');
    assert.equal(problem('rosa@gmail%2ecom'), 'domain');
    assert.equal(problem('rosa@gmail_x.com'), 'domain');
    assert.equal(problem(`rosa@${'a'.repeat(64)}.com`), 'domain');
  });

  test('invisible characters and bidirectional marks are refused', () => {
    assert.equal(problem('rosa\u202E@gmail.com'), 'spaces');
    assert.equal(problem('rosa@gmail.com\u200B'), 'spaces');
    assert.equal(problem('rosa\u0000@gmail.com'), 'spaces');
  });

  test('length: 64 before the @, 254 in all', () => {
    assert.equal(problem(`${'a'.repeat(64)}@x.pe`), 'ok');
    assert.equal(problem(`${'a'.repeat(65)}@x.pe`), 'local');
    const domain = Array.from({ length: 4 }, () => 'b'.repeat(60)).join('.') + '.pe'; // 246 characters
    assert.equal(problem(`${'a'.repeat(7)}@${domain}`), 'ok');
    assert.equal(problem(`${'a'.repeat(8)}@${domain}`), 'tooLong');
    assert.equal(problem(''), 'required');
    assert.equal(problem('   '), 'required');
  });

  test('an internationalised domain is allowed and kept in its ASCII (punycode) form', () => {
    assert.deepEqual(checkEmail('rosa@perú.pe'), { ok: true, address: 'rosa@xn--per-boa.pe' });
    assert.deepEqual(checkEmail('ana@ñandú.com.pe'), { ok: true, address: 'ana@xn--and-6ma2c.com.pe' });
    assert.deepEqual(checkEmail('rosa@xn--per-boa.pe'), { ok: true, address: 'rosa@xn--per-boa.pe' });
    assert.equal(problem('rosa@xn--.pe'), 'domain');
    // Accents before the @ are not an address most relays deliver to.
    assert.equal(problem('peña@gmail.com'), 'local');
  });

  test('emailKey: one mailbox however typed', () => {
    assert.equal(emailKey(' Rosa@Perú.PE '), emailKey('rosa@xn--per-boa.pe'));
    assert.notEqual(emailKey('rosa@gmail.com'), emailKey('rosa1@gmail.com'));
  });
});
