/**
 * Filing a request: the server re-validates what the browser sent against the same config and
 * domain rules, then gives the request its number in one transaction with everything else, so
 * a number is never lost or given twice, even with several processes on one database.
 */
import { randomUUID } from 'node:crypto';
import type { Receipt, ReceiptFile } from '../../src/api/types.ts';
import { businessCalendar, filingHoursPolicy, identityOptions } from '../../src/config/derive.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { deemedFiled, limaDateTime, type BusinessCalendar } from '../../src/domain/calendar.ts';
import { validateFiling, visibleFields, type FieldError, type FilingSubmission } from '../../src/domain/filing.ts';
import { validateIdentityDocument, validateRuc } from '../../src/domain/identity.ts';
import { formatRequestNumber } from '../../src/domain/request-number.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase, UploadsTable } from '../db/schema.ts';
import { ProblemError } from '../http/problems.ts';
import { canonicalJson, readSubmissionShape, sha256Hex } from './submission.ts';

export const INITIAL_STATUS = 'RECIBIDO';
const DESK_ORIGIN = 'MESA DE PARTES';
const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

export interface FilingResult {
  /** 201 both for a new filing and for a replay of the same key and body. */
  status: number;
  receipt: Receipt;
  replayed: boolean;
}

/** The trimmed `Idempotency-Key`; a problem when it is missing or unreasonably long. */
export function requireIdempotencyKey(header: string | undefined): string {
  const key = header?.trim() ?? '';
  if (!key) {
    throw new ProblemError('idempotency.missing', {
      detail: 'Envíe la cabecera Idempotency-Key con un valor único por solicitud (por ejemplo un UUID).',
    });
  }
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new ProblemError('request.malformed', {
      detail: `La cabecera Idempotency-Key puede tener hasta ${MAX_IDEMPOTENCY_KEY_LENGTH} caracteres.`,
    });
  }
  return key;
}

/** Another request with the same key committed first (found inside our transaction). */
class IdempotencyKeyTaken extends Error {}

export class FilingDesk {
  private readonly calendar: BusinessCalendar;

  constructor(
    private readonly config: AgencyConfig,
    private readonly db: DeskDatabase,
    private readonly clock: Clock,
  ) {
    this.calendar = businessCalendar(config);
  }

  async file(idempotencyKey: string | undefined, body: unknown): Promise<FilingResult> {
    const key = requireIdempotencyKey(idempotencyKey);
    const bodyHash = sha256Hex(canonicalJson(body));

    // A retry of a filing that already succeeded: answer as before, before re-checking uploads
    // that the first attempt has, by now, used.
    const earlier = await this.replay(key, bodyHash);
    if (earlier) return earlier;

    const shape = readSubmissionShape(body);
    if (!shape.ok) {
      throw new ProblemError('request.malformed', {
        detail: `La solicitud no tiene la forma esperada: ${shape.issues.slice(0, 5).join('; ')}.`,
      });
    }
    const submission = shape.submission;
    const errors = validateFiling(this.config, submission);
    if (errors.length > 0) {
      throw new ProblemError('filing.invalid', {
        detail: 'Algunos datos no son válidos. Corríjalos y vuelva a enviar.',
        errors,
      });
    }

    try {
      const receipt = await this.record(key, bodyHash, submission);
      return { status: 201, receipt, replayed: false };
    } catch (error) {
      if (!(error instanceof IdempotencyKeyTaken)) throw error;
      const replayed = await this.replay(key, bodyHash);
      if (replayed) return replayed;
      throw error; // cannot happen: the key's row was committed before we saw it
    }
  }

  private async replay(key: string, bodyHash: string): Promise<FilingResult | null> {
    const stored = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('agency_id', '=', this.config.id)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    if (!stored) return null;
    if (stored.body_sha256 !== bodyHash) {
      throw new ProblemError('idempotency.conflict', {
        detail: 'Ya se envió una solicitud con esta clave y otros datos. Si quiere enviar una solicitud nueva, vuelva a cargar el formulario.',
      });
    }
    return { status: stored.status, receipt: JSON.parse(stored.response_json) as Receipt, replayed: true };
  }

