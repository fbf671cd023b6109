/**
 * Messages of `<mpd-captcha>` and of a captcha refused by the server, shared by every place that
 * asks one (filing, tracking, correction, email code). The ALTCHA widget's own words come from
 * its Spanish catalog (`altcha/i18n/es-419`), with our label.
 */
import type { Catalog } from '../../index.ts';

export const messages: Catalog = {
  'captcha.label': 'No soy un robot',
  'captcha.group': 'Verificación «No soy un robot»',
  'captcha.required': 'Marque la casilla «No soy un robot» y vuelva a intentarlo. Sus datos siguen aquí.',
  'captcha.invalid': 'La verificación «No soy un robot» no es válida o ya se usó. Vuelva a marcarla. Sus datos siguen aquí.',
  'captcha.unavailable': 'No pudimos comprobar la verificación «No soy un robot». Sus datos siguen aquí: inténtelo de nuevo en unos minutos.',
  'captcha.loadFailed': 'No se pudo cargar la verificación «No soy un robot». Revise su conexión a internet y vuelva a cargar la página.',
};
