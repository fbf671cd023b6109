import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Receipt } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { DevMailbox } from '../../server/mail/dev-mailbox.ts';
import { enqueueMail } from '../../server/mail/outbox.ts';
import { MailSender, smtpTransport, type MailSenderOptions } from '../../server/mail/sender.ts';
import { requestLinks } from '../../server/links.ts';
import {
  businessDaysInWords,
  escapeHtml,
  OBSERVATION_BUSINESS_DAYS,
  renderMail,
  type CorrectedPayload,
  type NotPresentedPayload,
  type ObservedPayload,
  type ReceivedPayload,
} from '../../server/mail/templates.ts';
import { REDACTED_PAYLOAD } from '../../server/verification/codes.ts';
import { makePdf } from './documents.ts';
import { captchaHeaders, fileValidRequest, loadDemoConfigs, startServer, type TestServer } from './helpers.ts';

const receipt: Receipt = {
  requestNumber: '12-2026',
  agencyId: 'cenares',
  status: 'RECIBIDO',
  receivedAt: '2026-03-14T13:59:41Z', // Saturday 08:59:41 in Lima
  receivedDate: '2026-03-14',
  deemedFiledDate: '2026-03-16',
  deemedFiledReason: 'non-business-day',
  applicant: { name: 'Juan <b>Pérez</b>', documentType: 'DNI', documentNumber: '11111111', email: 'juan@example.pe' },
  procedure: { id: 'presentacion-servicios', name: 'PRESENTACIÓN DE SERVICIOS' },
  subject: 'Presento prestación de servicios & "otros"',
  folios: 4,
  files: [
    { slot: 'main', index: 0, name: 'instructivo.pdf', size: 1000, pages: 3, sha256: 'a' },
    { slot: 'annex', index: 1, name: 'Organigrama Cenares.pdf', size: 2000, pages: 1, sha256: 'b' },
  ],
};

/** Every fact is in the mail's text (which is printed when one is not). */
function hasFacts(text: string, facts: readonly string[]): void {
  for (const fact of facts) assert.ok(text.includes(fact), `text has «${fact}»:\n${text}`);
}

