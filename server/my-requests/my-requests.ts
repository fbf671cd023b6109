/**
 * "Mis trámites": the requests of a citizen's session, and what their owner may do while one is
 * pending (RECIBIDO, which agencies such as INPE call "PENDIENTE DE VALIDACIÓN"): update its main
 * data (subject, the main document's number, email, phone) or cancel it (ANULADO).
 *
 * Ownership: filed at this agency with the session's email (compared without case) and, when the
 * session is bound to an identity document, with that document. A request of someone else
 * answers exactly like an unknown number (404 `request.notFound`).
 *
 * The update keeps the status and leaves a timeline row whose stage is the current status
 * (RECIBIDO) with the note "Datos actualizados por el administrado: …": the lifecycle has no
 * state for it and tracking shows the row as it is, in order. A new email (not one differing
 * only in case or spaces) needs the token of a code sent to it (`emailToken`), spent in the
 * update's transaction like a filing spends its own, even where filings need no code: the
 * request's notices would otherwise go to a mailbox nobody proved. Cancelling is a lifecycle step
 * (RECIBIDO → ANULADO) with the same conditional status change the desk uses, so a cancel and a
 * staff step racing each other cannot both win.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { MyRequestChanges, MyRequestSummary } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { validateFiling, visibleFields, type FieldError, type FilingSubmission } from '../../src/domain/filing.ts';
import { checkEmail } from '../../src/domain/email.ts';
import type { IdentityDocumentType } from '../../src/domain/identity.ts';
import { HARMFUL_TEXT_CODE, hasHarmfulCharacters } from '../../src/domain/text.ts';
import { interpolate } from '../../src/i18n/index.ts';
import { messages as formMessages } from '../../src/i18n/messages/es-PE/form.ts';
import { IllegalTransitionError, isRequestStatus, statusLabel, transition } from '../../src/domain/lifecycle.ts';
import { canonicalRequestNumber } from '../../src/domain/request-number.ts';
import type { Clock } from '../clock.ts';
import { expireOverdueCorrections, mailRef } from '../corrections/expiry.ts';
import { moveStatus } from '../db/request-status.ts';
import type { CitizenSessionsTable, Database, DeskDatabase, RequestsTable } from '../db/schema.ts';
import { ProblemError } from '../http/problems.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { CancelledPayload, UpdatedPayload } from '../mail/templates.ts';
import { emailKey, spendEmailToken } from '../verification/codes.ts';

/** The timeline's origin for what the citizen did. */
export const CITIZEN_ORIGIN = 'ADMINISTRADO';
export const MAX_REASON_LENGTH = 500;

type ChangeField = Exclude<keyof MyRequestChanges, 'emailToken'>;
export type RequestChanges = Partial<Record<ChangeField, string | null>>;

/** The words of the form, for the timeline note and the mail. */
const CHANGE_LABELS: Readonly<Record<ChangeField, string>> = {
  subject: 'asunto',
  documentNumber: 'número de documento',
  email: 'correo electrónico',
  phone: 'teléfono',
};

/** The filing's field that holds each change, for its validation errors. */
const FILING_FIELDS: Readonly<Record<ChangeField, string>> = {
  subject: 'subject',
  documentNumber: 'mainDocumentNumber',
  email: 'email',
  phone: 'phone',
};

const COLUMNS = {
  subject: 'subject',
  documentNumber: 'document_number',
  email: 'applicant_email',
  phone: 'applicant_phone',
} as const satisfies Record<ChangeField, keyof RequestsTable>;

/**
 * Reads a PATCH body: only the four members, each text (or null to clear an optional one), and
 * the `emailToken` that proves a new email.
 */
