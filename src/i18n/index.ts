/**
 * Message catalogs. Spanish (es-PE) is the default and the fallback; every key exists in it.
 * Each area of the product keeps its messages in `messages/<area>.ts` (es + en side by side),
 * and an agency may override any key through its config's `texts`.
 */
import { account } from './messages/account.ts';
import { captcha } from './messages/captcha.ts';
import { correction } from './messages/correction.ts';
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

const areas: readonly AreaMessages[] = [form, files, tracking, correction, account, captcha];

const catalogs: Record<Locale, Catalog> = {
  'es-PE': Object.assign({}, ...areas.map((area) => area['es-PE'])),
  en: Object.assign({}, ...areas.map((area) => area.en)),
};

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
