/**
 * Email codes ("Código de validación") and the filing's token, over HTTP against the real server:
 * the code is stored hashed, expires, allows 5 attempts, is used once, a newer one supersedes it,
 * sending is limited per email and per address (429 with Retry-After), parallel guesses from two
 * processes get no more than 5 comparisons, a code whose mail never left is cleared and never
 * sent late, and CENARES refuses a filing without a token for its applicant's email.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DevMailbox } from '../../server/mail/dev-mailbox.ts';
import { MailSender, smtpTransport } from '../../server/mail/sender.ts';
import { join } from 'node:path';
import { createSqliteDatabase } from '../../server/db/sqlite.ts';
import { ProblemError } from '../../server/http/problems.ts';
import { EmailVerification, MAX_ATTEMPTS, REDACTED_PAYLOAD } from '../../server/verification/codes.ts';
import { runHousekeeping } from '../../server/verification/housekeeping.ts';
import { makePdf } from './documents.ts';
import {
  captchaHeaders,
  lastVerificationCode,
  mailedCode,
  postFiling,
  postJson,
  startServer,
  tusUpload,
  validSubmission,
  verifyEmail,
  type TestServer,
} from './helpers.ts';

let server: TestServer;
let pdf: Uint8Array;
before(async () => {
  server = await startServer();
  pdf = await makePdf();
});
after(() => server?.close());

let counter = 0;
/** A fresh address per test, so the per-email limits of one test do not reach another. */
const freshEmail = () => `persona${++counter}@example.pe`;

