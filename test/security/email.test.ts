/**
 * Issue 11, section 2: one email address, exactly. Against the real server and a real SMTP server
 * in this process (smtp-server), which records every transaction's envelope:
 * - an address a relay reads as two (`rosa,quispe@gmail.com`) or refuses (`rosa@gmail..com`, a
 *   trailing dot, quotes) is refused wherever an address is taken, saying what is wrong;
 * - every mail kind reaches exactly one RCPT TO, even from an outbox row stored with a list;
 * - a mail the relay refuses for good shows on the request for staff.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import type { CitizenSession } from '../../src/api/types.ts';
import type { MailKind } from '../../server/db/schema.ts';
import { enqueueMail } from '../../server/mail/outbox.ts';
import { MailSender, smtpTransport } from '../../server/mail/sender.ts';
import type {
  AttendedPayload,
  CancelledPayload,
  CorrectedPayload,
  ForwardedPayload,
  NotPresentedPayload,
  ObservedPayload,
  ReceivedPayload,
  UpdatedPayload,
  VerificationCodePayload,
} from '../../server/mail/templates.ts';
import { parseStaffCredentials } from '../../server/staff/credentials.ts';
import { makePdf } from '../server/documents.ts';
import { captchaHeaders, fileValidRequest, postFiling, postJson, signIn, startServer, tusUpload, validSubmission, type TestServer } from '../server/helpers.ts';
import { staffSignIn } from '../support/staff-session.ts';

/** Addresses a relay splits in two or refuses, with the code the desk answers for each. */
const HOSTILE: readonly [string, string][] = [
  ['rosa,quispe@gmail.com', 'email.separator'],
  ['rosa;x@gmail.com', 'email.separator'],
  ['rosa@gmail.com, quispe@gmail.com', 'email.separator'],
  ['Rosa <rosa@gmail.com>', 'email.spaces'],
  ['rosa@gmail..com', 'email.dots'],
  ['rosa@gmail.com.', 'email.dots'],
  ['"rosa"@gmail.com', 'email.quoted'],
  ['rosa@x@gmail.com', 'email.at'],
];

