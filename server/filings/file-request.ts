/**
 * Filing a request: the server re-validates what the browser sent against the same config and
 * domain rules, then gives the request its number in one transaction with everything else, so
 * a number is never lost or given twice, even with several processes on one database.
 */
import { randomUUID } from 'node:crypto';
import type { Receipt } from '../../src/api/types.ts';
import { businessCalendar } from '../../src/config/derive.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { deemedFiled, limaDateTime, type BusinessCalendar } from '../../src/domain/calendar.ts';
import { checkFoliosAgainstPages, normalizeFiling, type FieldError, type NormalizedFiling } from '../../src/domain/filing.ts';
import { DESK_ORIGIN, INITIAL_STATUS } from '../../src/domain/lifecycle.ts';
import { formatRequestNumber } from '../../src/domain/request-number.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase, RequestsTable, UploadsTable } from '../db/schema.ts';
import { answerOnce, claimKey, saveAnswer } from '../http/idempotency.ts';
import { ProblemError } from '../http/problems.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { DownloadGrants } from '../tracking/download-grants.ts';
import { spendEmailToken } from '../verification/codes.ts';
import type { ReceivedPayload } from '../mail/templates.ts';
import { receiptFromRequest } from './receipt.ts';
import { canonicalJson, readSubmissionShape, sha256Hex } from './submission.ts';
import { shapeProblem } from '../http/validation.ts';

export { INITIAL_STATUS };

/** Always answered with 201: a new filing and the replay of one look the same but for `replayed`. */
export interface FilingResult {
  receipt: Receipt;
  replayed: boolean;
}

export class FilingDesk {
  private readonly calendar: BusinessCalendar;

  constructor(
    private readonly config: AgencyConfig,
    private readonly db: DeskDatabase,
    private readonly clock: Clock,
    /** Signs the receipt's `downloadToken`; the tracking routes must check with the same key. */
    private readonly grants: DownloadGrants,
  ) {
    this.calendar = businessCalendar(config);
  }

  /** `key`: the request's `Idempotency-Key`, already checked by the HTTP layer. */
  async file(key: string, body: unknown): Promise<FilingResult> {
    const bodyHash = sha256Hex(canonicalJson(body));
    // The same key with another body is a conflict that still carries the earlier receipt: the
    // usual way to get here is a citizen whose first send went through, whose answer was lost,
    // and who changed a field before sending again: they must learn the number they already have.
    const conflict = (receipt: Receipt) =>
      new ProblemError('idempotency.conflict', {
        detail: `Esta solicitud ya fue registrada con el número ${receipt.requestNumber}. Los cambios que hizo después no se guardaron.`,
        receipt,
      });
    const answered = answerOnce({ db: this.db, agencyId: this.config.id, key, bodyHash, conflict }, async () => {
      const shape = readSubmissionShape(body);
      if (!shape.ok) throw shapeProblem('La solicitud', shape.issues);
      const checked = normalizeFiling(this.config, shape.submission);
      if (!checked.ok) {
        throw new ProblemError('filing.invalid', {
          detail: 'Algunos datos no son válidos. Corríjalos y vuelva a enviar.',
          errors: checked.errors,
        });
      }
      return this.record(key, bodyHash, checked.filing, shape.submission.verificationToken);
    });
    let result: Awaited<typeof answered>;
    try {
      result = await answered;
    } catch (error) {
      // The conflict's receipt gets a token too: only the client that sent the first body holds
      // its key, so it is the citizen whose answer was lost.
      const earlier = error instanceof ProblemError && error.problem.code === 'idempotency.conflict' ? error.problem.receipt : undefined;
      if (!earlier) throw error;
      throw conflict(await this.withDownloadToken(key, earlier));
    }
    return { receipt: await this.withDownloadToken(key, result.answer), replayed: result.replayed };
  }

  /**
   * The receipt answered for `key` with a fresh download grant. Added to every answer, a replay's
   * too, and never to the stored one: a token in the idempotency record would outlive its hour.
   */
  private async withDownloadToken(key: string, receipt: Receipt): Promise<Receipt> {
    const answered = await this.db
      .selectFrom('idempotency_keys')
      .select('request_id')
      .where('agency_id', '=', this.config.id)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    if (!answered?.request_id) return receipt;
    const downloadToken = this.grants.issue({ agencyId: this.config.id, requestId: answered.request_id });
    return { ...receipt, downloadToken };
  }