describe('mail templates', () => {
  let cenares: AgencyConfig;
  const links = requestLinks('http://127.0.0.1:8787/', 'cenares', '12-2026', '11111111');
  before(async () => {
    cenares = (await loadDemoConfigs()).find((config) => config.id === 'cenares')!;
  });

  test('links point at the agency page with the view, number and document in the fragment', () => {
    assert.equal(links.tracking, 'http://127.0.0.1:8787/cenares.html#vista=seguimiento&solicitud=12-2026&documento=11111111');
    assert.equal(links.correction, 'http://127.0.0.1:8787/cenares.html#vista=subsanar&solicitud=12-2026&documento=11111111');
    const nested = requestLinks('https://tramites.example.pe/mesa', 'cenares', '1-2026', 'A B');
    assert.equal(nested.tracking, 'https://tramites.example.pe/mesa/cenares.html#vista=seguimiento&solicitud=1-2026&documento=A+B');
    // The document never reaches the server: no query string at all.
    for (const link of [links.tracking, links.correction, nested.tracking]) assert.equal(new URL(link).search, '');
  });

  test('identity documents are named, not coded', () => {
    for (const [documentType, name] of [
      ['CE', 'Carné de extranjería'],
      ['PTP', 'Permiso Temporal de Permanencia'],
      ['CPP', 'Carné de Permiso Temporal de Permanencia'],
      ['PASAPORTE', 'Pasaporte'],
    ] as const) {
      const payload: ReceivedPayload = { agencyId: 'cenares', documentNumber: 'X1234567', receipt: { ...receipt, applicant: { ...receipt.applicant, documentType } } };
      const mail = renderMail('request.received', payload, cenares, links);
      assert.ok(mail.text.includes(`Documento de identidad (**): ${name} X1234567`), mail.text);
    }
  });

  test('days in words: one business day is singular, and the received mail uses the same words', () => {
    assert.equal(businessDaysInWords(1), 'un (01) día hábil');
    assert.equal(businessDaysInWords(2), 'dos (02) días hábiles');
    assert.equal(businessDaysInWords(12), '12 días hábiles');
    const observed = renderMail('request.observed', { requestNumber: '1-2026', applicantName: 'Ana', documents: [], businessDays: 1 }, cenares, links);
    assert.ok(observed.text.includes('hasta un (01) día hábil desde esta notificación'), observed.text);
    assert.ok(!observed.text.includes('días'), observed.text);
    const received = renderMail('request.received', { agencyId: 'cenares', documentNumber: '11111111', receipt }, cenares, links);
    assert.ok(received.text.includes(`hasta ${businessDaysInWords(OBSERVATION_BUSINESS_DAYS)} desde esa notificación`), received.text);
  });

  test('an uncorrected observation: the request se tendrá por no presentada (art. 136)', () => {
    const mail = renderMail('request.observed', { requestNumber: '1-2026', applicantName: 'Ana', documents: [] }, cenares, links);
    assert.ok(mail.text.includes('su solicitud se tendrá por no presentada (artículo 136 del TUO de la Ley N° 27444)'), mail.text);
    assert.ok(!mail.text.includes('archivada'), mail.text);
  });

  test('request.received has the seed 003 facts, the links and the agency footer', () => {
    const payload: ReceivedPayload = { agencyId: 'cenares', documentNumber: '11111111', receipt };
    const mail = renderMail('request.received', payload, cenares, links);
    assert.equal(mail.subject, 'Hemos recibido su solicitud N° 12-2026 – CENARES');
    hasFacts(mail.text, [
      'Número de solicitud (*): 12-2026',
      'Fecha de recepción: 14/03/2026 08:59:41',
      'Se considera presentada el: 16/03/2026',
      'Documento de identidad (**): DNI 11111111',
      'Trámite: PRESENTACIÓN DE SERVICIOS',
      'Documento principal: instructivo.pdf (3 páginas)',
      'Anexo 1: Organigrama Cenares.pdf (1 página)',
      'dos (02) días hábiles',
      `SEGUIMIENTO: ${links.tracking}`,
      `SUBSANAR OBSERVACIONES: ${links.correction}`,
      'Jr. Nazca N° 548, Lima - Perú',
      'mesadepartes@cenares.gob.pe',
    ]);
    assert.ok(mail.html.includes(`href="${escapeHtml(links.tracking)}"`));
    assert.ok(mail.html.includes(`href="${escapeHtml(links.correction)}"`));
    // Escaped: the citizen's own words cannot inject markup.
    assert.ok(!mail.html.includes('<b>Pérez</b>'));
    assert.ok(mail.html.includes('Juan &#60;b&#62;Pérez&#60;/b&#62;'));
    assert.ok(mail.html.includes('&#38; &#34;otros&#34;'));
    assert.ok(mail.html.includes('Oficina de Trámite'));
  });

  test('request.observed lists the observed documents and the 2-business-day notice', () => {
    const payload: ObservedPayload = {
      requestNumber: '16-2026',
      applicantName: 'JUAN PEREZ PEREZ',
      documentNumber: '11111111',
      note: 'Se genera observación en la solicitud.',
      documents: [{ label: 'Documento principal', name: 'test.pdf', note: 'Está faltando incluir los datos del <pedido>.' }],
      deadlineDate: '2026-03-18',
    };
    const mail = renderMail('request.observed', payload, cenares, links);
    assert.match(mail.subject, /^Su solicitud N° 16-2026 ha sido observada/);
    assert.ok(mail.text.includes('JUAN PEREZ PEREZ'));
    assert.ok(mail.text.includes('Observaciones: Se genera observación en la solicitud.'));
    assert.ok(mail.text.includes('Documento: Documento principal; Archivo: test.pdf; Observación: Está faltando incluir los datos del <pedido>.'));
    assert.ok(mail.text.includes('hasta dos (02) días hábiles desde esta notificación (hasta el 18/03/2026)'));
    assert.ok(mail.text.includes(links.correction));
    assert.ok(mail.html.includes('<th scope="col"'));
    assert.ok(mail.html.includes('datos del &#60;pedido&#62;.'));
  });

  test('request.observed as the staff desk writes it: deadline counted in business days', () => {
    // Friday 13 March 2026, 10:00 in Lima: day 1 is Monday the 16th, day 2 Tuesday the 17th.
    const mail = renderMail(
      'request.observed',
      {
        agencyId: 'cenares',
        requestNumber: '16-2026',
        applicantName: 'Juan Pérez',
        status: 'OBSERVADO',
        at: '2026-03-13T15:00:00Z',
        note: null,
        observedAt: '2026-03-13T15:00:00Z',
        documents: [{ slot: 'main', index: 0, label: 'Documento principal', name: 'test.pdf', note: 'Falta la firma.' }],
      },
      cenares,
      links,
    );
    assert.ok(mail.text.includes('(hasta el 17/03/2026)'), mail.text);
    assert.ok(!mail.text.includes('Observaciones:'));
    assert.ok(mail.text.includes('Observación: Falta la firma.'));
  });

  test('request.forwarded names the office; request.attended carries the answer', () => {
    const ref = { requestNumber: '20-2026', applicantName: 'Rosa Quispe', documentNumber: '10117410' };
    const forwarded = renderMail('request.forwarded', { ...ref, office: { name: 'Oficina de Logística' } }, cenares, links);
    assert.match(forwarded.subject, /20-2026 fue derivada a Oficina de Logística/);
    assert.ok(forwarded.text.includes('Derivada a: Oficina de Logística'));
    assert.ok(forwarded.text.includes('Rosa Quispe'));
    assert.ok(forwarded.text.includes(links.tracking));
    const attended = renderMail('request.attended', { ...ref, note: 'Se remitió la constancia <adjunta>.' }, cenares, links);
    assert.match(attended.subject, /20-2026 ha sido atendida/);
    assert.ok(attended.text.includes('Respuesta: Se remitió la constancia <adjunta>.'));
    assert.ok(attended.html.includes('constancia &#60;adjunta&#62;.'));
    assert.ok(attended.text.includes(links.tracking));
  });

  test('request.corrected: when it was received, the replaced documents, the filing date kept, the tracking link', () => {
    const payload: CorrectedPayload = {
      requestNumber: '16-2026',
      applicantName: 'Juan Pérez',
      documentNumber: '11111111',
      receivedAt: '2026-03-16T16:05:09.000Z', // Monday 11:05:09 in Lima
      deemedFiledDate: '2026-03-12',
      files: [
        { label: 'Documento principal', name: 'nuevo <firmado>.pdf', documentNumber: 'CARTA N° 005-2026' },
        { label: 'Anexo 1', name: 'anexo.pdf' },
      ],
    };
    const mail = renderMail('request.corrected', payload, cenares, links);
    assert.equal(mail.subject, 'Hemos recibido la subsanación de su solicitud N° 16-2026 – CENARES');
    hasFacts(mail.text, [
      'Estimado(a) Juan Pérez, hemos recibido la subsanación de su solicitud N° 16-2026.',
      'Subsanación recibida el: 16/03/2026 11:05:09',
      'Se considera presentada el: 12/03/2026',
      'Documento: Documento principal; Archivo: nuevo <firmado>.pdf; N° de documento: CARTA N° 005-2026',
      'Documento: Anexo 1; Archivo: anexo.pdf; N° de documento: -',
      'conserva su fecha de presentación original: el 12/03/2026.',
      `SEGUIMIENTO: ${links.tracking}`,
    ]);
    assert.ok(mail.html.includes('nuevo &#60;firmado&#62;.pdf'));
    assert.ok(mail.html.includes('<th scope="col"'));
    // Without any printed number, no empty column.
    const plain = renderMail('request.corrected', { ...payload, files: [{ label: 'Documento principal', name: 'nuevo.pdf' }] }, cenares, links);
    assert.ok(!plain.text.includes('N° de documento'), plain.text);
    assert.throws(() => renderMail('request.corrected', { ...payload, files: [] }, cenares, links), /files must be a list/);
  });

  test('request.notPresented: the deadline, art. 136, a new request may be filed, the tracking link', () => {
    const payload: NotPresentedPayload = { requestNumber: '16-2026', applicantName: 'Juan Pérez', deadlineDate: '2026-03-17' };
    const mail = renderMail('request.notPresented', payload, cenares, links);
    assert.equal(mail.subject, 'Su solicitud N° 16-2026 se tiene por no presentada – CENARES');
    hasFacts(mail.text, [
      'venció el 17/03/2026',
      'Plazo para subsanar: hasta el 17/03/2026',
      'se tiene por no presentada (artículo 136 del TUO de la Ley N° 27444)',
      'Puede presentar una nueva solicitud',
      `SEGUIMIENTO: ${links.tracking}`,
    ]);
    assert.ok(mail.html.includes(`href="${escapeHtml(links.tracking)}"`));
    assert.throws(() => renderMail('request.notPresented', { requestNumber: '1-2026', applicantName: 'Ana' }, cenares, links), /deadlineDate is missing/);
  });

  test('a malformed payload fails loudly', () => {
    assert.throws(() => renderMail('request.attended', { requestNumber: '1-2026' }, cenares, links), /applicantName is missing/);
    assert.throws(() => renderMail('request.received', {}, cenares, links), /receipt is missing/);
  });
});