/** An SMTP server that keeps each transaction's envelope; RCPT TO an address with "rechaza" gets a 550. */
class EnvelopeRecorder {
  readonly transactions: { from: string; to: string[] }[] = [];
  private server!: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      hideSTARTTLS: true,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (address.address.includes('rechaza')) {
          const refused = new Error('5.1.1 No existe ese buzón') as Error & { responseCode: number };
          refused.responseCode = 550;
          return callback(refused);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        stream.resume();
        stream.on('end', () => {
          this.transactions.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let server: TestServer;
let pdf: Uint8Array;
const relay = new EnvelopeRecorder();
const signInAsStaff = () => staffSignIn(server.url, 'inpe', 'mesa', 'secreto');

before(async () => {
  server = await startServer(undefined, { staffCredentials: parseStaffCredentials('inpe:mesa:secreto') });
  pdf = await makePdf();
  await relay.start();
});
after(async () => {
  await relay.stop();
  await server?.close();
});

function sender(): MailSender {
  return new MailSender({
    db: server.db,
    clock: server.clock,
    configs: [...server.configs.values()],
    transport: smtpTransport(`smtp://127.0.0.1:${relay.port}`),
    from: 'Mesa de Partes <mesadepartes@example.pe>',
    publicUrl: 'http://127.0.0.1:8787/',
    log: { warn: () => undefined, error: () => undefined },
  });
}

describe('an address is one address, wherever it is taken', () => {
  beforeEach(() => server.db.deleteFrom('mail_outbox').execute());

  test('a filing with an address a relay splits or refuses is refused, saying what is wrong', async () => {
    const config = server.configs.get('inpe')!;
    const main = await tusUpload(server, 'inpe', pdf, { name: 'oficio.pdf' });
    for (const [email, code] of HOSTILE) {
      const submission = validSubmission(config, { main });
      submission.applicant.email = email;
      const filed = await postFiling(server, 'inpe', submission);
      assert.equal(filed.status, 422, `${email}: ${JSON.stringify(filed.body)}`);
      assert.deepEqual(filed.body.errors, [{ field: 'email', code }], email);
    }
    const recipients = await server.db.selectFrom('mail_outbox').select('recipient').execute();
    assert.deepEqual(recipients, [], 'nothing was mailed to any of them');
  });

  test('an internationalised domain is taken, and filed and mailed in its ASCII (punycode) form', async () => {
    const config = server.configs.get('inpe')!;
    const submission = validSubmission(config, { main: await tusUpload(server, 'inpe', pdf, { name: 'oficio.pdf' }) });
    submission.applicant.email = '  rosa@perú.pe ';
    const filed = await postFiling(server, 'inpe', submission);
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.applicant.email, 'rosa@xn--per-boa.pe');
    const [row] = await server.db.selectFrom('mail_outbox').select('recipient').execute();
    assert.equal(row?.recipient, 'rosa@xn--per-boa.pe');
  });

  test('the email code refuses the same addresses with a Spanish detail', async () => {
    for (const [email, code] of HOSTILE) {
      const asked = await postJson(server, 'cenares', 'verification/codes', { email }, await captchaHeaders(server, 'cenares', 'verification'));
      assert.equal(asked.status, 422, `${email}: ${JSON.stringify(asked.body)}`);
      assert.deepEqual(asked.body.errors, [{ field: 'email', code }], email);
      assert.match(asked.body.detail, /correo electrónico/, asked.body.detail);
    }
    assert.deepEqual(await server.db.selectFrom('mail_outbox').select('recipient').execute(), []);
  });

  test('"Mis trámites" refuses them as a new email of a request', async () => {
    const config = server.configs.get('inpe')!;
    const submission = validSubmission(config, { main: await tusUpload(server, 'inpe', pdf, { name: 'oficio.pdf' }) });
    const filed = await postFiling(server, 'inpe', submission);
    assert.equal(filed.status, 201);
    const session: CitizenSession = await signIn(server, 'inpe', submission.applicant.email, { documentNumber: '10117410' });
    for (const [email, code] of HOSTILE) {
      const changed = await postJson(server, 'inpe', `my/requests/${encodeURIComponent(filed.body.requestNumber)}`, { email }, { authorization: `Bearer ${session.token}` }, 'PATCH');
      assert.equal(changed.status, 422, `${email}: ${JSON.stringify(changed.body)}`);
      assert.deepEqual(changed.body.errors, [{ field: 'email', code }], email);
    }
  });
});

describe('the sender: exactly one recipient per mail', () => {
  beforeEach(async () => {
    relay.transactions.length = 0;
    await server.db.deleteFrom('mail_outbox').execute();
  });

  /** A payload of every kind (the Record makes a new kind fail to compile here until it is added). */
  function payloads(): Record<MailKind, Record<string, unknown>> {
    const ref = { requestNumber: '1-2026', applicantName: 'Rosa Quispe', documentNumber: '10117410' };
    const at = server.clock.now().toISOString();
    return {
      'request.received': {
        agencyId: 'inpe',
        documentNumber: '10117410',
        receipt: {
          requestNumber: '1-2026',
          agencyId: 'inpe',
          status: 'RECIBIDO',
          receivedAt: at,
          receivedDate: at.slice(0, 10),
          deemedFiledDate: at.slice(0, 10),
          applicant: { name: 'Rosa Quispe', documentType: 'DNI', documentNumber: '10117410', email: 'rosa.quispe@example.pe' },
          subject: 'Solicitud',
          files: [],
        },
      } as unknown as ReceivedPayload as unknown as Record<string, unknown>,
      'request.observed': { ...ref, documents: [], observedAt: at } satisfies ObservedPayload,
      'request.corrected': { ...ref, receivedAt: at, deemedFiledDate: at.slice(0, 10), files: [{ label: 'Documento principal', name: 'a.pdf' }] } satisfies CorrectedPayload,
      'request.notPresented': { ...ref, deadlineDate: at.slice(0, 10) } satisfies NotPresentedPayload,
      'request.forwarded': { ...ref, office: { name: 'Logística' } } satisfies ForwardedPayload,
      'request.attended': { ...ref, note: 'Atendido.' } satisfies AttendedPayload,
      'verification.code': { code: '123456', email: 'rosa.quispe@example.pe', expiresAt: new Date(server.clock.now().getTime() + 600_000).toISOString(), minutes: 10 } satisfies VerificationCodePayload,
      'request.updated': { ...ref, changes: [{ label: 'Teléfono', before: '1', after: '2' }] } satisfies UpdatedPayload,
      'request.cancelled': { ...ref, reason: null, at } satisfies CancelledPayload,
    };
  }

  test('every mail kind reaches one RCPT TO, also from a row stored with a list of addresses', async () => {
    const kinds = Object.entries(payloads()) as [MailKind, Record<string, unknown>][];
    const listed: string[] = [];
    for (const [kind, payload] of kinds) {
      await enqueueMail(server.db, { agencyId: 'inpe', requestId: null, kind, recipient: 'rosa.quispe@example.pe', payload }, server.clock.now());
      // A row written before the address rule, or by a process that skipped it.
      listed.push(await enqueueMail(server.db, { agencyId: 'inpe', requestId: null, kind, recipient: 'rosa,quispe@example.pe', payload }, server.clock.now()));
    }
    const result = await sender().runOnce();
    assert.equal(result.sent, kinds.length, JSON.stringify(result));
    assert.equal(relay.transactions.length, kinds.length);
    for (const transaction of relay.transactions) assert.deepEqual(transaction.to, ['rosa.quispe@example.pe']);
    const rows = await server.db.selectFrom('mail_outbox').select(['id', 'status', 'last_error']).where('id', 'in', listed).execute();
    for (const row of rows) assert.equal(row.status, 'failed', `a list is never sent: ${JSON.stringify(row)}`);
  });
});

describe('a mail the relay refuses for good shows on the request', () => {
  test('the staff answer lists it with what it told, to whom and the relay\'s answer', async () => {
    const config = server.configs.get('inpe')!;
    const submission = validSubmission(config, { main: await tusUpload(server, 'inpe', pdf, { name: 'oficio.pdf' }) });
    submission.applicant.email = 'se.rechaza@example.pe';
    const filed = await postFiling(server, 'inpe', submission);
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const fine = await fileValidRequest(server, 'inpe', pdf);
    await sender().runOnce();

    const read = async (number: string) => {
      const response = await fetch(`${server.url}/api/inpe/staff/requests/${encodeURIComponent(number)}`, { headers: await signInAsStaff() });
      assert.equal(response.status, 200);
      return (await response.json()) as { undeliveredMails: { kind: string; about: string; recipient: string; queuedAt: string; error: string | null }[] };
    };
    const refused = await read(filed.body.requestNumber);
    assert.equal(refused.undeliveredMails.length, 1, JSON.stringify(refused.undeliveredMails));
    const [mail] = refused.undeliveredMails;
    assert.equal(mail!.kind, 'request.received');
    assert.equal(mail!.about, 'Constancia de recepción (cargo)');
    assert.equal(mail!.recipient, 'se.rechaza@example.pe');
    assert.match(mail!.error ?? '', /550/);
    assert.deepEqual((await read(fine.body.requestNumber)).undeliveredMails, []);
  });
});
