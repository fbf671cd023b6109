/**
 * A polite live region owned by an element: character counts, "copied", upload progress.
 * Screen readers only announce changes to a region that already exists, so the element renders
 * it from the start (`render()`) and then `announce()`s into it. An optional delay debounces
 * chatty sources such as a character counter (GOV.UK announces the count once typing pauses).
 */
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

export class LiveRegion implements ReactiveController {
  private message = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  /** The current text (what assistive technology was last given). */
  get text(): string {
    return this.message;
  }

  /**
   * Announces `message` after `delay` ms (a newer call replaces a pending one). The region is
   * emptied first, so the same message said twice is announced twice.
   */
  announce(message: string, delay = 0): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.message = '';
      this.host.requestUpdate();
      this.timer = setTimeout(() => {
        this.message = message;
        this.host.requestUpdate();
      }, 50);
    }, delay);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.message = '';
    this.host.requestUpdate();
  }

  render(part = 'live-region'): TemplateResult {
    return html`<div class="visually-hidden" part=${part} role="status" aria-live="polite" aria-atomic="true">
      ${this.message}
    </div>`;
  }
}
