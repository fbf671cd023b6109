/**
 * The server's clock, as an element sees it: the server sends its `now` with an answer, and the
 * element keeps the difference to the device's clock, so what it says about a deadline ("le
 * quedan 1 día y 15 horas") follows the clock that decides, not a device set to the wrong day.
 * While `running`, it re-renders its host every minute, so the words stay true on a page left open.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

const MINUTE_MS = 60_000;

export class ServerClock implements ReactiveController {
  private offset = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private ticking = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly device: () => number = () => Date.now(),
  ) {
    host.addController(this);
  }

  /** Takes the server's `now` (an ISO instant): from here on `now()` counts from it. */
  sync(serverNow: string | Date): void {
    const server = new Date(serverNow).getTime();
    if (!Number.isNaN(server)) this.offset = server - this.device();
  }

  /** The server's time now (the device's clock moved by the last known difference). */
  now(): Date {
    return new Date(this.device() + this.offset);
  }

  /** Re-render the host each minute (while something on screen depends on the time). */
  set running(on: boolean) {
    if (on === this.ticking) return;
    this.ticking = on;
    clearInterval(this.timer);
    this.timer = on ? setInterval(() => this.host.requestUpdate(), MINUTE_MS) : undefined;
  }

  get running(): boolean {
    return this.ticking;
  }

  hostConnected(): void {
    if (this.ticking && this.timer === undefined) this.timer = setInterval(() => this.host.requestUpdate(), MINUTE_MS);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
