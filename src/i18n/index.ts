/**
 * Message catalogs. Spanish (es-PE) is the default and the fallback; every key exists in it.
 * Each area of the product keeps its messages in `messages/<area>.ts` (es + en side by side),
 * and an agency may override any key through its config's `texts`.
 */
import { account } from './messages/account.ts';
import { captcha } from './messages/captcha.ts';
import { correction } from './messages/correction.ts';
import { desk } from './messages/desk.ts';
import { files } from './messages/files.ts';
import { form } from './messages/form.ts';
import { tracking } from './messages/tracking.ts';

export type Locale = 'es-PE' | 'en';
export type Catalog = Readonly<Record<string, string>>;
export type MessageParams = Readonly<Record<string, string | number>>;

export interface AreaMessages {
  'es-PE': Catalog;
  en: Catalog;
}

/**
 * Set (to true) by the CDN build only: the catalogs start with the desk shell's messages, to keep
 * the download that shows `<mpd-desk>` small, and the element loaders add the rest before the
 * first element that needs them (elements/element-loaders.ts).
 */
declare const __MPD_SPLIT_MESSAGES__: boolean | undefined;
export const messagesSplit = typeof __MPD_SPLIT_MESSAGES__ !== 'undefined' && __MPD_SPLIT_MESSAGES__;

const catalogs: Record<Locale, Record<string, string>> = { 'es-PE': {}, en: {} };

export function addMessages(areas: readonly AreaMessages[]): void {
  for (const area of areas) {
    Object.assign(catalogs['es-PE'], area['es-PE']);
    Object.assign(catalogs.en, area.en);
  }
}

addMessages(messagesSplit ? [desk] : [desk, form, files, tracking, correction, account, captcha]);

export function hasMessage(key: string): boolean {
  return key in catalogs['es-PE'];
}

/** Fills `{name}` placeholders; unknown placeholders stay visible so a missing param is noticed. */
export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export class Translator {
  constructor(
    readonly locale: Locale = 'es-PE',
    private readonly overrides: Readonly<Record<string, string>> = {},
  ) {}

  t(key: string, params?: MessageParams): string {
    const template = this.overrides[key] ?? catalogs[this.locale][key] ?? catalogs['es-PE'][key] ?? key;
    return interpolate(template, params);
  }
}