export function readChanges(body: unknown): { changes: RequestChanges; emailToken: string | undefined } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProblemError('request.malformed', { detail: 'Envíe los cambios como un objeto JSON: { "subject", "documentNumber", "email", "phone", "emailToken" }.' });
  }
  const changes: RequestChanges = {};
  let emailToken: string | undefined;
  for (const [name, value] of Object.entries(body)) {
    if (name === 'emailToken') {
      if (value !== undefined && value !== null && typeof value !== 'string') throw new ProblemError('request.malformed', { detail: '«emailToken» debe ser un texto.' });
      emailToken = (value as string | null) || undefined;
      continue;
    }
    if (!(name in CHANGE_LABELS)) throw new ProblemError('request.malformed', { detail: `«${name}» no es un dato que se pueda actualizar.` });
    if (value !== null && typeof value !== 'string') throw new ProblemError('request.malformed', { detail: `«${name}» debe ser un texto.` });
    changes[name as ChangeField] = value as string | null;
  }
  return { changes, emailToken };
}

export class MyRequests {
  constructor(
    private readonly config: AgencyConfig,
    private readonly db: DeskDatabase,
    private readonly clock: Clock,
  ) {}

  async list(session: CitizenSessionsTable): Promise<MyRequestSummary[]> {
    // A deadline that passed shows as NO PRESENTADO here too, even before the sweep ran.
    await expireOverdueCorrections(this.db, this.config, this.clock);
    const rows = await this.owned(this.db, session).orderBy('received_at', 'desc').orderBy('seq', 'desc').execute();
    return rows.map((row) => this.summary(row));
  }

  async update(session: CitizenSessionsTable, requestNumber: string, changes: RequestChanges, emailToken?: string): Promise<MyRequestSummary> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.find(trx, session, requestNumber);
      if (!this.config.account.update) throw refused('Esta mesa de partes no permite actualizar solicitudes desde «Mis trámites».');
      if (row.status !== 'RECIBIDO') throw refused(this.notPendingMessage(row, 'actualizar'));
      const next = this.validated(row, changes);
      const changed = (Object.keys(next) as ChangeField[]).filter((field) => (row[COLUMNS[field]] ?? '') !== (next[field] ?? ''));
      if (changed.length === 0) return this.summary(row);

