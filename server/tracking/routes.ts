/**
 * The citizen's tracking routes: `POST /api/{agencyId}/tracking` (the request and its timeline)
 * and `POST /api/{agencyId}/receipts` (the cargo de recepción as a PDF), and
 * `POST /api/{agencyId}/responses` (the PDF the desk attended it with). All take
 * `{ requestNumber, documentNumber }` in a JSON body, so document numbers stay out of URLs and
 * access logs, and all answer an unknown number and a wrong document with the same 404. The two
 * downloads also take the `downloadToken` a search or a filing gave (download-grants.ts), checked
 * before anything else: without it they answer one 403 whatever the number and document.
 *
 * The agency middleware of app.ts has already refused unknown agencies when these run.
 */
import type { Context, Env, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { CaptchaGate } from '../captcha/captcha.ts';
import type { Clock } from '../clock.ts';
import { settledRequest } from '../corrections/expiry.ts';
import type { DeskDatabase, RequestsTable } from '../db/schema.ts';
import { readJsonBody } from '../http/body.ts';
import { makeProblem, problemResponse, problemType } from '../http/problems.ts';
import type { Problem } from '../../src/api/types.ts';
import { receiptFilename, responseFilename } from '../../src/domain/request-number.ts';
import { requestLink } from '../links.ts';
import { renderReceiptPdf } from '../receipts/receipt-pdf.ts';
import type { ResponseStorageFactory } from '../storage/responses.ts';
import { stringMember } from '../verification/options.ts';
import type { DownloadGrants } from './download-grants.ts';
import { findRequest, readTrackingQuery, receiptOf, responseOf, trackingOf, type TrackingQuery } from './lookup.ts';

export interface TrackingOptions {
  db: DeskDatabase;
  /** The server's clock: a correction deadline that passed is settled (NO PRESENTADO) on read. */
  clock: Clock;
  /** The config of a known agency id. */
  configOf: (agencyId: string) => AgencyConfig | undefined;
  /**
   * Where the public desk lives, for the tracking link printed on the receipt: the base the
   * mails use too (server/main.ts resolves it once). A function when it is only known once the
   * server listens. Only when none is given, the origin the request came to.
   */
  publicUrl?: string | (() => string | undefined);
  /** Where the desk's response files are kept (`POST /api/{agencyId}/responses`). */
  responsesFor: ResponseStorageFactory;
  /** The captcha of `POST tracking` (place `tracking`); none: no captcha asked. */
  captcha?: CaptchaGate;
  /** Signs and checks the `downloadToken`s (the filing desk must use the same). */
  grants: DownloadGrants;
  /** Runs before the captcha of `POST tracking`: the per-address limit (server/http/citizen-limits.ts). */
  searchLimit?: MiddlewareHandler;
  /** The per-address limit of `POST receipts` and `POST responses` (server/http/citizen-limits.ts). */
  downloadLimit?: MiddlewareHandler;
}

const MAX_QUERY_BYTES = 4 * 1024;

/** The body limit of every citizen query (tracking, receipts, responses, correction look-up). */
export function queryBodyLimit() {
  return bodyLimit({
    maxSize: MAX_QUERY_BYTES,
    onError: () => problemResponse(makeProblem('request.tooLarge', { detail: 'La consulta es demasiado grande.' })),
  });
}

/** Problems of this module (kept here so the shared catalog needs no change). */
const TRACKING_PROBLEMS = {
  'tracking.downloadExpired': {
    status: 403,
    title: 'Vuelva a consultar su solicitud para descargar',
    detail: 'El permiso para descargar dura una hora desde que consultó su solicitud. Búsquela de nuevo y vuelva a descargar.',
  },
  'tracking.malformed': {
    status: 400,
    title: 'El número de solicitud no tiene el formato de esta mesa de partes',
    detail: 'Revise el número de solicitud que recibió por correo electrónico y el número de su documento de identidad.',
  },
  'tracking.noResponse': {
    status: 404,
    title: 'La solicitud no tiene un documento de respuesta',
    detail: 'La entidad todavía no adjuntó un documento de respuesta a esta solicitud.',
  },
  'tracking.notFound': {
    status: 404,
    title: 'No encontramos una solicitud con esos datos',
    detail: 'Revise el número de solicitud y el número del documento de identidad con el que la presentó.',
  },
} as const;

export function trackingProblem(code: keyof typeof TRACKING_PROBLEMS, example?: string): Response {
  const entry = TRACKING_PROBLEMS[code];
  const detail = example && code === 'tracking.malformed' ? `${entry.detail} El número se escribe, por ejemplo, ${example}.` : entry.detail;
  const problem: Problem = { type: problemType(code), title: entry.title, status: entry.status, code, detail };
  return problemResponse(problem, { 'cache-control': 'no-store' });
}

/** The agency's format shown as an example ("12-2026"). */
function exampleNumber(config: AgencyConfig): string {
  return config.requestNumber.pattern.replace(/\{year\}/g, '2026').replace(/\{seq(?::(\d+))?\}/g, (_whole, width?: string) => '12'.padStart(Number(width ?? 0), '0'));
}

/**
 * The request a citizen's query names, as it stands now (a correction deadline that passed is
 * settled first), or the problem to answer: `tracking.malformed` / `tracking.notFound`, the same
 * for every route that finds a request this way.
 */
export async function findForCitizen(
  options: Pick<TrackingOptions, 'db' | 'clock'>,
  config: AgencyConfig,
  query: TrackingQuery,
): Promise<{ request: RequestsTable } | { response: Response }> {
  const found = await findRequest(options.db, config, query);
  if (!found.ok) return { response: trackingProblem(found.code, exampleNumber(config)) };
  return { request: await settledRequest(options.db, config, options.clock, found.request) };
}

export async function readQuery(c: Context): Promise<TrackingQuery | Response> {
  return queryOf(await readJsonBody(c, 'la consulta'));
}

function queryOf(body: unknown): TrackingQuery | Response {
  return readTrackingQuery(body) ?? problemResponse(makeProblem('request.malformed', { detail: 'Envíe requestNumber y documentNumber como textos.' }));
}

export function mountTracking<E extends Env>(app: Hono<E>, options: TrackingOptions): void {
  const limit = queryBodyLimit();

  /** The request the query names, or the problem to answer. */
  const lookup = async (c: Context) => {
    const config = options.configOf(c.req.param('agencyId') ?? '');
    if (!config) return { response: problemResponse(makeProblem('agency.notFound')) };
    const query = queryOf(await readJsonBody(c, 'la consulta'));
    if (query instanceof Response) return { response: query };
    const found = await findForCitizen(options, config, query);
    if ('response' in found) return found;
    return { config, request: found.request };
  };

  /**
   * The grant first, then the request: without a valid grant every query gets the same 403,
   * whatever its number and document, so the downloads (which ask no captcha) cannot tell which
   * pairs exist. A grant for another request gets the tracking lookup's 404 for a wrong pair.
   */
  const lookupForDownload = async (c: Context) => {
    const config = options.configOf(c.req.param('agencyId') ?? '');
    if (!config) return { response: problemResponse(makeProblem('agency.notFound')) };
    const body = await readJsonBody(c, 'la consulta');
    const grantedId = options.grants.requestIdOf(config.id, stringMember(body, 'downloadToken'));
    if (!grantedId) return { response: trackingProblem('tracking.downloadExpired') };
    const query = queryOf(body);
    if (query instanceof Response) return { response: query };
    const found = await findForCitizen(options, config, query);
    if ('response' in found) return found;
    if (found.request.id !== grantedId) return { response: trackingProblem('tracking.notFound') };
    return { config, request: found.request };
  };

  // Only the search asks the captcha: the receipt and response downloads carry the grant the
  // search (or the filing) gave, so they answer nothing to someone who did not pass it.
  const captcha: MiddlewareHandler = options.captcha?.requireCaptcha('tracking') ?? ((_c, next) => next());
  const searchLimit: MiddlewareHandler = options.searchLimit ?? ((_c, next) => next());
  app.post('/api/:agencyId/tracking', limit, searchLimit, captcha, async (c) => {
    const found = await lookup(c);
    if ('response' in found) return found.response;
    const { config, request } = found;
    const tracking = await trackingOf(options.db, config, request);
    const downloadToken = options.grants.issue({ agencyId: config.id, requestId: request.id });
    c.header('cache-control', 'no-store');
    return c.json({ ...tracking, downloadToken });
  });

  const downloadLimit: MiddlewareHandler = options.downloadLimit ?? ((_c, next) => next());
  app.post('/api/:agencyId/receipts', limit, downloadLimit, async (c) => {
    const found = await lookupForDownload(c);
    if ('response' in found) return found.response;
    const { config, request } = found;
    const receipt = await receiptOf(options.db, config, request);
    const given = typeof options.publicUrl === 'function' ? options.publicUrl() : options.publicUrl;
    const base = given ?? `${new URL(c.req.url).origin}/`;
    const pdf = await renderReceiptPdf({
      receipt,
      config,
      trackingUrl: requestLink(base, config.id, 'seguimiento', request.request_number, request.applicant_document_number),
    });
    const filename = receiptFilename(request.request_number);
    const bytes = pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength) as ArrayBuffer;
    return c.body(bytes, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    });
  });

  app.post('/api/:agencyId/responses', limit, downloadLimit, async (c) => {
    const found = await lookupForDownload(c);
    if ('response' in found) return found.response;
    const { config, request } = found;
    const response = await responseOf(options.db, request);
    if (!response) return trackingProblem('tracking.noResponse');
    const bytes = await options.responsesFor(config.id).read(response.id);
    return c.body(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, 200, {
      'content-type': 'application/pdf',
      'content-length': String(bytes.byteLength),
      'content-disposition': `attachment; filename="${responseFilename(request.request_number)}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
  });
}
