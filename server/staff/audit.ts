/**
 * The staff audit: every sign-in (and failed one), sign-out and staff action (observe, forward,
 * attend, a file downloaded), with who, when, from which address and browser, and on which
 * request. It is a record the agency keeps: sign-ins, sign-outs and actions are never deleted.
 * What bounds its growth is that each field is cut to a fixed length, that a failed sign-in is
 * written only for a user that exists (server/staff/routes.ts) and only after the attempt limits
 * let it through (server/staff/attempts.ts), and that failed sign-ins are forgotten after
 * FAILED_SIGN_IN_RETENTION_DAYS (housekeeping): they only serve to look into recent guessing.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database, DeskDatabase, StaffAuditAction } from '../db/schema.ts';

/** Field bounds: a row is at most a few KB whatever a client sends. */
export const MAX_AUDIT_USER = 100;
export const MAX_AUDIT_DETAIL = 300;
export const MAX_AUDIT_ADDRESS = 100;
export const MAX_AUDIT_USER_AGENT = 500;

/** How long a `sign-in-failed` row is kept. */
export const FAILED_SIGN_IN_RETENTION_DAYS = 90;

/** Who acted and from where: the same for every row of one HTTP request. */
export interface AuditActor {
  agencyId: string;
  user: string;
  address: string;
  userAgent: string;
}

export interface AuditEntry {
  action: StaffAuditAction;
  request?: { id: string; request_number: string };
  detail?: string | null;
}

/** One row as staff read it (`GET …/staff/requests/{number}/audit`). */
export interface StaffAuditView {
  at: string;
  user: string;
  action: StaffAuditAction;
  detail: string | null;
  address: string;
  userAgent: string;
}

type Executor = Kysely<Database> | Transaction<Database>;

const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

export async function recordStaffAudit(executor: Executor, clock: Clock, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await executor
    .insertInto('staff_audit')
    .values({
      at: clock.now().toISOString(),
      agency_id: actor.agencyId,
      user: cut(actor.user, MAX_AUDIT_USER),
      action: entry.action,
      request_id: entry.request?.id ?? null,
      request_number: entry.request?.request_number ?? null,
      detail: entry.detail ? cut(entry.detail, MAX_AUDIT_DETAIL) : null,
      address: cut(actor.address, MAX_AUDIT_ADDRESS),
      user_agent: cut(actor.userAgent, MAX_AUDIT_USER_AGENT),
    })
    .execute();
}

/** A request's audit, oldest first. */
export async function auditOfRequest(db: DeskDatabase, requestId: string): Promise<StaffAuditView[]> {
  const rows = await db.selectFrom('staff_audit').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
  return rows.map((row) => ({ at: row.at, user: row.user, action: row.action, detail: row.detail, address: row.address, userAgent: row.user_agent }));
}

/** Forgets failed sign-ins older than FAILED_SIGN_IN_RETENTION_DAYS (housekeeping); every other row stays. */
export async function pruneFailedSignIns(db: DeskDatabase, clock: Clock): Promise<void> {
  const before = new Date(clock.now().getTime() - FAILED_SIGN_IN_RETENTION_DAYS * 86_400_000).toISOString();
  await db.deleteFrom('staff_audit').where('action', '=', 'sign-in-failed').where('at', '<', before).execute();
}
