/**
 * The tus endpoint of one agency (`/api/<agencyId>/uploads/`), on @tus/server's Web `Request`
 * handler. The hooks apply the agency's slot rules (for an upload made to correct an observed
 * document, metadata `purpose=correction`, its correction rules): when an upload is created
 * (declared name and length) and when it finishes (the bytes themselves). A finished upload
 * that passes is recorded in the database, with what it was made for, which is what lets any
 * process accept a filing (or a correction) that uses it.
 *
 * Against filling the disk (issue 11): creation and PATCH need an upload grant (`Upload-Grant`,
 * server/uploads/grants.ts) and each creation spends one upload and its declared length from it;
 * creation is refused (507) while free space minus what unfinished uploads still owe is below the
 * reserve (server/uploads/space.ts); every upload gets
 * a lease, answered as `Upload-Expires`, after which the sweep deletes it unless a filing took
 * it (server/uploads/expiry.ts); a write that fails on a full or read-only disk answers 507 and
 * deletes what it had written.
 */
import { ERRORS, Server, type Locker, type Upload } from '@tus/server';
import { correctionRule, largestSlotBytes, slotRule, type SlotRef } from '../../src/config/derive.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import { checkFileAgainstRule, formatBytes } from '../../src/domain/files.ts';
import { visibleText } from '../../src/domain/text.ts';
import type { Problem } from '../../src/api/types.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase, UploadPurpose } from '../db/schema.ts';
import { isProblem, makeProblem, PROBLEM_CONTENT_TYPE, ProblemError, problemResponse, type ProblemCode } from '../http/problems.ts';
import { storageFailure, storageFullProblem } from '../http/storage-full.ts';
import type { UploadStorage } from '../storage/uploads.ts';
import { leaseUpload } from './expiry.ts';
import { uploadCharge, type ResolvedUploadLimits, type UploadGrants } from './grants.ts';
import { inspectUpload } from './inspect.ts';
import { ensureRoomFor, owedBytes } from './space.ts';

export interface UploadEndpoint {
  /** Answers any tus request (POST, HEAD, PATCH, OPTIONS, DELETE) for this agency. */
  handle(request: Request): Promise<Response>;
}

/** What @tus/server sends when a hook throws this shape. */
type TusRejection = { status_code: number; body: string };

const toTus = (problem: Problem): TusRejection => ({ status_code: problem.status, body: JSON.stringify(problem) });

function slotName(slot: SlotRef): string {
  return slot.kind === 'main' ? 'el documento principal' : `el anexo ${slot.index}`;
}

/** Our metadata: `slot` = main | annex, `index` = "0" for main, 1…max for annexes. */
function slotFromMetadata(config: AgencyConfig, metadata: Upload['metadata']): SlotRef {
  const slot = metadata?.slot;
  const index = metadata?.index ?? (slot === 'main' ? '0' : '');
  if (slot === 'main' && index === '0') return { kind: 'main' };
  if (slot === 'annex' && /^[1-9]\d*$/.test(index)) {
    const number = Number(index);
    if (number <= config.attachments.annexes.max) return { kind: 'annex', index: number };
    throw new ProblemError('upload.invalidSlot', {
      detail: `Puede adjuntar como máximo ${config.attachments.annexes.max} anexos.`,
    });
  }
  throw new ProblemError('upload.invalidSlot', {
    detail: 'Indique en los metadatos "slot" (main o annex) e "index" (0 para el documento principal, 1 o más para los anexos).',
  });
}

/**
 * Our metadata `purpose`: absent or `filing` for a filing's slot, `correction` for the
 * replacement of an observed document (which has the agency's correction limits instead).
 */
function purposeFromMetadata(metadata: Upload['metadata']): UploadPurpose {
  const purpose = metadata?.purpose ?? 'filing';
  if (purpose === 'filing' || purpose === 'correction') return purpose;
  throw new ProblemError('upload.invalid', {
    detail: 'El metadato "purpose" de la subida debe ser "filing" (presentar una solicitud) o "correction" (subsanar un documento observado).',
  });
}

const MAX_NAME_LENGTH = 255;

/** The file's name as the receipt will print it; a problem when it cannot be one. */
function fileNameOf(metadata: Upload['metadata']): string {
  // tus-js-client sends `filename`; Uppy also sends `name`. Keep only the last path segment,
  // without control characters or the marks that reorder text (`factura\u202Efdp.exe` would show
  // staff a PDF name): they would end up on the staff console, in receipts and in e-mails.
  const name = visibleText((metadata?.filename ?? metadata?.name ?? '').replace(/^.*[\\/]/, '')).trim();
  if (name.length > MAX_NAME_LENGTH) {
    throw new ProblemError('upload.invalid', {
      detail: `El nombre del archivo es demasiado largo: use hasta ${MAX_NAME_LENGTH} caracteres.`,
    });
  }
  return name;
}

