/**
 * `POST /api/{agencyId}/lookups/person {dni}` and `POST /api/{agencyId}/lookups/organization
 * {ruc}`: names by DNI (RENIEC) and razón social by RUC (SUNAT), for the filing form to fill in.
 * POST so that document numbers stay out of URLs and access logs; `cache-control: no-store` so no
 * proxy keeps a person's name.
 *
 * Answers: 200 with the record; 400 `lookup.invalid` for a number the domain rejects (the same
 * check the form makes); 404 `lookup.notFound`; 503 `lookup.unavailable` when the provider fails,
 * is slow or none is configured (the citizen then types the data); 404 `lookup.disabled` when the
 * agency's config has that look-up off (as if the route did not exist for it); 429
 * `lookup.tooMany` with `Retry-After` past the limits below.
 *
 * Limits, so nobody pulls the registry through this desk on the agency's PIDE quota: 30
 * look-ups per hour per client address (an IPv6 client's whole /64; person and organization
 * together, every agency of the desk) and 2000 per hour per agency. Counted in the database (server/http/rate-limit.ts), so
 * every process counts alike; only after the number is valid and a provider is configured, so a
 * typo costs the citizen nothing. A refused look-up asks nothing of the provider.
 *
 * The agency middleware of app.ts has already refused unknown agencies when these run.
 */
import type { Context, Env, Hono } from 'hono';
import type { Problem } from '../../src/api/types.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase } from '../db/schema.ts';
import { RateLimiter, type RateDecision } from '../http/rate-limit.ts';
import { clientAddress, minutesInWords, type IdentityOptions } from '../verification/options.ts';
import { validateDni, validateOrganizationRuc, type IdentityErrorCode } from '../../src/domain/identity.ts';
import { readJsonBody } from '../http/body.ts';
import { makeProblem, problemResponse, problemType } from '../http/problems.ts';
import { queryBodyLimit } from '../tracking/routes.ts';
import { addressBlock } from './address-block.ts';
import { LookupUnavailable, type IdentityLookups } from './provider.ts';

export interface LookupRouteOptions {
  configOf: (agencyId: string) => AgencyConfig | undefined;
  /** None: every look-up answers `lookup.unavailable`. */
  lookups?: IdentityLookups | undefined;
  /** Where the limits are counted. */
  db: DeskDatabase;
  clock: Clock;
  /** Whose address a look-up counts against (`TRUST_PROXY`). */
  identity: IdentityOptions;
}

export const LOOKUPS_PER_ADDRESS_PER_HOUR = 30;
export const LOOKUPS_PER_AGENCY_PER_HOUR = 2000;
const HOUR_MS = 3_600_000;

/** Problems of this module (kept here so the shared catalog needs no change). */
export const LOOKUP_PROBLEMS = {
  'lookup.invalid': { status: 400, title: 'El número del documento no es válido' },
  'lookup.notFound': { status: 404, title: 'No encontramos datos para ese número' },
  'lookup.disabled': { status: 404, title: 'Esta entidad no ofrece esta consulta' },
  'lookup.unavailable': { status: 503, title: 'La consulta no está disponible en este momento' },
  'lookup.tooMany': { status: 429, title: 'Se hicieron demasiadas consultas' },
} as const;

type LookupProblemCode = keyof typeof LOOKUP_PROBLEMS;

function lookupProblem(code: LookupProblemCode, detail: string, headers: Record<string, string> = {}): Response {
  const entry = LOOKUP_PROBLEMS[code];
  const problem: Problem = { type: problemType(code), title: entry.title, status: entry.status, code, detail };
  return problemResponse(problem, { 'cache-control': 'no-store', ...headers });
}