  private async record(key: string, bodyHash: string, filing: NormalizedFiling, verificationToken: string | undefined): Promise<Receipt> {
    const config = this.config;
    const receivedAt = this.clock.now();
    const deemed = deemedFiled(receivedAt, config.filingHours, this.calendar);
    // Numbers restart each Lima year: 2027-01-01T04:59Z is still 31 December 2026 in Lima.
    const year = Number(limaDateTime(receivedAt).date.slice(0, 4));
    const at = receivedAt.toISOString();

    return this.db.transaction().execute(async (trx) => {
      await claimKey(trx, config.id, key, bodyHash, at);
      const requestId = randomUUID();

      const ids = [filing.attachments.main.uploadId, ...filing.attachments.annexes.map((ref) => ref.uploadId)];
      const rows = await trx.selectFrom('uploads').selectAll().where('id', 'in', ids).execute();
      const files = checkAttachments(config.id, config.attachments.annexes.max, filing, new Map(rows.map((row) => [row.id, row])));
      checkFolios(filing, files);


      const counter = await trx
        .insertInto('request_counters')
        .values({ agency_id: config.id, year, last_seq: 1 })
        .onConflict((conflict) =>
          conflict.columns(['agency_id', 'year']).doUpdateSet((eb) => ({ last_seq: eb('request_counters.last_seq', '+', 1) })),
        )
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      const requestNumber = formatRequestNumber(config.requestNumber.pattern, { seq: counter.last_seq, year });

      const request: RequestsTable = {
        id: requestId,
        agency_id: config.id,
        request_number: requestNumber,
        year,
        seq: counter.last_seq,
        status: INITIAL_STATUS,
        person_kind: filing.personKind,
        applicant_document_type: filing.applicant.documentType,
        applicant_document_number: filing.applicant.documentNumber,
        applicant_given_names: filing.applicant.givenNames,
        applicant_surnames: filing.applicant.surnames,
        applicant_email: filing.applicant.email,
        applicant_phone: filing.applicant.phone ?? null,
        organization_ruc: filing.organization?.ruc ?? null,
        organization_name: filing.organization?.name ?? null,
        procedure_id: filing.procedure?.id ?? null,
        office_id: filing.office?.id ?? null,
        document_kind_id: filing.documentKind?.id ?? null,
        document_number: filing.documentNumber ?? null,
        folios: filing.folios ?? null,
        subject: filing.subject,
        accepted_consents: JSON.stringify(filing.consents),
        received_at: at,
        received_date: deemed.receivedDate,
        deemed_filed_date: deemed.deemedDate,
        deemed_filed_reason: deemed.reason,
        created_at: at,
        correction_due_at: null,
        correction_due_date: null,
      };
      const receipt = receiptFromRequest(config, request, files);
      await trx.insertInto('requests').values(request).execute();

      // The agency wants proof the applicant holds the email (a code sent to it): the token is
      // spent by this filing, in this transaction, so a refused filing gives it back. A replay
      // with the same key never gets here (answerOnce answers it with the stored receipt).
      if (config.verification.email === 'required') {
        const refused = await spendEmailToken(trx, config, verificationToken, filing.applicant.email, requestId, receivedAt);
        if (refused) {
          throw new ProblemError('filing.invalid', {
            detail:
              refused.code === 'verification.required'
                ? 'Valide su correo electrónico con el código que le enviamos antes de enviar la solicitud.'
                : 'La validación de su correo electrónico venció, ya se usó o es de otro correo. Solicite un nuevo código de validación.',
            errors: [refused],
          });
        }
      }

      // The "hemos recibido su solicitud" mail exists exactly when the request does (outbox).
      const received: ReceivedPayload = { agencyId: config.id, documentNumber: filing.applicant.documentNumber, receipt };
      await enqueueMail(
        trx,
        { agencyId: config.id, requestId, kind: 'request.received', recipient: filing.applicant.email, payload: { ...received } },
        receivedAt,
      );

      for (const file of files) {
        // Conditional on "not used yet", so two filings racing for one upload cannot both win.
        const link = await trx
          .updateTable('uploads')
          .set({ request_id: requestId })
          .where('id', '=', file.id)
          .where('request_id', 'is', null)
          .executeTakeFirst();
        if (Number(link.numUpdatedRows) !== 1) throw alreadyUsed(filing, file);
        await trx
          .insertInto('request_files')
          .values({
            request_id: requestId,
            slot: file.slot,
            slot_index: file.slot_index,
            version: 1,
            upload_id: file.id,
            name: file.name,
            type: file.type,
            size: file.size,
            pages: file.pages,
            sha256: file.sha256,
            storage_key: file.storage_key,
            created_at: at,
            document_number: null,
            correction_id: null,
          })
          .execute();
      }

      await trx
        .insertInto('request_events')
        .values({
          id: randomUUID(),
          request_id: requestId,
          stage: INITIAL_STATUS,
          at,
          origin: DESK_ORIGIN,
          destination: null,
          note: 'Recepción de solicitud',
        })
        .execute();

      await saveAnswer(trx, config.id, key, receipt, requestId);
      return receipt;
    });
  }
}