      const set: Partial<RequestsTable> = {};
      for (const field of changed) (set as Record<string, string | null>)[COLUMNS[field]] = next[field] ?? null;
      // Conditional on RECIBIDO: a staff step that moved it meanwhile wins, this update does not.
      const updated = await trx.updateTable('requests').set(set).where('id', '=', row.id).where('status', '=', 'RECIBIDO').executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw refused('La mesa de partes acaba de cambiar el estado de esta solicitud. Vuelva a abrir «Mis trámites».');
      if (next.email && emailKey(next.email) !== emailKey(row.applicant_email)) await this.spendEmailToken(trx, emailToken, next.email, row.id);
      const at = await citizenEvent(trx, row.id, row.status, `Datos actualizados por el administrado: ${changed.map((field) => CHANGE_LABELS[field]).join(', ')}.`, this.clock);
      const payload: UpdatedPayload = {
        ...mailRef(this.config, row),
        changes: changed.map((field) => ({ label: capitalize(CHANGE_LABELS[field]), before: row[COLUMNS[field]] ?? '', after: next[field] ?? '' })),
      };
      // The new address learns of the change, and so does the old one: it was the owner's.
      const recipients = new Set([next.email ?? row.applicant_email, row.applicant_email]);
      for (const recipient of recipients) {
        await enqueueMail(trx, { agencyId: this.config.id, requestId: row.id, kind: 'request.updated', recipient, payload: { ...payload } }, at);
      }
      return this.summary({ ...row, ...set });
    });
  }

  async cancel(session: CitizenSessionsTable, requestNumber: string, reasonInput: string | null | undefined): Promise<MyRequestSummary> {
    const reason = reasonInput?.trim() || null;
    if (reason && reason.length > MAX_REASON_LENGTH) {
      throw new ProblemError('filing.invalid', {
        detail: `El motivo puede tener hasta ${MAX_REASON_LENGTH} caracteres.`,
        errors: [{ field: 'reason' as 'subject', code: 'field.tooLong', params: { max: MAX_REASON_LENGTH } }],
      });
    }
    if (hasHarmfulCharacters(reason, { multiline: true })) {
      throw new ProblemError('filing.invalid', {
        detail: `${interpolate(formMessages[HARMFUL_TEXT_CODE]!, { label: 'Motivo' })}.`,
        errors: [{ field: 'reason' as 'subject', code: HARMFUL_TEXT_CODE }],
      });
    }
    return this.db.transaction().execute(async (trx) => {
      const row = await this.find(trx, session, requestNumber);
      if (!this.config.account.cancel) throw refused('Esta mesa de partes no permite anular solicitudes desde «Mis trámites».');
      if (!isRequestStatus(row.status)) throw refused(`La solicitud está en un estado que esta versión no conoce (${row.status}).`);
      try {
        transition(row.status, 'ANULADO');
      } catch (error) {
        if (error instanceof IllegalTransitionError) throw refused(this.notPendingMessage(row, 'anular'));
        throw error;
      }
      if (!(await moveStatus(trx, row.id, row.status, 'ANULADO'))) {
        throw refused('La mesa de partes acaba de cambiar el estado de esta solicitud, por eso no se anuló. Vuelva a abrir «Mis trámites».');
      }
      const at = await citizenEvent(trx, row.id, 'ANULADO', reason ? `Anulada por el administrado. Motivo: ${reason}` : 'Anulada por el administrado.', this.clock);
      const payload: CancelledPayload = { ...mailRef(this.config, row), reason, at: at.toISOString() };
      await enqueueMail(trx, { agencyId: this.config.id, requestId: row.id, kind: 'request.cancelled', recipient: row.applicant_email, payload: { ...payload } }, at);
      return this.summary({ ...row, status: 'ANULADO' });
    });
  }

  /** The new address's proof, spent by this update (its rollback gives it back), or 422 on `email`. */
  private async spendEmailToken(trx: Transaction<Database>, token: string | undefined, email: string, requestId: string): Promise<void> {
    const problem = await spendEmailToken(trx, this.config, token, email, requestId, this.clock.now());
    if (!problem) return;
    throw new ProblemError('filing.invalid', {
      detail:
        problem.code === 'verification.required'
          ? `Valide el nuevo correo electrónico ${email} con el código que le enviamos antes de guardar el cambio.`
          : `La validación del correo ${email} venció, ya se usó o es de otro correo. Solicite un nuevo código de validación.`,
      errors: [problem],
    });
  }

  summary(row: RequestsTable): MyRequestSummary {
    const { account } = this.config;
    const pending = row.status === 'RECIBIDO';
    return {
      requestNumber: row.request_number,
      status: row.status,
      statusLabel: isRequestStatus(row.status) ? statusLabel(row.status, { pendingValidation: account.update || account.cancel }) : row.status,
      subject: row.subject,
      receivedAt: row.received_at,
      deemedFiledDate: row.deemed_filed_date as MyRequestSummary['deemedFiledDate'],
      canUpdate: pending && account.update,
      canCancel: pending && account.cancel,
    };
  }

  private owned(db: DeskDatabase | Transaction<Database>, session: CitizenSessionsTable) {
    let query = db
      .selectFrom('requests')
      .selectAll()
      .where('agency_id', '=', this.config.id)
      .where((eb) => eb(eb.fn('lower', ['applicant_email']), '=', session.email));
    if (session.document_type !== null && session.document_number !== null) {
      query = query.where('applicant_document_type', '=', session.document_type).where('applicant_document_number', '=', session.document_number);
    }
    return query;
  }

  /** Protected so a test can play a staff step committed between this read and the conditional change. */
  protected async find(trx: Transaction<Database>, session: CitizenSessionsTable, requestNumber: string): Promise<RequestsTable> {
    const number = canonicalRequestNumber(this.config.requestNumber.pattern, requestNumber) ?? requestNumber;
    const row = await this.owned(trx, session).where('request_number', '=', number).executeTakeFirst();
    // Someone else's request reads like a number that does not exist.
    if (!row) throw new ProblemError('request.notFound', { detail: `No encontramos la solicitud ${requestNumber} entre las suyas.` });
    return row;
  }

  private notPendingMessage(row: RequestsTable, verb: 'actualizar' | 'anular'): string {
    const label = isRequestStatus(row.status) ? statusLabel(row.status) : row.status;
    return `Ya no puede ${verb} la solicitud ${row.request_number}: solo se puede mientras está pendiente de validación, y ahora está ${label}.`;
  }

  /**
   * The changes checked with the filing's own rules (src/domain/filing.ts): the stored request
   * with the changes applied is validated as a filing, and the errors of the changed fields are
   * answered under the names of `MyRequestChanges`. Returns the normalized values.
   */
  private validated(row: RequestsTable, changes: RequestChanges): RequestChanges {
    const visible = visibleFields(this.config);
    const errors: FieldError[] = [];
    const offError = (field: ChangeField) => errors.push({ field: field as 'subject', code: 'field.off' });
    if ('documentNumber' in changes && !visible.documentNumber) offError('documentNumber');
    if ('phone' in changes && !visible.phone) offError('phone');
    const value = (field: ChangeField, stored: string | null) => (field in changes ? (changes[field] ?? '') : (stored ?? ''));
    const filing: FilingSubmission = {
      personKind: row.person_kind as FilingSubmission['personKind'],
      applicant: {
        documentType: row.applicant_document_type as IdentityDocumentType,
        documentNumber: row.applicant_document_number,
        givenNames: row.applicant_given_names,
        surnames: row.applicant_surnames,
        email: value('email', row.applicant_email),
        phone: value('phone', row.applicant_phone) || undefined,
      },
      ...(row.organization_ruc !== null && { organization: { ruc: row.organization_ruc, name: row.organization_name ?? '' } }),
      procedureId: row.procedure_id ?? undefined,
      officeId: row.office_id ?? undefined,
      documentKindId: row.document_kind_id ?? undefined,
      documentNumber: value('documentNumber', row.document_number) || undefined,
      folios: row.folios ?? undefined,
      subject: value('subject', row.subject),
      consents: JSON.parse(row.accepted_consents) as string[],
      attachments: { main: { uploadId: 'filed' }, annexes: [] },
    };
    for (const field of Object.keys(changes) as ChangeField[]) {
      if (errors.some((error) => error.field === field)) continue;
      for (const error of validateFiling(this.config, filing)) {
        if (error.field === FILING_FIELDS[field]) errors.push({ ...error, field: field as 'subject' });
      }
    }
    if (errors.length > 0) {
      throw new ProblemError('filing.invalid', { detail: 'Algunos datos no son válidos. Corríjalos y vuelva a enviar.', errors });
    }
    const next: RequestChanges = {};
    for (const field of Object.keys(changes) as ChangeField[]) {
      const text = (changes[field] ?? '').trim();
      // The address as the filing rule stores it (one address, domain in ASCII).
      const email = field === 'email' ? checkEmail(text) : undefined;
      next[field] = email?.ok ? email.address : field === 'documentNumber' && text.toUpperCase() === 'SN' ? 'SN' : text || null;
    }
    return next;
  }
}

function refused(detail: string): ProblemError {
  return new ProblemError('request.illegalTransition', { detail });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A timeline row of what the citizen did, dated after the request's last row (so the order by
 * instant stays the order of the steps even on a clock that stands still). Returns its instant.
 */
async function citizenEvent(trx: Transaction<Database>, requestId: string, stage: string, note: string, clock: Clock): Promise<Date> {
  const last = await trx.selectFrom('request_events').select('at').where('request_id', '=', requestId).orderBy('at', 'desc').executeTakeFirst();
  const at = new Date(Math.max(clock.now().getTime(), last ? Date.parse(last.at) + 1 : 0));
  await trx
    .insertInto('request_events')
    .values({ id: randomUUID(), request_id: requestId, stage, at: at.toISOString(), origin: CITIZEN_ORIGIN, destination: null, note })
    .execute();
  return at;
}
