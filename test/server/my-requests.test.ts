/**
 * "Mis trámites" over HTTP on INPE's config (account.myRequests, update and cancel): sign-in by
 * email code bound to an identity document, session expiry and sign-out, the owner's list, and
 * update / cancel while PENDIENTE DE VALIDACIÓN, with their timeline rows and mails; a new email
 * needs the token of a code sent to it; the conditional status guards refuse a stale read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Transaction } from 'kysely';
import type { CitizenSession, MyRequestSummary } from '../../src/api/types.ts';
import type { CitizenSessionsTable, Database, RequestsTable } from '../../server/db/schema.ts';
import { ProblemError } from '../../server/http/problems.ts';
import { renderMail } from '../../server/mail/templates.ts';
import { MyRequests } from '../../server/my-requests/my-requests.ts';
import { parseStaffCredentials } from '../../server/staff/credentials.ts';
import { secretHash } from '../../server/verification/options.ts';
import { makePdf } from './documents.ts';
import { mailedCode, postFiling, postJson, signIn, startServer, tusUpload, validSubmission, verifyEmail, type TestServer } from './helpers.ts';
import { staffSignIn } from '../support/staff-session.ts';

let server: TestServer;
let pdf: Uint8Array;
before(async () => {
  server = await startServer(undefined, { staffCredentials: parseStaffCredentials('inpe:mesa:secreto') });
  pdf = await makePdf();
});
after(() => server?.close());

const ROSA = { email: 'rosa.quispe@example.pe', documentNumber: '10117410' };
const bearer = (session: CitizenSession) => ({ authorization: `Bearer ${session.token}` });

async function file(agencyId: string, applicant: { email?: string; documentNumber?: string } = {}, subject?: string): Promise<string> {
  const config = server.configs.get(agencyId)!;
  const main = await tusUpload(server, agencyId, pdf, { name: 'oficio.pdf' });
  const submission = validSubmission(config, { main });
  Object.assign(submission.applicant, applicant);
  if (subject) submission.subject = subject;
  const filed = await postFiling(server, agencyId, submission);
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  return filed.body.requestNumber;
}

async function list(session: CitizenSession) {
  const response = await fetch(`${server.url}/api/inpe/my/requests`, { headers: bearer(session) });
  return { status: response.status, body: (await response.json()) as { items: MyRequestSummary[] } & { code?: string; detail?: string } };
}
const patch = (session: CitizenSession, number: string, changes: unknown) => postJson(server, 'inpe', `my/requests/${encodeURIComponent(number)}`, changes, bearer(session), 'PATCH');
const cancel = (session: CitizenSession, number: string, reason: string | null = null) => postJson(server, 'inpe', `my/requests/${encodeURIComponent(number)}/cancel`, { reason }, bearer(session));
const staffObserve = async (number: string) =>
  postJson(server, 'inpe', `staff/requests/${encodeURIComponent(number)}/observe`, { note: 'Falta la firma.', documents: [{ slot: 'main', index: 0, note: 'Sin firma.' }] }, await staffSignIn(server.url, 'inpe', 'mesa', 'secreto'));
const timeline = (number: string) =>
  server.db
    .selectFrom('request_events')
    .innerJoin('requests', 'requests.id', 'request_events.request_id')
    .select(['stage', 'origin', 'note'])
    .where('requests.request_number', '=', number)
    .where('requests.agency_id', '=', 'inpe')
    .orderBy('at')
    .execute();
const mails = (kind: string) => server.db.selectFrom('mail_outbox').selectAll().where('kind', '=', kind as 'request.updated').orderBy('created_at').execute();

describe('signing in', () => {
  test('the email code and the identity document give a session; a typo in the document keeps the code', async () => {
    const code = await mailedCode(server, 'inpe', ROSA.email);
    const typo = await postJson(server, 'inpe', 'sessions', { email: ROSA.email, code, documentType: 'DNI', documentNumber: '10117410-5' });
    assert.equal(typo.status, 422);
    assert.equal(typo.body.code, 'session.invalid');
    assert.deepEqual(typo.body.errors, [{ field: 'documentNumber', code: 'identity.dni.check' }]);
    const session = await postJson<CitizenSession>(server, 'inpe', 'sessions', { email: ROSA.email, code, documentType: 'DNI', documentNumber: '10117410-2' });
    assert.equal(session.status, 201, JSON.stringify(session.body));
    assert.equal(session.body.method, 'email-code');
    assert.equal(session.body.documentNumber, '10117410');
    assert.equal(session.body.expiresAt, new Date(server.clock.now().getTime() + 2 * 3600_000).toISOString());
    const wrong = await postJson(server, 'inpe', 'sessions', { email: ROSA.email, code, documentType: 'DNI', documentNumber: '10117410' });
    assert.equal(wrong.status, 410, 'the code was used');
  });

  test('an agency without "Mis trámites": 404 account.disabled', async () => {
    const answer = await postJson(server, 'cenares', 'sessions', { email: ROSA.email, code: '123456', documentType: 'DNI', documentNumber: '10117410' });
    assert.equal(answer.status, 404);
    assert.equal(answer.body.code, 'account.disabled');
  });

  test('no token, an unknown one: 401 session.expired', async () => {
    const none = await fetch(`${server.url}/api/inpe/my/requests`);
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as { code: string }).code, 'session.expired');
    assert.equal((await list({ token: 'nada' } as CitizenSession)).status, 401);
  });

  test('two idle hours end the session; using it keeps it alive up to twelve hours', async () => {
    const idle = await signIn(server, 'inpe', ROSA.email, ROSA);
    server.clock.advance(2 * 3600_000 - 1000);
    assert.equal((await list(idle)).status, 200);
    server.clock.advance(2 * 3600_000 - 1000);
    assert.equal((await list(idle)).status, 200, 'used within two hours: still alive');
    server.clock.advance(2 * 3600_000);
    const ended = await list(idle);
    assert.equal(ended.status, 401);
    assert.equal(ended.body.code, 'session.expired');
    assert.match(ended.body.detail ?? '', /Vuelva a ingresar/);

    const busy = await signIn(server, 'inpe', ROSA.email, ROSA);
    for (let hour = 1; hour < 12; hour++) {
      server.clock.advance(3600_000);
      assert.equal((await list(busy)).status, 200, `hour ${hour}`);
    }
    server.clock.advance(3600_000);
    assert.equal((await list(busy)).status, 401, 'twelve hours after sign-in');
  });

  test('signing out revokes the session', async () => {
    const session = await signIn(server, 'inpe', ROSA.email, ROSA);
    const out = await fetch(`${server.url}/api/inpe/sessions/current`, { method: 'DELETE', headers: bearer(session) });
    assert.equal(out.status, 204);
    assert.equal((await list(session)).status, 401);
    assert.equal((await fetch(`${server.url}/api/inpe/sessions/current`, { method: 'DELETE', headers: bearer(session) })).status, 401);
  });
});

describe('the owner\'s requests', () => {
  let mine: string[];
  let othersByDocument: string;
  let othersByEmail: string;
  before(async () => {
    mine = [await file('inpe', {}, 'Primera solicitud')];
    server.clock.advance(60_000);
    mine.push(await file('inpe', { email: 'Rosa.Quispe@Example.pe' }, 'Segunda solicitud'));
    othersByDocument = await file('inpe', { documentNumber: '44443333' });
    othersByEmail = await file('inpe', { email: 'otra.persona@example.pe' });
    await file('sis');
  });

  test('the list: only this agency\'s requests with this email and document, newest first, PENDIENTE DE VALIDACIÓN', async () => {
    const session = await signIn(server, 'inpe', 'ROSA.QUISPE@example.pe', ROSA);
    const { status, body } = await list(session);
    assert.equal(status, 200);
    assert.deepEqual(body.items.map((item) => item.requestNumber), [...mine].reverse());
    assert.deepEqual(body.items[0], {
      requestNumber: mine[1],
      status: 'RECIBIDO',
      statusLabel: 'PENDIENTE DE VALIDACIÓN',
      subject: 'Segunda solicitud',
      receivedAt: body.items[0]!.receivedAt,
      deemedFiledDate: body.items[0]!.deemedFiledDate,
      canUpdate: true,
      canCancel: true,
    });
  });

  test('someone else\'s request: the same 404 as an unknown number, for update and cancel', async () => {
    const session = await signIn(server, 'inpe', ROSA.email, ROSA);
    for (const number of [othersByDocument, othersByEmail, 'INPE-2026-999999']) {
      const updated = await patch(session, number, { subject: 'Mío' });
      assert.equal(updated.status, 404);
      assert.equal(updated.body.code, 'request.notFound');
      assert.equal((await cancel(session, number)).status, 404);
    }
  });

  test('update: validated with the filing\'s rules, 422 naming the fields, nothing changed', async () => {
    const session = await signIn(server, 'inpe', ROSA.email, ROSA);
    const refused = await patch(session, mine[0]!, { subject: 'x'.repeat(501), email: 'no-es-correo', phone: '', documentNumber: 'N° <script>' });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'filing.invalid');
    assert.deepEqual(
      (refused.body.errors as { field: string; code: string }[]).map((error) => `${error.field}:${error.code}`).sort(),
      ['documentNumber:documentNumber.format', 'email:email.at', 'phone:field.required', 'subject:field.tooLong'],
    );
    const malformed = await patch(session, mine[0]!, { folios: 3 });
    assert.equal(malformed.status, 400);
    assert.equal((await timeline(mine[0]!)).length, 1);
  });

  test('update: the new data, a timeline row and a mail to the old and the new address', async () => {
    const session = await signIn(server, 'inpe', ROSA.email, ROSA);
    const { token } = await verifyEmail(server, 'inpe', 'rosa.nueva@example.pe');
    const updated = await patch(session, mine[0]!, { subject: '  Asunto corregido ', email: 'rosa.nueva@example.pe', documentNumber: 'sn', emailToken: token });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.subject, 'Asunto corregido');
    assert.equal(updated.body.status, 'RECIBIDO');
    const row = await server.db.selectFrom('requests').selectAll().where('request_number', '=', mine[0]!).executeTakeFirstOrThrow();
    assert.equal(row.applicant_email, 'rosa.nueva@example.pe');
    assert.equal(row.document_number, 'SN');
    const events = await timeline(mine[0]!);
    assert.deepEqual(events[1], {
      stage: 'RECIBIDO',
      origin: 'ADMINISTRADO',
      note: 'Datos actualizados por el administrado: asunto, correo electrónico, número de documento.',
    });
    const sent = await mails('request.updated');
    assert.deepEqual(sent.map((mail) => mail.recipient).sort(), ['rosa.nueva@example.pe', 'rosa.quispe@example.pe']);
    const payload = JSON.parse(sent[0]!.payload_json) as { changes: { label: string; before: string; after: string }[] };
    assert.deepEqual(payload.changes[1], { label: 'Correo electrónico', before: 'rosa.quispe@example.pe', after: 'rosa.nueva@example.pe' });
    // The request now belongs to the new address: Rosa's old session no longer lists it.
    assert.deepEqual((await list(session)).body.items.map((item) => item.requestNumber), [mine[1]]);
  });

  test('cancel: ANULADO, a timeline row with the reason, a mail; then nothing more can be done', async () => {
    const session = await signIn(server, 'inpe', ROSA.email, ROSA);
    const cancelled = await cancel(session, mine[1]!, 'Presenté la solicitud por error.');
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.status, 'ANULADO');
    assert.equal(cancelled.body.canCancel, false);
    const events = await timeline(mine[1]!);
    assert.deepEqual(events.at(-1), { stage: 'ANULADO', origin: 'ADMINISTRADO', note: 'Anulada por el administrado. Motivo: Presenté la solicitud por error.' });
    const [mail] = await mails('request.cancelled');
    assert.equal(mail!.recipient, 'Rosa.Quispe@Example.pe');
    const again = await cancel(session, mine[1]!);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'request.illegalTransition');
    assert.match(again.body.detail, /Ya no puede anular/);
    assert.equal((await patch(session, mine[1]!, { subject: 'Otro' })).status, 409);
  });

  test('the update and cancel mails render in Spanish with the changes and the reason', async () => {
    const config = server.configs.get('inpe')!;
    const links = { tracking: 'http://127.0.0.1/inpe.html#vista=seguimiento', correction: 'http://127.0.0.1/inpe.html#vista=subsanar' };
    for (const kind of ['request.updated', 'request.cancelled'] as const) {
      const [row] = await mails(kind);
      const mail = renderMail(kind, JSON.parse(row!.payload_json), config, links);
      assert.ok(mail.subject.includes(kind === 'request.updated' ? 'Se actualizaron los datos de su solicitud' : 'fue anulada'), mail.subject);
      assert.ok(mail.text.includes(kind === 'request.updated' ? 'Dato: Correo electrónico; Antes: rosa.quispe@example.pe; Ahora: rosa.nueva@example.pe' : 'Motivo: Presenté la solicitud por error.'), mail.text);
      assert.ok(mail.text.includes(links.tracking));
    }
  });

  test('a request the desk already observed: 409 for update and cancel, saying why', async () => {
    const number = await file('inpe');
    assert.equal((await staffObserve(number)).status, 200);
    const session = await signIn(server, 'inpe', ROSA.email, ROSA);
    const updated = await patch(session, number, { subject: 'Otro' });
    assert.equal(updated.status, 409);
    assert.match(updated.body.detail, /Ya no puede actualizar la solicitud .*OBSERVADO/);
    assert.equal((await cancel(session, number)).status, 409);
    const item = (await list(session)).body.items.find((candidate) => candidate.requestNumber === number)!;
    assert.equal(item.canUpdate, false);
    assert.equal(item.canCancel, false);
  });

  // SQLite runs the two transactions one after the other, so this checks the outcome of the race,
  // not the conditional status change itself: "the conditional status change refuses a stale
  // read" below does that.
  test('a cancel racing a staff observation: exactly one wins', async () => {
    const session = await signIn(server, 'inpe', ROSA.email, ROSA);
    for (let round = 0; round < 3; round++) {
      const number = await file('inpe');
      const [cancelled, observed] = await Promise.all([cancel(session, number), staffObserve(number)]);
      assert.deepEqual([cancelled.status, observed.status].sort(), [200, 409]);
      const row = await server.db.selectFrom('requests').select('status').where('request_number', '=', number).executeTakeFirstOrThrow();
      assert.equal(row.status, cancelled.status === 200 ? 'ANULADO' : 'OBSERVADO');
      assert.equal((await timeline(number)).length, 2, 'one row besides the filing');
    }
  });
});

describe('a new email needs proof', () => {
  const NEW = 'rosa.otra@example.pe';
  const stored = (number: string) => server.db.selectFrom('requests').selectAll().where('request_number', '=', number).executeTakeFirstOrThrow();
  const errorsOf = (body: Record<string, any>) => (body.errors as { field: string; code: string }[]).map((error) => `${error.field}:${error.code}`);

  test('without a token, or with one of another address, an expired or an unknown one: 422 on email, nothing changed', async () => {
    const number = await file('inpe', {}, 'Asunto original');
    const session = await signIn(server, 'inpe', ROSA.email, ROSA);
    const updatesBefore = (await mails('request.updated')).length;

    const none = await patch(session, number, { subject: 'Asunto nuevo', email: NEW });
    assert.equal(none.status, 422);
    assert.equal(none.body.code, 'filing.invalid');
    assert.deepEqual(errorsOf(none.body), ['email:verification.required']);
    assert.match(none.body.detail, /Valide el nuevo correo electrónico rosa\.otra@example\.pe/);

    const another = await verifyEmail(server, 'inpe', 'alguien.mas@example.pe');
    const wrongAddress = await patch(session, number, { email: NEW, emailToken: another.token });
    assert.equal(wrongAddress.status, 422);
    assert.deepEqual(errorsOf(wrongAddress.body), ['email:verification.invalid']);
    assert.deepEqual(errorsOf((await patch(session, number, { email: NEW, emailToken: 'x'.repeat(43) })).body), ['email:verification.invalid']);

    const late = await verifyEmail(server, 'inpe', NEW);
    server.clock.advance(31 * 60_000);
    assert.deepEqual(errorsOf((await patch(session, number, { email: NEW, emailToken: late.token })).body), ['email:verification.invalid']);

    const row = await stored(number);
    assert.equal(row.applicant_email, ROSA.email);
    assert.equal(row.subject, 'Asunto original', 'the subject sent with the refused email did not change either');
    assert.equal((await timeline(number)).length, 1);
    assert.equal((await mails('request.updated')).length, updatesBefore);
    const unspent = await server.db.selectFrom('verification_tokens').select('request_id').where('token_hash', '=', secretHash(another.token)).executeTakeFirstOrThrow();
    assert.equal(unspent.request_id, null, 'a refused update spends no token');
  });

  test('the token of a code sent to the new address: updated, and the token is spent (a second use is refused)', async () => {
    const number = await file('inpe');
    const second = await file('inpe');
    const session = await signIn(server, 'inpe', ROSA.email, ROSA);
    const { token } = await verifyEmail(server, 'inpe', NEW);
    const updated = await patch(session, number, { email: ` ${NEW.toUpperCase()} `, emailToken: token });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    const row = await stored(number);
    assert.equal(row.applicant_email, NEW.toUpperCase());
    const spent = await server.db.selectFrom('verification_tokens').select('request_id').where('token_hash', '=', secretHash(token)).executeTakeFirstOrThrow();
    assert.equal(spent.request_id, row.id);

    const reused = await patch(session, second, { email: NEW, emailToken: token });
    assert.equal(reused.status, 422);
    assert.deepEqual(errorsOf(reused.body), ['email:verification.invalid']);
    assert.equal((await stored(second)).applicant_email, ROSA.email);
  });

  test('the same address in other case or with spaces is no new email: no token needed', async () => {
    const number = await file('inpe');
    const session = await signIn(server, 'inpe', ROSA.email, ROSA);
    const updated = await patch(session, number, { email: '  Rosa.QUISPE@example.pe ' });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal((await stored(number)).applicant_email, 'Rosa.QUISPE@example.pe');
    assert.ok((await list(session)).body.items.some((item) => item.requestNumber === number), 'still the session\'s request');
  });
});

describe('the conditional status change refuses a stale read', () => {
  /**
   * Plays a staff step that commits between the ownership read and the conditional change (what
   * PostgreSQL's READ COMMITTED allows; SQLite runs one transaction at a time, so two HTTP calls
   * never interleave there): the row handed back is the one read before the step.
   */
  class StaffStepsIn extends MyRequests {
    protected override async find(trx: Transaction<Database>, session: CitizenSessionsTable, requestNumber: string): Promise<RequestsTable> {
      const row = await super.find(trx, session, requestNumber);
      await trx.updateTable('requests').set({ status: 'OBSERVADO' }).where('id', '=', row.id).execute();
      return row;
    }
  }

  async function stale(): Promise<{ desk: MyRequests; session: CitizenSessionsTable; number: string }> {
    const number = await file('inpe', {}, 'Asunto leído');
    const { token } = await signIn(server, 'inpe', ROSA.email, ROSA);
    const session = await server.db.selectFrom('citizen_sessions').selectAll().where('token_hash', '=', secretHash(token)).executeTakeFirstOrThrow();
    return { desk: new StaffStepsIn(server.configs.get('inpe')!, server.db, server.clock), session, number };
  }
  const illegal = (error: unknown) => error instanceof ProblemError && error.problem.code === 'request.illegalTransition' && error.problem.status === 409;
  const eventsOf = (number: string) => timeline(number).then((rows) => rows.map((row) => row.stage));
  const mailsOf = async (number: string) => {
    const { id } = await server.db.selectFrom('requests').select('id').where('request_number', '=', number).executeTakeFirstOrThrow();
    return server.db.selectFrom('mail_outbox').select('kind').where('request_id', '=', id).execute();
  };

  test('cancel: 409, no ANULADO row, no mail', async () => {
    const { desk, session, number } = await stale();
    await assert.rejects(desk.cancel(session, number, 'Ya no la necesito'), illegal);
    assert.deepEqual(await eventsOf(number), ['RECIBIDO']);
    assert.deepEqual((await mailsOf(number)).map((mail) => mail.kind), ['request.received']);
    assert.notEqual((await server.db.selectFrom('requests').select('status').where('request_number', '=', number).executeTakeFirstOrThrow()).status, 'ANULADO');
  });

  test('update: 409, the data as it was, no row, no mail', async () => {
    const { desk, session, number } = await stale();
    await assert.rejects(desk.update(session, number, { subject: 'Asunto cambiado' }), illegal);
    const row = await server.db.selectFrom('requests').select('subject').where('request_number', '=', number).executeTakeFirstOrThrow();
    assert.equal(row.subject, 'Asunto leído');
    assert.deepEqual(await eventsOf(number), ['RECIBIDO']);
    assert.deepEqual((await mailsOf(number)).map((mail) => mail.kind), ['request.received']);
  });
});
