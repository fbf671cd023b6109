/**
 * Adapters for the look-ups of PIDE (Plataforma de Interoperabilidad del Estado), the channel
 * through which a public entity with an agreement queries RENIEC and SUNAT.
 *
 * RENIEC "Consultar DNI" (REST, JSON with `?out=json`). Request and answer as used by public PIDE
 * clients (e.g. github.com/jfhflores0711/PIDE-Python, pide_client/reniec/client.py; the answer's
 * `consultarResponse.return` in clients rendering `coResultado`/`deResultado`/`datosPersona`):
 *
 *   POST {PIDE_RENIEC_URL}?out=json
 *   { "PIDE": { "nuDniConsulta": "<DNI>", "nuDniUsuario": "<official's DNI>",
 *               "nuRucUsuario": "<entity's RUC>", "password": "<PIDE credential>" } }
 *   → { "consultarResponse": { "return": { "coResultado": "0000", "deResultado": "…",
 *         "datosPersona": { "prenombres", "apPrimer", "apSegundo", "direccion", "estadoCivil",
 *                           "foto", "restriccion", "ubigeo" } } } }
 *
 *   coResultado: "0000" found; "1001" user/credentials not valid, "1002" credential expired (both
 *   in the client above). *Unverified*: "0999" for a DNI without data, taken here as "not found";
 *   any other code is treated as the service being unavailable.
 *
 * SUNAT "Datos principales" (REST; the XML answer's `multiRef` element and its field names as
 * read by e.g. github.com/rtorresr/ServicioPideAgroideas, SunatRepository.cs, and
 * github.com/benric8/consulta-scpide, SunatGetDatosPrincipalesResponse.java):
 *
 *   GET {PIDE_SUNAT_URL}/DatosPrincipales?numruc=<RUC>&out=json
 *   → multiRef { ddp_numruc, ddp_nombre (razón social), ddp_estado / desc_estado (ACTIVO, BAJA DE
 *     OFICIO…), ddp_flag22 / desc_flag22 (HABIDO, NO HABIDO…), esActivo, esHabido, … }
 *
 *   *Unverified*: how `out=json` wraps `multiRef`; this adapter accepts `{ list: { multiRef } }`,
 *   `{ multiRef }` or the record itself, and a value given as `{ "$": "…" }`. SUNAT pads values
 *   with spaces: they are trimmed. An answer without `ddp_nombre` means the RUC is not found.
 *
 * Both calls give up after `timeoutMs` (default 4 s): the form then lets the citizen type.
 */
import type { OrganizationLookup, PersonLookup } from '../../src/api/types.ts';
import { isActiveState, LookupUnavailable, type IdentityLookups } from './provider.ts';

export interface ReniecCredentials {
  /** The Consultar operation, e.g. https://ws2.pide.gob.pe/Rest/RENIEC/Consultar (from the PIDE agreement). */
  url: string;
  /** DNI of the official the agency registered with RENIEC for these queries. */
  userDni: string;
  /** The agency's RUC. */
  agencyRuc: string;
  password: string;
}

export interface PideOptions {
  reniec?: ReniecCredentials | undefined;
  /** The SUNAT service base, e.g. https://ws3.pide.gob.pe/Rest/SUNAT (…/DatosPrincipales is appended). */
  sunatUrl?: string | undefined;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const DEFAULT_LOOKUP_TIMEOUT_MS = 4_000;
const RENIEC_FOUND = '0000';
/** *Unverified* (see above): RENIEC has no data for that DNI. */
const RENIEC_NOT_FOUND = new Set(['0999']);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A text value as PIDE gives it: a string, or `{ "$": "…" }` in some JSON renderings of XML. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isObject(value) && typeof value.$ === 'string') return value.$.trim();
  return '';
}

export class PideLookups implements IdentityLookups {
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: PideOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? fetch;
  }

  async person(dni: string, signal: AbortSignal): Promise<PersonLookup | null> {
    const reniec = this.options.reniec;
    if (!reniec) throw new LookupUnavailable('PIDE RENIEC is not configured');
    const url = new URL(reniec.url);
    url.searchParams.set('out', 'json');
    const body = { PIDE: { nuDniConsulta: dni, nuDniUsuario: reniec.userDni, nuRucUsuario: reniec.agencyRuc, password: reniec.password } };
    const answer = await this.call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, signal, 'RENIEC');
    const result = isObject(answer) && isObject(answer.consultarResponse) ? answer.consultarResponse.return : undefined;
    if (!isObject(result)) throw new LookupUnavailable('RENIEC answered without consultarResponse.return');
    const code = textOf(result.coResultado);
    if (RENIEC_NOT_FOUND.has(code)) return null;
    if (code !== RENIEC_FOUND) throw new LookupUnavailable(`RENIEC answered ${code || '(no code)'}: ${textOf(result.deResultado)}`);
    const person = result.datosPersona;
    if (!isObject(person)) return null;
    const givenNames = textOf(person.prenombres);
    const surnames = [textOf(person.apPrimer), textOf(person.apSegundo)].filter(Boolean).join(' ');
    if (!givenNames && !surnames) return null;
    return { dni, givenNames, surnames };
  }

  async organization(ruc: string, signal: AbortSignal): Promise<OrganizationLookup | null> {
    if (!this.options.sunatUrl) throw new LookupUnavailable('PIDE SUNAT is not configured');
    const url = new URL(`${this.options.sunatUrl.replace(/\/+$/, '')}/DatosPrincipales`);
    url.searchParams.set('numruc', ruc);
    url.searchParams.set('out', 'json');
    const answer = await this.call(url, { method: 'GET', headers: { accept: 'application/json' } }, signal, 'SUNAT');
    if (!isObject(answer) && !Array.isArray(answer)) throw new LookupUnavailable('SUNAT answered something that is not a record');
    const record = sunatRecord(answer);
    const name = record ? textOf(record.ddp_nombre) : '';
    if (!record || !name) return null;
    const state = textOf(record.desc_estado) || textOf(record.ddp_estado);
    const condition = textOf(record.desc_flag22) || textOf(record.ddp_flag22);
    return { ruc, name, state, condition, active: isActiveState(state) };
  }

  /** The parsed JSON answer; anything else (no answer in time, HTTP error, not JSON) is unavailable. */
  private async call(url: URL, init: RequestInit, signal: AbortSignal, service: string): Promise<unknown> {
    const limited = AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]);
    let response: Response;
    try {
      response = await this.fetchImpl(url, { ...init, signal: limited });
      if (!response.ok) throw new LookupUnavailable(`${service} answered HTTP ${response.status}`);
      return await response.json();
    } catch (error) {
      if (error instanceof LookupUnavailable) throw error;
      const reason = limited.aborted && !signal.aborted ? `no answer within ${this.timeoutMs} ms` : (error as Error).message;
      throw new LookupUnavailable(`${service}: ${reason}`, { cause: error });
    }
  }
}

/** The `multiRef` record in SUNAT's answer, however it is wrapped (see the note above). */
function sunatRecord(answer: unknown): Json | null {
  let node: unknown = answer;
  if (isObject(node) && isObject(node.list)) node = node.list;
  if (isObject(node) && 'multiRef' in node) node = node.multiRef;
  if (Array.isArray(node)) node = node[0];
  return isObject(node) ? node : null;
}
