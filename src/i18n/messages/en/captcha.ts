/** The English messages of this area: what each says and where it shows is in ../es-PE/captcha.ts. */
import type { Catalog } from '../../index.ts';

export const messages: Catalog = {
  'captcha.label': "I'm not a robot",
  'captcha.group': '"I\'m not a robot" check',
  'captcha.required': 'Tick "I\'m not a robot" and try again. What you typed is still here.',
  'captcha.invalid': 'The "I\'m not a robot" check is not valid or was already used. Tick it again. What you typed is still here.',
  'captcha.unavailable': 'We could not check "I\'m not a robot". What you typed is still here: try again in a few minutes.',
  'captcha.loadFailed': 'The "I\'m not a robot" check could not load. Check your internet connection and reload the page.',
};
