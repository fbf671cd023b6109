/**
 * The life of a request after it is filed, as data: which states exist, which transitions the
 * desk may make, and how each state reads in Spanish. Pure: the backend records the states and
 * the timeline, the widgets show them.
 *
 * One code per state: agencies that call the initial state "PENDIENTE DE VALIDACIÓN" (INPE)
 * show `RECIBIDO` under that label (`statusLabel(status, { pendingValidation: true })`).
 */

export const REQUEST_STATUSES = ['RECIBIDO', 'OBSERVADO', 'SUBSANADO', 'DERIVADO', 'ATENDIDO', 'ANULADO', 'NO_PRESENTADO'] as const;

export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const INITIAL_STATUS: RequestStatus = 'RECIBIDO';

/** Where a request is when it is filed, and until it is forwarded: the timeline's first origin. */
export const DESK_ORIGIN = 'MESA DE PARTES';

/**
 * The allowed transitions. An observation is made once (art. 136 of Ley 27444's TUO): after the
 * correction (SUBSANADO) the request goes on, it is not observed again.
 */
export const TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  RECIBIDO: ['OBSERVADO', 'DERIVADO', 'ATENDIDO', 'ANULADO'],
  OBSERVADO: ['SUBSANADO', 'NO_PRESENTADO'],
  SUBSANADO: ['DERIVADO', 'ATENDIDO'],
  DERIVADO: ['DERIVADO', 'ATENDIDO'],
  ATENDIDO: [],
  ANULADO: [],
  NO_PRESENTADO: [],
};

export const STATUS_LABELS: Readonly<Record<RequestStatus, string>> = {
  RECIBIDO: 'RECIBIDO',
  OBSERVADO: 'OBSERVADO',
  SUBSANADO: 'SUBSANADO',
  DERIVADO: 'DERIVADO',
  ATENDIDO: 'ATENDIDO',
  ANULADO: 'ANULADO',
  NO_PRESENTADO: 'NO PRESENTADO',
};

/** The label agencies such as INPE give the initial state. */
export const PENDING_VALIDATION_LABEL = 'PENDIENTE DE VALIDACIÓN';

export function isRequestStatus(value: unknown): value is RequestStatus {
  return typeof value === 'string' && (REQUEST_STATUSES as readonly string[]).includes(value);
}

export function statusLabel(status: RequestStatus, options: { pendingValidation?: boolean } = {}): string {
  return status === 'RECIBIDO' && options.pendingValidation ? PENDING_VALIDATION_LABEL : STATUS_LABELS[status];
}

/** Spanish label of a stored stage; a code the lifecycle does not know is shown as it is. */
export function stageLabel(stage: string, options: { pendingValidation?: boolean } = {}): string {
  return isRequestStatus(stage) ? statusLabel(stage, options) : stage.replace(/_/g, ' ');
}

export function isFinal(status: RequestStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** What the desk tried to do, in the words of the refusal ("No se puede atender…"). */
const ACTION_VERBS: Readonly<Record<RequestStatus, string>> = {
  RECIBIDO: 'recibir',
  OBSERVADO: 'observar',
  SUBSANADO: 'subsanar',
  DERIVADO: 'derivar',
  ATENDIDO: 'atender',
  ANULADO: 'anular',
  NO_PRESENTADO: 'dar por no presentada',
};

/** The state as an adjective for "una solicitud …". */
const STATE_ADJECTIVES: Readonly<Record<RequestStatus, string>> = {
  RECIBIDO: 'recibida',
  OBSERVADO: 'observada',
  SUBSANADO: 'subsanada',
  DERIVADO: 'derivada',
  ATENDIDO: 'atendida',
  ANULADO: 'anulada',
  NO_PRESENTADO: 'no presentada',
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: RequestStatus,
    readonly to: RequestStatus,
    message: string = illegalTransitionMessage(from, to),
  ) {
    super(message);
    this.name = 'IllegalTransitionError';
  }
}

export function illegalTransitionMessage(from: RequestStatus, to: RequestStatus): string {
  if (to === 'OBSERVADO' && (from === 'SUBSANADO' || from === 'OBSERVADO')) {
    return 'No se puede observar de nuevo: una solicitud se observa una sola vez.';
  }
  return `No se puede ${ACTION_VERBS[to]} una solicitud ${STATE_ADJECTIVES[from]}.`;
}

/**
 * The next state, or an `IllegalTransitionError`. `history`: the states the request went
 * through (its timeline's stages), for the rule that a request is observed once.
 */
export function transition(from: RequestStatus, to: RequestStatus, history: readonly string[] = []): RequestStatus {
  if (to === 'OBSERVADO' && (from === 'OBSERVADO' || from === 'SUBSANADO' || observedOnce(history))) {
    throw new IllegalTransitionError(from, to, 'No se puede observar de nuevo: una solicitud se observa una sola vez.');
  }
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
  return to;
}

/**
 * True when the request was already observed (its timeline has an OBSERVADO stage): it cannot be
 * observed again (art. 136: the observations are made once, all together).
 */
export function observedOnce(history: readonly string[]): boolean {
  return history.includes('OBSERVADO');
}

/** One row of the timeline (N°, ETAPA, FECHA, ENTIDAD ORIGEN, ENTIDAD DESTINO, OBSERVACIONES). */
export interface TimelineEntry {
  /** ISO 8601 instant. */
  at: string;
  stage: RequestStatus;
  origin: string;
  destination: string | null;
  note: string | null;
}