async function askCode(email: string, agencyId = 'cenares', headers: Record<string, string> = {}) {
  return postJson(server, agencyId, 'verification/codes', { email }, { ...(await captchaHeaders(server, agencyId, 'verification')), ...headers });
}
/** Runs the real sender once against an SMTP server in this process; the recipients it mailed. */
async function deliverOutbox(): Promise<string[]> {
  const mailbox = new DevMailbox();
  await mailbox.start(0);
  try {
    // Every due mail in one run, so a code left out could only be left out on purpose.
    const sender = new MailSender({ db: server.db, clock: server.clock, configs: [...server.configs.values()], transport: smtpTransport(mailbox.url), from: 'Mesa <mesa@example.pe>', publicUrl: 'http://127.0.0.1:8787/', batchSize: 1000 });
    const { sent } = await sender.runOnce();
    if (sent > 0) await mailbox.waitFor(sent);
    return mailbox.list().map((mail) => mail.to);
  } finally {
    await mailbox.stop();
  }
}
const confirm = (email: string, code: string, agencyId = 'cenares') => postJson(server, agencyId, 'verification/tokens', { email, code });
const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('asking for a code', () => {
  test('202 with the expiry and the resend time; the database keeps only a salted HMAC', async () => {
    const email = freshEmail();
    const sent = await askCode(email);
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    const now = server.clock.now().getTime();
    assert.equal(sent.body.expiresAt, new Date(now + 10 * 60_000).toISOString());
    assert.equal(sent.body.resendAfter, new Date(now + 60_000).toISOString());
    assert.equal(sent.headers.get('cache-control'), 'no-store');

    const code = await lastVerificationCode(server, 'cenares', email);
    assert.match(code, /^\d{6}$/);
    const row = await server.db.selectFrom('verification_codes').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    assert.match(row.code_hash, /^[0-9a-f]{64}$/);
    for (const value of Object.values(row)) assert.notEqual(String(value), code, 'no column holds the code');
  });

  test('the mail: Spanish, the code, its expiry and "si no lo pidió, ignore este correo"; sent over SMTP, then cleared from the outbox', async () => {
    const mailbox = new DevMailbox();
    await mailbox.start(0);
    try {
      const email = freshEmail();
      await askCode(email);
      const code = await lastVerificationCode(server, 'cenares', email);
      const sender = new MailSender({ db: server.db, clock: server.clock, configs: [...server.configs.values()], transport: smtpTransport(mailbox.url), from: 'Mesa <mesa@example.pe>', publicUrl: 'http://127.0.0.1:8787/' });
      await sender.runOnce();
      const [mail] = await mailbox.waitFor(1);
      assert.equal(mail!.to, email);
      assert.equal(mail!.kind, 'verification.code');
      assert.ok(mail!.subject.startsWith(`Su código de validación: ${code}`), mail!.subject);
      assert.ok(mail!.text.includes('Código de validación: ' + code));
      assert.ok(mail!.text.includes('Válido hasta: 10/03/2026 10:10:00 (10 minutos)'), mail!.text);
      assert.ok(mail!.text.includes('Si no lo pidió, ignore este correo'));
      assert.equal(mail!.attachments.length, 0);

      assert.equal((await confirm(email, code)).status, 201);
      const row = await server.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', email).executeTakeFirstOrThrow();
      assert.equal(row.status, 'sent');
      assert.equal(row.payload_json, REDACTED_PAYLOAD, 'once sent and used, the outbox no longer holds the code');
    } finally {
      await mailbox.stop();
    }
  });

  test('a code whose mail never left (relay down) is cleared once it expires or is replaced, and never sent afterwards', async () => {
    const lost = freshEmail();
    const replaced = freshEmail();
    assert.equal((await askCode(lost)).status, 202);
    assert.equal((await askCode(replaced)).status, 202);
    const mailOf = (email: string) => server.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', email).orderBy('created_at').execute();
    const [first] = await mailOf(replaced);
    server.clock.advance(61_000);
    assert.equal((await askCode(replaced)).status, 202);
    const [old, current] = await mailOf(replaced);
    assert.equal(old!.id, first!.id);
    assert.deepEqual([old!.status, old!.payload_json], ['failed', REDACTED_PAYLOAD], 'a replaced code is never mailed');
    assert.match(old!.last_error ?? '', /newer code replaced/);
    assert.equal(current!.status, 'pending');

    await lastVerificationCode(server, 'cenares', lost); // still readable: it may yet be sent
    server.clock.advance(10 * 60_000);
    await runHousekeeping(server.db, server.clock); // what server/main.ts runs every minute
    for (const row of [...(await mailOf(lost)), ...(await mailOf(replaced))]) {
      assert.equal(row.status, 'failed');
      assert.equal(row.payload_json, REDACTED_PAYLOAD, 'no readable code once it expired');
      assert.doesNotMatch(row.payload_json, /\d{6}/);
    }
    assert.match((await mailOf(lost))[0]!.last_error ?? '', /expired/);

    const delivered = await deliverOutbox();
    assert.deepEqual(delivered.filter((to) => to === lost || to === replaced), [], 'the relay is back: the dead codes are not sent');
  });

  test('a relay back after a code expired does not mail it, even before the periodic clearing ran', async () => {
    const email = freshEmail();
    assert.equal((await askCode(email)).status, 202);
    server.clock.advance(10 * 60_000);
    assert.ok(!(await deliverOutbox()).includes(email));
    const row = await server.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', email).executeTakeFirstOrThrow();
    assert.deepEqual([row.status, row.payload_json], ['failed', REDACTED_PAYLOAD]);
  });

  test('a malformed email: 422 verification.invalid naming the field; an agency without codes: 404', async () => {
    const bad = await askCode('no-es-correo');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.code, 'verification.invalid');
    assert.deepEqual(bad.body.errors, [{ field: 'email', code: 'email.at' }]);
    const sis = await askCode(freshEmail(), 'sis');
    assert.equal(sis.status, 404);
    assert.equal(sis.body.code, 'verification.disabled');
  });

  test('one per minute per email: 429 verification.tooSoon with Retry-After', async () => {
    const email = freshEmail();
    assert.equal((await askCode(email)).status, 202);
    server.clock.advance(20_000);
    const again = await askCode(email);
    assert.equal(again.status, 429);
    assert.equal(again.body.code, 'verification.tooSoon');
    assert.equal(again.headers.get('retry-after'), '40');
    assert.match(again.body.detail, /pida otro en 40 segundos/);
    server.clock.advance(40_000);
    assert.equal((await askCode(email)).status, 202);
  });

  test('five unused codes per email per hour: the sixth is 429 verification.tooMany with Retry-After', async () => {
    const email = freshEmail();
    for (let i = 0; i < 5; i++) {
      assert.equal((await askCode(email)).status, 202);
      server.clock.advance(61_000);
    }
    const sixth = await askCode(email);
    assert.equal(sixth.status, 429);
    assert.equal(sixth.body.code, 'verification.tooMany');
    assert.equal(sixth.headers.get('retry-after'), String(3600 - 5 * 61));
    server.clock.advance(3600_000);
    assert.equal((await askCode(email)).status, 202);
  });

  test('used codes do not count: a citizen filing several requests asks one each time', async () => {
    const email = freshEmail();
    for (let i = 0; i < 7; i++) await verifyEmail(server, 'cenares', email);
  });

  test('twenty unused codes per client address per hour, whatever the emails', async () => {
    server.clock.advance(2 * 3600_000);
    for (let i = 0; i < 20; i++) assert.equal((await askCode(freshEmail())).status, 202, `code ${i + 1}`);
    const refused = await askCode(freshEmail());
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'verification.tooMany');
    assert.ok(Number(refused.headers.get('retry-after')) > 3000);
    // X-Forwarded-For is not believed without TRUST_PROXY=1.
    const spoofed = await askCode(freshEmail(), 'cenares', { 'x-forwarded-for': '203.0.113.9' });
    assert.equal(spoofed.status, 429);
    server.clock.advance(3600_000);
  });
});

