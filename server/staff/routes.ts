/**
 * The staff API, `/api/<agencyId>/staff/…`: a sign-in (`POST session`) with the agency's own staff
 * credentials gives a session cookie (server/staff/sessions.ts); every other route needs it, and
 * every state-changing request also the desk's own origin and the session's CSRF token. Sign-in
 * attempts are limited (server/staff/attempts.ts) and every sign-in and staff action is recorded
 * (server/staff/audit.ts). There is no HTTP Basic and no `WWW-Authenticate` challenge: a browser
 * that remembered a password would send it with any other site's forged request. The staff API
 * answers no CORS request (server/app.ts leaves it out of the citizen API's open CORS). Nothing
 * here is reachable with what a citizen holds (request number, document number, upload ids).
 */
import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { isRequestStatus } from '../../src/domain/lifecycle.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase, SlotKind, StaffAuditAction } from '../db/schema.ts';
import { readJsonBody } from '../http/body.ts';
import { makeProblem, PROBLEM_CONTENT_TYPE, ProblemError, problemResponse } from '../http/problems.ts';
import { addressBlock } from '../lookups/address-block.ts';
import type { ResponseStorageFactory } from '../storage/responses.ts';
import type { UploadStorageFactory } from '../storage/uploads.ts';
import { clientAddress, minutesInWords, secondsInWords } from '../verification/options.ts';
import { ADDRESS_FREE_FAILURES, SignInAttempts, USER_ANYWHERE_FREE_FAILURES, USER_ANYWHERE_LONGEST_LOCK_MS, USER_FREE_FAILURES, type AttemptBucket } from './attempts.ts';
import { auditOfRequest, MAX_AUDIT_USER, recordStaffAudit, type AuditActor } from './audit.ts';
import { checkPassword, isStaffUser, type StaffCredential } from './credentials.ts';
import { DEFAULT_STAFF_SESSION, fromOwnOrigin, StaffSessions, validCsrfToken, type LiveSession, type StaffSessionDurations } from './sessions.ts';
import { MAX_NOTE_LENGTH, MAX_PAGE_SIZE, MAX_RESPONSE_BYTES, StaffDesk, type ObserveInput, type ResponseFileInput, type StepHook } from './staff-desk.ts';

export interface StaffRoutesOptions {
  configs: AgencyConfig[];
  db: DeskDatabase;
  clock: Clock;
  storageFor: UploadStorageFactory;
  /** Where the files staff attend with are kept. */
  responsesFor: ResponseStorageFactory;
  credentials: readonly StaffCredential[];
  /** Session lifetimes (STAFF_SESSION_IDLE_MINUTES, STAFF_SESSION_MAX_HOURS). */
  sessions?: StaffSessionDurations;
  /** PUBLIC_URL: also the desk's own origin, and whether the cookie must be Secure. */
  publicUrl?: string | (() => string | undefined);
  /** TRUST_PROXY: the client address (attempt limits, audit) is X-Forwarded-For's last. */
  trustProxy?: boolean;
}

type StaffEnv = { Variables: { staffDesk: StaffDesk; session: LiveSession; actor: AuditActor } };

