/**
 * Messages of `<mpd-captcha>` and of a captcha refused by the server, shared by every place that
 * asks one (filing, tracking, correction, email code). The ALTCHA widget's own words come from
 * its Spanish catalog (`altcha/i18n/es-419`), with our label.
 */
import type { AreaMessages } from '../index.ts';

export const captcha: AreaMessages = {
  'es-PE': {
    'captcha.label': 'No soy un robot',
    'captcha.group': 'Verificación «No soy un robot»',
    'captcha.required': 'Marque la casilla «No soy un robot» y vuelva a intentarlo. Sus datos siguen aquí.',
    'captcha.invalid': 'La verificación «No soy un robot» no es válida o ya se usó. Vuelva a marcarla. Sus datos siguen aquí.',
    'captcha.unavailable': 'No pudimos comprobar la verificación «No soy un robot». Sus datos siguen aquí: inténtelo de nuevo en unos minutos.',
    'captcha.loadFailed': 'No se pudo cargar la verificación «No soy un robot». Revise su conexión a internet y vuelva a cargar la página.',
  },
  en: {
    'captcha.label': "I'm not a robot",
    'captcha.group': '"I\'m not a robot" check',
    'captcha.required': 'Tick "I\'m not a robot" and try again. What you typed is still here.',
    'captcha.invalid': 'The "I\'m not a robot" check is not valid or was already used. Tick it again. What you typed is still here.',
    'captcha.unavailable': 'We could not check "I\'m not a robot". What you typed is still here: try again in a few minutes.',
    'captcha.loadFailed': 'The "I\'m not a robot" check could not load. Check your internet connection and reload the page.',
  },
};
