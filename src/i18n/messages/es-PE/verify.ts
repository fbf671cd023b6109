/**
 * Messages of the email code (`<mpd-email-verification>`, and signing in to "Mis trámites" with a
 * code sent to the email): asking it, typing it, and what the server answers.
 */
import type { Catalog } from '../../index.ts';

export const messages: Catalog = {
  // ── Email code ───────────────────────────────────────────────────────────────────────
  'verify.intro': 'Le enviaremos un código de 6 dígitos a su correo electrónico para confirmar que es suyo.',
  'verify.send': 'Enviar código de validación',
  'verify.resend': 'Enviar otro código',
  'verify.sending': 'Enviando el código…',
  'verify.sent': 'Enviamos un código de 6 dígitos a {email}. Revise su bandeja de entrada y la carpeta de correo no deseado.',
  'verify.wait': 'Podrá pedir otro código en {seconds} segundos.',
  'verify.wait.one': 'Podrá pedir otro código en 1 segundo.',
  'verify.code.label': 'Código de validación',
  'verify.code.hint': 'Los 6 dígitos que le enviamos. El código vence a las {time}.',
  'verify.confirm': 'Validar',
  'verify.confirming': 'Validando…',
  'verify.verified': 'Correo validado',
  'verify.verified.announce': 'Su correo {email} quedó validado.',
  'verify.cleared': 'Cambió el correo electrónico. Valide el nuevo correo con un código.',
  'verify.errorPrefix': 'Error:',
  'verify.email.required': 'Escriba su correo electrónico antes de pedir el código.',
  'verify.email.format': 'Escriba un correo electrónico válido antes de pedir el código, por ejemplo: nombre@correo.com',
  'verify.code.required': 'Escriba el código de 6 dígitos que le enviamos.',
  'verify.code.format': 'El código tiene 6 dígitos. Escríbalo sin espacios ni guiones.',
  'verify.wrongCode': 'El código no es correcto. Revise el correo y escríbalo de nuevo.',
  'verify.wrongCode.left': 'El código no es correcto. Le quedan {count} intentos.',
  'verify.wrongCode.left.one': 'El código no es correcto. Le queda 1 intento.',
  'verify.expired': 'El código venció. Solicite un nuevo código.',
  'verify.tooManyAttempts': 'Escribió un código incorrecto demasiadas veces. Solicite un nuevo código.',
  'verify.tooSoon': 'Ya le enviamos un código hace poco.',
  'verify.tooMany':
    'Pidió demasiados códigos en la última hora. Espere un momento e inténtelo más tarde, o revise si ya le llegó uno.',
  'verify.captcha': 'Complete la verificación de seguridad e inténtelo de nuevo.',
  'verify.unreachable':
    'No pudimos comunicarnos con la mesa de partes. Sus datos siguen aquí: revise su conexión a internet e inténtelo de nuevo.',
  'verify.failed': 'La mesa de partes no pudo responder en este momento. Sus datos siguen aquí: inténtelo de nuevo en unos minutos.',
  'verify.unavailable': 'Esta mesa de partes no puede enviar códigos de validación. Comuníquese con la entidad.',
};
