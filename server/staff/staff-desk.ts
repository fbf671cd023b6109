/**
 * The agency's side of a request: finding requests, reading one with its files and timeline,
 * and moving it through the lifecycle. Each move is one transaction: the status (changed only
 * if nobody moved the request meanwhile), the timeline row, any per-document observations and
 * the citizen's mail in the outbox commit together or not at all.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import { businessCalendar } from '../../src/config/derive.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { BusinessCalendar } from '../../src/domain/calendar.ts';
import { correctionDeadline, documentLabel } from '../../src/domain/correction.ts';
import {
  DESK_ORIGIN,
  IllegalTransitionError,
  isRequestStatus,
  stageLabel,
  statusLabel,
  transition,
  type RequestStatus,
  type TimelineEntry as LifecycleTimelineEntry,
} from '../../src/domain/lifecycle.ts';
import { canonicalRequestNumber } from '../../src/domain/request-number.ts';
import { visibleText } from '../../src/domain/text.ts';
import type { Clock } from '../clock.ts';
import { expireOverdueCorrections, settledRequest } from '../corrections/expiry.ts';
import { moveStatus } from '../db/request-status.ts';
import type { Database, DeskDatabase, MailKind, RequestsTable, SlotKind } from '../db/schema.ts';
import { ProblemError } from '../http/problems.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { ResponseStorage, StagedResponse } from '../storage/responses.ts';
import type { FileReader } from '../storage/uploads.ts';
import { inspectPdfBytes } from '../uploads/inspect.ts';
import { SNIFF_BYTES, sniffFileKind } from '../../src/domain/files.ts';
import { servedMediaType } from '../../src/domain/media-types.ts';

export { DESK_ORIGIN };

/** A timeline row as stored: a stage code the lifecycle does not know is kept as it is. */
export type TimelineEntry = Omit<LifecycleTimelineEntry, 'stage'> & { stage: RequestStatus | (string & {}) };
export const MAX_NOTE_LENGTH = 2000;
export const MAX_PAGE_SIZE = 100;
/** The largest response file the desk attaches when attending. */
export const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

/** The PDF the desk answers with, as received. */
export interface ResponseFileInput {
  name: string;
  bytes: Uint8Array;
}

/** What the citizen (tracking, mail) learns of a response file. */
export interface ResponseFacts {
  id: string;
  name: string;
  size: number;
  pages: number;
  sha256: string;
}

export interface RequestFilters {
  status?: RequestStatus;
  number?: string;
  documentNumber?: string;
  /** Lima calendar dates `YYYY-MM-DD`, inclusive, on the date the request was received. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export interface StaffRequestSummary {
  requestNumber: string;
  /** A code the lifecycle does not know (written by another version) is shown as it is. */
  status: RequestStatus | (string & {});
  statusLabel: string;
  receivedAt: string;
  receivedDate: string;
  applicantName: string;
  applicantDocumentNumber: string;
  subject: string;
}

export interface StaffFileVersion {
  version: number;
  /** `filing` for the file filed (version 1), `correction` for a replacement sent to correct it. */
  origin: 'filing' | 'correction';
  /** The number printed on a replacement, when the citizen gave one. */
  documentNumber: string | null;
  name: string;
  type: string | null;
  size: number;
  pages: number | null;
  sha256: string;
  createdAt: string;
}

export interface StaffFile {
  slot: SlotKind;
  index: number;
  versions: StaffFileVersion[];
}

export interface StaffObservation {
  slot: SlotKind;
  index: number;
  version: number;
  name: string;
  note: string;
  observedAt: string;
}

/**
 * A mail to the citizen that can never be sent (the relay refused the address for good): staff
 * must reach the citizen another way, above all for an observation whose deadline runs anyway.
 */
export interface StaffUndeliveredMail {
  kind: MailKind;
  /** What the mail told, in the desk's words. */
  about: string;
  recipient: string;
  queuedAt: string;
  /** The relay's answer as it came (often in English), for whoever checks the address. */
  error: string | null;
}