const INVALID_DETAIL: Partial<Record<IdentityErrorCode, string>> = {
  required: 'Escriba el número.',
  'dni.format': 'El DNI tiene 8 dígitos.',
  'dni.check': 'El dígito de verificación no corresponde a ese DNI.',
  'ruc.format': 'El RUC tiene 11 dígitos.',
  'ruc.check': 'El RUC no es válido: revise sus 11 dígitos.',
  'ruc.naturalPerson': 'Ese RUC (empieza con 10) es de una persona natural. Escriba el RUC de la entidad, que empieza con 20.',
};

interface LookupKind {
  field: 'dni' | 'ruc';
  enabled: (config: AgencyConfig) => boolean;
  validate: (input: string, config: AgencyConfig) => ReturnType<typeof validateDni>;
  run: (lookups: IdentityLookups, number: string, signal: AbortSignal) => Promise<object | null>;
  notFound: string;
  unavailable: string;
  /** What the citizen types instead, after "Escriba": "sus nombres y apellidos". */
  typed: string;
  registry: 'RENIEC' | 'SUNAT';
}

const KINDS: Record<'person' | 'organization', LookupKind> = {
  person: {
    field: 'dni',
    enabled: (config) => config.lookups.dni,
    validate: (input) => validateDni(input),
    run: (lookups, dni, signal) => lookups.person(dni, signal),
    notFound: 'RENIEC no tiene datos para ese DNI. Revise el número o escriba sus nombres y apellidos.',
    unavailable: 'No pudimos consultar RENIEC en este momento. Escriba sus nombres y apellidos.',
    typed: 'sus nombres y apellidos',
    registry: 'RENIEC',
  },
  organization: {
    field: 'ruc',
    enabled: (config) => config.lookups.ruc,
    validate: (input, config) => validateOrganizationRuc(input, config.identity.rucPrefixes),
    run: (lookups, ruc, signal) => lookups.organization(ruc, signal),
    notFound: 'SUNAT no tiene un contribuyente con ese RUC. Revise el número o escriba la razón social.',
    unavailable: 'No pudimos consultar SUNAT en este momento. Escriba la razón social.',
    typed: 'la razón social',
    registry: 'SUNAT',
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
  const refusal = await overLimit(options, c, config, kind);
  if (refusal) return refusal;
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

/** The 429 when this look-up is past a limit; null when it may go to the provider (and was counted). */
async function overLimit(options: LookupRouteOptions, c: Context, config: AgencyConfig, kind: LookupKind): Promise<Response | null> {
  const limiter = new RateLimiter(options.db, options.clock);
  const refuse = (decision: Extract<RateDecision, { allowed: false }>, why: string) =>
    lookupProblem('lookup.tooMany', `${why} Escriba ${kind.typed} a mano, o vuelva a consultar en ${minutesInWords(decision.retryAfterSeconds)}.`, {
      'retry-after': String(decision.retryAfterSeconds),
    });
  const address = addressBlock(clientAddress(c, options.identity));
  const fromAddress = await limiter.hit({ bucket: `lookup:${address}`, limit: LOOKUPS_PER_ADDRESS_PER_HOUR, windowMs: HOUR_MS });
  if (!fromAddress.allowed) return refuse(fromAddress, 'Se hicieron muchas consultas desde su conexión.');
  const forAgency = await limiter.hit({ bucket: `lookup-agency:${config.id}`, limit: LOOKUPS_PER_AGENCY_PER_HOUR, windowMs: HOUR_MS });
  if (!forAgency.allowed) {
    // Not this citizen's doing: the place the address gave is given back.
    await limiter.refund(`lookup:${address}`, fromAddress.windowStart);
    return refuse(forAgency, `La consulta a ${kind.registry} de esta entidad está muy solicitada en este momento.`);
  }
  return null;
}

export function mountLookups<E extends Env>(app: Hono<E>, options: LookupRouteOptions): void {
  const limit = queryBodyLimit();
  app.post('/api/:agencyId/lookups/person', limit, (c) => answer(c, options, KINDS.person));
  app.post('/api/:agencyId/lookups/organization', limit, (c) => answer(c, options, KINDS.organization));
}
