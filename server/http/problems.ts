/**
 * RFC 9457 problem details: every error the backend answers is one of these, with a stable
 * `code` the widget maps to its own message and a Spanish `title`/`detail` a citizen can read
 * when the widget shows the server's words.
 */
import type { CorrectionFieldError, FieldError, Problem, Receipt } from '../../src/api/types.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const CATALOG = {
  'agency.notFound': { status: 404, title: 'No encontramos esta entidad en la mesa de partes' },
  'route.notFound': { status: 404, title: 'No encontramos la dirección solicitada' },
  'method.notAllowed': { status: 405, title: 'Esta dirección no admite esta operación' },
  'request.malformed': { status: 400, title: 'La solicitud no tiene el formato esperado' },
  'request.tooLarge': { status: 413, title: 'La solicitud es demasiado grande' },
  // Issue 11: per-address limits on tracking, correction look-ups and filings (server/http/citizen-limits.ts).
  'request.tooMany': { status: 429, title: 'Se hicieron demasiados intentos desde su conexión' },
  'request.headersTooLarge': { status: 431, title: 'Los encabezados de la solicitud son demasiado grandes' },
  'idempotency.missing': { status: 400, title: 'Falta la clave que evita enviar dos veces la misma solicitud' },
  'idempotency.conflict': { status: 409, title: 'Esta solicitud ya fue registrada' },
  'filing.invalid': { status: 422, title: 'Revise los datos de su solicitud' },
  'correction.invalid': { status: 422, title: 'Revise los documentos de su subsanación' },
  'correction.notObserved': { status: 409, title: 'La solicitud no tiene observaciones por subsanar' },
  'correction.deadlinePassed': { status: 409, title: 'El plazo para subsanar ya venció' },
  'upload.notFound': { status: 422, title: 'No encontramos uno de los archivos' },
  'upload.wrongSlot': { status: 422, title: 'Un archivo no está en el lugar que le corresponde' },
  'upload.alreadyUsed': { status: 422, title: 'Un archivo ya se usó en otra solicitud' },
  'upload.invalidSlot': { status: 400, title: 'No se indicó a qué documento corresponde el archivo' },
  'upload.lengthRequired': { status: 400, title: 'Falta el tamaño del archivo' },
  'upload.empty': { status: 400, title: 'El archivo está vacío' },
  'upload.type': { status: 415, title: 'Este tipo de archivo no se acepta aquí' },
  'upload.tooLarge': { status: 413, title: 'El archivo pesa más de lo permitido' },
  'upload.contentMismatch': { status: 422, title: 'El contenido del archivo no corresponde a su tipo' },
  'upload.encrypted': { status: 422, title: 'El PDF está protegido con contraseña' },
  'upload.corrupt': { status: 422, title: 'El archivo está dañado o incompleto' },
  'upload.offsetConflict': { status: 409, title: 'La subida del archivo se desordenó' },
  'upload.gone': { status: 410, title: 'El archivo ya no está disponible' },
  'upload.invalid': { status: 400, title: 'La subida del archivo no se pudo procesar' },
  'request.notFound': { status: 404, title: 'No encontramos la solicitud' },
  'request.illegalTransition': { status: 409, title: 'La solicitud no admite esta acción en su estado actual' },
  'staff.unauthorized': { status: 401, title: 'Ingrese con un usuario de la mesa de partes de esta entidad' },
  // Issue 11: staff sessions, CSRF and sign-in attempts (server/staff).
  'staff.sessionExpired': { status: 401, title: 'Su sesión en la consola de la mesa terminó' },
  'staff.crossSite': { status: 403, title: 'Esta operación solo se acepta desde la consola de la mesa de partes' },
  'staff.tooManyAttempts': { status: 429, title: 'Demasiados intentos fallidos de ingreso' },
  // Issue 5: email codes, citizen sessions, "Mis trámites", OpenID Connect (server/verification, server/sessions, server/my-requests, server/oidc).
  'verification.invalid': { status: 422, title: 'Revise el correo electrónico o el código' },
  'verification.disabled': { status: 404, title: 'Esta mesa de partes no envía códigos de validación' },
  'verification.tooSoon': { status: 429, title: 'Espere un momento antes de pedir otro código' },
  'verification.tooMany': { status: 429, title: 'Se pidieron demasiados códigos' },
  'verification.wrongCode': { status: 422, title: 'El código no es correcto' },
  'verification.expired': { status: 410, title: 'El código venció o ya se usó' },
  'verification.tooManyAttempts': { status: 429, title: 'Se equivocó demasiadas veces con este código' },
  'account.disabled': { status: 404, title: 'Esta mesa de partes no ofrece «Mis trámites»' },
  'session.invalid': { status: 422, title: 'Revise sus datos de ingreso' },
  'session.expired': { status: 401, title: 'Su sesión terminó' },
  'oidc.failed': { status: 401, title: 'No se pudo completar el ingreso con el proveedor de identidad' },
  'oidc.unavailable': { status: 502, title: 'El proveedor de identidad no responde' },
  // Issue 5: captcha (server/captcha).
  'captcha.required': { status: 400, title: 'Falta la verificación «No soy un robot»' },
  'captcha.invalid': { status: 403, title: 'La verificación «No soy un robot» no es válida o ya se usó' },
  'captcha.unavailable': { status: 503, title: 'No se pudo comprobar la verificación «No soy un robot»' },
  'captcha.disabled': { status: 404, title: 'Esta mesa de partes no usa esta verificación' },
  // Issue 11: upload grants and a disk that fills (server/uploads/grants.ts, server/http/storage-full.ts).
  'upload.grantMissing': { status: 400, title: 'Falta el permiso para subir archivos' },
  'upload.grantInvalid': { status: 403, title: 'El permiso para subir archivos no es válido o venció' },
  'upload.grantExhausted': { status: 403, title: 'Se agotó el espacio permitido para los archivos de esta solicitud' },
  'upload.grantTooMany': { status: 429, title: 'Se pidieron demasiados permisos para subir archivos' },
  'storage.full': { status: 507, title: 'La mesa de partes no tiene espacio para guardar documentos' },
  'server.error': { status: 500, title: 'Ocurrió un error en el servidor' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof CATALOG;

/** Stable, not meant to be opened: RFC 9457 allows a type URI that identifies without resolving. */
export function problemType(code: string): string {
  return `urn:mesa-de-partes:problem:${code}`;
}

/** What a problem may carry besides its catalog entry. */
export interface ProblemExtra {
  detail?: string;
  errors?: Array<FieldError | CorrectionFieldError>;
  /** Overrides the catalog's status (e.g. tus's own status for a protocol error). */
  status?: number;
  /** RFC 9457 extension member: the earlier filing's receipt, with `idempotency.conflict`. */
  receipt?: Receipt;
}

export function makeProblem(code: ProblemCode, extra: ProblemExtra = {}): Problem {
  const entry = CATALOG[code];
  const problem: Problem = { type: problemType(code), title: entry.title, status: extra.status ?? entry.status, code };
  if (extra.detail) problem.detail = extra.detail;
  if (extra.errors?.length) problem.errors = extra.errors;
  if (extra.receipt) problem.receipt = extra.receipt;
  return problem;
}

/** Thrown anywhere in a request to answer with a problem. */
export class ProblemError extends Error {
  readonly problem: Problem;

  constructor(code: ProblemCode, extra: ProblemExtra = {}) {
    const problem = makeProblem(code, extra);
    super(`${problem.code}: ${problem.detail ?? problem.title}`);
    this.name = 'ProblemError';
    this.problem = problem;
  }
}

export function problemResponse(problem: Problem, headers: HeadersInit = {}): Response {
  const response = new Response(JSON.stringify(problem), { status: problem.status, headers });
  response.headers.set('content-type', PROBLEM_CONTENT_TYPE);
  return response;
}

/** True for a parsed body that is one of our problems (used to keep tus hook errors intact). */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Problem>;
  return typeof candidate.code === 'string' && typeof candidate.status === 'number' && typeof candidate.title === 'string';
}
