/**
 * NO PRESENTADO (art. 136 TUO Ley 27444): an observed request whose correction deadline passed
 * without a correction is deemed not presented. The deadline lives on the request row, so any
 * process settles it: on every read of the request (tracking, correction, staff) and in a
 * periodic sweep (server/main.ts). Each settlement is one transaction whose status change is
 * conditional on the request still being OBSERVADO, so concurrent sweeps, reads and a late
 * correction write exactly one timeline row and one mail.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { businessCalendar } from '../../src/config/derive.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { IsoDate } from '../../src/domain/calendar.ts';
import { correctionDeadline, type CorrectionDeadline } from '../../src/domain/correction.ts';
import { DESK_ORIGIN, statusLabel, transition } from '../../src/domain/lifecycle.ts';
import type { Clock } from '../clock.ts';
import { moveStatus } from '../db/request-status.ts';
import type { Database, DeskDatabase, RequestsTable } from '../db/schema.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { formatDate } from '../mail/templates.ts';
import { applicantName } from '../staff/staff-desk.ts';
import { startPeriodic, type PeriodicJob } from '../periodic.ts';

/** The timeline note of NO PRESENTADO, with the deadline as the citizen was told it. */
export function notPresentedNote(deadlineDate: string): string {
  return `No se subsanó dentro del plazo, que venció el ${formatDate(deadlineDate)} (art. 136 del TUO de la Ley N° 27444).`;
}

/** An observation's term: when it was made, whether its notice reached the citizen, its deadline. */
export interface CorrectionTerm {
  observedAt: string;
  /**
   * False while the observation mail is not sent (the relay is down, or refused it for good): the
   * term runs from the notice (art. 136), so it has not started and cannot end.
   */
  notified: boolean;
  deadline: CorrectionDeadline;
}

/**
 * The term of the request's observation, or undefined when it was never observed. The deadline
 * is the latest of: the one stored when observed (the one the mail gave); the one counted from
 * the day the notice was actually sent (a mail that waited for the relay); the one counted with
 * the agency's current non-working days (a day decreed after the observation extends a running
 * term; nothing ever shortens it). A row observed before deadlines were stored gets the counted one.
 */
export async function correctionTerm(
  db: DeskDatabase | Transaction<Database>,
  config: AgencyConfig,
  request: RequestsTable,
): Promise<CorrectionTerm | undefined> {
  const [observed, notice] = await Promise.all([
    db.selectFrom('request_events').select('at').where('request_id', '=', request.id).where('stage', '=', 'OBSERVADO').orderBy('at').executeTakeFirst(),
    db
      .selectFrom('mail_outbox')
      .select(['status', 'sent_at'])
      .where('request_id', '=', request.id)
      .where('kind', '=', 'request.observed')
      .orderBy('created_at', 'desc')
      .executeTakeFirst(),
  ]);
  if (!observed) return undefined;
  const calendar = businessCalendar(config);
  const candidates = [correctionDeadline(new Date(observed.at), calendar)];
  if (notice?.sent_at) candidates.push(correctionDeadline(new Date(notice.sent_at), calendar));
  if (request.correction_due_at !== null && request.correction_due_date !== null) {
    candidates.push({ date: request.correction_due_date as IsoDate, endsAt: new Date(request.correction_due_at) });
  }
  const deadline = candidates.reduce((latest, candidate) => (candidate.endsAt.getTime() > latest.endsAt.getTime() ? candidate : latest));
  // No outbox row: observed by a version that mailed outside the outbox; judge by the deadline alone.
  return { observedAt: observed.at, notified: notice === undefined || notice.status === 'sent', deadline };
}

/**
 * Moves every OBSERVADO request of the agency whose deadline is before the clock's now (only
 * `requestId` when given) to NO_PRESENTADO. Returns how many this call moved.
 */
export async function expireOverdueCorrections(
  db: DeskDatabase,
  config: AgencyConfig,
  clock: Clock,
  options: { requestId?: string } = {},
): Promise<number> {
  const now = clock.now();
  let query = db
    .selectFrom('requests')
    .select('id')
    .where('agency_id', '=', config.id)
    .where('status', '=', 'OBSERVADO')
    // ISO instants from toISOString() compare as text in SQLite and PostgreSQL alike. A row
    // without a stored deadline (observed before they were kept) is judged in expireOne.
    .where((eb) => eb.or([eb('correction_due_at', '<', now.toISOString()), eb('correction_due_at', 'is', null)]));
  if (options.requestId !== undefined) query = query.where('id', '=', options.requestId);
  const overdue = await query.execute();
  let moved = 0;
  for (const { id } of overdue) {
    if (await expireOne(db, config, id, now)) moved++;
  }
  return moved;
}

