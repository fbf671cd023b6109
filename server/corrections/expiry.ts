/**
 * NO PRESENTADO (art. 136 TUO Ley 27444): an observed request whose correction deadline passed
 * without a correction is deemed not presented. The deadline lives on the request row, so any
 * process settles it: on every read of the request (tracking, correction, staff) and in a
 * periodic sweep (server/main.ts). Each settlement is one transaction whose status change is
 * conditional on the request still being OBSERVADO, so concurrent sweeps, reads and a late
 * correction write exactly one timeline row and one mail.
 */
import { randomUUID } from 'node:crypto';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { DESK_ORIGIN, statusLabel, transition } from '../../src/domain/lifecycle.ts';
import type { Clock } from '../clock.ts';
import { moveStatus } from '../db/request-status.ts';
import type { DeskDatabase, RequestsTable } from '../db/schema.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { formatDate } from '../mail/templates.ts';
import { applicantName } from '../staff/staff-desk.ts';

/** The timeline note of NO PRESENTADO, with the deadline as the citizen was told it. */
export function notPresentedNote(deadlineDate: string): string {
  return `No se subsanó dentro del plazo, que venció el ${formatDate(deadlineDate)} (art. 136 del TUO de la Ley N° 27444).`;
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
    // ISO instants from toISOString() compare as text in SQLite and PostgreSQL alike.
    .where('correction_due_at', '<', now.toISOString());
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
    if (!row || row.status !== 'OBSERVADO' || row.correction_due_at === null || row.correction_due_date === null) return false;
    if (Date.parse(row.correction_due_at) >= now.getTime()) return false;
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
    const at = new Date(Math.max(Date.parse(row.correction_due_at) + 1, last ? Date.parse(last.at) + 1 : 0));
    const note = notPresentedNote(row.correction_due_date);
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
          deadlineDate: row.correction_due_date,
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

/**
 * Runs `expireOverdueCorrections` for every agency now and then every `intervalMs` (the timer
 * does not keep the process alive). `stop()` waits for a sweep in progress.
 */
export function startCorrectionSweep(
  db: DeskDatabase,
  configs: readonly AgencyConfig[],
  clock: Clock,
  intervalMs: number,
  log: { error(message: string, error: unknown): void } = console,
): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const sweep = () => {
    // One sweep at a time: a slow one is not overtaken by the next.
    if (busy || stopped) return;
    busy = true;
    running = (async () => {
      for (const config of configs) {
        if (stopped) return;
        try {
          await expireOverdueCorrections(db, config, clock);
        } catch (error) {
          log.error(`[corrections] the deadline sweep of ${config.id} failed`, error);
        }
      }
    })().finally(() => {
      busy = false;
    });
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
