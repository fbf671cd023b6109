/**
 * The citizen's correction (subsanación) of an observed request: what the correction panel
 * shows of it, and receiving the replacements. Every rule is checked here on the server clock,
 * whatever the browser thought: the request is observed and not yet corrected, the deadline of
 * its observation has not passed, exactly the observed documents are replaced, each by an upload
 * made for that correction. The correction is one transaction: the status (changed only if the
 * request is still OBSERVADO), a new version of each replaced document (earlier versions are
 * never changed), the timeline row, the citizen's mail and the idempotent answer.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import * as v from 'valibot';
import type { CorrectedFile, CorrectionCase, CorrectionReceipt, CorrectionState, ObservedDocument } from '../../src/api/types.ts';
import { correctionRule } from '../../src/config/derive.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { limaDateTime } from '../../src/domain/calendar.ts';
import {
  checkCorrection,
  documentLabel,
  isWithinDeadline,
  slotKey,
  type CorrectionDocument,
  type CorrectionFieldError,
} from '../../src/domain/correction.ts';
import { checkFileAgainstRule } from '../../src/domain/files.ts';
import type { IdentityDocumentType } from '../../src/domain/identity.ts';
import { stageLabel, statusLabel, transition } from '../../src/domain/lifecycle.ts';
import type { Clock } from '../clock.ts';
import { moveStatus } from '../db/request-status.ts';
import type { Database, DeskDatabase, RequestFilesTable, RequestsTable, SlotKind, UploadsTable } from '../db/schema.ts';
import { canonicalJson, sha256Hex } from '../filings/submission.ts';
import { answerOnce, claimKey, saveAnswer } from '../http/idempotency.ts';
import { ProblemError, type ProblemCode } from '../http/problems.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { formatDate } from '../mail/templates.ts';
import { applicantName, currentLocation } from '../staff/staff-desk.ts';
import { emailHint } from './email-hint.ts';
import { correctionTerm, expireOverdueCorrections, mailRef } from './expiry.ts';
import { shapeProblem } from '../http/validation.ts';

/** Who sends a correction, as the timeline's "entidad origen" names them. */
export const APPLICANT_ORIGIN = 'ADMINISTRADO';

/** Keeps correction keys apart from filing keys in the shared `idempotency_keys` table. */
const KEY_PREFIX = 'correction:';

export interface CorrectionResult {
  receipt: CorrectionReceipt;
  replayed: boolean;
}

const CorrectionSubmissionShape = v.object({
  requestNumber: v.pipe(v.string(), v.maxLength(100)),
  documentNumber: v.pipe(v.string(), v.maxLength(100)),
  documents: v.pipe(
    v.array(
      v.object({
        slot: v.picklist(['main', 'annex']),
        index: v.pipe(v.number(), v.integer(), v.minValue(0)),
        uploadId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
        documentNumber: v.pipe(
          v.nullish(v.pipe(v.string(), v.maxLength(200))),
          v.transform((value) => value ?? undefined),
        ),
      }),
    ),
    v.maxLength(100),
  ),
});

export type CorrectionSubmissionInput = v.InferOutput<typeof CorrectionSubmissionShape>;

/** The body's shape (types only: what the documents may be is `checkCorrection`'s job); 400 otherwise. */
export function readCorrectionShape(body: unknown): CorrectionSubmissionInput {
  const result = v.safeParse(CorrectionSubmissionShape, body, { abortEarly: false });
  if (result.success) return result.output;
  throw shapeProblem('La subsanación', result.issues);
}

/** The deadline is past: thrown inside the transaction so it rolls back, then settled. */
class DeadlinePassed extends Error {
  constructor(readonly deadlineDate: string) {
    super('deadline passed');
  }
}

/** `dd/mm/aaaa a las hh:mm`, Lima time. */
function dateAndHour(instant: string): string {
  const lima = limaDateTime(new Date(instant));
  return `${formatDate(lima.date)} a las ${lima.time.slice(0, 5)}`;
}

export class CorrectionDesk {
  constructor(
    private readonly config: AgencyConfig,
    private readonly db: DeskDatabase,
    private readonly clock: Clock,
  ) {}

