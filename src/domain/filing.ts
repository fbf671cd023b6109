/**
 * What a filing is, and the rules it must meet under an agency's config. The form runs these as
 * the citizen types; the server runs the very same function on what it receives, because it
 * trusts nothing the browser says.
 */
import { documentTypesFor, identityOptions } from '../config/derive.ts';
import type { AgencyConfig, FieldMode, PersonKind } from '../config/schema.ts';
import { validateIdentityDocument, validateRuc, type IdentityDocumentType } from './identity.ts';

export interface UploadRef {
  /** The tus upload id returned by the backend when the file finished uploading. */
  uploadId: string;
}

export interface FilingSubmission {
  personKind: PersonKind;
  applicant: {
    documentType: IdentityDocumentType;
    documentNumber: string;
    givenNames: string;
    surnames: string;
    email: string;
    phone?: string;
  };
  /** Only for "juridica": the organization the applicant represents. */
  organization?: { ruc: string; name: string };
  procedureId?: string;
  officeId?: string;
  documentKindId?: string;
  /** The number printed on the main document, or "SN" when it has none. */
  documentNumber?: string;
  folios?: number;
  subject: string;
  /** Ids of the consents the citizen ticked. */
  consents: string[];
  attachments: { main: UploadRef | null; annexes: UploadRef[] };
}

/** The names of the form's fields; error codes below are keys of the message catalog. */
export type FilingField =
  | 'personKind'
  | 'documentType'
  | 'documentNumber'
  | 'givenNames'
  | 'surnames'
  | 'email'
  | 'phone'
  | 'ruc'
  | 'organizationName'
  | 'procedure'
  | 'office'
  | 'documentKind'
  | 'mainDocumentNumber'
  | 'folios'
  | 'subject'
  | 'mainFile'
  | 'annexes'
  | `consent:${string}`;

export interface FieldError {
  field: FilingField;
  code: string;
  params?: Record<string, string | number>;
}

// Deliberately permissive: the only proof an address works is the mail reaching it.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;
const DOCUMENT_NUMBER = /^[\p{L}\p{N} °º./_-]{1,60}$/u;
const NAME_MAX = 120;

const blank = (value: string | undefined) => !value || !value.trim();

function requiredText(
  errors: FieldError[],
  field: FilingField,
  value: string | undefined,
  max = NAME_MAX,
): void {
  if (blank(value)) errors.push({ field, code: 'field.required' });
  else if (value!.trim().length > max) errors.push({ field, code: 'field.tooLong', params: { max } });
}

function choice(
  errors: FieldError[],
  field: FilingField,
  mode: FieldMode,
  options: ReadonlyArray<{ id: string }>,
  value: string | undefined,
): void {
  if (mode === 'off' || options.length === 0) return;
  if (blank(value)) {
    if (mode === 'required') errors.push({ field, code: 'field.choose' });
    return;
  }
  if (!options.some((option) => option.id === value)) errors.push({ field, code: 'field.unknownOption' });
}

/** Which optional pieces of the form this config turns on. */
export function visibleFields(config: AgencyConfig) {
  const { fields } = config;
  return {
    procedure: fields.procedure !== 'off' && config.procedures.length > 0,
    office: fields.office !== 'off' && config.offices.length > 0,
    documentKind: fields.documentKind !== 'off' && config.documentKinds.length > 0,
    documentNumber: fields.documentNumber !== 'off',
    folios: fields.folios !== 'off',
    phone: fields.phone !== 'off',
  };
}

export function validateFiling(config: AgencyConfig, filing: FilingSubmission): FieldError[] {
  const errors: FieldError[] = [];
  const person = config.personTypes.find((type) => type.kind === filing.personKind);
  if (!person) {
    errors.push({ field: 'personKind', code: 'field.choose' });
    return errors;
  }

  const { applicant } = filing;
  if (!documentTypesFor(config, filing.personKind).includes(applicant.documentType)) {
    errors.push({ field: 'documentType', code: 'field.choose' });
  } else {
    const identity = validateIdentityDocument(
      applicant.documentType,
      applicant.documentNumber ?? '',
      identityOptions(config, applicant.documentType),
    );
    if (!identity.ok) errors.push({ field: 'documentNumber', code: `identity.${identity.code}` });
  }
  requiredText(errors, 'givenNames', applicant.givenNames);
  requiredText(errors, 'surnames', applicant.surnames);
  if (blank(applicant.email)) errors.push({ field: 'email', code: 'field.required' });
  else if (!EMAIL.test(applicant.email.trim()) || applicant.email.length > 254) {
    errors.push({ field: 'email', code: 'email.format' });
  }
  const visible = visibleFields(config);
  if (visible.phone) {
    if (blank(applicant.phone)) {
      if (config.fields.phone === 'required') errors.push({ field: 'phone', code: 'field.required' });
    } else if (!PHONE.test(applicant.phone!.trim())) {
      errors.push({ field: 'phone', code: 'phone.format' });
    }
  }

  if (filing.personKind === 'juridica') {
    const ruc = validateRuc(filing.organization?.ruc ?? '', config.identity.rucPrefixes);
    if (!ruc.ok) errors.push({ field: 'ruc', code: `identity.${ruc.code}` });
    requiredText(errors, 'organizationName', filing.organization?.name, 200);
  }

  choice(errors, 'procedure', config.fields.procedure, config.procedures, filing.procedureId);
  choice(errors, 'office', config.fields.office, config.offices, filing.officeId);
  choice(errors, 'documentKind', config.fields.documentKind, config.documentKinds, filing.documentKindId);

  if (visible.documentNumber) {
    const number = filing.documentNumber?.trim() ?? '';
    if (!number) {
      if (config.fields.documentNumber === 'required') {
        errors.push({ field: 'mainDocumentNumber', code: config.fields.allowSN ? 'documentNumber.requiredOrSN' : 'field.required' });
      }
    } else if (!DOCUMENT_NUMBER.test(number)) {
      errors.push({ field: 'mainDocumentNumber', code: 'documentNumber.format' });
    } else if (number.toUpperCase() === 'SN' && !config.fields.allowSN) {
      errors.push({ field: 'mainDocumentNumber', code: 'field.required' });
    }
  }

  if (visible.folios) {
    const folios = filing.folios;
    if (folios === undefined || folios === null || Number.isNaN(folios)) {
      if (config.fields.folios === 'required') errors.push({ field: 'folios', code: 'field.required' });
    } else if (!Number.isInteger(folios) || folios < 1 || folios > 100_000) {
      errors.push({ field: 'folios', code: 'folios.range' });
    }
  }

  const maxLength = config.fields.subjectMaxLength;
  if (blank(filing.subject)) errors.push({ field: 'subject', code: 'field.required' });
  else if (filing.subject.trim().length > maxLength) {
    errors.push({ field: 'subject', code: 'field.tooLong', params: { max: maxLength } });
  }

  const accepted = new Set(filing.consents ?? []);
  for (const consent of config.consents) {
    if (consent.required && !accepted.has(consent.id)) {
      errors.push({ field: `consent:${consent.id}`, code: 'consent.required' });
    }
  }

  if (!filing.attachments?.main?.uploadId) errors.push({ field: 'mainFile', code: 'attachments.mainRequired' });
  const annexCount = filing.attachments?.annexes?.length ?? 0;
  if (annexCount > config.attachments.annexes.max) {
    errors.push({ field: 'annexes', code: 'attachments.tooMany', params: { max: config.attachments.annexes.max } });
  }
  return errors;
}
