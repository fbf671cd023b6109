/**
 * The correction deadline as the server keeps it: counted with the agency's decreed non-working
 * days, extended when a day is decreed after the observation (the law extends a running term),
 * and judged the same way for a request observed before deadlines were stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { expireOverdueCorrections } from '../../server/corrections/expiry.ts';
import { moveStatus } from '../../server/db/request-status.ts';
import { parseStaffCredentials } from '../../server/staff/credentials.ts';
import { makePdf } from './documents.ts';
import { fileValidRequest, startServer, type TestServer } from './helpers.ts';
import { deliverPendingMails } from './outbox.ts';
import { staffSignIn } from '../support/staff-session.ts';

let server: TestServer;
let pdf: Uint8Array;
/** Signed in afresh for each step: the tests move the clock by days, past any session. */
const staffHeaders = () => staffSignIn(server.url, 'cenares', 'mesa', 'secreto');

before(async () => {
  server = await startServer('2026-03-10T15:00:00Z', { staffCredentials: parseStaffCredentials('cenares:mesa:secreto') });
  pdf = await makePdf({ pages: 1 });
});
after(() => server?.close());

const cenares = (): AgencyConfig => server.configs.get('cenares')!;

/** Files a CENARES request at `filedAt` and observes its main document at `observedAt`. */
async function observed(filedAt: string, observedAt: string): Promise<string> {
  server.clock.set(filedAt);
  const filed = await fileValidRequest(server, 'cenares', pdf);
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  server.clock.set(observedAt);
  const response = await fetch(`${server.url}/api/cenares/staff/requests/${filed.body.requestNumber}/observe`, {
    method: 'POST',
    headers: { ...(await staffHeaders()), 'content-type': 'application/json' },
    body: JSON.stringify({ note: 'Observado.', documents: [{ slot: 'main', index: 0, note: 'Falta la firma.' }] }),
  });
  assert.equal(response.status, 200, await response.text());
  await deliverPendingMails(server); // the notice: the term runs from the observation mail
  return filed.body.requestNumber;
}

async function row(requestNumber: string) {
  return server.db.selectFrom('requests').selectAll().where('agency_id', '=', 'cenares').where('request_number', '=', requestNumber).executeTakeFirstOrThrow();
}

