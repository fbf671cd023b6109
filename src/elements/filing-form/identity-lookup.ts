/**
 * One look-up of the filing form (names by DNI, or razón social by RUC): asks the backend at
 * most once per number, gives up after `LOOKUP_TIMEOUT_MS` (the citizen then types), and never
 * reports an answer that a newer number or a reset replaced. The form decides what to fill.
 * Past the backend's limit (`lookup.tooMany`) the answer is `limited`: the citizen is told to
 * type the data, and that number is not asked again (asking would only be refused again).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { BackendError } from '../../api/types.ts';
import { anySignal, timeoutSignal } from '../../internal/compat.ts';

/** A look-up slower than this is treated as failed: typing by hand is quicker than waiting. */
export const LOOKUP_TIMEOUT_MS = 5_000;

export type LookupState<T> =
  | { status: 'idle' }
  | { status: 'loading'; number: string }
  | { status: 'found'; number: string; result: T }
  | { status: 'notFound'; number: string }
  | { status: 'failed'; number: string }
  /** Past the backend's look-up limits for now: typed by hand. */
  | { status: 'limited'; number: string };

export type LookupCall<T> = (number: string, signal: AbortSignal) => Promise<T>;

export interface IdentityLookupOptions<T> {
  /** The backend call, or undefined when this look-up is off (config, document type, backend). */
  call: () => LookupCall<T> | undefined;
  /** The answer for the number asked, unless it was replaced meanwhile. */
  settled: (state: Exclude<LookupState<T>, { status: 'idle' | 'loading' }>) => void;
}

/** Rejects as soon as `signal` aborts, even if the backend ignores the signal. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function failureOf(error: unknown): 'notFound' | 'limited' | 'failed' {
  if (!(error instanceof BackendError)) return 'failed';
  if (error.code === 'lookup.notFound') return 'notFound';
  return error.code === 'lookup.tooMany' ? 'limited' : 'failed';
}

export class IdentityLookup<T> implements ReactiveController {
  state: LookupState<T> = { status: 'idle' };
  private controller: AbortController | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: IdentityLookupOptions<T>,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.reset();
  }

  /** Whether this look-up is on now (the form shows its button and messages only then). */
  get enabled(): boolean {
    return this.options.call() !== undefined;
  }

  /** Asks for `number` (valid and normalized), unless it is the number already asked or found. */
  async lookup(number: string): Promise<void> {
    const call = this.options.call();
    if (!call) return;
    if (this.state.status !== 'idle' && this.state.status !== 'failed' && this.state.number === number) return;
    this.reset();
    const controller = new AbortController();
    this.controller = controller;
    this.set({ status: 'loading', number });
    let next: Exclude<LookupState<T>, { status: 'idle' | 'loading' }>;
    try {
      const signal = anySignal([controller.signal, timeoutSignal(LOOKUP_TIMEOUT_MS)]);
      next = { status: 'found', number, result: await abortable(call(number, signal), signal) };
    } catch (error) {
      next = { status: failureOf(error), number };
    }
    if (controller.signal.aborted) return; // a newer number or a reset replaced this one
    this.controller = undefined;
    this.set(next);
    this.options.settled(next);
  }

  /** Forgets the answer and drops a look-up in flight (the number changed, the form reset). */
  reset(): void {
    this.controller?.abort();
    this.controller = undefined;
    if (this.state.status !== 'idle') this.set({ status: 'idle' });
  }

  private set(state: LookupState<T>): void {
    this.state = state;
    this.host.requestUpdate();
  }
}