describe('confirming a code', () => {
  test('a code used after its hour rolled over gives no place back in the new hour', async () => {
    const config = server.configs.get('cenares')!;
    const desk = new EmailVerification(server.db, server.clock);
    const address = '198.51.100.61';
    const placesTaken = async () =>
      Number((await server.db.selectFrom('rate_counters').select('count').where('bucket', '=', `code-address:${address}`).executeTakeFirstOrThrow()).count);
    await desk.sendCode(config, freshEmail(), address); // opens the address's hour
    server.clock.advance(59 * 60_000);
    const late = freshEmail();
    await desk.sendCode(config, late, address); // counted in that hour
    const code = await lastVerificationCode(server, 'cenares', late);
    server.clock.advance(2 * 60_000);
    const next = freshEmail();
    await desk.sendCode(config, next, address); // opens a new hour
    assert.equal(await placesTaken(), 1);
    await desk.consumeCode(config, late, code);
    assert.equal(await placesTaken(), 1, 'the code was counted in the hour that ended');
    await desk.consumeCode(config, next, await lastVerificationCode(server, 'cenares', next));
    assert.equal(await placesTaken(), 0, 'a code of this hour gives its place back');
    server.clock.advance(3600_000);
  });

  test('the right code gives a token bound to the email; the code then cannot be used again', async () => {
    const email = freshEmail();
    const code = await mailedCode(server, 'cenares', ` ${email.toUpperCase()} `);
    const token = await confirm(email, code);
    assert.equal(token.status, 201, JSON.stringify(token.body));
    assert.equal(token.body.email, email);
    assert.match(token.body.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(token.body.expiresAt, new Date(server.clock.now().getTime() + 30 * 60_000).toISOString());
    const stored = await server.db.selectFrom('verification_tokens').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, token.body.token, 'only the hash is stored');

    const reused = await confirm(email, code);
    assert.equal(reused.status, 410);
    assert.equal(reused.body.code, 'verification.expired');
    assert.match(reused.body.detail, /ya se usó/);
  });

  test('a wrong code counts down the attempts; the fifth wrong one ends the code, even for the right one', async () => {
    const email = freshEmail();
    const code = await mailedCode(server, 'cenares', email);
    for (const left of [4, 3, 2, 1]) {
      const wrong = await confirm(email, otherCode(code));
      assert.equal(wrong.status, 422);
      assert.equal(wrong.body.code, 'verification.wrongCode');
      assert.match(wrong.body.detail, left === 1 ? /Le queda 1 intento/ : new RegExp(`Le quedan ${left} intentos`));
      assert.deepEqual(wrong.body.errors, [{ field: 'code', code: 'verification.wrongCode', params: { attemptsLeft: left } }]);
    }
    const fifth = await confirm(email, otherCode(code));
    assert.equal(fifth.status, 429);
    assert.equal(fifth.body.code, 'verification.tooManyAttempts');
    const right = await confirm(email, code);
    assert.equal(right.status, 429);
    assert.equal(right.body.code, 'verification.tooManyAttempts');
  });

  test('parallel wrong guesses from two processes get no more comparisons than the code allows', async () => {
    const email = freshEmail();
    const code = await mailedCode(server, 'cenares', email);
    // A second connection to the same file, as a second process of the desk would have.
    const second = createSqliteDatabase(join(server.dataDir, 'desk.sqlite'));
    try {
      const config = server.configs.get('cenares')!;
      const desks = [new EmailVerification(server.db, server.clock), new EmailVerification(second, server.clock)];
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          desks[index % 2]!.consumeCode(config, email, otherCode(code)).then(
            () => 'accepted',
            (error: unknown) => (error instanceof ProblemError ? error.problem.code : String(error)),
          ),
        ),
      );
      const tally = (wanted: string) => answers.filter((answer) => answer === wanted).length;
      assert.equal(tally('verification.wrongCode'), MAX_ATTEMPTS - 1, answers.join(', '));
      assert.equal(tally('verification.tooManyAttempts'), 20 - (MAX_ATTEMPTS - 1), answers.join(', '));
      const row = await server.db.selectFrom('verification_codes').select('attempts').where('email', '=', email).executeTakeFirstOrThrow();
      assert.equal(row.attempts, MAX_ATTEMPTS, 'every comparison was counted first, and only MAX_ATTEMPTS were made');
      const right = await confirm(email, code);
      assert.equal(right.status, 429);
      assert.equal(right.body.code, 'verification.tooManyAttempts');
    } finally {
      await second.destroy();
    }
  });

  test('an expired code: 410; a malformed one: 422 naming the field', async () => {
    const email = freshEmail();
    const code = await mailedCode(server, 'cenares', email);
    assert.equal((await confirm(email, '12ab')).body.code, 'verification.invalid');
    server.clock.advance(10 * 60_000);
    const late = await confirm(email, code);
    assert.equal(late.status, 410);
    assert.match(late.body.detail, /venció/);
  });

  test('a newer code supersedes the older one', async () => {
    const email = freshEmail();
    const first = await mailedCode(server, 'cenares', email);
    server.clock.advance(61_000);
    const second = await mailedCode(server, 'cenares', email);
    if (first !== second) assert.equal((await confirm(email, first)).body.code, 'verification.wrongCode');
    assert.equal((await confirm(email, second)).status, 201);
  });
});

