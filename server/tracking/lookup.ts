/**
 * Finding a request for its citizen: the request number plus the identity document it was filed
 * with. An unknown number and a wrong document answer alike (same problem, same body, the same
 * work done), so the lookup cannot be used to learn which numbers exist.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Receipt, Tracking } from '../../src/api/types.ts';
import { identityOptions } from '../../src/config/derive.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { validateIdentityDocument, type IdentityDocumentType } from '../../src/domain/identity.ts';
import { stageLabel } from '../../src/domain/lifecycle.ts';
import { canonicalRequestNumber } from '../../src/domain/request-number.ts';
import type { DeskDatabase, RequestResponsesTable, RequestsTable } from '../db/schema.ts';
import { receiptFromRequest } from '../filings/receipt.ts';

export interface TrackingQuery {
  requestNumber: string;
  documentNumber: string;
}

export type LookupResult =
  | { ok: true; request: RequestsTable }
  | { ok: false; code: 'tracking.malformed' | 'tracking.notFound' };

export { stageLabel };

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares without an early exit, so the time taken says nothing about how much matched. */
function sameText(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** The document number as the filing stored it for `type`, or null when it cannot be one. */
function normalizedDocument(config: AgencyConfig, type: IdentityDocumentType, input: string): string | null {
  try {
    const result = validateIdentityDocument(type, input, identityOptions(config, type));
    return result.ok ? result.value : null;
  } catch {
    return null; // a config pattern that does not compile: nothing can match
  }
}

/** Reads `{ requestNumber, documentNumber }`; null when the body is not that shape. */
export function readTrackingQuery(body: unknown): TrackingQuery | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { requestNumber, documentNumber } = body as Record<string, unknown>;
  if (typeof requestNumber !== 'string' || typeof documentNumber !== 'string') return null;
  if (requestNumber.length > 100 || documentNumber.length > 100) return null;
  return { requestNumber, documentNumber };
}

export async function findRequest(db: DeskDatabase, config: AgencyConfig, query: TrackingQuery): Promise<LookupResult> {
  const pattern = config.requestNumber.pattern;
  // The canonical spelling: "mpv-2026-0000123" finds "MPV-2026-000123".
  const number = canonicalRequestNumber(pattern, query.requestNumber);
  if (!number || query.documentNumber.trim() === '') return { ok: false, code: 'tracking.malformed' };
  const rows = await db
    .selectFrom('requests')
    .selectAll()
    .where('agency_id', '=', config.id)
    .where('request_number', '=', number)
    .orderBy('created_at', 'desc')
    .execute();
  // Without rows, compare against a stand-in so an unknown number costs what a wrong document does.
  const candidates = rows.length ? rows : [null];
  let found: RequestsTable | null = null;
  for (const row of candidates) {
    const type = (row?.applicant_document_type ?? 'DNI') as IdentityDocumentType;
    const typed = normalizedDocument(config, type, query.documentNumber) ?? '';
    const stored = row?.applicant_document_number ?? '\u0000';
    if (sameText(typed, stored) && row && !found) found = row;
  }
  return found ? { ok: true, request: found } : { ok: false, code: 'tracking.notFound' };
}

export async function trackingOf(db: DeskDatabase, config: AgencyConfig, request: RequestsTable): Promise<Tracking> {
  const events = await db
    .selectFrom('request_events')
    .selectAll()
    .where('request_id', '=', request.id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const response = await responseOf(db, request);
  const procedure = request.procedure_id ? config.procedures.find((option) => option.id === request.procedure_id) : undefined;
  return {
    requestNumber: request.request_number,
    status: request.status,
    statusLabel: stageLabel(request.status),
    ...(procedure && { procedure: { id: procedure.id, name: procedure.name } }),
    subject: request.subject,
    createdAt: request.created_at,
    receivedAt: request.received_at,
    deemedFiledDate: request.deemed_filed_date,
    ...(response && { response: { name: response.name, size: Number(response.size), pages: response.pages, sha256: response.sha256 } }),
    timeline: events.map((event, index) => ({
      n: index + 1,
      stage: event.stage,
      stageLabel: stageLabel(event.stage),
      at: event.at,
      origin: event.origin,
      destination: event.destination,
      note: event.note,
    })),
  };
}

/** The file the desk attended the request with, if any. */
export async function responseOf(db: DeskDatabase, request: RequestsTable): Promise<RequestResponsesTable | undefined> {
  return db.selectFrom('request_responses').selectAll().where('request_id', '=', request.id).executeTakeFirst();
}

/**
 * The receipt as it was given at filing, rebuilt from the request and its first version of
 * each file (a later correction does not change what was received then).
 */
export async function receiptOf(db: DeskDatabase, config: AgencyConfig, request: RequestsTable): Promise<Receipt> {
  const rows = await db
    .selectFrom('request_files')
    .selectAll()
    .where('request_id', '=', request.id)
    .where('version', '=', 1)
    .orderBy('slot', 'desc') // 'main' before 'annex'
    .orderBy('slot_index')
    .execute();
  return receiptFromRequest(config, request, rows);
}
