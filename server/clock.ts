/**
 * The one source of time for the whole backend: request numbers (year), received instants and
 * deemed-filed dates all come from here, so tests can stand on any Lima date and hour.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

/** A clock tests move by hand. */
export class SettableClock implements Clock {
  private current: number;

  constructor(start: Date | string = new Date()) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    const time = new Date(at).getTime();
    if (Number.isNaN(time)) throw new RangeError(`Not a valid instant: ${String(at)}`);
    this.current = time;
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}

/**
 * The system clock shifted by an offset that can be set while the server runs: time keeps
 * flowing from wherever it was placed. For end-to-end tests only (`MPD_TEST_CLOCK=1`, see
 * server/dev-clock.ts), so a test can stand the desk after a correction deadline without waiting.
 */
export class OffsetClock implements Clock {
  private offset = 0;

  constructor(private readonly system: () => number = Date.now) {}

  now(): Date {
    return new Date(this.system() + this.offset);
  }

  /** From now on, `now()` reads `at` plus the time that passes. */
  set(at: Date | string): void {
    const time = new Date(at).getTime();
    if (Number.isNaN(time)) throw new RangeError(`Not a valid instant: ${String(at)}`);
    this.offset = time - this.system();
  }

  /** Back to the system's time. */
  reset(): void {
    this.offset = 0;
  }
}
