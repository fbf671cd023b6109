/**
 * Each mpd- element's module, fetched the first time the element is needed, so a page that shows
 * `<mpd-desk>` downloads the filing form when its view opens, "Mis trámites" only if the citizen
 * goes there, and so on (the CDN build splits each into its own chunk).
 *
 * An element is defined together with the elements it renders in its shadow root: a page's
 * document-level discovery cannot see inside shadow roots, and a form must never find its
 * `<mpd-captcha>` or `<mpd-dropzone>` not yet upgraded when the citizen sends.
 */
import { addMessages, messagesSplit } from '../i18n/index.ts';
import { defineElement, type DefinableElement } from '../internal/define.ts';

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

/** The elements each one may render inside itself. */
const INNER: Readonly<Record<string, readonly string[]>> = {
  'mpd-filing-form': ['mpd-dropzone', 'mpd-captcha', 'mpd-email-verification'],
  'mpd-correction-panel': ['mpd-dropzone', 'mpd-captcha'],
  'mpd-tracking-panel': ['mpd-captcha'],
  'mpd-my-requests': ['mpd-captcha', 'mpd-email-verification'],
};

/** The tags this module knows how to load. */
export const LAZY_TAGS: readonly string[] = Object.keys(MODULES);

const loading = new Map<string, Promise<void>>();

let allMessages: Promise<void> | undefined;

/** The catalogs of every area, which the CDN build leaves out of the desk shell's download. */
function loadAllMessages(): Promise<void> {
  if (!messagesSplit) return Promise.resolve();
  allMessages ??= Promise.all([
    import('../i18n/messages/form.ts').then((module) => module.form),
    import('../i18n/messages/files.ts').then((module) => module.files),
    import('../i18n/messages/tracking.ts').then((module) => module.tracking),
    import('../i18n/messages/correction.ts').then((module) => module.correction),
    import('../i18n/messages/account.ts').then((module) => module.account),
    import('../i18n/messages/captcha.ts').then((module) => module.captcha),
  ]).then(addMessages);
  allMessages.catch(() => (allMessages = undefined));
  return allMessages;
}

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
      await Promise.all([loadAllMessages(), ...(INNER[tag] ?? []).map((inner) => loadElement(inner))]);
      if (!customElements.get(tag)) defineElement(await load());
    })();
    loading.set(tag, pending);
    pending.catch(() => loading.delete(tag));
  }
  return pending;
}
