/**
 * Localization helpers shared by the elements: the language an element speaks, a translator built
 * from an agency config, and "the most specific message that exists" lookups for error codes.
 */
import type { AgencyConfig } from '../config/schema.ts';
import { Translator, type Locale, type MessageParams } from '../i18n/index.ts';

/** A `lang` value as one of ours: English for `en` and its regions, Spanish (es-PE) for anything else. */
export function localeOfLang(lang: string): Locale {
  return /^en(?:[-_]|$)/i.test(lang.trim()) ? 'en' : 'es-PE';
}

/**
 * The language of the page around `host`: the `lang` of `host` or of its closest ancestor that
 * has one, crossing shadow roots (an element inside another's shadow root follows that one), up
 * to `<html lang>`; es-PE when none says. Undefined while `host` is not in a document, when its
 * ancestors cannot be known yet.
 */
export function pageLocale(host: Element): Locale | undefined {
  if (!host.isConnected) return undefined;
  // Its own `lang` counts when the page gave it, not when it is the one the element set itself.
  let node: Node | null = host.getAttribute('lang') === ownLang.get(host) ? host.parentNode : host;
  while (node) {
    const lang = (node as Partial<Element>).getAttribute?.('lang');
    // lang="" means "unknown": keep looking further out.
    if (lang) return localeOfLang(lang);
    node = node.parentNode ?? (node as Partial<ShadowRoot>).host ?? null;
  }
  return 'es-PE';
}

/** The `lang` each element set on itself (see `showLocale`). */
const ownLang = new WeakMap<Element, string>();

/**
 * Puts the language `host` speaks in its `lang` attribute, for screen readers and hyphenation (a
 * Spanish form on an English page is read with a Spanish voice), remembering it is its own.
 */
export function showLocale(host: Element, locale: Locale): void {
  const current = host.getAttribute('lang');
  // A `lang` the page gave that already means this language ("en-GB", "es") stays the page's:
  // rewriting it as our own would hide it from `pageLocale` on the next update.
  if (current === locale || (current && current !== ownLang.get(host) && localeOfLang(current) === locale)) return;
  host.setAttribute('lang', locale);
  ownLang.set(host, locale);
}

/**
 * The language an element with `config` speaks: the config's `locale` when it sets one, else the
 * page's (see `pageLocale`; es-PE without a `host`).
 */
export function localeFor(config: Pick<AgencyConfig, 'locale'> | undefined, host?: Element): Locale {
  return config?.locale ?? (host ? pageLocale(host) : undefined) ?? 'es-PE';
}

/**
 * Messages for an element: in the config's `locale`, or, without one, the language of the page
 * around `host` (read once the element is in the document); with the config's `texts` overrides.
 */
export function translatorFor(config: Pick<AgencyConfig, 'locale' | 'texts'> | undefined, host?: Element): Translator {
  const texts = config?.texts ?? {};
  if (config?.locale || !host) return new Translator(config?.locale ?? 'es-PE', texts);
  return new Translator(() => pageLocale(host), texts);
}

/** The first of `keys` that has a message (catalog or agency override); the last key otherwise. */
export function firstMessage(translator: Translator, keys: readonly string[], params?: MessageParams): string {
  for (const key of keys) {
    const message = translator.t(key, params);
    if (message !== key) return message;
  }
  return translator.t(keys[keys.length - 1] ?? '', params);
}

/** A singular/plural pair: `key.one` for 1 when it exists, `key` otherwise. */
export function plural(translator: Translator, key: string, count: number, params: MessageParams = {}): string {
  return count === 1 ? firstMessage(translator, [`${key}.one`, key], { count, ...params }) : translator.t(key, { count, ...params });
}
