/**
 * `POST /api/{agencyId}/lookups/person {dni}` and `POST /api/{agencyId}/lookups/organization
 * {ruc}`: names by DNI (RENIEC) and razón social by RUC (SUNAT), for the filing form to fill in.
 * POST so that document numbers stay out of URLs and access logs; `cache-control: no-store` so no
 * proxy keeps a person's name.
 *
 * Answers: 200 with the record; 400 `lookup.invalid` for a number the domain rejects (the same
 * check the form makes); 404 `lookup.notFound`; 503 `lookup.unavailable` when the provider fails,
 * is slow or none is configured (the citizen then types the data); 404 `lookup.disabled` when the
 * agency's config has that look-up off (as if the route did not exist for it).
 *
 * The agency middleware of app.ts has already refused unknown agencies when these run.
 */
import type { Context, Env, Hono } from 'hono';
import type { Problem } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { validateDni, validateRuc, type IdentityErrorCode } from '../../src/domain/identity.ts';
import { readJsonBody } from '../http/body.ts';
import { makeProblem, problemResponse, problemType } from '../http/problems.ts';
import { queryBodyLimit } from '../tracking/routes.ts';
import { LookupUnavailable, type IdentityLookups } from './provider.ts';

export interface LookupRouteOptions {
  configOf: (agencyId: string) => AgencyConfig | undefined;
  /** None: every look-up answers `lookup.unavailable`. */
  lookups?: IdentityLookups | undefined;
}

/** Problems of this module (kept here so the shared catalog needs no change). */
export const LOOKUP_PROBLEMS = {
  'lookup.invalid': { status: 400, title: 'El número del documento no es válido' },
  'lookup.notFound': { status: 404, title: 'No encontramos datos para ese número' },
  'lookup.disabled': { status: 404, title: 'Esta entidad no ofrece esta consulta' },
  'lookup.unavailable': { status: 503, title: 'La consulta no está disponible en este momento' },
} as const;

type LookupProblemCode = keyof typeof LOOKUP_PROBLEMS;

function lookupProblem(code: LookupProblemCode, detail: string): Response {
  const entry = LOOKUP_PROBLEMS[code];
  const problem: Problem = { type: problemType(code), title: entry.title, status: entry.status, code, detail };
  return problemResponse(problem, { 'cache-control': 'no-store' });
}

const INVALID_DETAIL: Partial<Record<IdentityErrorCode, string>> = {
  required: 'Escriba el número.',
  'dni.format': 'El DNI tiene 8 dígitos.',
  'dni.check': 'El dígito de verificación no corresponde a ese DNI.',
  'ruc.format': 'El RUC tiene 11 dígitos.',
  'ruc.check': 'El RUC no es válido: revise sus 11 dígitos.',
};

interface LookupKind {
  field: 'dni' | 'ruc';
  enabled: (config: AgencyConfig) => boolean;
  validate: (input: string, config: AgencyConfig) => ReturnType<typeof validateDni>;
  run: (lookups: IdentityLookups, number: string, signal: AbortSignal) => Promise<object | null>;
  notFound: string;
  unavailable: string;
}

const KINDS: Record<'person' | 'organization', LookupKind> = {
  person: {
    field: 'dni',
    enabled: (config) => config.lookups.dni,
    validate: (input) => validateDni(input),
    run: (lookups, dni, signal) => lookups.person(dni, signal),
    notFound: 'RENIEC no tiene datos para ese DNI. Revise el número o escriba sus nombres y apellidos.',
    unavailable: 'No pudimos consultar RENIEC en este momento. Escriba sus nombres y apellidos.',
  },
  organization: {
    field: 'ruc',
    enabled: (config) => config.lookups.ruc,
    validate: (input, config) => validateRuc(input, config.identity.rucPrefixes),
    run: (lookups, ruc, signal) => lookups.organization(ruc, signal),
    notFound: 'SUNAT no tiene un contribuyente con ese RUC. Revise el número o escriba la razón social.',
    unavailable: 'No pudimos consultar SUNAT en este momento. Escriba la razón social.',
  },
};

async function answer(c: Context, options: LookupRouteOptions, kind: LookupKind): Promise<Response> {
  const config = options.configOf(c.req.param('agencyId') ?? '');
  if (!config) return problemResponse(makeProblem('agency.notFound'));
  if (!kind.enabled(config)) return lookupProblem('lookup.disabled', 'Esta mesa de partes no consulta este dato: escríbalo.');
  const body = await readJsonBody(c, 'la consulta');
  const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[kind.field] : undefined;
  if (typeof input !== 'string') {
    return problemResponse(makeProblem('request.malformed', { detail: `Envíe ${kind.field} como texto.` }), { 'cache-control': 'no-store' });
  }
  const valid = kind.validate(input, config);
  if (!valid.ok) {
    const detail =
      valid.code === 'ruc.prefix'
        ? `El RUC debe empezar con ${config.identity.rucPrefixes.join(', ')}.`
        : (INVALID_DETAIL[valid.code] ?? 'Revise el número.');
    return lookupProblem('lookup.invalid', detail);
  }
  if (!options.lookups) return lookupProblem('lookup.unavailable', kind.unavailable);
  let found: object | null;
  try {
    found = await kind.run(options.lookups, valid.value, c.req.raw.signal);
  } catch (error) {
    if (!(error instanceof LookupUnavailable)) throw error;
    console.warn(`[lookups] ${error.message}`);
    return lookupProblem('lookup.unavailable', kind.unavailable);
  }
  if (!found) return lookupProblem('lookup.notFound', kind.notFound);
  c.header('cache-control', 'no-store');
  return c.json(found);
}

export function mountLookups<E extends Env>(app: Hono<E>, options: LookupRouteOptions): void {
  const limit = queryBodyLimit();
  app.post('/api/:agencyId/lookups/person', limit, (c) => answer(c, options, KINDS.person));
  app.post('/api/:agencyId/lookups/organization', limit, (c) => answer(c, options, KINDS.organization));
}
