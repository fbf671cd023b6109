/**
 * valibot's issues in the citizen's language. The shape checks of the filing and correction
 * bodies (server/filings/submission.ts, server/corrections/correction-desk.ts) used to pass
 * valibot's own English ("Invalid type: Expected Object but received null") into the problem's
 * detail; every route now says each issue in Spanish, with the field's path, here.
 */
import * as v from 'valibot';
import { ProblemError } from './problems.ts';

type Issue = v.BaseIssue<unknown>;

/** What a value of valibot's `type` must be, after "debe ser". */
const KINDS: Record<string, string> = {
  object: 'un objeto',
  strict_object: 'un objeto',
  loose_object: 'un objeto',
  string: 'un texto',
  number: 'un número',
  integer: 'un número entero',
  boolean: 'verdadero o falso (true o false)',
  array: 'una lista',
  null: 'null',
  literal: 'el valor indicado',
};

/** "1 carácter", "200 caracteres", "5 elementos": a length limit in the units of `input`. */
function units(count: unknown, input: unknown): string {
  const n = Number(count);
  if (typeof input === 'string') return `${n} ${n === 1 ? 'carácter' : 'caracteres'}`;
  return `${n} ${n === 1 ? 'elemento' : 'elementos'}`;
}

/** One issue in Spanish, without its path: "debe ser un texto", "falta", "debe ser «main» o «annex»". */
export function spanishIssue(issue: Issue): string {
  // A member the object needs but the body does not have.
  if (issue.kind === 'schema' && issue.received === 'undefined') return 'falta';
  const requirement = (issue as { requirement?: unknown }).requirement;
  switch (issue.type) {
    case 'picklist':
    case 'enum': {
      // valibot writes the options as `("main" | "annex")`.
      const options = [...(issue.expected ?? '').matchAll(/"([^"]*)"/g)].map((match) => `«${match[1]}»`);
      return options.length ? `debe ser ${options.slice(0, -1).join(', ')}${options.length > 1 ? ' o ' : ''}${options.at(-1)}` : 'no es uno de los valores admitidos';
    }
    case 'min_length':
      return `debe tener al menos ${units(requirement, issue.input)}`;
    case 'max_length':
      return `debe tener como máximo ${units(requirement, issue.input)}`;
    case 'min_value':
      return `debe ser al menos ${String(requirement)}`;
    case 'max_value':
      return `debe ser como máximo ${String(requirement)}`;
    case 'integer':
      return 'debe ser un número entero';
  }
  // A wrapper (nullable, optional, nullish) reports its inner type; the expected text says which.
  const kind = KINDS[issue.type] ?? KINDS[(issue.expected ?? '').toLowerCase()];
  if (issue.kind === 'schema' && kind) return `debe ser ${kind}${/null/.test(issue.expected ?? '') && issue.type !== 'null' ? ' (o null)' : ''}`;
  if (issue.kind === 'schema') return 'no tiene la forma esperada';
  return 'no es válido';
}

/** "«applicant.email»: debe ser un texto; «subject»: falta", for at most `max` issues. */
export function spanishIssues(issues: readonly Issue[], max = 5): string {
  return issues
    .slice(0, max)
    .map((issue) => `«${v.getDotPath(issue) ?? 'el cuerpo'}»: ${spanishIssue(issue)}`)
    .join('; ');
}

/** The 400 for a body of the wrong shape: "La solicitud no tiene la forma esperada: …". */
export function shapeProblem(what: string, issues: readonly Issue[]): ProblemError {
  return new ProblemError('request.malformed', { detail: `${what} no tiene la forma esperada: ${spanishIssues(issues)}.` });
}