const TRY_AGAIN = 'Vuelva a intentarlo en unos minutos.';
const PROTOCOL_PROBLEM = 'Vuelva a elegir el archivo para subirlo de nuevo. Si el problema continúa, avise a la entidad.';

/** Our answer to each of @tus/server's own errors, found by the error's (English) body. */
function tusErrorProblems(largestBytes: number): ReadonlyMap<string, Problem> {
  const lengthRequired = 'Declare el tamaño del archivo (Upload-Length) al crear la subida.';
  // [tus's error, our code, Spanish detail, status when not the catalog's]
  const table: Array<[{ status_code: number; body: string }, ProblemCode, string, number?]> = [
    [ERRORS.ERR_MAX_SIZE_EXCEEDED, 'upload.tooLarge', `Ningún archivo puede pesar más de ${formatBytes(largestBytes)}.`],
    [ERRORS.ERR_SIZE_EXCEEDED, 'upload.tooLarge', 'Se enviaron más bytes que el tamaño declarado del archivo.'],
    [ERRORS.FILE_NOT_FOUND, 'upload.notFound', 'Esta subida no existe o ya fue descartada.', 404],
    [ERRORS.FILE_NO_LONGER_EXISTS, 'upload.gone', 'El archivo ya no está en el servidor. Súbalo de nuevo.'],
    [ERRORS.INVALID_OFFSET, 'upload.offsetConflict', 'Vuelva a intentar: la subida continuará desde donde quedó.'],
    [ERRORS.INVALID_LENGTH, 'upload.lengthRequired', lengthRequired],
    [ERRORS.UNSUPPORTED_CREATION_DEFER_LENGTH_EXTENSION, 'upload.lengthRequired', lengthRequired],
    [ERRORS.MISSING_OFFSET, 'upload.invalid', 'Falta la cabecera Upload-Offset: indique desde qué byte continúa la subida.'],
    [ERRORS.INVALID_CONTENT_TYPE, 'upload.invalid', 'Envíe los bytes del archivo con Content-Type: application/offset+octet-stream.'],
    [ERRORS.INVALID_METADATA, 'upload.invalid', 'Los metadatos de la subida (Upload-Metadata) no tienen el formato que pide tus.'],
    [ERRORS.INVALID_TERMINATION, 'upload.invalid', 'Un archivo que terminó de subirse ya no se puede borrar.'],
    [ERRORS.ABORTED, 'upload.invalid', 'Otra conexión continuó esta misma subida, así que esta se detuvo.'],
    [ERRORS.UNSUPPORTED_CONCATENATION_EXTENSION, 'upload.invalid', 'El servidor no recibe un archivo en partes paralelas: súbalo en una sola secuencia.'],
    [ERRORS.UNSUPPORTED_EXPIRATION_EXTENSION, 'upload.invalid', 'El servidor no ofrece vencimiento de subidas.'],
    [ERRORS.ERR_LOCK_TIMEOUT, 'server.error', TRY_AGAIN],
  ];
  return new Map(
    table.map(([error, code, detail, status]) => [
      error.body,
      // upload.invalid keeps tus's status (403 for a missing header, 501 for an extension it lacks).
      makeProblem(code, { detail, status: status ?? (code === 'upload.invalid' ? error.status_code : undefined) }),
    ]),
  );
}

/**
 * Maps an error @tus/server (or its data store) raised to our problem: a stable code, tus's
 * status and Spanish words. tus's own text is English for developers: it reaches only the log.
 * Null for errors that are not tus's (the caller logs them and answers `server.error`).
 */
function problemForTusError(error: unknown, known: ReadonlyMap<string, Problem>): Problem | null {
  const candidate = error as Partial<TusRejection> | null;
  if (typeof candidate?.status_code !== 'number') return null;
  const mapped = typeof candidate.body === 'string' ? known.get(candidate.body) : undefined;
  if (mapped) return mapped;
  if (candidate.status_code >= 500) return null;
  console.warn(`[uploads] tus answered ${candidate.status_code}: ${candidate.body?.trim() ?? ''}`);
  return makeProblem('upload.invalid', { status: candidate.status_code, detail: PROTOCOL_PROBLEM });
}

