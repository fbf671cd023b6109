/**
 * The staff API, `/api/<agencyId>/staff/…`: HTTP Basic auth with the agency's own staff
 * credentials on every route, then the StaffDesk. Nothing here is reachable with what a citizen
 * holds (request number, document number, upload ids).
 */
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { isRequestStatus } from '../../src/domain/lifecycle.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase, SlotKind } from '../db/schema.ts';
import { readJsonBody } from '../http/body.ts';
import { makeProblem, ProblemError, problemResponse } from '../http/problems.ts';
import type { ResponseStorageFactory } from '../storage/responses.ts';
import type { UploadStorageFactory } from '../storage/uploads.ts';
import { authenticate, type StaffCredential } from './credentials.ts';
import { MAX_NOTE_LENGTH, MAX_PAGE_SIZE, MAX_RESPONSE_BYTES, StaffDesk, type ObserveInput, type ResponseFileInput } from './staff-desk.ts';

export interface StaffRoutesOptions {
  configs: AgencyConfig[];
  db: DeskDatabase;
  clock: Clock;
  storageFor: UploadStorageFactory;
  /** Where the files staff attend with are kept. */
  responsesFor: ResponseStorageFactory;
  credentials: readonly StaffCredential[];
}

type StaffEnv = { Variables: { staffDesk: StaffDesk } };

const MAX_BODY_BYTES = 64 * 1024;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Mount with `app.route('/api/:agencyId/staff', staffRoutes(…))`, after the agency lookup. */
export function staffRoutes(options: StaffRoutesOptions): Hono<StaffEnv> {
  const desks = new Map<string, StaffDesk>();
  for (const config of options.configs) {
    desks.set(config.id, new StaffDesk(config, options.db, options.clock, options.storageFor(config.id).reader, options.responsesFor(config.id)));
  }
  const staff = new Hono<StaffEnv>();

  staff.use('*', async (c, next) => {
    const agencyId = c.req.param('agencyId') ?? '';
    const desk = desks.get(agencyId);
    if (!desk) throw new ProblemError('agency.notFound', { detail: `No hay una mesa de partes con el identificador «${agencyId}».` });
    // Preflights carry no credentials; the CORS layer in front answers them.
    if (c.req.method !== 'OPTIONS' && authenticate(options.credentials, agencyId, c.req.header('authorization')) === null) {
      return problemResponse(
        makeProblem('staff.unauthorized', { detail: 'Usuario o contraseña incorrectos para esta entidad.' }),
        { 'www-authenticate': challenge(c.req.header('x-requested-with'), agencyId), 'cache-control': 'no-store' },
      );
    }
    c.set('staffDesk', desk);
    await next();
    c.header('cache-control', 'no-store');
  });

  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ProblemError('request.tooLarge', { detail: 'Los datos enviados son demasiado grandes.' });
    },
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
    return c.json(await c.get('staffDesk').observe(c.req.param('number'), input));
  });

  staff.post('/requests/:number/forward', limit, async (c) => {
    const body = object(await readJsonBody(c, 'los datos'));
    const officeId = optionalText(body.officeId, 'officeId', 100);
    const office = optionalText(body.office, 'office', 200);
    if (officeId === undefined && office === undefined) throw malformed('Indique la oficina (officeId u office).');
    const note = optionalText(body.note, 'note', MAX_NOTE_LENGTH) ?? null;
    return c.json(await c.get('staffDesk').forward(c.req.param('number'), { officeId, office, note }));
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
      return c.json(await c.get('staffDesk').attend(c.req.param('number'), note, file));
    },
  );

  return staff;
}

/**
 * A browser answers a `Basic` challenge to a script's request with its own login dialog (and
 * holds the request until it is closed). A page with its own login form, like the demo's staff
 * console, sends `X-Requested-With` and gets the same challenge under a scheme browsers do not
 * handle, so the 401 reaches the page.
 */
function challenge(requestedWith: string | undefined, agencyId: string): string {
  return `${requestedWith ? 'xBasic' : 'Basic'} realm="Mesa de partes ${agencyId}", charset="UTF-8"`;
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
