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