  /** What the correction panel shows of a request (already found for its citizen and settled). */
  async caseOf(request: RequestsTable): Promise<CorrectionCase> {
    const now = this.clock.now();
    const [term, observedEvent, observations, correction, files] = await Promise.all([
      correctionTerm(this.db, this.config, request),
      this.db
        .selectFrom('request_events')
        .select(['at', 'note'])
        .where('request_id', '=', request.id)
        .where('stage', '=', 'OBSERVADO')
        .orderBy('at')
        .executeTakeFirst(),
      this.db.selectFrom('request_observations').selectAll().where('request_id', '=', request.id).orderBy('slot', 'desc').orderBy('slot_index').execute(),
      this.db.selectFrom('request_corrections').selectAll().where('request_id', '=', request.id).executeTakeFirst(),
      this.db.selectFrom('request_files').selectAll().where('request_id', '=', request.id).where('correction_id', 'is not', null).execute(),
    ]);
    const observedAt = term?.observedAt;
    const deadline = term?.deadline;

    let state: CorrectionState = 'not-observed';
    if (correction) state = 'corrected';
    else if (request.status === 'NO_PRESENTADO') state = 'expired';
    else if (request.status === 'OBSERVADO' && term) state = !term.notified || isWithinDeadline(now, term.deadline) ? 'open' : 'expired';

    const procedure = request.procedure_id ? this.config.procedures.find((option) => option.id === request.procedure_id) : undefined;
    const answer: CorrectionCase = {
      requestNumber: request.request_number,
      status: request.status,
      statusLabel: stageLabel(request.status),
      state,
      ...(procedure && { procedure: { id: procedure.id, name: procedure.name } }),
      subject: request.subject,
      applicant: {
        name: applicantName(request),
        documentType: request.applicant_document_type as IdentityDocumentType,
        documentNumber: request.applicant_document_number,
        emailHint: emailHint(request.applicant_email),
      },
      ...(request.organization_ruc !== null && { organization: { ruc: request.organization_ruc, name: request.organization_name ?? '' } }),
      receivedAt: request.received_at,
      deemedFiledDate: request.deemed_filed_date,
      now: now.toISOString(),
    };
    if (observedAt !== undefined && deadline) {
      answer.observation = {
        note: observedEvent?.note ?? null,
        observedAt,
        deadline: { date: deadline.date, endsAt: deadline.endsAt.toISOString() },
        documents: observations.map((observation): ObservedDocument => {
          const replacement = files.find((file) => file.slot === observation.slot && file.slot_index === observation.slot_index);
          return {
            ...labelled(observation),
            name: observation.file_name,
            note: observation.note,
            ...(replacement && { replacement: correctedFile(replacement) }),
          };
        }),
      };
    }
    if (correction) answer.correctedAt = correction.received_at;
    return answer;
  }

  /**
   * Receives the replacements for `request` (found for its citizen). `key`: the request's
   * `Idempotency-Key`, already checked by the HTTP layer; `body`: the parsed JSON as sent.
   */
  async submit(key: string, body: unknown, submission: CorrectionSubmissionInput, request: RequestsTable): Promise<CorrectionResult> {
    const conflict = (earlier: CorrectionReceipt) =>
      new ProblemError('idempotency.conflict', {
        detail: `Esta subsanación ya fue recibida el ${dateAndHour(earlier.receivedAt)}. Los cambios que hizo después no se guardaron.`,
      });
    const scopedKey = `${KEY_PREFIX}${key}`;
    const bodyHash = sha256Hex(canonicalJson(body));
    const options = { db: this.db, agencyId: this.config.id, key: scopedKey, bodyHash, conflict };
    const result = await answerOnce(options, async () => {
      try {
        return await this.record(scopedKey, bodyHash, submission, request.id);
      } catch (error) {
        if (!(error instanceof DeadlinePassed)) throw error;
        // The transaction rolled back; settle the request now (NO PRESENTADO), then refuse.
        await expireOverdueCorrections(this.db, this.config, this.clock, { requestId: request.id });
        throw deadlinePassed(error.deadlineDate);
      }
    });
    return { receipt: result.answer, replayed: result.replayed };
  }