/** The plain-text answers tus writes without going through `onResponseError`. */
function problemForStatus(status: number, text: string): Problem {
  const reason = text.trim();
  // Sent without Tus-Resumable: not a tus client, or not one we speak with.
  if (status === 412) {
    return makeProblem('upload.invalid', { status, detail: 'Falta la cabecera Tus-Resumable: las subidas usan el protocolo tus 1.0.0.' });
  }
  // "Invalid upload-offset upload-length": headers whose values tus cannot read.
  const invalidHeaders = status === 400 ? /^Invalid (.+)$/.exec(reason) : null;
  if (invalidHeaders) {
    const names = invalidHeaders[1]!.split(' ').filter(Boolean);
    const detail =
      names.length === 1
        ? `La cabecera ${names[0]} no tiene un valor válido.`
        : `Estas cabeceras no tienen un valor válido: ${names.join(', ')}.`;
    return makeProblem('upload.invalid', { status, detail });
  }
  // tus's answer to a method it does not handle (PUT, POST on an upload…).
  if (status === 404 && reason === 'Not found') {
    return makeProblem('method.notAllowed', { detail: 'Las subidas admiten solo POST, HEAD, PATCH, OPTIONS y DELETE.' });
  }
  // Nothing else is written as plain text today; should a new tus version add some, its English
  // stays in the log.
  if (reason) console.warn(`[uploads] tus answered ${status}: ${reason}`);
  if (status >= 500) return makeProblem('server.error', { status, detail: TRY_AGAIN });
  return makeProblem('upload.invalid', { status, detail: PROTOCOL_PROBLEM });
}

/** Every tus error answer becomes problem+json, keeping tus's headers (CORS, Tus-Resumable). */
async function asProblemResponse(response: Response): Promise<Response> {
  const text = await response.text();
  let problem: Problem | null = null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (isProblem(parsed)) problem = parsed;
  } catch {
    // tus's own plain-text answers (412 without Tus-Resumable, 400 for a bad header)
  }
  problem ??= problemForStatus(response.status, text);
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.set('content-type', PROBLEM_CONTENT_TYPE);
  if (problem.status === 405) headers.set('allow', 'POST, HEAD, PATCH, OPTIONS, DELETE');
  return problemResponse(problem, headers);
}

