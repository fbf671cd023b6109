/**
 * The base of every mpd- element: one way to fire events (bubbling, composed, typed), so host
 * pages can listen on any ancestor, even across shadow roots; and its messages, in its language,
 * there before it renders.
 */
import { LitElement, type PropertyValues } from 'lit';
import type { MpdEventName } from '../events.ts';
import { loadMessages, type Locale, type MessageArea } from '../i18n/index.ts';
import { pageLocale, showLocale } from './localize.ts';
import { loadOnDemand } from './on-demand.ts';

export abstract class MpdElement extends LitElement {
  /**
   * The catalogs the element's words come from: loaded, in its language only, before it renders
   * (a Spanish page never downloads the English ones).
   */
  static messageAreas: readonly MessageArea[] = ['desk'];

  /** The areas the next render reads: `messageAreas`, and more in some states (an element says which). */
  protected messageAreasNow(): readonly MessageArea[] {
    return (this.constructor as typeof MpdElement).messageAreas;
  }

  /** The language the element speaks now; elements with a translator answer with its locale. */
  protected get messageLocale(): Locale {
    return pageLocale(this) ?? 'es-PE';
  }

  /** The mpd- elements the next render shows that may need loading first (see internal/on-demand.ts). */
  protected elementsToRender(): readonly string[] {
    return [];
  }

  /** Settles (true once all loaded) when something the render needs is on its way; undefined when all is here. */
  private readiness(): Promise<boolean> | undefined {
    const pending = [
      loadMessages(this.messageLocale, this.messageAreasNow()),
      ...this.elementsToRender().map(loadOnDemand),
    ].filter((promise) => promise !== undefined);
    if (pending.length === 0) return undefined;
    return Promise.all(pending).then(
      () => true,
      // The network dropped: render anyway (Spanish words, or the keys); the next update tries again.
      (error: unknown) => (console.error(`<${this.localName}>: no se pudo cargar`, error), false),
    );
  }

  /** Waits for the messages and elements the render needs, when they are not here yet. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const ready = this.readiness();
    return ready ? ready.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  /**
   * The language can change during the update (a config with another `locale` arrived): that
   * render shows the Spanish words, and the right ones follow as soon as they are loaded.
   */
  protected override update(changed: PropertyValues): void {
    super.update(changed);
    void this.readiness()?.then((loaded) => loaded && this.requestUpdate());
    showLocale(this, this.messageLocale);
  }

  /**
   * Fires `name` with `detail`; returns false when a listener called preventDefault(). Only the
   * events declared in src/events.ts, so each one is typed and documented for host pages.
   */
  protected emit<T>(name: MpdEventName, detail?: T, options: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(
      new CustomEvent<T>(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }),
    );
  }
}