describe('CENARES files only with the email verified', () => {
  const submissionFor = async () => validSubmission(server.configs.get('cenares')!, { main: await tusUpload(server, 'cenares', pdf, { name: 'carta.pdf' }) });

  test('without a token: 422 filing.invalid on the email field, verification.required', async () => {
    const answer = await postFiling(server, 'cenares', await submissionFor());
    assert.equal(answer.status, 422);
    assert.equal(answer.body.code, 'filing.invalid');
    assert.deepEqual(answer.body.errors, [{ field: 'email', code: 'verification.required' }]);
  });

  test('a token for another email, an expired one, an unknown one: verification.invalid', async () => {
    const submission = await submissionFor();
    const other = await verifyEmail(server, 'cenares', freshEmail());
    const unknown = await postFiling(server, 'cenares', { ...submission, verificationToken: 'x'.repeat(43) });
    assert.deepEqual(unknown.body.errors, [{ field: 'email', code: 'verification.invalid' }]);
    const wrongEmail = await postFiling(server, 'cenares', { ...submission, verificationToken: other.token });
    assert.deepEqual(wrongEmail.body.errors, [{ field: 'email', code: 'verification.invalid' }]);
    const mine = await verifyEmail(server, 'cenares', submission.applicant.email);
    server.clock.advance(30 * 60_000);
    const expired = await postFiling(server, 'cenares', { ...submission, verificationToken: mine.token });
    assert.equal(expired.status, 422);
    assert.deepEqual(expired.body.errors, [{ field: 'email', code: 'verification.invalid' }]);
  });

  test('a good token (the email in another case) files; its replay works; the token does not file twice', async () => {
    const submission = await submissionFor();
    submission.applicant.email = ' Rosa.Quispe@Example.PE ';
    const { token } = await verifyEmail(server, 'cenares', 'rosa.quispe@example.pe');
    const key = crypto.randomUUID();
    const filed = await postFiling(server, 'cenares', { ...submission, verificationToken: token }, key);
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const replay = await postFiling(server, 'cenares', { ...submission, verificationToken: token }, key);
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.body.requestNumber, filed.body.requestNumber);

    const again = await postFiling(server, 'cenares', { ...(await submissionFor()), verificationToken: token });
    assert.equal(again.status, 422);
    assert.deepEqual(again.body.errors, [{ field: 'email', code: 'verification.invalid' }]);
  });

  test('a refused filing gives its token back', async () => {
    const submission = await submissionFor();
    const { token } = await verifyEmail(server, 'cenares', submission.applicant.email);
    const refused = await postFiling(server, 'cenares', { ...submission, verificationToken: token, attachments: { main: { uploadId: 'f'.repeat(32) }, annexes: [] } });
    assert.equal(refused.body.code, 'upload.notFound');
    assert.equal((await postFiling(server, 'cenares', { ...submission, verificationToken: token })).status, 201);
  });

  test('agencies that do not require it file without a token', async () => {
    const config = server.configs.get('ins')!;
    const main = await tusUpload(server, 'ins', pdf, { name: 'carta.pdf' });
    assert.equal((await postFiling(server, 'ins', validSubmission(config, { main }))).status, 201);
  });
});