describe('mail sender over a real SMTP server', () => {
  let server: TestServer;
  let mailbox: DevMailbox;
  let pdf: Uint8Array;
  const logged: string[] = [];
  const log = { warn: (line: string) => logged.push(line), error: (line: string) => logged.push(line) };

  function sender(overrides: Partial<MailSenderOptions> = {}): MailSender {
    return new MailSender({
      db: server.db,
      clock: server.clock,
      configs: [...server.configs.values()],
      transport: smtpTransport(mailbox.url),
      from: 'Mesa de Partes <mesadepartes@example.pe>',
      publicUrl: 'http://127.0.0.1:8787/',
      log,
      ...overrides,
    });
  }

  const outbox = () => server.db.selectFrom('mail_outbox').selectAll().orderBy('created_at').execute();
  /**
   * Files a request and leaves only its own mails in the outbox: CENARES's filing first mails an
   * email code (test/server/verification.test.ts covers that mail), which these tests do not count.
   */
  const fileRequest = async (...args: Parameters<typeof fileValidRequest>) => {
    const filed = await fileValidRequest(...args);
    await server.db.deleteFrom('mail_outbox').where('kind', '=', 'verification.code').execute();
    return filed;
  };

  before(async () => {
    server = await startServer();
    mailbox = new DevMailbox();
    await mailbox.start(0);
    pdf = await makePdf({ pages: 2 });
  });
  after(async () => {
    await mailbox.stop();
    await server.close();
  });
  beforeEach(async () => {
    mailbox.clear();
    logged.length = 0;
    await server.db.deleteFrom('mail_outbox').execute();
  });

  test('a verification code is mailed, then cleared from its outbox row', async () => {
    const headers = { 'content-type': 'application/json', ...(await captchaHeaders(server, 'cenares', 'verification')) };
    const asked = await fetch(`${server.url}/api/cenares/verification/codes`, { method: 'POST', headers, body: JSON.stringify({ email: 'codigo@example.pe' }) });
    assert.equal(asked.status, 202, await asked.clone().text());
    const [pending] = await outbox();
    assert.equal(pending?.kind, 'verification.code');
    assert.match(pending!.payload_json, /\d{6}/, 'the code waits in the outbox until it is sent');

    assert.deepEqual(await sender().runOnce(), { sent: 1, failed: 0 });
    const [mail] = await mailbox.waitFor(1);
    const code = /\b(\d{6})\b/.exec(mail!.subject)?.[1];
    assert.ok(code, 'the mail carries the code');
    const [sent] = await outbox();
    assert.equal(sent?.status, 'sent');
    assert.ok(!sent!.payload_json.includes(code), 'the sent row no longer holds the code');
  });

  test('a filing enqueues request.received and the sender delivers it', async () => {
    const filed = await fileRequest(server, 'cenares', pdf, { annexes: 1 });
    assert.equal(filed.status, 201);
    const [row] = await outbox();
    assert.ok(row);
    assert.equal(row.kind, 'request.received');
    assert.equal(row.status, 'pending');
    assert.equal(row.recipient, 'rosa.quispe@example.pe');
    assert.equal(row.next_attempt_at, filed.body.receivedAt);

    const attached: string[] = [];
    const result = await sender({
      attachmentsFor: async (mail) => {
        attached.push(mail.trackingUrl);
        return [{ filename: 'cargo-x.pdf', content: pdf, contentType: 'application/pdf' }];
      },
    }).runOnce();
    assert.deepEqual(result, { sent: 1, failed: 0 });

    const [mail] = await mailbox.waitFor(1);
    assert.ok(mail);
    assert.equal(mail.to, 'rosa.quispe@example.pe');
    assert.equal(mail.kind, 'request.received');
    assert.ok(mail.subject.includes(filed.body.requestNumber));
    const tracking = requestLinks('http://127.0.0.1:8787/', 'cenares', filed.body.requestNumber, filed.body.applicant.documentNumber).tracking;
    assert.equal(attached[0], tracking);
    assert.ok(mail.text.includes(tracking), mail.text);
    assert.ok(mail.html?.includes(escapeHtml(tracking)));
    assert.ok(mail.text.includes('Anexo 1: anexo-1.pdf (2 páginas)'));
    assert.deepEqual(
      mail.attachments.map((file) => [file.filename, file.size]),
      [['cargo-x.pdf', pdf.byteLength]],
    );

    const [sent] = await outbox();
    assert.equal(sent!.status, 'sent');
    assert.equal(sent!.sent_at, server.clock.now().toISOString());
    assert.deepEqual(await sender().runOnce(), { sent: 0, failed: 0 });
  });

  test('request.received carries the receipt PDF as cargo-<number>.pdf', async () => {
    const filed = await fileRequest(server, 'cenares', pdf);
    assert.deepEqual(await sender().runOnce(), { sent: 1, failed: 0 });
    const [mail] = await mailbox.waitFor(1);
    assert.equal(mail!.attachments.length, 1);
    assert.equal(mail!.attachments[0]!.filename, `cargo-${filed.body.requestNumber}.pdf`);
    assert.equal(mail!.attachments[0]!.contentType, 'application/pdf');
    assert.ok(mail!.attachments[0]!.size > 500);
  });

  test('a filing that rolls back leaves no mail row', async () => {
    // Fails the transaction after the mail was enqueued (the timeline is written later).
    await sql`CREATE TRIGGER fail_events BEFORE INSERT ON request_events BEGIN SELECT RAISE(ABORT, 'boom'); END`.execute(server.db);
    try {
      const filed = await fileRequest(server, 'cenares', pdf);
      assert.equal(filed.status, 500);
    } finally {
      await sql`DROP TRIGGER fail_events`.execute(server.db);
    }
    assert.deepEqual(await outbox(), []);
  });

  test('SMTP down: the mail stays pending with backoff, then goes out exactly once', async () => {
    const port = mailbox.port;
    await mailbox.stop();
    try {
      const filed = await fileRequest(server, 'ins', pdf);
      assert.equal(filed.status, 201);
      const failedAt = server.clock.now();
      assert.deepEqual(await sender().runOnce(), { sent: 0, failed: 1 });
      let [row] = await outbox();
      assert.equal(row!.status, 'pending');
      assert.equal(row!.attempts, 1);
      assert.ok(row!.last_error);
      assert.equal(row!.next_attempt_at, new Date(failedAt.getTime() + 30_000).toISOString());
      assert.equal(logged.length, 1);

      // Not due yet: nothing is tried.
      server.clock.advance(10_000);
      assert.deepEqual(await sender().runOnce(), { sent: 0, failed: 0 });

      // A second failure waits longer (2 min).
      server.clock.advance(21_000);
      assert.deepEqual(await sender().runOnce(), { sent: 0, failed: 1 });
      [row] = await outbox();
      assert.equal(row!.attempts, 2);
      assert.equal(row!.next_attempt_at, new Date(server.clock.now().getTime() + 120_000).toISOString());

      await mailbox.start(port);
      server.clock.advance(121_000);
      assert.deepEqual(await sender().runOnce(), { sent: 1, failed: 0 });
      assert.deepEqual(await sender().runOnce(), { sent: 0, failed: 0 });
      const mails = await mailbox.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(mailbox.list().length, 1);
      assert.ok(mails[0]!.subject.includes(filed.body.requestNumber));
      [row] = await outbox();
      assert.equal(row!.status, 'sent');
      assert.equal(row!.attempts, 2);
    } finally {
      if (!mailbox.port || mailbox.port !== port) await mailbox.start(port).catch(() => undefined);
    }
  });

  test('backoff grows and stays at the cap; never gives up', () => {
    const delays = [1, 2, 3, 4, 5, 20].map((attempts) => sender().backoffAfter(attempts));
    assert.deepEqual(delays, [30_000, 120_000, 600_000, 3_600_000, 3_600_000, 3_600_000]);
  });

  test('two senders at once deliver each mail exactly once', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 4; i++) numbers.push((await fileRequest(server, 'sis', pdf)).body.requestNumber);
    const [a, b] = await Promise.all([sender().runOnce(), sender().runOnce()]);
    assert.equal(a!.sent + b!.sent, 4);
    assert.equal(a!.failed + b!.failed, 0);
    await mailbox.waitFor(4);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const mails = mailbox.list();
    assert.equal(mails.length, 4);
    assert.deepEqual(
      numbers.map((number) => mails.filter((mail) => mail.subject.includes(`N° ${number} `)).length),
      [1, 1, 1, 1],
    );
    assert.equal(new Set(mails.map((mail) => mail.messageId)).size, 4);
  });

  test('a payload without the document number takes it from the request (staff desk mails)', async () => {
    const filed = await fileRequest(server, 'cenares', pdf);
    await sender().runOnce();
    const request = await server.db.selectFrom('requests').select(['id', 'applicant_document_number']).where('request_number', '=', filed.body.requestNumber).where('agency_id', '=', 'cenares').executeTakeFirstOrThrow();
    await enqueueMail(
      server.db,
      {
        agencyId: 'cenares',
        requestId: request.id,
        kind: 'request.forwarded',
        recipient: 'rosa.quispe@example.pe',
        payload: { requestNumber: filed.body.requestNumber, applicantName: 'Rosa Quispe', office: { id: null, name: 'Logística' }, note: 'Para su atención' },
      },
      server.clock.now(),
    );
    assert.deepEqual(await sender().runOnce(), { sent: 1, failed: 0 });
    const mails = await mailbox.waitFor(2);
    const tracking = requestLinks('http://127.0.0.1:8787/', 'cenares', filed.body.requestNumber, request.applicant_document_number).tracking;
    assert.match(mails[0]!.subject, /fue derivada a Logística/);
    assert.ok(mails[0]!.text.includes(tracking), mails[0]!.text);
  });

  test('start() delivers in the background and stop() ends the loop', async () => {
    await fileRequest(server, 'ins', pdf);
    const loop = sender();
    loop.start(50);
    await mailbox.waitFor(1);
    await loop.stop();
    await fileRequest(server, 'ins', pdf);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(mailbox.list().length, 1);
    assert.equal((await outbox()).filter((row) => row.status === 'pending').length, 1);
  });

  test('a row written by hand with a bad payload is failed for good, logged once as an error', async () => {
    await enqueueMail(
      server.db,
      { agencyId: 'cenares', requestId: null, kind: 'request.attended', recipient: 'x@example.pe', payload: { requestNumber: '9-2026' } },
      server.clock.now(),
    );
    const errors: string[] = [];
    const warnings: string[] = [];
    const quiet = { warn: (line: string) => warnings.push(line), error: (line: string) => errors.push(line) };
    assert.deepEqual(await sender({ log: quiet }).runOnce(), { sent: 0, failed: 1 });
    const [row] = await outbox();
    assert.equal(row!.status, 'failed');
    assert.equal(row!.attempts, 1);
    assert.match(row!.last_error ?? '', /applicantName is missing/);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /can never be sent/);
    assert.deepEqual(warnings, []);
    // Terminal: a later run, even much later, does not take it again.
    server.clock.set(new Date(server.clock.now().getTime() + 86_400_000));
    assert.deepEqual(await sender({ log: quiet }).runOnce(), { sent: 0, failed: 0 });
    assert.equal(errors.length, 1);
    assert.equal((await outbox())[0]!.status, 'failed');
  });

  /** A transport whose relay answers every mail with `code`. */
  const refusingTransport = (code: number) =>
    ({
      sendMail: async () => {
        throw Object.assign(new Error(`Can't send mail - all recipients were rejected: ${code} refused`), { code: 'EENVELOPE', responseCode: code });
      },
    }) as unknown as MailSenderOptions['transport'];

  test('a permanent SMTP refusal (5xx) fails the mail for good; a transient one (4xx) keeps the backoff', async () => {
    await fileRequest(server, 'cenares', pdf);
    const errors: string[] = [];
    const warnings: string[] = [];
    const quiet = { warn: (line: string) => warnings.push(line), error: (line: string) => errors.push(line) };

    assert.deepEqual(await sender({ transport: refusingTransport(451), log: quiet }).runOnce(), { sent: 0, failed: 1 });
    let [row] = await outbox();
    assert.equal(row!.status, 'pending');
    assert.equal(row!.attempts, 1);
    assert.equal(Date.parse(row!.next_attempt_at) - server.clock.now().getTime(), 30_000, 'first backoff');
    assert.equal(warnings.length, 1);
    assert.equal(errors.length, 0);

    server.clock.set(new Date(Date.parse(row!.next_attempt_at)));
    assert.deepEqual(await sender({ transport: refusingTransport(550), log: quiet }).runOnce(), { sent: 0, failed: 1 });
    [row] = await outbox();
    assert.equal(row!.status, 'failed');
    assert.equal(row!.attempts, 2);
    assert.match(row!.last_error ?? '', /550/);
    assert.equal(errors.length, 1);

    server.clock.set(new Date(server.clock.now().getTime() + 86_400_000));
    assert.deepEqual(await sender({ log: quiet }).runOnce(), { sent: 0, failed: 0 });
    assert.equal(mailbox.list().length, 0, 'never sent');
  });

  test('a code mail the relay refuses for good keeps no readable code', async () => {
    const headers = { 'content-type': 'application/json', ...(await captchaHeaders(server, 'cenares', 'verification')) };
    const asked = await fetch(`${server.url}/api/cenares/verification/codes`, { method: 'POST', headers, body: JSON.stringify({ email: 'rechazado@example.pe' }) });
    assert.equal(asked.status, 202, await asked.clone().text());
    assert.match((await outbox())[0]!.payload_json, /\d{6}/);
    const quiet = { warn: () => {}, error: () => {} };
    assert.deepEqual(await sender({ transport: refusingTransport(550), log: quiet }).runOnce(), { sent: 0, failed: 1 });
    const [row] = await outbox();
    assert.equal(row!.status, 'failed');
    assert.equal(row!.payload_json, REDACTED_PAYLOAD);
  });
});