  private async record(key: string, bodyHash: string, submission: CorrectionSubmissionInput, requestId: string): Promise<CorrectionReceipt> {
    const config = this.config;
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      await claimKey(trx, config.id, key, bodyHash, now.toISOString());
      const row = await trx.selectFrom('requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
      const events = await trx.selectFrom('request_events').selectAll().where('request_id', '=', row.id).orderBy('at').execute();
      await this.refuseWhenNotOpen(trx, row, now);

      const observed = await trx.selectFrom('request_observations').select(['slot', 'slot_index']).where('request_id', '=', row.id).execute();
      const checked = checkCorrection(
        observed.map((observation) => ({ slot: observation.slot, index: observation.slot_index })),
        submission.documents as CorrectionDocument[],
        { documentNumber: config.corrections.documentNumber },
      );
      if (!checked.ok) {
        throw new ProblemError('correction.invalid', {
          detail: 'Reemplace cada documento observado, y solo esos, con un archivo. Corrija lo indicado y vuelva a enviar.',
          errors: checked.errors,
        });
      }
      const documents = checked.documents;
      const uploads = await trx
        .selectFrom('uploads')
        .selectAll()
        .where('id', 'in', documents.map((document) => document.uploadId))
        .execute();
      const replacements = this.checkUploads(documents, new Map(uploads.map((upload) => [upload.id, upload])));

      // Conditional on the status read above: of two corrections racing (two keys, two tabs),
      // one moves the request and the other is refused, before either writes anything else.
      const history = events.map((event) => event.stage);
      transition('OBSERVADO', 'SUBSANADO', history);
      if (!(await moveStatus(trx, row.id, 'OBSERVADO', 'SUBSANADO'))) {
        // Another process moved it meanwhile: a correction, or the deadline's NO PRESENTADO.
        const current = await trx.selectFrom('requests').select('status').where('id', '=', row.id).executeTakeFirst();
        if (current?.status === 'NO_PRESENTADO') throw deadlinePassed(row.correction_due_date ?? '');
        throw alreadyCorrected(row.request_number, null);
      }

      // Timeline instants strictly increase, as in every other step.
      const last = events.length > 0 ? Date.parse(events[events.length - 1]!.at) : Number.NEGATIVE_INFINITY;
      const at = new Date(Math.max(now.getTime(), last + 1)).toISOString();
      const correctionId = randomUUID();
      await trx.insertInto('request_corrections').values({ id: correctionId, request_id: row.id, received_at: at }).execute();

      const files: CorrectedFile[] = [];
      for (const { document, upload } of replacements) {
        const previous = await trx
          .selectFrom('request_files')
          .select((eb) => eb.fn.max('version').as('version'))
          .where('request_id', '=', row.id)
          .where('slot', '=', document.slot)
          .where('slot_index', '=', document.index)
          .executeTakeFirst();
        // Conditional on "not used yet", so two corrections racing for one upload cannot both win.
        const link = await trx.updateTable('uploads').set({ request_id: row.id }).where('id', '=', upload.id).where('request_id', 'is', null).executeTakeFirst();
        if (Number(link.numUpdatedRows) !== 1) throw uploadProblem([uploadError(document, 'upload.alreadyUsed')]);
        const file: RequestFilesTable = {
          request_id: row.id,
          slot: document.slot,
          slot_index: document.index,
          version: Number(previous?.version ?? 0) + 1,
          upload_id: upload.id,
          name: upload.name,
          type: upload.type,
          size: upload.size,
          pages: upload.pages,
          sha256: upload.sha256,
          storage_key: upload.storage_key,
          created_at: at,
          document_number: document.documentNumber ?? null,
          correction_id: correctionId,
        };
        await trx.insertInto('request_files').values(file).execute();
        files.push(correctedFile(file));
      }

      await trx
        .insertInto('request_events')
        .values({
          id: randomUUID(),
          request_id: row.id,
          stage: 'SUBSANADO',
          at,
          origin: APPLICANT_ORIGIN,
          destination: currentLocation(events),
          note: `Subsanación de: ${files.map((file) => `${file.label} (${file.name})`).join(', ')}`,
        })
        .execute();

      // The original filing date stands (art. 137): deemed_filed_date is not touched.
      const receipt: CorrectionReceipt = {
        requestNumber: row.request_number,
        status: 'SUBSANADO',
        statusLabel: statusLabel('SUBSANADO'),
        applicantName: applicantName(row),
        emailHint: emailHint(row.applicant_email),
        receivedAt: at,
        deemedFiledDate: row.deemed_filed_date,
        files,
      };
      await enqueueMail(
        trx,
        {
          agencyId: config.id,
          requestId: row.id,
          kind: 'request.corrected',
          recipient: row.applicant_email,
          payload: {
            ...mailRef(config, row),
            status: 'SUBSANADO',
            statusLabel: statusLabel('SUBSANADO'),
            at,
            receivedAt: at,
            deemedFiledDate: row.deemed_filed_date,
            files: files.map((file) => ({ label: file.label, name: file.name, ...(file.documentNumber && { documentNumber: file.documentNumber }) })),
          },
        },
        new Date(at),
      );
      await saveAnswer(trx, config.id, key, receipt, row.id);
      return receipt;
    });
  }

  /** Refuses (409) a request that has nothing to correct now, saying why. */
  private async refuseWhenNotOpen(trx: Transaction<Database>, row: RequestsTable, now: Date): Promise<void> {
    const correction = await trx.selectFrom('request_corrections').select('received_at').where('request_id', '=', row.id).executeTakeFirst();
    if (correction) throw alreadyCorrected(row.request_number, correction.received_at);
    if (row.status === 'NO_PRESENTADO') throw deadlinePassed(row.correction_due_date ?? '');
    if (row.status !== 'OBSERVADO') {
      const detail =
        row.correction_due_at === null && row.status !== 'ATENDIDO' && row.status !== 'ANULADO'
          ? `La solicitud N° ${row.request_number} no tiene observaciones: no hay nada que subsanar.`
          : `La solicitud N° ${row.request_number} está ${stageLabel(row.status)} y ya no admite subsanación.`;
      throw new ProblemError('correction.notObserved', { detail });
    }
    // The same term the look-up shows, so the panel and this check never disagree; a notice not
    // sent yet has started no term, so nothing can be late.
    const term = await correctionTerm(trx, this.config, row);
    if (term?.notified && !isWithinDeadline(now, term.deadline)) throw new DeadlinePassed(term.deadline.date);
  }

  /**
   * Each replacement is an upload of this agency, made for a correction of that same document,
   * not used before, within the correction's size and type (checked at upload; again here, as
   * the config may have changed since).
   */
  private checkUploads(documents: readonly CorrectionDocument[], uploads: ReadonlyMap<string, UploadsTable>) {
    const errors: CorrectionFieldError[] = [];
    const checked: { document: CorrectionDocument; upload: UploadsTable }[] = [];
    for (const document of documents) {
      const upload = uploads.get(document.uploadId);
      if (!upload || upload.agency_id !== this.config.id) errors.push(uploadError(document, 'upload.notFound'));
      else if (upload.purpose !== 'correction' || upload.slot !== document.slot || upload.slot_index !== document.index) {
        errors.push(uploadError(document, 'upload.wrongSlot'));
      } else if (upload.request_id !== null) errors.push(uploadError(document, 'upload.alreadyUsed'));
      else {
        const slot = document.slot === 'main' ? ({ kind: 'main' } as const) : ({ kind: 'annex', index: document.index } as const);
        const [problem] = checkFileAgainstRule({ name: upload.name, size: Number(upload.size) }, correctionRule(this.config, slot));
        if (problem) errors.push(uploadError(document, problem.code));
        else checked.push({ document, upload });
      }
    }
    if (errors.length > 0) throw uploadProblem(errors);
    return checked;
  }
}

