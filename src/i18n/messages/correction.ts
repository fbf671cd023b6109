/**
 * Messages of the correction panel (`<mpd-correction-panel>`, subsanación de observaciones),
 * after CENARES's "Subsanar observaciones" screens. Plain words, "usted", as gob.pe writes. The
 * look-up keys mirror tracking's (`correction.requestNumber.label`…), so the shared look-up form
 * reads either area; a not-found answer never says which of the two data was wrong.
 *
 * Document names come in two forms: `correction.doc.*` for a heading ("Anexo 2") and
 * `correction.docIn.*` inside a sentence ("…que reemplaza al anexo 2").
 */
import type { AreaMessages } from '../index.ts';

export const correction: AreaMessages = {
  'es-PE': {
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
    'correction.send.rateLimited': 'Se hicieron demasiados envíos seguidos. Espere un minuto e inténtelo de nuevo.',
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
  },
  en: {
    'correction.title': 'Correct observed documents',
    'correction.intro':
      'To correct the observed documents of your request, enter the request number you received by email and the number of the identity document you filed it with. Then press Search.',
    'correction.requestNumber.label': 'Request number',
    'correction.requestNumber.hint': 'For example {example}.',
    'correction.documentNumber.label': 'Document number',
    'correction.documentNumber.hint': 'The number of the identity document you filed the request with.',
    'correction.submit': 'Search',
    'correction.searching': 'Looking for your request…',
    'correction.errorSummary': 'There is a problem',
    'correction.errorPrefix': 'Error:',
    'correction.requestNumber.required': 'Enter the request number',
    'correction.requestNumber.format': 'Enter the request number as it appears in your email, for example {example}',
    'correction.documentNumber.required': 'Enter your identity document number',
    'correction.notFound': 'We could not find a request with that request number and that document number. Check both and try again.',
    'correction.unreachable': 'We could not reach the filing desk. Your details are still here: check your internet connection and try again.',
    'correction.failed': 'The filing desk could not answer right now. Your details are still here: try again in a few minutes.',
    'correction.unavailable': 'This filing desk does not take corrections online. Please contact the agency.',

    'correction.case.title': 'The observed request',
    'correction.case.titleOther': 'Request number {number}',
    'correction.case.number': 'Request number',
    'correction.case.procedure': 'Procedure',
    'correction.case.applicant': 'Applicant',
    'correction.case.identity': 'Identity document',
    'correction.case.organization': 'On behalf of',
    'correction.case.ruc': 'RUC',
    'correction.case.observation': 'Observations',

    'correction.documents.title': 'Observed documents to correct',
    'correction.documents.intro':
      'To correct them, attach the document that replaces each observed document, then press Send correction. Only observed documents can be replaced. You have up to two (2) business days from the observation.',
    'correction.deadline': 'Deadline: {date} at {time} (Lima time).',
    'correction.left': '{time} left.',
    'correction.left.one': '{time} left.',
    'correction.left.underHour': 'Less than an hour left: {time}.',
    'correction.left.underMinute': 'Less than a minute left.',
    'correction.left.and': '{first} and {second}',
    'correction.left.days': '{count} days',
    'correction.left.days.one': '1 day',
    'correction.left.hours': '{count} hours',
    'correction.left.hours.one': '1 hour',
    'correction.left.minutes': '{count} minutes',
    'correction.left.minutes.one': '1 minute',
    'correction.doc.main': 'Main document',
    'correction.doc.annex': 'Annex {index}',
    'correction.docIn.main': 'main document',
    'correction.docIn.annex': 'annex {index}',
    'correction.observed.file': 'Observed document: {name}',
    'correction.observed.note': 'Observation:',
    'correction.number.label': 'Number of the document you attach',
    'correction.number.hint': 'The number printed on the document, e.g. 005-2026-ABC. Leave it blank if it has none.',
    'correction.replacement.label': 'Document that replaces the {document}',
    'correction.send': 'Send correction',
    'correction.sending': 'Sending the correction…',
    'correction.optional': '(optional)',

    'correction.error.replacementMissing': 'Attach the document that replaces the {document}',
    'correction.error.notObserved': 'The {document} was not observed: only observed documents can be replaced',
    'correction.error.duplicate': 'Attach only one document to replace the {document}',
    'correction.error.busy': 'Wait until the document that replaces the {document} has finished uploading',
    'correction.error.uploadFailed': 'The document that replaces the {document} could not be uploaded: press Try again, or remove it and attach it again',
    'correction.error.rejected': 'Remove the file that was not accepted and attach the document that replaces the {document}',
    'correction.error.reupload': 'Attach the document that replaces the {document} again: the filing desk did not receive all of it',
    'correction.error.invalid': 'Check the document that replaces the {document}',
    'correction.error.file.size': 'The document that replaces the {document} is larger than {max}, the most accepted for a correction: attach a smaller one',
    'correction.error.file.type': 'The document that replaces the {document} must be a {accept} file: attach another one',
    'correction.error.file.empty': 'The document that replaces the {document} is empty: attach another one',
    'correction.error.documentNumber.format': 'Write the document number with letters, numbers, spaces and the signs ° . / _ - only',

    'correction.send.unreachable':
      'We could not send the correction because the filing desk cannot be reached. Your documents are still attached: check your internet connection and press Send correction again.',
    'correction.send.failed': 'The filing desk could not receive the correction right now. Your documents are still attached: try again in a few minutes.',
    'correction.send.invalid': 'The filing desk did not accept the correction. Check the attached documents and try again.',
    'correction.send.conflict': 'The filing desk already received a different correction with this sending. Search for your request again to see its status.',
    'correction.send.notObserved': 'This request no longer has observed documents to correct.',
    'correction.send.rateLimited': 'Too many sendings in a row. Wait a minute and try again.',
    'correction.send.again': 'Search for the request again',

    'correction.expired':
      'The deadline to correct it ended on {date} at {time}. Your request is deemed not presented (article 136 of the TUO of Law No. 27444). You may file a new request.',
    'correction.expiredNow': 'The deadline to correct it has just ended: the correction can no longer be sent.',
    'correction.expired.noDate':
      'The deadline to correct it has ended. Your request is deemed not presented (article 136 of the TUO of Law No. 27444). You may file a new request.',
    'correction.corrected': 'We already received the correction of this request on {date}.',
    'correction.corrected.noDate': 'We already received the correction of this request.',
    'correction.corrected.files': 'Documents received',
    'correction.notObservedState': 'Request number {number} has no observed documents to correct. Its status is: {status}.',
    'correction.track': 'Track the request',

    'correction.done.title': 'Correction received',
    'correction.done.greeting':
      'Dear {name}, we have received the correction of the observed documents. We have notified your email address ({email}).',
    'correction.done.number': 'Request number',
    'correction.done.received': 'Received on',
    'correction.done.files': 'Documents that replace the observed ones',
    'correction.done.file': '{document}: {name}',
    'correction.done.fileNumber': 'Document No. {number}',
    'correction.done.deemed': 'Your request keeps its filing date: {date}.',
    'correction.done.ok': 'OK',
    'correction.pages': '{count} pages',
    'correction.pages.one': '1 page',
  },
};