/** What each mail told the citizen, for the staff console's warning. */
const MAIL_KIND_NAMES: Readonly<Record<MailKind, string>> = {
  'request.received': 'Constancia de recepción (cargo)',
  'request.observed': 'Observación con plazo para subsanar',
  'request.corrected': 'Subsanación recibida',
  'request.notPresented': 'Solicitud tenida por no presentada',
  'request.forwarded': 'Derivación a otra oficina',
  'request.attended': 'Atención de la solicitud',
  'verification.code': 'Código de validación del correo',
  'request.updated': 'Datos actualizados por el administrado',
  'request.cancelled': 'Solicitud anulada por el administrado',
};

/** The request's correction: the deadline its observation set and, once corrected, when. */
export interface StaffCorrection {
  dueAt: string;
  dueDate: string;
  receivedAt: string | null;
}

export interface ObserveInput {
  note: string;
  documents: { slot: SlotKind; index: number; note: string }[];
}

export interface ForwardInput {
  officeId?: string;
  office?: string;
  note: string | null;
}

/**
 * Runs inside a lifecycle step's transaction, after the step and before the commit (the staff
 * audit: the action and its record commit together or not at all).
 */
export type StepHook = (trx: Transaction<Database>, request: Pick<RequestsTable, 'id' | 'request_number'>) => Promise<void>;

export class StaffDesk {
  private readonly calendar: BusinessCalendar;

  constructor(
    private readonly config: AgencyConfig,
    private readonly db: DeskDatabase,
    private readonly clock: Clock,
    private readonly reader: FileReader,
    private readonly responses: ResponseStorage,
  ) {
    this.calendar = businessCalendar(config);
  }