async function expireOne(db: DeskDatabase, config: AgencyConfig, requestId: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('requests').selectAll().where('id', '=', requestId).executeTakeFirst();
    if (!row || row.status !== 'OBSERVADO') return false;
    const term = await correctionTerm(trx, config, row);
    // Not observed, or the citizen not notified yet: nothing has run out.
    if (!term || !term.notified) return false;
    const deadline = term.deadline;
    if (deadline.endsAt.getTime() >= now.getTime()) {
      // Extended (a day decreed since, a notice sent late) or never stored: keep the one in force,
      // so the next sweep does not look at it again before it ends.
      if (row.correction_due_at !== deadline.endsAt.toISOString()) {
        await trx
          .updateTable('requests')
          .set({ correction_due_at: deadline.endsAt.toISOString(), correction_due_date: deadline.date })
          .where('id', '=', row.id)
          .execute();
      }
      return false;
    }
    transition('OBSERVADO', 'NO_PRESENTADO');
    // Conditional on the status read above: another sweep (or a correction) that got here first
    // wins, and this one writes nothing.
    if (!(await moveStatus(trx, row.id, 'OBSERVADO', 'NO_PRESENTADO'))) return false;
    // Dated when it legally happened (the deadline's end), not when a sweep noticed it; still
    // after the last row, so the timeline's order stays the order of the steps.
    const last = await trx
      .selectFrom('request_events')
      .select('at')
      .where('request_id', '=', row.id)
      .orderBy('at', 'desc')
      .executeTakeFirst();
    const at = new Date(Math.max(deadline.endsAt.getTime() + 1, last ? Date.parse(last.at) + 1 : 0));
    const note = notPresentedNote(deadline.date);
    await trx
      .insertInto('request_events')
      .values({ id: randomUUID(), request_id: row.id, stage: 'NO_PRESENTADO', at: at.toISOString(), origin: DESK_ORIGIN, destination: null, note })
      .execute();
    await enqueueMail(
      trx,
      {
        agencyId: config.id,
        requestId: row.id,
        kind: 'request.notPresented',
        recipient: row.applicant_email,
        payload: {
          ...mailRef(config, row),
          status: 'NO_PRESENTADO',
          statusLabel: statusLabel('NO_PRESENTADO'),
          at: at.toISOString(),
          deadlineDate: deadline.date,
          note,
        },
      },
      now,
    );
    return true;
  });
}

/** Who a correction mail is about (the fields every desk mail payload starts with). */
export function mailRef(config: AgencyConfig, row: RequestsTable) {
  return {
    agencyId: config.id,
    agencyName: config.agency.name,
    requestNumber: row.request_number,
    applicantName: applicantName(row),
    documentNumber: row.applicant_document_number,
  };
}

/** The request as it stands once a deadline that passed is settled (re-read only when it moved). */
export async function settledRequest(db: DeskDatabase, config: AgencyConfig, clock: Clock, request: RequestsTable): Promise<RequestsTable> {
  if (request.status !== 'OBSERVADO') return request;
  await expireOverdueCorrections(db, config, clock, { requestId: request.id });
  return (await db.selectFrom('requests').selectAll().where('id', '=', request.id).executeTakeFirst()) ?? request;
}

/** Runs `expireOverdueCorrections` for every agency now and every `intervalMs` (see server/periodic.ts). */
export function startCorrectionSweep(
  db: DeskDatabase,
  configs: readonly AgencyConfig[],
  clock: Clock,
  intervalMs: number,
  log: { error(message: string, error: unknown): void } = console,
): PeriodicJob {
  return startPeriodic(async (stopped) => {
    for (const config of configs) {
      if (stopped()) return;
      try {
        await expireOverdueCorrections(db, config, clock);
      } catch (error) {
        log.error(`[corrections] the deadline sweep of ${config.id} failed`, error);
      }
    }
  }, intervalMs);
}
