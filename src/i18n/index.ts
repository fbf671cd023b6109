/**
 * Message catalogs: one module per area of the product and locale, `messages/<locale>/<area>.ts`,
 * loaded when an element of that area is about to render, in its language only (a Spanish page
 * never downloads English). Spanish (es-PE) is the default and the fallback; every key exists in
 * it and in English (test/i18n/catalogs.test.ts). An agency may override any key through its
 * config's `texts`.
 */
import { messages as deskMessages } from './messages/es-PE/desk.ts';

export type Locale = 'es-PE' | 'en';
export type Catalog = Readonly<Record<string, string>>;
export type MessageParams = Readonly<Record<string, string | number>>;

/** The areas of the product, each with its own catalog per locale. */
export type MessageArea = 'desk' | 'form' | 'files' | 'tracking' | 'correction' | 'account' | 'verify' | 'captcha';

type CatalogModule = Promise<{ messages: Catalog }>;

/** Written out, not built from a template, so every bundler sees each module and splits it off. */
export const CATALOGS: Readonly<Record<Locale, Readonly<Record<MessageArea, () => CatalogModule>>>> = {
  'es-PE': {
    desk: async () => ({ messages: deskMessages }),
    form: () => import('./messages/es-PE/form.ts'),
    files: () => import('./messages/es-PE/files.ts'),
    tracking: () => import('./messages/es-PE/tracking.ts'),
    correction: () => import('./messages/es-PE/correction.ts'),
    account: () => import('./messages/es-PE/account.ts'),
    verify: () => import('./messages/es-PE/verify.ts'),
    captcha: () => import('./messages/es-PE/captcha.ts'),
  },
  en: {
    desk: () => import('./messages/en/desk.ts'),
    form: () => import('./messages/en/form.ts'),
    files: () => import('./messages/en/files.ts'),
    tracking: () => import('./messages/en/tracking.ts'),
    correction: () => import('./messages/en/correction.ts'),
    account: () => import('./messages/en/account.ts'),
    verify: () => import('./messages/en/verify.ts'),
    captcha: () => import('./messages/en/captcha.ts'),
  },
};

const catalogs: Record<Locale, Record<string, string>> = { 'es-PE': { ...deskMessages }, en: {} };

/**
 * Each area of each locale: true once its messages are in `catalogs`, or the load under way.
 * The desk shell's Spanish comes with this module: "Cargando…" and the config errors show at once.
 */
const areas = new Map<string, true | Promise<void>>([['es-PE/desk', true]]);

/**
 * Loads the catalogs of `areas` in `locale`, once each; undefined when they are all here already
 * (an element then renders without waiting). A failed load is forgotten, so the next call tries
 * again.
 */
export function loadMessages(locale: Locale, wanted: readonly MessageArea[]): Promise<void> | undefined {
  const pending: Promise<void>[] = [];
  for (const area of wanted) {
    const id = `${locale}/${area}`;
    let state = areas.get(id);
    if (state === undefined) {
      state = CATALOGS[locale][area]().then(({ messages }) => {
        Object.assign(catalogs[locale], messages);
        areas.set(id, true);
      });
      state.catch(() => areas.delete(id));
      areas.set(id, state);
    }
    if (state !== true) pending.push(state);
  }
  return pending.length ? Promise.all(pending).then(() => undefined) : undefined;
}

/** Fills `{name}` placeholders; unknown placeholders stay visible so a missing param is noticed. */
export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * Says the messages of one locale, with an agency's overrides. It reads the catalogs loaded so far
 * (`loadMessages`; the elements load theirs before rendering): a key not loaded in its locale
 * falls back to the Spanish one, then to the key itself.
 */
export class Translator {
  private fixedLocale: Locale | undefined;

  /**
   * `locale` may be a function, asked until it answers (the page's language, known once the
   * element is in the document).
   */
  constructor(
    private readonly localeSource: Locale | (() => Locale | undefined) = 'es-PE',
    private readonly overrides: Readonly<Record<string, string>> = {},
  ) {}

  get locale(): Locale {
    if (this.fixedLocale) return this.fixedLocale;
    if (typeof this.localeSource === 'string') return (this.fixedLocale = this.localeSource);
    return (this.fixedLocale = this.localeSource()) ?? 'es-PE';
  }

  t(key: string, params?: MessageParams): string {
    const template = this.overrides[key] ?? catalogs[this.locale][key] ?? catalogs['es-PE'][key] ?? key;
    return interpolate(template, params);
  }
}