  async list(filters: RequestFilters) {
    // The list shows NO PRESENTADO for a deadline that passed, even before the sweep ran.
    await expireOverdueCorrections(this.db, this.config, this.clock);
    let query = this.db.selectFrom('requests').where('agency_id', '=', this.config.id);
    if (filters.status) query = query.where('status', '=', filters.status);
    if (filters.number) {
      // Spelled as tracking spells it: "mpv-2026-0000123" finds "MPV-2026-000123".
      query = query.where('request_number', '=', canonicalRequestNumber(this.config.requestNumber.pattern, filters.number) ?? filters.number);
    }
    if (filters.documentNumber) query = query.where('applicant_document_number', '=', filters.documentNumber);
    if (filters.from) query = query.where('received_date', '>=', filters.from);
    if (filters.to) query = query.where('received_date', '<=', filters.to);
    const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await query
      .selectAll()
      .orderBy('received_at', 'desc')
      .orderBy('seq', 'desc')
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize)
      .execute();
    return { items: rows.map((row) => this.summary(row)), page: filters.page, pageSize: filters.pageSize, total: Number(total) };
  }

  async get(requestNumber: string) {
    const row = await settledRequest(this.db, this.config, this.clock, await this.find(this.db, requestNumber));
    const [files, events, observations, correction, undelivered] = await Promise.all([
      this.db.selectFrom('request_files').selectAll().where('request_id', '=', row.id).orderBy('slot', 'desc').orderBy('slot_index').orderBy('version').execute(),
      this.timeline(this.db, row.id),
      this.db.selectFrom('request_observations').selectAll().where('request_id', '=', row.id).orderBy('observed_at').orderBy('slot', 'desc').orderBy('slot_index').execute(),
      this.db.selectFrom('request_corrections').select('received_at').where('request_id', '=', row.id).executeTakeFirst(),
      this.db
        .selectFrom('mail_outbox')
        .select(['kind', 'recipient', 'created_at', 'last_error'])
        .where('request_id', '=', row.id)
        .where('status', '=', 'failed')
        .orderBy('created_at')
        .execute(),
    ]);
    const grouped = new Map<string, StaffFile>();
    for (const file of files) {
      const key = `${file.slot}/${file.slot_index}`;
      const entry = grouped.get(key) ?? { slot: file.slot, index: file.slot_index, versions: [] };
      entry.versions.push({
        version: file.version,
        origin: file.correction_id === null ? 'filing' : 'correction',
        documentNumber: file.document_number,
        name: visibleText(file.name),
        type: file.type,
        size: Number(file.size),
        pages: file.pages,
        sha256: file.sha256,
        createdAt: file.created_at,
      });
      grouped.set(key, entry);
    }
    const named = (list: { id: string; name: string }[], id: string | null) =>
      id === null ? null : { id, name: list.find((option) => option.id === id)?.name ?? id };
    return {
      ...this.summary(row),
      deemedFiledDate: row.deemed_filed_date,
      deemedFiledReason: row.deemed_filed_reason,
      personKind: row.person_kind,
      applicant: {
        documentType: row.applicant_document_type,
        documentNumber: row.applicant_document_number,
        givenNames: row.applicant_given_names,
        surnames: row.applicant_surnames,
        name: applicantName(row),
        email: row.applicant_email,
        phone: row.applicant_phone,
      },
      organization: row.organization_ruc === null ? null : { ruc: row.organization_ruc, name: row.organization_name ?? '' },
      procedure: named(this.config.procedures, row.procedure_id),
      office: named(this.config.offices, row.office_id),
      documentKind: named(this.config.documentKinds, row.document_kind_id),
      documentNumber: row.document_number,
      folios: row.folios,
      consents: JSON.parse(row.accepted_consents) as string[],
      location: currentLocation(events),
      files: [...grouped.values()],
      observations: observations.map(
        (observation): StaffObservation => ({
          slot: observation.slot,
          index: observation.slot_index,
          version: observation.version,
          name: visibleText(observation.file_name),
          note: observation.note,
          observedAt: observation.observed_at,
        }),
      ),
      correction:
        row.correction_due_at === null || row.correction_due_date === null
          ? null
          : ({ dueAt: row.correction_due_at, dueDate: row.correction_due_date, receivedAt: correction?.received_at ?? null } satisfies StaffCorrection),
      timeline: events,
      undeliveredMails: undelivered.map(
        (mail): StaffUndeliveredMail => ({
          kind: mail.kind,
          about: MAIL_KIND_NAMES[mail.kind] ?? mail.kind,
          recipient: visibleText(mail.recipient),
          queuedAt: mail.created_at,
          error: mail.last_error === null ? null : visibleText(mail.last_error),
        }),
      ),
    };
  }

  /** The request's id, for records kept about it (the staff audit); 404 for an unknown number. */
  async idOf(requestNumber: string): Promise<Pick<RequestsTable, 'id' | 'request_number'>> {
    const row = await this.find(this.db, requestNumber);
    return { id: row.id, request_number: row.request_number };
  }

  /** The stored bytes of one file (the latest version unless `version` is given). */
  async file(requestNumber: string, slot: SlotKind, index: number, version?: number) {
    const row = await this.find(this.db, requestNumber);
    let query = this.db
      .selectFrom('request_files')
      .selectAll()
      .where('request_id', '=', row.id)
      .where('slot', '=', slot)
      .where('slot_index', '=', index);
    if (version !== undefined) query = query.where('version', '=', version);
    const file = await query.orderBy('version', 'desc').executeTakeFirst();
    if (!file) {
      throw new ProblemError('route.notFound', { detail: `La solicitud ${requestNumber} no tiene ese documento.` });
    }
    // The type the bytes have, never the one the uploader's browser declared (`file.type`).
    const type = servedMediaType(sniffFileKind(await this.reader.readHead(file.upload_id, SNIFF_BYTES)), file.name);
    const stream: Readable = this.reader.stream(file.upload_id);
    return { name: visibleText(file.name), type, size: Number(file.size), stream, requestId: row.id, requestNumber: row.request_number, version: file.version };
  }

  async observe(requestNumber: string, input: ObserveInput, hook?: StepHook) {
    return this.move(requestNumber, 'OBSERVADO', hook, async (trx, row, now, location) => {
      const files = await trx.selectFrom('request_files').selectAll().where('request_id', '=', row.id).execute();
      const observed = input.documents.map((document) => {
        const latest = files
          .filter((file) => file.slot === document.slot && file.slot_index === document.index)
          .sort((a, b) => b.version - a.version)[0];
        if (!latest) {
          throw new ProblemError('request.malformed', {
            detail: `La solicitud no tiene el documento ${documentLabel(document)}.`,
          });
        }
        return { ...document, version: latest.version, name: latest.name };
      });
      // The correction deadline (art. 136), kept on the request: what the mail says is what the
      // correction endpoint and the NO PRESENTADO sweep enforce, in any process.
      const deadline = correctionDeadline(new Date(now), this.calendar);
      await trx
        .updateTable('requests')
        .set({ correction_due_at: deadline.endsAt.toISOString(), correction_due_date: deadline.date })
        .where('id', '=', row.id)
        .execute();
      for (const document of observed) {
        await trx
          .insertInto('request_observations')
          .values({
            id: randomUUID(),
            request_id: row.id,
            slot: document.slot,
            slot_index: document.index,
            version: document.version,
            file_name: document.name,
            note: document.note,
            observed_at: now,
          })
          .execute();
      }
      return {
        event: { origin: location, destination: null, note: input.note },
        mail: {
          kind: 'request.observed' as const,
          payload: {
            note: input.note,
            observedAt: now,
            deadlineDate: deadline.date,
            documents: observed.map((document) => ({
              slot: document.slot,
              index: document.index,
              label: documentLabel(document),
              name: document.name,
              note: document.note,
            })),
          },
        },
      };
    });
  }

  async forward(requestNumber: string, input: ForwardInput, hook?: StepHook) {
    const office = this.resolveOffice(input);
    return this.move(requestNumber, 'DERIVADO', hook, async (_trx, _row, _now, location) => ({
      event: { origin: location, destination: office.name, note: input.note },
      mail: { kind: 'request.forwarded' as const, payload: { note: input.note, office } },
    }));
  }

  /**
   * Closes the request, optionally with a response PDF. The file is checked like an upload,
   * then written under a temporary name before the transaction; its row is inserted in the
   * transaction and the bytes are renamed into place as its last step, so a failed rename rolls
   * the step back. When the step fails the bytes are removed: no row without bytes, and no bytes
   * without a row.
   */
  async attend(requestNumber: string, note: string, file?: ResponseFileInput, hook?: StepHook) {
    let response: ResponseFacts | undefined;
    let staged: StagedResponse | undefined;
    if (file) {
      if (file.bytes.byteLength > MAX_RESPONSE_BYTES) {
        throw new ProblemError('upload.tooLarge', { detail: 'La respuesta puede pesar hasta 20 MB.' });
      }
      const name = visibleText(file.name).trim().replace(/^.*[\\/]/, '').slice(0, 200) || 'respuesta.pdf';
      const facts = await inspectPdfBytes(file.bytes, name);
      response = { id: randomUUID(), name, size: file.bytes.byteLength, ...facts };
      staged = await this.responses.stage(response.id, file.bytes);
    }
    try {
      return await this.move(requestNumber, 'ATENDIDO', hook, async (trx, row, now, location) => {
        if (response && staged) {
          await trx
            .insertInto('request_responses')
            .values({
              id: response.id,
              request_id: row.id,
              name: response.name,
              size: response.size,
              pages: response.pages,
              sha256: response.sha256,
              storage_key: this.responses.storageKey(response.id),
              created_at: now,
            })
            .execute();
        }
        return {
          event: { origin: location, destination: null, note },
          mail: { kind: 'request.attended' as const, payload: { note, location, ...(response && { response }) } },
          beforeCommit: staged && (() => staged.commit()),
        };
      });
    } catch (error) {
      // Keep the bytes if their row was committed (a failure after the commit, reading the request
      // back, must not leave a row without its file) or if that cannot be told: a stray file is
      // harmless, a row without its file is not.
      if (staged && response) {
        const responseId = response.id;
        const kept = await this.db
          .selectFrom('request_responses')
          .select('id')
          .where('id', '=', responseId)
          .executeTakeFirst()
          .catch(() => ({ id: responseId }));
        if (!kept) await staged.discard();
      }
      throw error;
    }
  }

  private resolveOffice(input: ForwardInput): { id: string | null; name: string } {
    const offices = this.config.offices;
    if (input.officeId !== undefined) {
      const office = offices.find((option) => option.id === input.officeId);
      if (!office) throw new ProblemError('request.malformed', { detail: `No hay una oficina con el identificador «${input.officeId}».` });
      return office;
    }
    const name = input.office?.trim() ?? '';
    if (!name) throw new ProblemError('request.malformed', { detail: 'Indique la oficina a la que deriva la solicitud.' });
    if (offices.length > 0) {
      const office = offices.find((option) => option.name.toLocaleUpperCase('es-PE') === name.toLocaleUpperCase('es-PE'));
      if (!office) throw new ProblemError('request.malformed', { detail: `Elija una de las oficinas de la entidad; «${name}» no es una de ellas.` });
      return office;
    }
    return { id: null, name: name.slice(0, 200) };
  }

  /** One lifecycle step in one transaction; `step` adds what is particular to it. */
  private async move(
    requestNumber: string,
    to: RequestStatus,
    hook: StepHook | undefined,
    step: (
      trx: Transaction<Database>,
      row: RequestsTable,
      now: string,
      location: string,
    ) => Promise<{
      event: { origin: string; destination: string | null; note: string | null };
      mail: { kind: MailKind; payload: Record<string, unknown> };
      /** Runs last inside the transaction; throwing rolls the step back. */
      beforeCommit?: (() => Promise<void>) | undefined;
    }>,
  ) {
    await this.db.transaction().execute(async (trx) => {
      const row = await this.find(trx, requestNumber);
      const events = await this.timeline(trx, row.id);
      // Timeline instants strictly increase, so the order by instant is the order of the steps
      // even when two happen within one millisecond (or a test's clock stands still).
      const last = events.length > 0 ? Date.parse(events[events.length - 1]!.at) : Number.NEGATIVE_INFINITY;
      const nowDate = new Date(Math.max(this.clock.now().getTime(), last + 1));
      const now = nowDate.toISOString();
      if (!isRequestStatus(row.status)) {
        throw new ProblemError('request.illegalTransition', { detail: `La solicitud está en un estado que esta versión no conoce (${row.status}).` });
      }
      const from = row.status;
      try {
        transition(from, to, events.map((event) => event.stage));
      } catch (error) {
        if (error instanceof IllegalTransitionError) throw new ProblemError('request.illegalTransition', { detail: error.message });
        throw error;
      }
      const { event, mail, beforeCommit } = await step(trx, row, now, currentLocation(events));
      // Conditional on the status read above: a concurrent move makes this one fail, not both win.
      if (!(await moveStatus(trx, row.id, row.status, to))) {
        throw new ProblemError('request.illegalTransition', { detail: 'Otra persona cambió esta solicitud al mismo tiempo. Vuelva a abrirla.' });
      }
      await trx
        .insertInto('request_events')
        .values({ id: randomUUID(), request_id: row.id, stage: to, at: now, ...event })
        .execute();
      await enqueueMail(
        trx,
        {
          agencyId: this.config.id,
          requestId: row.id,
          kind: mail.kind,
          recipient: row.applicant_email,
          payload: {
            agencyId: this.config.id,
            agencyName: this.config.agency.name,
            requestNumber: row.request_number,
            applicantName: applicantName(row),
            documentNumber: row.applicant_document_number,
            status: to,
            statusLabel: statusLabel(to),
            at: now,
            ...mail.payload,
          },
        },
        nowDate,
      );
      await hook?.(trx, row);
      await beforeCommit?.();
    });
    return this.get(requestNumber);
  }

  private async find(db: DeskDatabase | Transaction<Database>, requestNumber: string): Promise<RequestsTable> {
    const row = await db
      .selectFrom('requests')
      .selectAll()
      .where('agency_id', '=', this.config.id)
      .where('request_number', '=', canonicalRequestNumber(this.config.requestNumber.pattern, requestNumber) ?? requestNumber)
      .executeTakeFirst();
    if (!row) throw new ProblemError('request.notFound', { detail: `No hay una solicitud con el número ${requestNumber}.` });
    return row;
  }

  private async timeline(db: DeskDatabase | Transaction<Database>, requestId: string): Promise<TimelineEntry[]> {
    const rows = await db.selectFrom('request_events').selectAll().where('request_id', '=', requestId).orderBy('at').execute();
    return rows.map((row) => ({
      at: row.at,
      stage: row.stage,
      origin: row.origin,
      destination: row.destination,
      note: row.note,
    }));
  }

  private summary(row: RequestsTable): StaffRequestSummary {
    return {
      requestNumber: row.request_number,
      status: row.status,
      statusLabel: stageLabel(row.status),
      receivedAt: row.received_at,
      receivedDate: row.received_date,
      applicantName: applicantName(row),
      applicantDocumentNumber: row.applicant_document_number,
      subject: row.subject,
    };
  }
}

export function applicantName(row: RequestsTable): string {
  return `${row.applicant_given_names} ${row.applicant_surnames}`;
}

/** Where the request is: the office it was last forwarded to, else the desk. */
export function currentLocation(events: readonly TimelineEntry[]): string {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.stage === 'DERIVADO' && event.destination) return event.destination;
  }
  return DESK_ORIGIN;
}
