/**
 * Every catalog at once, for tools that ask about keys rather than show messages (check-config's
 * advice on `texts`, tests): in a page, elements load only the catalogs they show (index.ts).
 */
import { messages as account } from './messages/es-PE/account.ts';
import { messages as captcha } from './messages/es-PE/captcha.ts';
import { messages as correction } from './messages/es-PE/correction.ts';
import { messages as desk } from './messages/es-PE/desk.ts';
import { messages as files } from './messages/es-PE/files.ts';
import { messages as form } from './messages/es-PE/form.ts';
import { messages as tracking } from './messages/es-PE/tracking.ts';
import { messages as verify } from './messages/es-PE/verify.ts';

const keys = new Set([account, captcha, correction, desk, files, form, tracking, verify].flatMap((catalog) => Object.keys(catalog)));

/** Whether some message has this key (every key exists in Spanish). */
export function hasMessage(key: string): boolean {
  return keys.has(key);
}
