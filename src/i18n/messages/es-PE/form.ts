/**
 * Messages of the filing form and the desk shell.
 *
 * Error messages are keyed by the validation code (`identity.dni.check`), optionally refined by
 * the field (`field.required.email`) or by the identity document type (`identity.pattern.CE`):
 * the form picks the most specific key that exists, so an agency can override one message
 * through its config's `texts` without touching the rest. UI texts live under `form.` (the
 * desk shell's, `desk.`, in desk.ts). Plain words, second person formal ("usted"), as gob.pe
 * writes.
 */
import type { Catalog } from '../../index.ts';

export const messages: Catalog = {
  // ── Form: structure ──────────────────────────────────────────────────────────────────
  'form.title': 'Presentar solicitud',
  'form.intro':
    'Complete sus datos, adjunte sus documentos y envíe su solicitud. Todos los campos son obligatorios, salvo los marcados como opcionales.',
  'form.optional': '(opcional)',
  'form.errorPrefix': 'Error:',
  'form.select.placeholder': 'Seleccione',
  'form.hours.range': 'lunes a viernes de {opens} a {closes}',
  'form.hours.office': 'Horario de atención: {hours} (hora de Lima).',
  'form.hours.officeNote':
    'Puede enviar su solicitud a cualquier hora. Lo que envíe fuera de este horario, o en un día no hábil, se considera presentado el siguiente día hábil.',
  'form.hours.always':
    'Puede presentar su solicitud las 24 horas, todos los días. Lo que envíe un sábado, domingo, feriado u otro día no hábil se considera presentado el siguiente día hábil.',

  'form.personKind.legend': '¿Cómo presenta esta solicitud?',
  'form.personKind.natural': 'Persona natural',
  'form.personKind.juridica': 'Persona jurídica',

  'form.section.organization': 'Datos de la persona jurídica',
  'form.ruc.label': 'Número de RUC',
  'form.ruc.hint': '11 dígitos.',
  'form.ruc.ok': 'El número de RUC es válido.',
  'form.organizationName.label': 'Razón social',

  'form.section.applicant': 'Datos personales',
  'form.section.applicantJuridica': 'Datos de quien presenta la solicitud (representante)',
  'form.documentType.label': 'Tipo de documento de identidad',
  'form.documentNumber.label': 'Número de documento',
  'form.documentNumber.label.DNI': 'Número de DNI',
  'form.documentNumber.label.RUC': 'Número de RUC',
  'form.documentNumber.label.CE': 'Número de carné de extranjería',
  'form.documentNumber.label.PTP': 'Número de PTP',
  'form.documentNumber.label.CPP': 'Número de CPP',
  'form.documentNumber.label.PASAPORTE': 'Número de pasaporte',
  'form.documentNumber.hint': 'Escríbalo tal como aparece en su documento.',
  'form.documentNumber.hint.DNI':
    '8 dígitos. Si su DNI muestra un dígito o una letra después del guion, puede escribirlo así: 12345678-9.',
  'form.documentNumber.hint.RUC': '11 dígitos.',
  'form.givenNames.label': 'Nombres',
  'form.surnames.label': 'Apellidos',
  // Look-ups (RENIEC by DNI, SUNAT by RUC): they help, they never block.
  'form.lookup.person.loading': 'Consultando sus datos en RENIEC…',
  'form.lookup.person.found': 'Completamos sus nombres y apellidos con los datos de RENIEC. Revíselos: puede corregirlos.',
  'form.lookup.person.kept': 'RENIEC registra el nombre {name}. Dejamos los nombres y apellidos que usted escribió.',
  'form.lookup.person.notFound': 'No encontramos ese DNI en RENIEC. Revise el número o escriba sus nombres y apellidos.',
  'form.lookup.person.failed': 'No pudimos obtener sus datos de RENIEC. Escríbalos.',
  'form.lookup.person.limited': 'Se hicieron muchas consultas y por ahora no podemos consultar RENIEC. Escriba sus nombres y apellidos.',
  'form.lookup.organization.button': 'Validar RUC',
  'form.lookup.organization.loading': 'Consultando el RUC en SUNAT…',
  'form.lookup.organization.found': 'Completamos la razón social con los datos de SUNAT. Estado: {state}. Condición: {condition}.',
  'form.lookup.organization.kept': 'SUNAT registra la razón social {name} (estado: {state}; condición: {condition}). Dejamos la que usted escribió.',
  'form.lookup.organization.inactive':
    'Atención: SUNAT registra este RUC con estado {state} (condición: {condition}). Puede enviar su solicitud, pero revise que el RUC sea el correcto.',
  'form.lookup.organization.notFound': 'No encontramos ese RUC en SUNAT. Revise el número o escriba la razón social.',
  'form.lookup.organization.failed': 'No pudimos obtener la razón social de SUNAT. Escríbala.',
  'form.lookup.organization.limited': 'Se hicieron muchas consultas y por ahora no podemos consultar SUNAT. Escriba la razón social.',
  'form.email.label': 'Correo electrónico',
  'form.email.hint': 'Le enviaremos aquí la constancia de recepción y toda comunicación sobre su solicitud.',
  'form.phone.label': 'Teléfono o celular',

  'form.section.request': 'Datos de la solicitud',
  'form.procedure.label': 'Trámite a realizar',
  'form.office.label': 'Dependencia de destino',
  'form.documentKind.label': 'Tipo de documento a presentar',
  'form.mainDocumentNumber.label': 'Número del documento',
  'form.mainDocumentNumber.hint': 'Tal como aparece en el documento, por ejemplo: CARTA N° 005-2026.',
  'form.mainDocumentNumber.sn': 'El documento no tiene número (se registrará como SN)',
  'form.folios.label': 'Número de folios',
  'form.folios.hint': 'Cantidad de hojas de todos los documentos que adjunta.',
  'form.folios.auto': 'Lo calculamos con las páginas de sus archivos PDF ({pages}). Corríjalo si no coincide.',
  'form.subject.label': 'Asunto',
  'form.subject.hint': 'Describa brevemente su solicitud.',
  'form.subject.count': '{count} / {max}',
  'form.subject.remaining': 'Le quedan {remaining} caracteres',
  'form.subject.remaining.one': 'Le queda 1 carácter',
  'form.subject.remaining.none': 'No le quedan caracteres',

  'form.section.documents': 'Documentación',
  'form.main.label': 'Documento principal',
  'form.annexes.label': 'Anexos',

  'form.section.consents': 'Antes de enviar',
  'form.consent.details': 'Ver detalles',
  'form.consent.link': 'Leer el texto completo',
  'form.consent.newTab': '(se abre en otra pestaña)',

  'form.submit': 'Enviar solicitud',
  'form.submitting': 'Enviando su solicitud…',
  'form.errorSummary.title': 'Hay un problema',

  // ── Form: sending ────────────────────────────────────────────────────────────────────
  'form.send.unreachable':
    'No pudimos enviar su solicitud porque el servidor no responde. Sus datos y archivos siguen aquí; vuelva a intentarlo.',
  'form.send.storageFull':
    'La mesa de partes no tiene espacio para guardar su solicitud en este momento. No se registró nada; sus datos y archivos siguen aquí. Vuelva a intentarlo más tarde y, si el problema continúa, comuníquese con la entidad.',
  'form.send.failed':
    'No pudimos enviar su solicitud (código {code}). Sus datos y archivos siguen aquí; vuelva a intentarlo. Si el problema continúa, comuníquese con la entidad.',
  'form.send.rateLimited':
    'Se enviaron demasiadas solicitudes desde su conexión o a la vez. Sus datos y archivos siguen aquí; espere unos minutos y vuelva a intentarlo.',
  'form.send.invalid': 'Revise los datos de su solicitud: el sistema no pudo aceptarlos.',
  'form.send.timeout':
    'El servidor tardó demasiado en responder y no sabemos si recibió su solicitud. Sus datos y archivos siguen aquí; vuelva a intentarlo: si ya la había recibido, le mostraremos la misma constancia, sin registrarla dos veces.',
  'form.send.conflict':
    'Ya se había registrado una solicitud enviada antes desde este formulario, con otros datos. Si quiere presentar esta como una solicitud nueva, pulse otra vez «Enviar solicitud».',
  'form.confirm.title': 'Confirme el envío',
  'form.confirm.question': '¿Confirma el envío de su solicitud?',
  'form.confirm.inHours': 'Su solicitud se considerará presentada hoy, {date}.',
  'form.confirm.outside':
    'Está enviando fuera del horario de atención ({hours}). Su solicitud se considerará presentada el {date}.',
  'form.confirm.ok': 'Confirmar',
  'form.confirm.back': 'Volver',

  // ── Form: confirmation view ──────────────────────────────────────────────────────────
  'form.done.title': 'Solicitud generada',
  'form.done.greeting': 'Estimado(a) {name}, hemos recibido su solicitud.',
  'form.done.number': 'Nro. de solicitud',
  'form.done.keep': 'Guarde este número: lo necesitará para hacer el seguimiento de su solicitud.',
  'form.done.copy': 'Copiar número',
  'form.done.copied': 'Número copiado',
  'form.done.copyFailed': 'No se pudo copiar. Seleccione el número y cópielo.',
  'form.receipt.expired':
    'El permiso para descargar la constancia venció (dura una hora). Búsquela en «Seguimiento» con su número de solicitud y documento para descargarla.',
  'form.done.received': 'Fecha y hora de recepción',
  'form.done.deemed': 'Se considera presentada el',
  'form.done.reason.afterHours': 'Llegó después del horario de atención ({hours}).',
  'form.done.reason.holiday': 'El {date} es feriado: {name}.',
  'form.done.reason.decreed': 'El {date} es día no laborable: {name}.',
  'form.done.reason.weekend': 'Llegó un {weekday}, que no es día hábil.',
  'form.done.reason.nonWorking': 'Llegó en un día no hábil.',
  'form.done.files': 'Documentos recibidos',
  'form.done.file.main': 'Documento principal',
  'form.done.file.annex': 'Anexo {index}',
  'form.done.pages': '{count} páginas',
  'form.done.pages.one': '1 página',
  'form.done.email': 'Le enviaremos la constancia y toda comunicación sobre su solicitud a {email}.',
  'form.done.another': 'Presentar otra solicitud',
  'form.done.replayed':
    'Su solicitud ya había sido registrada con los datos que envió primero; los cambios que hizo después no se guardaron. Si necesita corregir algo, podrá hacerlo cuando la entidad la revise.',

  // ── Identity document names ──────────────────────────────────────────────────────────
  'form.docType.DNI': 'DNI',
  'form.docType.RUC': 'RUC',
  'form.docType.CE': 'Carné de extranjería',
  'form.docType.PTP': 'Permiso Temporal de Permanencia (PTP)',
  'form.docType.CPP': 'Carné de Permiso Temporal de Permanencia (CPP)',
  'form.docType.PASAPORTE': 'Pasaporte',

  // ── Validation codes (validateFiling, shared with the server) ────────────────────────
  'field.required': 'Complete el campo «{label}»',
  'field.required.givenNames': 'Escriba sus nombres',
  'field.required.surnames': 'Escriba sus apellidos',
  'field.required.email': 'Escriba su correo electrónico',
  'field.required.phone': 'Escriba su número de teléfono o celular',
  'field.required.organizationName': 'Escriba la razón social',
  'field.required.mainDocumentNumber': 'Escriba el número del documento',
  'field.required.folios': 'Escriba el número de folios',
  'field.tooLong': '«{label}» puede tener hasta {max} caracteres',
  'field.choose': 'Elija una opción en «{label}»',
  'field.choose.personKind': 'Elija si presenta la solicitud como persona natural o jurídica',
  'field.choose.documentType': 'Elija su tipo de documento de identidad',
  'field.choose.procedure': 'Elija el trámite a realizar',
  'field.choose.office': 'Elija la dependencia de destino',
  'field.choose.documentKind': 'Elija el tipo de documento a presentar',
  'field.unknownOption': 'La opción elegida en «{label}» ya no está disponible. Elija otra.',
  'email.format': 'Escriba un correo electrónico válido, por ejemplo: nombre@correo.com',
  'email.tooLong': 'El correo electrónico puede tener hasta {max} caracteres',
  'email.separator': 'Escriba un solo correo electrónico, sin comas ni punto y coma',
  'email.spaces': 'El correo electrónico no puede tener espacios ni caracteres invisibles',
  'email.quoted': 'El correo electrónico no puede tener comillas',
  'email.at': 'El correo electrónico lleva una sola @ entre el nombre y el dominio, por ejemplo: nombre@correo.com',
  'email.dots': 'El correo electrónico no puede tener dos puntos seguidos, ni empezar o terminar con un punto (antes o después de la @)',
  'email.local': 'Antes de la @ use solo letras sin tildes, números y los signos . _ - +',
  'email.domain': 'El dominio, después de la @, no es válido. Revíselo, por ejemplo: correo.com o entidad.gob.pe',
  'text.control': '«{label}» tiene caracteres invisibles o de control (por ejemplo, marcas que cambian la dirección del texto). Bórrelos o escriba el texto de nuevo, sin pegarlo',
  'verification.required': 'Valide su correo electrónico: pida el código de validación y escríbalo',
  'verification.invalid': 'La validación de su correo electrónico venció o ya se usó: pida un código nuevo y escríbalo',
  'phone.format': 'Escriba un teléfono válido: solo números, espacios, guiones, paréntesis y el signo +',
  'identity.required': 'Escriba el número de su documento de identidad',
  'identity.required.DNI': 'Escriba su número de DNI',
  'identity.required.ruc': 'Escriba el número de RUC',
  'identity.dni.format':
    'El DNI tiene 8 dígitos. Si escribe el dígito de verificación, sepárelo con un guion, por ejemplo: 12345678-9',
  'identity.dni.check': 'El dígito de verificación no corresponde a este DNI. Revise el número.',
  'identity.ruc.format': 'El RUC tiene 11 dígitos. Revise el número.',
  'identity.ruc.prefix': 'El RUC debe empezar con {prefixes}. Revise el número.',
  'identity.ruc.naturalPerson': 'Este RUC empieza con 10: es de una persona natural. Escriba el RUC de la entidad o empresa (por lo general empieza con 20).',
  'identity.ruc.check': 'El último dígito no corresponde a este RUC. Revise el número.',
  'identity.pattern': 'El número de {document} no tiene el formato esperado. Escríbalo sin espacios ni guiones.',
  'identity.pattern.CE': 'El carné de extranjería tiene de 8 a 12 letras o números. Escríbalo sin espacios ni guiones.',
  'documentNumber.requiredOrSN': 'Escriba el número del documento o marque «El documento no tiene número»',
  'documentNumber.format': 'El número del documento solo puede tener letras, números, espacios y los signos ° . / _ -',
  'folios.range': 'Escriba el número de folios como un número entero, de 1 a 100 000',
  'consent.required': 'Marque la casilla «{label}» para poder enviar su solicitud',
  'consent.required.terms': 'Debe aceptar los Términos y Condiciones para enviar su solicitud',
  'consent.required.privacy': 'Debe aceptar la política de privacidad para enviar su solicitud',
  'consent.required.sworn-declaration': 'Debe marcar la declaración jurada para enviar su solicitud',
  'consent.required.email-notifications': 'Debe autorizar el envío de información a su correo electrónico',
  'attachments.mainRequired': 'Adjunte el documento principal',
  'attachments.tooMany': 'Puede adjuntar hasta {max} anexos',
  'attachments.busy': 'Espere a que terminen de subir sus archivos',
  'attachments.failed': 'Uno de sus archivos no se pudo subir. Pulse «Reintentar» o quítelo antes de enviar.',
  'attachments.rejected': 'Quite los archivos que no se aceptaron (o cámbielos por otros) antes de enviar.',
  'attachments.unresolved': 'Uno de sus archivos no se pudo subir. Quítelo o vuelva a subirlo antes de enviar.',
  'attachments.reupload':
    'Hay {count} anexos que debe adjuntar de nuevo; están marcados en la lista. Quítelos y vuelva a adjuntarlos.',
  // The server's answer on sending, about attached files: the citizen attaches that file again.
  'upload.notFound': 'Uno de sus archivos ya no está en el servidor. Quítelo de la lista y vuelva a adjuntarlo.',
  'upload.notFound.mainFile':
    'El documento principal ya no está en el servidor. Quítelo de la lista y vuelva a adjuntarlo.',
  'upload.notFound.annexes': 'El anexo {position} ya no está en el servidor. Quítelo de la lista y vuelva a adjuntarlo.',
  'upload.wrongSlot':
    'Uno de sus archivos quedó guardado en otro lugar del formulario. Quítelo de la lista y vuelva a adjuntarlo.',
  'upload.wrongSlot.mainFile':
    'El documento principal quedó guardado como anexo. Quítelo de la lista y vuelva a adjuntarlo como documento principal.',
  'upload.wrongSlot.annexes':
    'El anexo {position} quedó guardado en otro lugar del formulario. Quítelo de la lista y vuelva a adjuntarlo.',
  'upload.alreadyUsed':
    'Uno de sus archivos ya se presentó con otra solicitud. Quítelo de la lista y vuelva a adjuntarlo para esta.',
  'upload.alreadyUsed.mainFile':
    'El documento principal ya se presentó con otra solicitud. Quítelo de la lista y vuelva a adjuntarlo para esta.',
  'upload.alreadyUsed.annexes':
    'El anexo {position} ya se presentó con otra solicitud. Quítelo de la lista y vuelva a adjuntarlo para esta.',
  'field.invalid': 'Revise el campo «{label}»',
};
