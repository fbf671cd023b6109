/**
 * How an element gets an mpd- element it shows only for some agencies (the email code under the
 * filing form's email, when the agency requires it) without carrying its code for everyone.
 *
 * Where elements load on demand (`autoload`, the CDN build), the element loaders register here;
 * where every element is defined at once (`define`), there is nothing to load.
 */
let loader: ((tag: string) => Promise<void>) | undefined;

export function setElementLoader(load: (tag: string) => Promise<void>): void {
  loader = load;
}

/** Loads and defines `tag` when it is not defined and a loader is registered; undefined otherwise. */
export function loadOnDemand(tag: string): Promise<void> | undefined {
  if (customElements.get(tag) || !loader) return undefined;
  return loader(tag);
}
