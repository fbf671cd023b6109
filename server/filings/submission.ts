/**
 * The shape of a filing as it arrives over HTTP. Only types are checked here: every rule about
 * the values (identity documents, required fields, consents…) is `validateFiling`'s job, so the
 * citizen gets field errors (422) and only a body no form could have sent gets a 400.
 */
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { IDENTITY_DOCUMENT_TYPES, PERSON_KINDS } from '../../src/config/schema.ts';
import type { FilingSubmission } from '../../src/domain/filing.ts';

/** Optional text: JSON null and a missing member both mean "not given". */
const optionalText = v.pipe(
  v.nullish(v.string()),
  v.transform((value) => value ?? undefined),
);

const UploadRefShape = v.object({ uploadId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) });

export const FilingSubmissionShape = v.object({
  personKind: v.picklist(PERSON_KINDS),
  applicant: v.object({
    documentType: v.picklist(IDENTITY_DOCUMENT_TYPES),
    documentNumber: v.string(),
    givenNames: v.string(),
    surnames: v.string(),
    email: v.string(),
    phone: optionalText,
  }),
  organization: v.pipe(
    v.nullish(v.object({ ruc: v.string(), name: v.string() })),
    v.transform((value) => value ?? undefined),
  ),
  procedureId: optionalText,
  officeId: optionalText,
  documentKindId: optionalText,
  documentNumber: optionalText,
  folios: v.pipe(
    v.nullish(v.number()),
    v.transform((value) => value ?? undefined),
  ),
  subject: v.string(),
  consents: v.array(v.string()),
  attachments: v.object({
    main: v.nullable(UploadRefShape),
    annexes: v.array(UploadRefShape),
  }),
  /** The email's proof (server/verification), checked when the agency requires it. */
  verificationToken: v.pipe(optionalText, v.check((value) => value === undefined || value.length <= 200)),
});

/** `issues`: valibot's, for `shapeProblem` (server/http/validation.ts) to say in Spanish. */
export type ShapeResult = { ok: true; submission: FilingSubmission } | { ok: false; issues: v.BaseIssue<unknown>[] };

export function readSubmissionShape(body: unknown): ShapeResult {
  const result = v.safeParse(FilingSubmissionShape, body, { abortEarly: false });
  if (result.success) return { ok: true, submission: result.output satisfies FilingSubmission };
  return { ok: false, issues: result.issues };
}

/** JSON with object keys sorted at every level, so the same filing always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== 'object' || Array.isArray(member)) return member;
    return Object.fromEntries(Object.entries(member).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