export function createUploadEndpoint(options: {
  config: AgencyConfig;
  storage: UploadStorage;
  db: DeskDatabase;
  clock: Clock;
  /** Upload locks; in memory unless a deployment with several processes passes a shared one. */
  locker: Locker;
  /** The URL path tus answers at, e.g. `/api/cenares/uploads`. */
  path: string;
  grants: UploadGrants;
  limits: ResolvedUploadLimits;
}): UploadEndpoint {
  const { config, storage, db, clock, grants, limits } = options;
  const largest = largestSlotBytes(config);
  const tusErrors = tusErrorProblems(largest);
  const freeSpace = limits.freeSpace ? () => limits.freeSpace!(config.id) : storage.freeSpace ? () => storage.freeSpace!() : async () => null;

  const server = new Server({
    path: options.path,
    datastore: removingOnFullDisk(storage.datastore),
    // A page on another origin sends the grant and reads when its upload expires.
    allowedHeaders: ['Upload-Grant'],
    exposedHeaders: ['Upload-Expires'],
    locker: options.locker,
    // The hard ceiling (the largest slot); each slot's own limit is checked in onUploadCreate.
    maxSize: largest,
    // Relative, so the Location works behind any proxy or host name the agency uses.
    relativeLocation: true,
    // A finished upload may already be part of a filed request: never let a client delete it.
    disableTerminationForFinishedUploads: true,

    async onUploadCreate(request, upload) {
      try {
        const slot = slotFromMetadata(config, upload.metadata);
        const name = fileNameOf(upload.metadata);
        const correction = purposeFromMetadata(upload.metadata) === 'correction';
        const rule = correction ? correctionRule(config, slot) : slotRule(config, slot);
        // "el documento principal" / "el reemplazo del documento principal"
        const what = correction ? `el reemplazo ${slotName(slot).replace(/^el /, 'del ')}` : slotName(slot);
        const [problem] = checkFileAgainstRule({ name, size: upload.size ?? 0 }, rule);
        if (problem?.code === 'file.empty') {
          throw new ProblemError('upload.empty', { detail: 'El archivo no tiene contenido. Elija otro archivo.' });
        }
        if (problem?.code === 'file.type') {
          throw new ProblemError('upload.type', {
            detail: `Para ${what} se aceptan solo archivos ${rule.accept.join(', ')}.`,
          });
        }
        if (problem?.code === 'file.size') {
          throw new ProblemError('upload.tooLarge', {
            detail: `${capitalize(what)} puede pesar hasta ${formatBytes(rule.maxBytes)}.`,
          });
        }
        const size = upload.size ?? 0;
        // The lease first: the room check counts it with every other unfinished upload (space.ts).
        await leaseUpload(db, clock, { id: upload.id, agencyId: config.id, size }, limits.expiryMs);
        try {
          const space = await freeSpace();
          if (space) await ensureRoomFor(await owedBytes(db), space, limits, config.id);
          await grants.spend(request.headers.get('upload-grant'), config.id, correction ? 'correction' : 'filing', uploadCharge(size, rule.maxBytes));
        } catch (error) {
          await db.deleteFrom('upload_leases').where('upload_id', '=', upload.id).execute();
          throw error;
        }
        return {};
      } catch (error) {
        if (error instanceof ProblemError) throw toTus(error.problem);
        const full = storageFailure(error);
        if (full) throw toTus(storageFullProblem(full, `${config.id}: upload creation`));
        throw error;
      }
    },

    async onUploadFinish(_request, upload) {
      // A PATCH at the final offset runs this again: the upload is already checked and recorded.
      const recorded = await db.selectFrom('uploads').select('id').where('id', '=', upload.id).executeTakeFirst();
      if (recorded) return {};
      try {
        const slot = slotFromMetadata(config, upload.metadata);
        const name = fileNameOf(upload.metadata);
        const purpose = purposeFromMetadata(upload.metadata);
        const facts = await inspectUpload(storage.reader, upload.id, name);
        await db
          .insertInto('uploads')
          .values({
            id: upload.id,
            agency_id: config.id,
            slot: slot.kind,
            slot_index: slot.kind === 'main' ? 0 : slot.index,
            name,
            type: (upload.metadata?.filetype ?? upload.metadata?.type)?.slice(0, 255) || null,
            size: upload.size ?? upload.offset,
            pages: facts.pages,
            sha256: facts.sha256,
            storage_key: storage.storageKey(upload.id),
            created_at: clock.now().toISOString(),
            request_id: null,
            purpose,
          })
          .onConflict((conflict) => conflict.column('id').doNothing())
          .execute();
        return {};
      } catch (error) {
        // A refused (or unrecordable) upload must not linger: its bytes are deleted.
        await storage.datastore.remove(upload.id).catch((removeError: unknown) => {
          console.error(`[uploads] could not delete refused upload ${upload.id}`, removeError);
        });
        if (error instanceof ProblemError) throw toTus(error.problem);
        const full = storageFailure(error);
        if (full) throw toTus(storageFullProblem(full, `${config.id}: recording upload ${upload.id}`));
        throw error;
      }
    },

    onResponseError(request, error) {
      const candidate = error as Partial<TusRejection>;
      if (typeof candidate.body === 'string' && candidate.body.startsWith('{')) return undefined; // ours
      const full = storageFailure(error);
      if (full) return toTus(storageFullProblem(full, `${config.id}: ${request.method} ${new URL(request.url).pathname}`));
      const problem = problemForTusError(error, tusErrors);
      if (problem) return toTus(problem);
      console.error('[uploads] unexpected error', error);
      return toTus(makeProblem('server.error', { detail: TRY_AGAIN }));
    },
  });

  return {
    async handle(request) {
      // Only what writes needs a grant: HEAD (where a resumed upload stands), OPTIONS and DELETE
      // (which frees space) do not.
      if (request.method === 'POST' || request.method === 'PATCH') {
        try {
          await grants.check(request.headers.get('upload-grant'), config.id);
        } catch (error) {
          if (!(error instanceof ProblemError)) throw error;
          return problemResponse(error.problem, { 'tus-resumable': '1.0.0', 'access-control-expose-headers': 'Tus-Resumable' });
        }
      }
      const response = await server.handleWeb(request);
      if (response.status >= 400) return asProblemResponse(response);
      if (request.method === 'POST' && response.status === 201) await answerExpiry(response);
      return response;
    },
  };

  /** `Upload-Expires` (tus expiration extension): when the sweep may delete this upload. */
  async function answerExpiry(response: Response): Promise<void> {
    const id = response.headers.get('location')?.split('/').filter(Boolean).pop();
    if (!id) return;
    const lease = await db.selectFrom('upload_leases').select('expires_at').where('upload_id', '=', id).executeTakeFirst();
    if (lease) response.headers.set('upload-expires', new Date(lease.expires_at).toUTCString());
  }
}

/**
 * The store, except that a creation or write failing on a full or read-only disk deletes what it
 * wrote (a partial file would only hold space until the sweep) before the error goes on to
 * `onResponseError`, which answers 507.
 */
function removingOnFullDisk(datastore: UploadStorage['datastore']): UploadStorage['datastore'] {
  const guarded = async <T>(id: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (storageFailure(error)) {
        await datastore.remove(id).catch(() => undefined);
      }
      throw error;
    }
  };
  return new Proxy(datastore, {
    get(target, property) {
      if (property === 'create') return (upload: Upload) => guarded(upload.id, () => target.create(upload));
      if (property === 'write') {
        return (stream: Parameters<typeof target.write>[0], id: string, offset: number) => guarded(id, () => target.write(stream, id, offset));
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
