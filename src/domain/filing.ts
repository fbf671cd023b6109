/**
 * What a filing is, and the rules it must meet under an agency's config. The form runs these as
 * the citizen types; the server runs the very same function on what it receives, because it
 * trusts nothing the browser says.
 */
import { documentTypesFor, identityOptions } from '../config/derive.ts';
import type { AgencyConfig, FieldMode, PersonKind } from '../config/schema.ts';
import { checkEmail, EMAIL_MAX_LENGTH } from './email.ts';
import { validateIdentityDocument, validateOrganizationRuc, type IdentityDocumentType } from './identity.ts';
import { HARMFUL_TEXT_CODE, hasHarmfulCharacters } from './text.ts';

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
  /** Proof the applicant holds `applicant.email` (`VerificationToken.token`), when the agency requires it. */
  verificationToken?: string;
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

/** A field's problem; `F` names the fields of the form it belongs to (filing by default). */
export interface FieldError<F extends string = FilingField> {
  field: F;
  code: string;
  params?: Record<string, string | number>;
}

const PHONE = /^\+?[0-9 ()-]{6,20}$/;
/** The number printed on a document ("CARTA N° 005-2026", "005-2022-ABC"). */
export const DOCUMENT_NUMBER = /^[\p{L}\p{N} °º./_-]{1,60}$/u;
const NAME_MAX = 120;

const blank = (value: string | undefined) => !value || !value.trim();

