/**
 * The receipt ("cargo de recepción") of a request, built from its stored row and files. Filing
 * builds it from the row it is about to insert, tracking rebuilds it from the stored row: one
 * function, so the two can never say different things.
 */
import type { Receipt, ReceiptFile } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { DeemedFiledReason } from '../../src/domain/calendar.ts';
import type { IdentityDocumentType } from '../../src/domain/identity.ts';
import type { RequestFilesTable, RequestsTable } from '../db/schema.ts';

/** What the receipt reads from a file row (an upload or a request file, version 1). */
export type ReceiptFileRow = Pick<RequestFilesTable, 'slot' | 'slot_index' | 'name' | 'size' | 'pages' | 'sha256'>;

/** `files`: in receipt order, main first, then the annexes by index. */
export function receiptFromRequest(config: AgencyConfig, request: RequestsTable, files: readonly ReceiptFileRow[]): Receipt {
  const option = (list: readonly { id: string; name: string }[], id: string | null) => {
    const found = id ? list.find((candidate) => candidate.id === id) : undefined;
    return found ? { id: found.id, name: found.name } : id ? { id, name: id } : undefined;
  };
  const procedure = option(config.procedures, request.procedure_id);
  const office = option(config.offices, request.office_id);
  const documentKind = option(config.documentKinds, request.document_kind_id);
  // Members in the contract's order, absent ones left out (not null), so the stored JSON reads
  // like the receipt.
  return {
    requestNumber: request.request_number,
    agencyId: request.agency_id,
    status: request.status,
    receivedAt: request.received_at,
    receivedDate: request.received_date,
    deemedFiledDate: request.deemed_filed_date,
    deemedFiledReason: request.deemed_filed_reason as DeemedFiledReason,
    applicant: {
      name: `${request.applicant_given_names} ${request.applicant_surnames}`,
      documentType: request.applicant_document_type as IdentityDocumentType,
      documentNumber: request.applicant_document_number,
      email: request.applicant_email,
    },
    ...(request.organization_ruc && request.organization_name
      ? { organization: { ruc: request.organization_ruc, name: request.organization_name } }
      : {}),
    ...(procedure && { procedure }),
    ...(office && { office }),
    ...(documentKind && { documentKind }),
    ...(request.document_number ? { documentNumber: request.document_number } : {}),
    subject: request.subject,
    ...(request.folios !== null ? { folios: Number(request.folios) } : {}),
    files: files.map(receiptFile),
  };
}

function receiptFile(row: ReceiptFileRow): ReceiptFile {
  return {
    slot: row.slot,
    index: row.slot_index,
    name: row.name,
    size: Number(row.size),
    pages: row.pages === null ? null : Number(row.pages),
    sha256: row.sha256,
  };
}