describe('the correction deadline the server keeps', () => {
  test("counts the agency's decreed day: observed the day before New Year, due Tuesday 6 January", async () => {
    // CENARES's config decrees 2 January 2026 a non-working day; 1 January is a holiday.
    assert.ok(cenares().nonWorkingDays.some((day) => day.date === '2026-01-02'));
    const number = await observed('2025-12-30T15:00:00Z', '2025-12-31T15:00:00Z');
    assert.equal((await row(number)).correction_due_date, '2026-01-06');
  });

  test('an observation made on a decreed day counts from the next business day', async () => {
    const number = await observed('2025-12-30T16:00:00Z', '2026-01-02T15:00:00Z');
    assert.equal((await row(number)).correction_due_date, '2026-01-06');
  });

  test('a day decreed after the observation extends the running term, and the sweep keeps the new end', async () => {
    // Observed Friday 13 March 2026: due Tuesday 17 March.
    const number = await observed('2026-03-12T15:00:00Z', '2026-03-13T15:00:00Z');
    assert.equal((await row(number)).correction_due_date, '2026-03-17');
    const decreed: AgencyConfig = { ...cenares(), nonWorkingDays: [...cenares().nonWorkingDays, { date: '2026-03-16', name: 'Día no laborable decretado' }] };

    const only = { requestId: (await row(number)).id };
    server.clock.set('2026-03-18T05:00:00Z'); // just after the stored deadline
    assert.equal(await expireOverdueCorrections(server.db, decreed, server.clock, only), 0);
    const extended = await row(number);
    assert.equal(extended.status, 'OBSERVADO');
    assert.equal(extended.correction_due_date, '2026-03-18');
    assert.equal(extended.correction_due_at, '2026-03-19T04:59:59.999Z');

    server.clock.set('2026-03-19T05:00:00Z');
    assert.equal(await expireOverdueCorrections(server.db, decreed, server.clock, only), 1);
    assert.equal((await row(number)).status, 'NO_PRESENTADO');
  });

  test('a request observed before deadlines were stored is judged and settled by its observation date', async () => {
    const number = await observed('2026-03-12T15:00:00Z', '2026-03-13T15:00:00Z');
    const { id } = await row(number);
    await server.db.updateTable('requests').set({ correction_due_at: null, correction_due_date: null }).where('id', '=', id).execute();

    server.clock.set('2026-03-17T20:00:00Z'); // Tuesday, still in time
    assert.equal(await expireOverdueCorrections(server.db, cenares(), server.clock, { requestId: id }), 0);
    server.clock.set('2026-03-18T05:00:00Z');
    assert.equal(await expireOverdueCorrections(server.db, cenares(), server.clock, { requestId: id }), 1);
    assert.equal((await row(number)).status, 'NO_PRESENTADO');
    const last = await server.db.selectFrom('request_events').selectAll().where('request_id', '=', id).orderBy('at', 'desc').executeTakeFirstOrThrow();
    assert.equal(last.stage, 'NO_PRESENTADO');
    assert.equal(last.at, '2026-03-18T05:00:00.000Z', 'dated at the end of the deadline');
    assert.match(last.note ?? '', /17\/03\/2026/);
  });

  test('the status guard every step relies on: a move from a status the request no longer has changes nothing', async () => {
    // SQLite runs one transaction at a time, so the races of the other tests stop before this
    // guard; on PostgreSQL it is what makes one of two concurrent steps lose.
    const number = await observed('2026-03-12T15:00:00Z', '2026-03-13T15:00:00Z');
    const { id } = await row(number);
    const moved = await server.db.transaction().execute(async (trx) => [
      await moveStatus(trx, id, 'OBSERVADO', 'SUBSANADO'),
      await moveStatus(trx, id, 'OBSERVADO', 'NO_PRESENTADO'),
    ]);
    assert.deepEqual(moved, [true, false]);
    assert.equal((await row(number)).status, 'SUBSANADO');
  });

  test('the term runs from the notice: not before the observation mail is sent, and from the day it was', async () => {
    server.clock.set('2026-03-12T15:00:00Z');
    const filed = await fileValidRequest(server, 'cenares', pdf);
    await deliverPendingMails(server);
    server.clock.set('2026-03-13T15:00:00Z'); // observed Friday 13: due Tuesday 17 if notified that day
    const observe = await fetch(`${server.url}/api/cenares/staff/requests/${filed.body.requestNumber}/observe`, {
      method: 'POST',
      headers: { ...(await staffHeaders()), 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'Observado.', documents: [{ slot: 'main', index: 0, note: 'Falta la firma.' }] }),
    });
    assert.equal(observe.status, 200);
    const { id } = await row(filed.body.requestNumber);

    // The relay was down: days after the stored deadline, the citizen has not been notified.
    server.clock.set('2026-03-19T15:00:00Z');
    assert.equal(await expireOverdueCorrections(server.db, cenares(), server.clock, { requestId: id }), 0);
    assert.equal((await row(filed.body.requestNumber)).status, 'OBSERVADO');

    // Sent Thursday 19: the term runs Friday 20 and Monday 23.
    await deliverPendingMails(server);
    server.clock.set('2026-03-24T04:59:59.999Z');
    assert.equal(await expireOverdueCorrections(server.db, cenares(), server.clock, { requestId: id }), 0);
    assert.equal((await row(filed.body.requestNumber)).correction_due_date, '2026-03-23');
    server.clock.set('2026-03-24T05:00:00Z');
    assert.equal(await expireOverdueCorrections(server.db, cenares(), server.clock, { requestId: id }), 1);
  });
});