/** A stored document's slot as the contract gives it, with its label ("Anexo 2"). */
function labelled(row: { slot: SlotKind; slot_index: number }) {
  return { slot: row.slot, index: row.slot_index, label: documentLabel({ slot: row.slot, index: row.slot_index }) };
}

function correctedFile(file: RequestFilesTable): CorrectedFile {
  return {
    ...labelled(file),
    version: file.version,
    name: file.name,
    size: Number(file.size),
    pages: file.pages,
    sha256: file.sha256,
    ...(file.document_number !== null && { documentNumber: file.document_number }),
  };
}

function uploadError(document: CorrectionDocument, code: string): CorrectionFieldError {
  return { field: `replacement:${slotKey(document)}`, code, params: { slot: document.slot, index: document.index } };
}

const UPLOAD_DETAILS: Record<string, string> = {
  'upload.notFound': 'Uno de los archivos no terminó de subirse o no pertenece a esta mesa de partes. Súbalo de nuevo.',
  'upload.wrongSlot': 'Un archivo no se subió para subsanar ese documento. Súbalo de nuevo en el lugar del documento que reemplaza.',
  'upload.alreadyUsed': 'Un archivo ya se presentó antes. Súbalo de nuevo para esta subsanación.',
};

/** 422: the first error's upload code when it is one (as filings answer), else `correction.invalid`. */
function uploadProblem(errors: CorrectionFieldError[]): ProblemError {
  const first = errors[0]!.code;
  const code: ProblemCode = (['upload.notFound', 'upload.wrongSlot', 'upload.alreadyUsed'] as const).find((upload) => upload === first) ?? 'correction.invalid';
  const detail = UPLOAD_DETAILS[first] ?? 'Un archivo no cumple el tipo o el tamaño que se acepta para subsanar. Elija otro archivo.';
  return new ProblemError(code, { detail, errors });
}

function alreadyCorrected(requestNumber: string, receivedAt: string | null): ProblemError {
  return new ProblemError('correction.notObserved', {
    detail: receivedAt
      ? `La solicitud N° ${requestNumber} ya fue subsanada el ${dateAndHour(receivedAt)}. Una observación se subsana una sola vez.`
      : `La solicitud N° ${requestNumber} ya fue subsanada. Una observación se subsana una sola vez.`,
  });
}

function deadlinePassed(deadlineDate: string): ProblemError {
  const date = deadlineDate ? ` el ${formatDate(deadlineDate)} a las 23:59` : '';
  return new ProblemError('correction.deadlinePassed', {
    detail: `El plazo para subsanar venció${date}. La solicitud se tiene por no presentada (art. 136 del TUO de la Ley N° 27444); puede presentar una nueva solicitud.`,
  });
}