  private async record(key: string, bodyHash: string, submission: FilingSubmission): Promise<Receipt> {
    const config = this.config;
    const receivedAt = this.clock.now();
    const deemed = deemedFiled(receivedAt, filingHoursPolicy(config), this.calendar);
    // Numbers restart each Lima year: 2027-01-01T04:59Z is still 31 December 2026 in Lima.
    const year = Number(limaDateTime(receivedAt).date.slice(0, 4));
    const at = receivedAt.toISOString();

    return this.db.transaction().execute(async (trx) => {
      // Claim the key first. Under concurrency the loser's insert does nothing (PostgreSQL makes
      // it wait for the winner's commit); it then replays the winner's answer.
      const claim = await trx
        .insertInto('idempotency_keys')
        .values({
          agency_id: config.id,
          idempotency_key: key,
          body_sha256: bodyHash,
          status: 0,
          response_json: '',
          request_id: null,
          created_at: at,
        })
        .onConflict((conflict) => conflict.columns(['agency_id', 'idempotency_key']).doNothing())
        .executeTakeFirst();
      if (Number(claim.numInsertedOrUpdatedRows ?? 0n) === 0) throw new IdempotencyKeyTaken();

      const ids = [submission.attachments.main!.uploadId, ...submission.attachments.annexes.map((ref) => ref.uploadId)];
      const rows = await trx.selectFrom('uploads').selectAll().where('id', 'in', ids).execute();
      const files = checkAttachments(config.id, config.attachments.annexes.max, submission, new Map(rows.map((row) => [row.id, row])));

      const counter = await trx
        .insertInto('request_counters')
        .values({ agency_id: config.id, year, last_seq: 1 })
        .onConflict((conflict) =>
          conflict.columns(['agency_id', 'year']).doUpdateSet((eb) => ({ last_seq: eb('request_counters.last_seq', '+', 1) })),
        )
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      const requestNumber = formatRequestNumber(config.requestNumber.pattern, { seq: counter.last_seq, year });

      const requestId = randomUUID();
      const receipt = buildReceipt(config, submission, {
        requestNumber,
        receivedAt: at,
        deemed,
        files: files.map(receiptFile),
      });
      const visible = visibleFields(config);
      await trx
        .insertInto('requests')
        .values({
          id: requestId,
          agency_id: config.id,
          request_number: requestNumber,
          year,
          seq: counter.last_seq,
          status: INITIAL_STATUS,
          person_kind: submission.personKind,
          applicant_document_type: receipt.applicant.documentType,
          applicant_document_number: receipt.applicant.documentNumber,
          applicant_given_names: submission.applicant.givenNames.trim(),
          applicant_surnames: submission.applicant.surnames.trim(),
          applicant_email: receipt.applicant.email,
          applicant_phone: visible.phone ? submission.applicant.phone?.trim() || null : null,
          organization_ruc: receipt.organization?.ruc ?? null,
          organization_name: receipt.organization?.name ?? null,
          procedure_id: receipt.procedure?.id ?? null,
          office_id: receipt.office?.id ?? null,
          document_kind_id: receipt.documentKind?.id ?? null,
          document_number: receipt.documentNumber ?? null,
          folios: receipt.folios ?? null,
          subject: receipt.subject,
          accepted_consents: JSON.stringify(acceptedConsents(config, submission)),
          received_at: at,
          received_date: deemed.receivedDate,
          deemed_filed_date: deemed.deemedDate,
          deemed_filed_reason: deemed.reason,
          created_at: at,
        })
        .execute();

      for (const file of files) {
        // Conditional on "not used yet", so two filings racing for one upload cannot both win.
        const link = await trx
          .updateTable('uploads')
          .set({ request_id: requestId })
          .where('id', '=', file.id)
          .where('request_id', 'is', null)
          .executeTakeFirst();
        if (Number(link.numUpdatedRows) !== 1) throw alreadyUsed(submission, file);
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

      await trx
        .updateTable('idempotency_keys')
        .set({ status: 201, response_json: JSON.stringify(receipt), request_id: requestId })
        .where('agency_id', '=', config.id)
        .where('idempotency_key', '=', key)
        .execute();
      return receipt;
    });
  }
}

/** For the upload a concurrent filing took between our check and our link (PostgreSQL). */
function alreadyUsed(submission: FilingSubmission, file: UploadsTable): ProblemError {
  const position = submission.attachments.annexes.findIndex((ref) => ref.uploadId === file.id) + 1;
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
  submission: FilingSubmission,
  uploads: ReadonlyMap<string, UploadsTable>,
): UploadsTable[] {
  const errors: FieldError[] = [];
  const mine = (id: string) => {
    const row = uploads.get(id);
    return row && row.agency_id === agencyId ? row : undefined;
  };

  const main = mine(submission.attachments.main!.uploadId);
  if (!main) errors.push({ field: 'mainFile', code: 'upload.notFound' });
  else if (main.slot !== 'main') errors.push({ field: 'mainFile', code: 'upload.wrongSlot' });
  else if (main.request_id !== null) errors.push({ field: 'mainFile', code: 'upload.alreadyUsed' });

  const annexes: UploadsTable[] = [];
  const seenIndexes = new Set<number>();
  submission.attachments.annexes.forEach((ref, position) => {
    const params = { position: position + 1 };
    const row = mine(ref.uploadId);
    if (!row) errors.push({ field: 'annexes', code: 'upload.notFound', params });
    else if (row.slot !== 'annex' || row.slot_index < 1 || row.slot_index > maxAnnexes || seenIndexes.has(row.slot_index)) {
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

function receiptFile(row: UploadsTable): ReceiptFile {
  return { slot: row.slot, index: row.slot_index, name: row.name, size: Number(row.size), pages: row.pages, sha256: row.sha256 };
}

function acceptedConsents(config: AgencyConfig, submission: FilingSubmission): string[] {
  const accepted = new Set(submission.consents);
  return config.consents.filter((consent) => accepted.has(consent.id)).map((consent) => consent.id);
}

function buildReceipt(
  config: AgencyConfig,
  submission: FilingSubmission,
  facts: { requestNumber: string; receivedAt: string; deemed: ReturnType<typeof deemedFiled>; files: ReceiptFile[] },
): Receipt {
  const { applicant } = submission;
  const visible = visibleFields(config);
  // validateFiling passed, so these succeed; their value is the normalized number
  // (a DNI without its check character, a RUC without spaces).
  const identity = validateIdentityDocument(applicant.documentType, applicant.documentNumber, identityOptions(config, applicant.documentType));
  const option = (list: ReadonlyArray<{ id: string; name: string }>, id: string | undefined) => {
    const found = id ? list.find((item) => item.id === id) : undefined;
    return found ? { id: found.id, name: found.name } : undefined;
  };
  const organization = submission.personKind === 'juridica' ? submission.organization : undefined;
  const ruc = organization ? validateRuc(organization.ruc, config.identity.rucPrefixes) : undefined;
  const procedure = visible.procedure ? option(config.procedures, submission.procedureId) : undefined;
  const office = visible.office ? option(config.offices, submission.officeId) : undefined;
  const documentKind = visible.documentKind ? option(config.documentKinds, submission.documentKindId) : undefined;
  const typedNumber = visible.documentNumber ? submission.documentNumber?.trim() : undefined;
  const documentNumber = typedNumber?.toUpperCase() === 'SN' ? 'SN' : typedNumber;
  const folios = visible.folios ? submission.folios : undefined;
  // Members in the contract's order, absent ones left out (not null), so the stored JSON reads
  // like the receipt.
  const receipt: Receipt = {
    requestNumber: facts.requestNumber,
    agencyId: config.id,
    status: INITIAL_STATUS,
    receivedAt: facts.receivedAt,
    receivedDate: facts.deemed.receivedDate,
    deemedFiledDate: facts.deemed.deemedDate,
    deemedFiledReason: facts.deemed.reason,
    applicant: {
      name: `${applicant.givenNames.trim()} ${applicant.surnames.trim()}`,
      documentType: applicant.documentType,
      documentNumber: identity.ok ? identity.value : applicant.documentNumber.trim(),
      email: applicant.email.trim(),
    },
    ...(organization && { organization: { ruc: ruc?.ok ? ruc.value : organization.ruc.trim(), name: organization.name.trim() } }),
    ...(procedure && { procedure }),
    ...(office && { office }),
    ...(documentKind && { documentKind }),
    ...(documentNumber && { documentNumber }),
    subject: submission.subject.trim(),
    ...(folios !== undefined && { folios }),
    files: facts.files,
  };
  return receipt;
}
