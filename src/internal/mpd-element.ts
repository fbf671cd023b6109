/**
 * The base of every mpd- element: one way to fire events (bubbling, composed, typed), so host
 * pages can listen on any ancestor, even across shadow roots.
 */
import { LitElement } from 'lit';

export abstract class MpdElement extends LitElement {
  /** Fires `name` with `detail`; returns false when a listener called preventDefault(). */
  protected emit<T>(name: `mpd-${string}`, detail?: T, options: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(
      new CustomEvent<T>(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }),
    );
  }
}