function requiredText(
  errors: FieldError[],
  field: FilingField,
  value: string | undefined,
  max = NAME_MAX,
  multiline = false,
): void {
  if (blank(value)) errors.push({ field, code: 'field.required' });
  else if (value!.trim().length > max) errors.push({ field, code: 'field.tooLong', params: { max } });
  else if (hasHarmfulCharacters(value!.trim(), { multiline })) errors.push({ field, code: HARMFUL_TEXT_CODE });
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

/**
 * A filing that met every rule, with each value in the form the desk stores and prints: text
 * trimmed, the identity document and RUC as their check returned them (a DNI without its check
 * character, a RUC without spaces), options resolved to their config names, and only the
 * pieces this config shows (a hidden field the browser sent anyway is dropped).
 */
export interface NormalizedFiling {
  personKind: PersonKind;
  applicant: FilingSubmission['applicant'];
  organization?: FilingSubmission['organization'];
  procedure?: { id: string; name: string };
  office?: { id: string; name: string };
  documentKind?: { id: string; name: string };
  /** As typed, or "SN" in capitals. */
  documentNumber?: string;
  folios?: number;
  subject: string;
  /** Ids of the config's consents the citizen accepted, in the config's order. */
  consents: string[];
  attachments: { main: UploadRef; annexes: UploadRef[] };
}

export type NormalizeResult = { ok: true; filing: NormalizedFiling } | { ok: false; errors: FieldError[] };

/** The field errors of a filing under this config (empty list: it may be sent). */
export function validateFiling(config: AgencyConfig, filing: FilingSubmission): FieldError[] {
  return examineFiling(config, filing).errors;
}

/**
 * `validateFiling` and, when there is nothing to correct, the filing's normalized values from
 * the same pass (the server stores and prints these, so it never re-runs a check to get them).
 */
export function normalizeFiling(config: AgencyConfig, filing: FilingSubmission): NormalizeResult {
  const { errors, normalized } = examineFiling(config, filing);
  return normalized ? { ok: true, filing: normalized } : { ok: false, errors };
}

/**
 * Folios are the sheets the citizen declares (images and Word files have no page count), but
 * they cannot be fewer than the pages counted in the attached PDFs. `pages`: one entry per
 * attached file, null for a file without a page count.
 */
export function checkFoliosAgainstPages(folios: number | undefined, pages: ReadonlyArray<number | null>): FieldError | null {
  const counted = pages.reduce<number>((sum, count) => sum + (count ?? 0), 0);
  if (folios === undefined || !Number.isInteger(folios) || folios >= counted) return null;
  return { field: 'folios', code: 'folios.belowPages', params: { pages: counted } };
}

function examineFiling(config: AgencyConfig, filing: FilingSubmission): { errors: FieldError[]; normalized?: NormalizedFiling } {
  const errors: FieldError[] = [];
  const person = config.personTypes.find((type) => type.kind === filing.personKind);
  if (!person) {
    errors.push({ field: 'personKind', code: 'field.choose' });
    return { errors };
  }

  const { applicant } = filing;
  let documentNumber: string | undefined;
  if (!documentTypesFor(config, filing.personKind).includes(applicant.documentType)) {
    errors.push({ field: 'documentType', code: 'field.choose' });
  } else {
    const identity = validateIdentityDocument(
      applicant.documentType,
      applicant.documentNumber ?? '',
      identityOptions(config, applicant.documentType),
    );
    if (identity.ok) documentNumber = identity.value;
    else errors.push({ field: 'documentNumber', code: `identity.${identity.code}` });
  }
  requiredText(errors, 'givenNames', applicant.givenNames);
  requiredText(errors, 'surnames', applicant.surnames);
  const email = checkEmail(applicant.email ?? '');
  if (!email.ok) {
    errors.push(email.code === 'required' ? { field: 'email', code: 'field.required' } : { field: 'email', code: `email.${email.code}`, ...(email.code === 'tooLong' && { params: { max: EMAIL_MAX_LENGTH } }) });
  }
  const visible = visibleFields(config);
  if (visible.phone) {
    if (blank(applicant.phone)) {
      if (config.fields.phone === 'required') errors.push({ field: 'phone', code: 'field.required' });
    } else if (!PHONE.test(applicant.phone!.trim())) {
      errors.push({ field: 'phone', code: 'phone.format' });
    }
  }

  let ruc: string | undefined;
  if (filing.personKind === 'juridica') {
    const checked = validateOrganizationRuc(filing.organization?.ruc ?? '', config.identity.rucPrefixes);
    if (checked.ok) ruc = checked.value;
    else errors.push({ field: 'ruc', code: `identity.${checked.code}` });
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
  } else if (hasHarmfulCharacters(filing.subject.trim(), { multiline: true })) {
    errors.push({ field: 'subject', code: HARMFUL_TEXT_CODE });
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
  if (errors.length > 0) return { errors };

  // Everything below passed its check above: only shaping is left.
  const option = (list: ReadonlyArray<{ id: string; name: string }>, id: string | undefined) => {
    const found = list.find((item) => item.id === id);
    return found ? { id: found.id, name: found.name } : undefined;
  };
  const typedNumber = visible.documentNumber ? filing.documentNumber?.trim() : undefined;
  const phone = visible.phone ? applicant.phone?.trim() : undefined;
  const procedure = visible.procedure ? option(config.procedures, filing.procedureId) : undefined;
  const office = visible.office ? option(config.offices, filing.officeId) : undefined;
  const documentKind = visible.documentKind ? option(config.documentKinds, filing.documentKindId) : undefined;
  const folios = visible.folios && typeof filing.folios === 'number' && !Number.isNaN(filing.folios) ? filing.folios : undefined;
  // Members in the receipt's order, absent ones left out (not undefined), so the receipt built
  // from this reads the same in JSON.
  const normalized: NormalizedFiling = {
    personKind: filing.personKind,
    applicant: {
      documentType: applicant.documentType,
      documentNumber: documentNumber!,
      givenNames: applicant.givenNames.trim(),
      surnames: applicant.surnames.trim(),
      email: email.ok ? email.address : '',
      ...(phone && { phone }),
    },
    ...(filing.personKind === 'juridica' && { organization: { ruc: ruc!, name: filing.organization!.name.trim() } }),
    ...(procedure && { procedure }),
    ...(office && { office }),
    ...(documentKind && { documentKind }),
    ...(typedNumber && { documentNumber: typedNumber.toUpperCase() === 'SN' ? 'SN' : typedNumber }),
    ...(folios !== undefined && { folios }),
    subject: filing.subject.trim(),
    consents: config.consents.filter((consent) => accepted.has(consent.id)).map((consent) => consent.id),
    attachments: { main: filing.attachments.main!, annexes: filing.attachments.annexes ?? [] },
  };
  return { errors, normalized };
}