const MAX_BODY_BYTES = 64 * 1024;
const MAX_PASSWORD_LENGTH = 1024;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Mount with `app.route('/api/:agencyId/staff', staffRoutes(…))`, after the agency lookup. */
export function staffRoutes(options: StaffRoutesOptions): Hono<StaffEnv> {
  const desks = new Map<string, StaffDesk>();
  for (const config of options.configs) {
    desks.set(config.id, new StaffDesk(config, options.db, options.clock, options.storageFor(config.id).reader, options.responsesFor(config.id)));
  }
  const sessions = new StaffSessions(options.db, options.clock, options.sessions ?? DEFAULT_STAFF_SESSION);
  const attempts = new SignInAttempts(options.db, options.clock);
  const publicUrl = () => (typeof options.publicUrl === 'function' ? options.publicUrl() : options.publicUrl);
  const addressOf = (c: Context) => clientAddress(c, { trustProxy: options.trustProxy });
  const staff = new Hono<StaffEnv>();
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ProblemError('request.tooLarge', { detail: 'Los datos enviados son demasiado grandes.' });
    },
  });

  staff.use('*', async (c, next) => {
    const agencyId = c.req.param('agencyId') ?? '';
    const desk = desks.get(agencyId);
    if (!desk) throw new ProblemError('agency.notFound', { detail: `No hay una mesa de partes con el identificador «${agencyId}».` });
    // No CORS here: a preflight is how another site's page would ask, and it is refused.
    if (c.req.method === 'OPTIONS') throw new ProblemError('method.notAllowed', { detail: 'La API de la mesa de partes no atiende pedidos de otros sitios.' });
    // Same origin before anything else, the sign-in included (a forged sign-in would put the
    // staff member's browser in the attacker's session).
    if (STATE_CHANGING.has(c.req.method) && !fromOwnOrigin(c, publicUrl())) {
      throw new ProblemError('staff.crossSite', { detail: 'Esta operación solo se acepta desde la consola de la mesa de partes de esta entidad.' });
    }
    c.set('staffDesk', desk);
    await next();
    c.header('cache-control', 'no-store');
  });

  staff.post('/session', limit, async (c) => {
    const agencyId = c.req.param('agencyId') ?? '';
    const body = object(await readJsonBody(c, 'los datos'));
    const user = requiredText(body.user, 'user', MAX_AUDIT_USER);
    if (typeof body.password !== 'string' || body.password === '') throw malformed('Escriba «password».');
    if (body.password.length > MAX_PASSWORD_LENGTH) throw malformed(`«password» puede tener hasta ${MAX_PASSWORD_LENGTH} caracteres.`);
    const address = addressOf(c);
    const block = addressBlock(address);
    const addressBucket: AttemptBucket = { key: `address:${block}`, free: ADDRESS_FREE_FAILURES };
    const userHereBucket: AttemptBucket = { key: `user-address:${agencyId}:${block}:${user}`, free: USER_FREE_FAILURES };
    const userBucket: AttemptBucket = { key: `user:${agencyId}:${user}`, free: USER_ANYWHERE_FREE_FAILURES, longestLockMs: USER_ANYWHERE_LONGEST_LOCK_MS };
    // The address first: once it is locked, nothing is written for any user name it tries.
    const claim = await attempts.claim([addressBucket, userHereBucket, userBucket]);
    if (!claim.allowed) {
      const wait = claim.retryAfterSeconds < 60 ? secondsInWords(claim.retryAfterSeconds) : minutesInWords(claim.retryAfterSeconds);
      return problemResponse(
        makeProblem('staff.tooManyAttempts', { detail: `Hubo demasiados intentos fallidos de ingreso. Vuelva a intentarlo en ${wait}.` }),
        { 'retry-after': String(claim.retryAfterSeconds), 'cache-control': 'no-store' },
      );
    }
    const actor: AuditActor = { agencyId, user, address, userAgent: c.req.header('user-agent') ?? '' };
    const signedIn = await checkPassword(options.credentials, agencyId, user, body.password);
    if (signedIn === null) {
      // Only a real user's failures are worth keeping (and they are bounded by the user's own
      // limits): a row per guessed name would let anyone grow the table at will.
      if (isStaffUser(options.credentials, agencyId, user)) await recordStaffAudit(options.db, options.clock, actor, { action: 'sign-in-failed' });
      throw new ProblemError('staff.unauthorized', { detail: 'Usuario o contraseña incorrectos para esta entidad.' });
    }
    await attempts.succeeded(userHereBucket, [addressBucket, userBucket]);
    // A new sign-in replaces the browser's earlier session rather than leaving it open.
    const previous = await sessions.current(c, agencyId, publicUrl());
    if (previous && previous !== 'expired') await sessions.revoke(previous);
    const session = await sessions.open(agencyId, signedIn);
    await recordStaffAudit(options.db, options.clock, actor, { action: 'sign-in' });
    sessions.setCookie(c, agencyId, session, publicUrl());
    return c.json(sessions.view(session), 201);
  });

  staff.use('*', async (c, next) => {
    const agencyId = c.req.param('agencyId') ?? '';
    const session = await sessions.current(c, agencyId, publicUrl());
    if (session === 'expired') {
      // The ended session's cookie is cleared with the answer.
      sessions.setCookie(c, agencyId, null, publicUrl());
      const problem = makeProblem('staff.sessionExpired', { detail: 'Su sesión terminó. Vuelva a ingresar con su usuario y contraseña.' });
      return c.body(JSON.stringify(problem), 401, { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' });
    }
    if (session === null) {
      return problemResponse(makeProblem('staff.unauthorized', { detail: 'Ingrese con su usuario y contraseña de la mesa de partes.' }), { 'cache-control': 'no-store' });
    }
    if (STATE_CHANGING.has(c.req.method) && !validCsrfToken(session, c.req.header('x-csrf-token'))) {
      throw new ProblemError('staff.crossSite', { detail: 'Falta el código de seguridad de la sesión o no corresponde. Recargue la consola e inténtelo de nuevo.' });
    }
    c.set('session', session);
    c.set('actor', { agencyId, user: session.row.user, address: addressOf(c), userAgent: c.req.header('user-agent') ?? '' });
    await next();
  });

  staff.get('/session', (c) => c.json(sessions.view(c.get('session'))));

  staff.delete('/session', async (c) => {
    await sessions.revoke(c.get('session'));
    await recordStaffAudit(options.db, options.clock, c.get('actor'), { action: 'sign-out' });
    sessions.setCookie(c, c.req.param('agencyId') ?? '', null, publicUrl());
    return c.body(null, 204);
  });

  /** Records `action` on the request in the step's own transaction. */
  const audited =
    (c: Context<StaffEnv>, action: StaffAuditAction, detail: string | null): StepHook =>
    (trx, request) =>
      recordStaffAudit(trx, options.clock, c.get('actor'), { action, request, detail });

  staff.get('/requests/:number/audit', async (c) => {
    const request = await c.get('staffDesk').idOf(c.req.param('number'));
    return c.json({ requestNumber: request.request_number, items: await auditOfRequest(options.db, request.id) });
  });

  staff.get('/requests', async (c) => {
    const query = c.req.query();
    const status = query.status?.trim();
    if (status && !isRequestStatus(status)) throw malformed(`El estado «${status}» no existe.`);
    for (const name of ['from', 'to'] as const) {
      if (query[name] && !DATE.test(query[name])) throw malformed(`«${name}» debe ser una fecha AAAA-MM-DD.`);
    }
    const page = positiveInt(query.page, 1, 'page');
    const pageSize = positiveInt(query.pageSize, 20, 'pageSize');
    if (pageSize > MAX_PAGE_SIZE) throw malformed(`«pageSize» puede ser hasta ${MAX_PAGE_SIZE}.`);
    const result = await c.get('staffDesk').list({
      status: status && isRequestStatus(status) ? status : undefined,
      number: query.number?.trim() || undefined,
      documentNumber: query.documentNumber?.trim() || undefined,
      from: query.from || undefined,
      to: query.to || undefined,
      page,
      pageSize,
    });
    return c.json(result);
  });

  staff.get('/requests/:number', async (c) => c.json(await c.get('staffDesk').get(c.req.param('number'))));

  staff.get('/requests/:number/files/:slot/:index', async (c) => {
    const slot = c.req.param('slot');
    const index = Number(c.req.param('index'));
    if ((slot !== 'main' && slot !== 'annex') || !Number.isInteger(index) || index < 0) {
      throw new ProblemError('route.notFound', { detail: 'Ese documento no existe.' });
    }
    const versionText = c.req.query('version');
    const version = versionText === undefined ? undefined : positiveInt(versionText, 1, 'version');
    const file = await c.get('staffDesk').file(c.req.param('number'), slot, index, version);
    await recordStaffAudit(options.db, options.clock, c.get('actor'), {
      action: 'download',
      request: { id: file.requestId, request_number: file.requestNumber },
      detail: `${slot === 'main' ? 'Documento principal' : `Anexo ${index}`}, versión ${file.version}: ${file.name}`,
    });
    return new Response(Readable.toWeb(file.stream) as ReadableStream, {
      status: 200,
      headers: {
        'content-type': file.type ?? 'application/octet-stream',
        'content-length': String(file.size),
        'content-disposition': contentDisposition(file.name),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  });

  staff.post('/requests/:number/observe', limit, async (c) => {
    const input = readObserve(await readJsonBody(c, 'los datos'));
    const detail = input.documents.map((document) => (document.slot === 'main' ? 'Documento principal' : `Anexo ${document.index}`)).join(', ');
    return c.json(await c.get('staffDesk').observe(c.req.param('number'), input, audited(c, 'observe', `Observó: ${detail}`)));
  });

  staff.post('/requests/:number/forward', limit, async (c) => {
    const body = object(await readJsonBody(c, 'los datos'));
    const officeId = optionalText(body.officeId, 'officeId', 100);
    const office = optionalText(body.office, 'office', 200);
    if (officeId === undefined && office === undefined) throw malformed('Indique la oficina (officeId u office).');
    const note = optionalText(body.note, 'note', MAX_NOTE_LENGTH) ?? null;
    const offices = options.configs.find((config) => config.id === c.req.param('agencyId'))?.offices ?? [];
    const officeName = office ?? offices.find((candidate) => candidate.id === officeId)?.name ?? officeId;
    return c.json(await c.get('staffDesk').forward(c.req.param('number'), { officeId, office, note }, audited(c, 'forward', `Derivó a ${officeName}`)));
  });

  // The response file makes the body larger: multipart bodies get room for it (and its form).
  const multipartLimit = bodyLimit({
    maxSize: MAX_RESPONSE_BYTES + MAX_BODY_BYTES,
    onError: () => {
      throw new ProblemError('upload.tooLarge', { detail: 'La respuesta puede pesar hasta 20 MB.' });
    },
  });

  staff.post(
    '/requests/:number/attend',
    (c, next) => (isMultipart(c.req.header('content-type')) ? multipartLimit(c, next) : limit(c, next)),
    async (c) => {
      let note: string;
      let file: ResponseFileInput | undefined;
      if (isMultipart(c.req.header('content-type'))) {
        let form: Record<string, string | File>;
        try {
          form = await c.req.parseBody();
        } catch {
          throw malformed('El formulario enviado no se pudo leer.');
        }
        note = requiredText(form.note, 'note', MAX_NOTE_LENGTH);
        const upload = form.file;
        if (upload !== undefined && typeof upload !== 'string' && upload.size > 0) {
          if (upload.size > MAX_RESPONSE_BYTES) throw new ProblemError('upload.tooLarge', { detail: 'La respuesta puede pesar hasta 20 MB.' });
          file = { name: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) };
        } else if (typeof upload === 'string' && upload !== '') {
          throw malformed('«file» debe ser un archivo.');
        }
      } else {
        const body = object(await readJsonBody(c, 'los datos'));
        note = requiredText(body.note, 'note', MAX_NOTE_LENGTH);
      }
      return c.json(await c.get('staffDesk').attend(c.req.param('number'), note, file, audited(c, 'attend', file ? `Respuesta: ${file.name}` : null)));
    },
  );

  return staff;
}

function isMultipart(type: string | undefined): boolean {
  return /^multipart\/form-data\b/i.test(type ?? '');
}

function malformed(detail: string): ProblemError {
  return new ProblemError('request.malformed', { detail });
}

function positiveInt(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw malformed(`«${name}» debe ser un número entero mayor que 0.`);
  return value;
}

function object(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed('Envíe un objeto JSON.');
  return value as Record<string, unknown>;
}

function optionalText(value: unknown, name: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw malformed(`«${name}» debe ser texto.`);
  const text = value.trim();
  if (!text) return undefined;
  if (text.length > max) throw malformed(`«${name}» puede tener hasta ${max} caracteres.`);
  return text;
}

function requiredText(value: unknown, name: string, max: number): string {
  const text = optionalText(value, name, max);
  if (text === undefined) throw malformed(`Escriba «${name}».`);
  return text;
}

function readObserve(value: unknown): ObserveInput {
  const body = object(value);
  const note = requiredText(body.note, 'note', MAX_NOTE_LENGTH);
  if (!Array.isArray(body.documents) || body.documents.length === 0) {
    throw malformed('Indique al menos un documento observado (documents).');
  }
  const seen = new Set<string>();
  const documents = body.documents.map((item: unknown, position: number) => {
    const document = object(item);
    const slot = document.slot;
    const index = document.index;
    if ((slot !== 'main' && slot !== 'annex') || typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
      throw malformed(`El documento ${position + 1} debe indicar slot ("main" o "annex") e index.`);
    }
    const key = `${slot}/${index}`;
    if (seen.has(key)) throw malformed(`El documento ${position + 1} está repetido.`);
    seen.add(key);
    return { slot: slot as SlotKind, index, note: requiredText(document.note, `documents[${position}].note`, MAX_NOTE_LENGTH) };
  });
  return { note, documents };
}

/** RFC 6266: an ASCII fallback and the real (UTF-8) name. */
function contentDisposition(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_') || 'documento';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
