/**
 * Each mpd- element's module, fetched the first time the element is needed, so a page that shows
 * `<mpd-desk>` downloads the filing form when its view opens, "Mis trámites" only if the citizen
 * goes there, and so on (the CDN build splits each into its own chunk).
 *
 * An element is defined together with the elements it renders in its shadow root: a page's
 * document-level discovery cannot see inside shadow roots, and a form must never find its
 * `<mpd-captcha>` or `<mpd-dropzone>` not yet upgraded when the citizen sends.
 */
import { defineElement, type DefinableElement } from '../internal/define.ts';
import { setElementLoader } from '../internal/on-demand.ts';

type ModuleLoader = () => Promise<DefinableElement>;

const MODULES: Readonly<Record<string, ModuleLoader>> = {
  'mpd-filing-form': () => import('./filing-form/filing-form.ts').then((module) => module.FilingForm),
  'mpd-dropzone': () => import('./dropzone/dropzone.ts').then((module) => module.Dropzone),
  'mpd-captcha': () => import('./captcha/captcha.ts').then((module) => module.Captcha),
  'mpd-email-verification': () =>
    import('./email-verification/email-verification.ts').then((module) => module.EmailVerification),
  'mpd-tracking-panel': () => import('./tracking-panel/tracking-panel.ts').then((module) => module.TrackingPanel),
  'mpd-correction-panel': () =>
    import('./correction-panel/correction-panel.ts').then((module) => module.CorrectionPanel),
  'mpd-my-requests': () => import('./my-requests/my-requests.ts').then((module) => module.MyRequests),
};

/**
 * The elements each one may render inside itself. `<mpd-email-verification>` is not here: only
 * agencies that ask for the email code (filing form) or let a request's email change ("Mis
 * trámites") need it, and those elements load it then (internal/on-demand.ts), before rendering.
 */
const INNER: Readonly<Record<string, readonly string[]>> = {
  'mpd-filing-form': ['mpd-dropzone', 'mpd-captcha'],
  'mpd-correction-panel': ['mpd-dropzone', 'mpd-captcha'],
  'mpd-tracking-panel': ['mpd-captcha'],
  'mpd-my-requests': ['mpd-captcha'],
};

/** The tags this module knows how to load. */
export const LAZY_TAGS: readonly string[] = Object.keys(MODULES);

const loading = new Map<string, Promise<void>>();

/**
 * Loads and defines `tag` and what it renders inside (each once; a tag already defined, by this
 * library or by the page, is left alone). A failed load (the network dropped) is forgotten, so
 * the next call tries again.
 */
export function loadElement(tag: string): Promise<void> {
  const load = MODULES[tag];
  if (!load) return Promise.reject(new Error(`unknown element <${tag}>`));
  let pending = loading.get(tag);
  if (!pending) {
    pending = (async () => {
      // The inner elements first: the outer one upgrades as soon as it is defined.
      await Promise.all((INNER[tag] ?? []).map((inner) => loadElement(inner)));
      if (!customElements.get(tag)) defineElement(await load());
    })();
    loading.set(tag, pending);
    pending.catch(() => loading.delete(tag));
  }
  return pending;
}

setElementLoader(loadElement);