/** For the upload a concurrent filing took between our check and our link (PostgreSQL). */
function alreadyUsed(filing: NormalizedFiling, file: UploadsTable): ProblemError {
  const position = filing.attachments.annexes.findIndex((ref) => ref.uploadId === file.id) + 1;
  const error: FieldError =
    file.slot === 'main'
      ? { field: 'mainFile', code: 'upload.alreadyUsed' }
      : { field: 'annexes', code: 'upload.alreadyUsed', params: { position } };
  return new ProblemError('upload.alreadyUsed', { detail: ATTACHMENT_DETAILS['upload.alreadyUsed'], errors: [error] });
}

/**
 * The referenced uploads must be finished, of this agency, in the slot they were uploaded for
 * (the slot's size limit was applied there) and unused. Each annex keeps the position it was
 * uploaded for (1…max, each once), so the receipt's "Anexo 2" is the file that was checked against
 * annex 2's limit; positions may have gaps when the citizen removed an annex before sending.
 * Returns the uploads in receipt order: main, then annexes by index.
 */
function checkAttachments(
  agencyId: string,
  maxAnnexes: number,
  filing: NormalizedFiling,
  uploads: ReadonlyMap<string, UploadsTable>,
): UploadsTable[] {
  const errors: FieldError[] = [];
  const mine = (id: string) => {
    const row = uploads.get(id);
    return row && row.agency_id === agencyId ? row : undefined;
  };

  const main = mine(filing.attachments.main.uploadId);
  if (!main) errors.push({ field: 'mainFile', code: 'upload.notFound' });
  // An upload made to replace an observed document had the correction's limits, not the filing's.
  else if (main.slot !== 'main' || main.purpose !== 'filing') errors.push({ field: 'mainFile', code: 'upload.wrongSlot' });
  else if (main.request_id !== null) errors.push({ field: 'mainFile', code: 'upload.alreadyUsed' });

  const annexes: UploadsTable[] = [];
  const seenIndexes = new Set<number>();
  filing.attachments.annexes.forEach((ref, position) => {
    const params = { position: position + 1 };
    const row = mine(ref.uploadId);
    if (!row) errors.push({ field: 'annexes', code: 'upload.notFound', params });
    else if (row.slot !== 'annex' || row.purpose !== 'filing' || row.slot_index < 1 || row.slot_index > maxAnnexes || seenIndexes.has(row.slot_index)) {
      errors.push({ field: 'annexes', code: 'upload.wrongSlot', params });
    } else if (row.request_id !== null) errors.push({ field: 'annexes', code: 'upload.alreadyUsed', params });
    else {
      seenIndexes.add(row.slot_index);
      annexes.push(row);
    }
  });

  if (errors.length > 0) {
    const code = errors[0]!.code as 'upload.notFound' | 'upload.wrongSlot' | 'upload.alreadyUsed';
    throw new ProblemError(code, { detail: ATTACHMENT_DETAILS[code], errors });
  }
  return [main!, ...annexes.sort((a, b) => a.slot_index - b.slot_index)];
}

const ATTACHMENT_DETAILS = {
  'upload.notFound': 'Uno de los archivos no terminó de subirse o no pertenece a esta mesa de partes. Súbalo de nuevo.',
  'upload.wrongSlot': 'Un archivo se subió para otro lugar del formulario. Súbalo de nuevo en el lugar que corresponde.',
  'upload.alreadyUsed': 'Un archivo ya se presentó en otra solicitud. Súbalo de nuevo para esta.',
} as const;


/**
 * The declared folios stay the citizen's word (images and Word files have no page count), but
 * never fewer than the pages the server counted in the attached PDFs.
 */
function checkFolios(filing: NormalizedFiling, files: readonly UploadsTable[]): void {
  const error = checkFoliosAgainstPages(filing.folios, files.map((file) => file.pages));
  if (!error) return;
  const pages = error.params!.pages;
  throw new ProblemError('filing.invalid', {
    detail: `Declaró ${filing.folios} folios, pero los PDF adjuntos suman ${pages} páginas. Indique al menos ${pages} folios.`,
    errors: [error],
  });
}

