/**
 * Messages of the correction panel (`<mpd-correction-panel>`, subsanación de observaciones),
 * after CENARES's "Subsanar observaciones" screens. Plain words, "usted", as gob.pe writes. The
 * look-up keys mirror tracking's (`correction.requestNumber.label`…), so the shared look-up form
 * reads either area; a not-found answer never says which of the two data was wrong.
 *
 * Document names come in two forms: `correction.doc.*` for a heading ("Anexo 2") and
 * `correction.docIn.*` inside a sentence ("…que reemplaza al anexo 2").
 */
import type { Catalog } from '../../index.ts';

export const messages: Catalog = {
  // ── Look-up ──────────────────────────────────────────────────────────────────────────
  'correction.title': 'Subsanar observaciones',
  'correction.intro':
    'Para subsanar los documentos observados de su solicitud, ingrese el número de solicitud que recibió en su correo electrónico y el número de documento con el que registró su solicitud. Luego presione Buscar.',
  'correction.requestNumber.label': 'Número de solicitud',
  'correction.requestNumber.hint': 'Por ejemplo {example}.',
  'correction.documentNumber.label': 'Número de documento',
  'correction.documentNumber.hint': 'El número del documento de identidad con el que registró su solicitud.',
  'correction.submit': 'Buscar',
  'correction.searching': 'Buscando su solicitud…',
  'correction.errorSummary': 'Hay un problema',
  'correction.errorPrefix': 'Error:',
  'correction.requestNumber.required': 'Ingrese el número de solicitud',
  'correction.requestNumber.format': 'Ingrese el número de solicitud como aparece en su correo, por ejemplo {example}',
  'correction.documentNumber.required': 'Ingrese el número de su documento de identidad',
  'correction.notFound':
    'No encontramos una solicitud con ese número de solicitud y ese número de documento. Revise los dos datos e inténtelo de nuevo.',
  'correction.unreachable':
    'No pudimos comunicarnos con la mesa de partes. Sus datos siguen aquí: revise su conexión a internet e inténtelo de nuevo.',
  'correction.failed': 'La mesa de partes no pudo responder en este momento. Sus datos siguen aquí: inténtelo de nuevo en unos minutos.',
  'correction.rateLimited':
    'Se hicieron muchas consultas desde su conexión en la última hora. Sus datos siguen aquí: espere unos minutos e inténtelo de nuevo.',
  'correction.unavailable': 'Esta mesa de partes no ofrece la subsanación de observaciones en línea. Comuníquese con la entidad.',

  // ── The request found ────────────────────────────────────────────────────────────────
  'correction.case.title': 'Información de la solicitud observada',
  'correction.case.titleOther': 'Información de la solicitud N° {number}',
  'correction.case.number': 'Número de solicitud',
  'correction.case.procedure': 'Trámite solicitado',
  'correction.case.applicant': 'Nombre del solicitante',
  'correction.case.identity': 'Documento de identidad',
  'correction.case.organization': 'Representa a',
  'correction.case.ruc': 'RUC',
  'correction.case.observation': 'Observaciones',

  // ── Observed documents ───────────────────────────────────────────────────────────────
  'correction.documents.title': 'Documentos observados por subsanar',
  'correction.documents.intro':
    'Para subsanar, adjunte el documento que reemplaza a cada documento observado y luego presione Enviar subsanación. Solo puede reemplazar los documentos observados. Recuerde que tiene plazo de hasta dos (02) días hábiles desde que recibió la observación.',
  'correction.deadline': 'Plazo: hasta el {date} a las {time} (hora de Lima).',
  'correction.left': 'Le quedan {time}.',
  'correction.left.one': 'Le queda {time}.',
  'correction.left.underHour': 'Le queda menos de una hora: {time}.',
  'correction.left.underMinute': 'Le queda menos de un minuto.',
  'correction.left.and': '{first} y {second}',
  'correction.left.days': '{count} días',
  'correction.left.days.one': '1 día',
  'correction.left.hours': '{count} horas',
  'correction.left.hours.one': '1 hora',
  'correction.left.minutes': '{count} minutos',
  'correction.left.minutes.one': '1 minuto',
  'correction.doc.main': 'Documento principal',
  'correction.doc.annex': 'Anexo {index}',
  'correction.docIn.main': 'documento principal',
  'correction.docIn.annex': 'anexo {index}',
  'correction.observed.file': 'Documento observado: {name}',
  'correction.observed.note': 'Observación:',
  'correction.number.label': 'Número del documento que adjunta',
  'correction.number.hint': 'El número que figura en el documento, por ejemplo 005-2026-ABC. Déjelo en blanco si no tiene número.',
  'correction.replacement.label': 'Documento que reemplaza al {document}',
  'correction.send': 'Enviar subsanación',
  'correction.sending': 'Enviando la subsanación…',
  'correction.optional': '(opcional)',

  // ── Checks before sending: `correction.error.<code>` for the codes of checkCorrection
  //    (`correction.replacementMissing` → `correction.error.replacementMissing`), of the uploads
  //    and of the server's 422; `correction.error.invalid` for any other code ──────────────
  'correction.error.replacementMissing': 'Adjunte el documento que reemplaza al {document}',
  'correction.error.notObserved': 'El {document} no fue observado: solo puede reemplazar los documentos observados',
  'correction.error.duplicate': 'Adjunte un solo documento para reemplazar al {document}',
  'correction.error.busy': 'Espere a que termine de subirse el documento que reemplaza al {document}',
  'correction.error.uploadFailed': 'El documento que reemplaza al {document} no se pudo subir: presione Reintentar o quítelo y adjúntelo de nuevo',
  'correction.error.rejected': 'Quite el archivo no aceptado y adjunte el documento que reemplaza al {document}',
  'correction.error.reupload': 'Vuelva a adjuntar el documento que reemplaza al {document}: la mesa de partes no lo recibió completo',
  'correction.error.invalid': 'Revise el documento que reemplaza al {document}',
  'correction.error.file.size': 'El documento que reemplaza al {document} pesa más de {max}, lo máximo que se acepta para subsanar: adjunte uno más liviano',
  'correction.error.file.type': 'El documento que reemplaza al {document} debe ser un archivo {accept}: adjunte otro',
  'correction.error.file.empty': 'El documento que reemplaza al {document} está vacío: adjunte otro',
  'correction.error.documentNumber.format': 'Escriba el número de documento solo con letras, números, espacios y los signos ° . / _ -',

  // ── Sending ──────────────────────────────────────────────────────────────────────────
  'correction.send.unreachable':
    'No pudimos enviar la subsanación porque no hay comunicación con la mesa de partes. Sus documentos siguen adjuntos: revise su conexión a internet y presione Enviar subsanación de nuevo.',
  'correction.send.failed':
    'La mesa de partes no pudo recibir la subsanación en este momento. Sus documentos siguen adjuntos: inténtelo de nuevo en unos minutos.',
  'correction.send.invalid': 'La mesa de partes no aceptó la subsanación. Revise los documentos adjuntos e inténtelo de nuevo.',
  'correction.send.conflict':
    'La mesa de partes ya recibió una subsanación distinta con este envío. Busque su solicitud de nuevo para ver su estado.',
  'correction.send.notObserved': 'Esta solicitud ya no tiene documentos observados por subsanar.',
  'correction.send.rateLimited': 'Se hicieron demasiados envíos desde su conexión. Espere unos minutos e inténtelo de nuevo.',
  'correction.send.again': 'Buscar la solicitud de nuevo',

  // ── Other states ─────────────────────────────────────────────────────────────────────
  'correction.expired':
    'El plazo para subsanar venció el {date} a las {time}. Su solicitud se tiene por no presentada (artículo 136 del TUO de la Ley N° 27444). Puede presentar una nueva solicitud.',
  'correction.expiredNow': 'El plazo para subsanar acaba de vencer: ya no se puede enviar la subsanación.',
  'correction.expired.noDate':
    'El plazo para subsanar ya venció. Su solicitud se tiene por no presentada (artículo 136 del TUO de la Ley N° 27444). Puede presentar una nueva solicitud.',
  'correction.corrected': 'Ya recibimos la subsanación de esta solicitud el {date}.',
  'correction.corrected.noDate': 'Ya recibimos la subsanación de esta solicitud.',
  'correction.corrected.files': 'Documentos recibidos',
  'correction.notObservedState': 'La solicitud N° {number} no tiene documentos observados por subsanar. Su estado es: {status}.',
  'correction.track': 'Ver el seguimiento de la solicitud',

  // ── Received ─────────────────────────────────────────────────────────────────────────
  'correction.done.title': 'Subsanación recibida',
  'correction.done.greeting':
    'Estimado(a) {name}, hemos recibido la subsanación de la documentación observada. Le hemos notificado a su correo electrónico ({email}).',
  'correction.done.number': 'Nro. Solicitud',
  'correction.done.received': 'Fecha de recepción',
  'correction.done.files': 'Documentos que reemplazan a los observados',
  'correction.done.file': '{document}: {name}',
  'correction.done.fileNumber': 'N° de documento: {number}',
  'correction.done.deemed': 'Su solicitud conserva su fecha de presentación: {date}.',
  'correction.done.ok': 'Aceptar',
  'correction.pages': '{count} páginas',
  'correction.pages.one': '1 página',
};
