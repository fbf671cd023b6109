/**
 * Localization helpers shared by the elements: a translator built from an agency config, and
 * "the most specific message that exists" lookups for error codes.
 */
import type { AgencyConfig } from '../config/schema.ts';
import { Translator, type MessageParams } from '../i18n/index.ts';

export function translatorFor(config: Pick<AgencyConfig, 'locale' | 'texts'> | undefined): Translator {
  return new Translator(config?.locale ?? 'es-PE', config?.texts ?? {});
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
