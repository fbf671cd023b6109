/**
 * Messages of the attachment dropzone and the upload layer behind it (`mpd-dropzone`,
 * `src/uploads/`). Plain words, addressed to the citizen as "usted", as the agencies' own
 * screens do. Every problem code the dropzone can show has a `files.error.<code>` key.
 */
import type { Catalog } from '../../index.ts';

export const messages: Catalog = {
  'files.choose.one': 'Elegir archivo',
  'files.choose.many': 'Elegir archivos',
  'files.drop.one': 'o arrastre el archivo aquí',
  'files.drop.many': 'o arrastre los archivos aquí',
  'files.drop.active': 'Suelte el archivo aquí',
  'files.optional': '(opcional)',
  'files.errorPrefix': 'Error:',
  'files.list': 'Archivos adjuntos',

  'files.rules.pdfOnly': 'Solo se acepta en formato PDF.',
  'files.rules.types': 'Formatos aceptados: {types}.',
  'files.rules.anyType': 'Se acepta cualquier tipo de archivo.',
  'files.rules.size': 'Tamaño máximo: {size}.',
  'files.rules.sizeEach': 'Tamaño máximo por archivo: {size}.',
  'files.rules.sizeRange': 'Anexos {from} a {to}: hasta {size} cada uno.',
  'files.rules.sizeOne': 'Anexo {position}: hasta {size}.',
  'files.rules.count': 'Puede adjuntar hasta {max} archivos.',

  'files.position': 'Anexo {position}',
  'files.size': '{size}',
  'files.pages.one': '1 página',
  'files.pages.many': '{count} páginas',

  'files.status.inspecting': 'Revisando el archivo…',
  'files.status.uploading': 'Subiendo: {percent} %',
  'files.status.complete': 'Subido',
  'files.status.failed': 'No se pudo subir',
  'files.status.rejected': 'No se aceptó',
  'files.status.reupload': 'Debe adjuntarlo de nuevo',
  'files.progress': 'Avance de la subida de {name}',

  'files.remove': 'Quitar',
  'files.retry': 'Reintentar',
  'files.retryFor': 'la subida de {name}',

  'files.announce.inspecting': 'Revisando {name}.',
  'files.announce.uploading': 'Subiendo {name}: {percent} %',
  'files.announce.complete': '{name} se subió correctamente.',
  'files.announce.rejected': '{name} no se aceptó. {message}',
  'files.announce.reupload': 'Debe adjuntar {name} de nuevo. {message}',
  'files.announce.failed': 'No se pudo subir {name}. {message}',
  'files.announce.removed': 'Se quitó {name}.',

  'files.error.file.empty': 'El archivo está vacío. Elija un archivo que tenga contenido.',
  'files.error.file.type': 'Este tipo de archivo no se acepta. Formatos aceptados: {types}.',
  'files.error.file.typePdf': 'Solo se acepta en formato PDF.',
  'files.error.file.size': 'El archivo pesa {size} y supera el máximo de {max}.',
  'files.error.file.tooMany.one': 'Solo puede adjuntar 1 archivo. Quite el que ya adjuntó si quiere cambiarlo.',
  'files.error.file.tooMany.many': 'Solo puede adjuntar {max} archivos.',
  'files.error.file.none': 'Aquí no se pueden adjuntar archivos.',
  'files.error.file.duplicate': 'Este archivo ya está en la lista.',
  'files.error.file.unreadable': 'No se pudo leer el archivo. Vuelva a elegirlo.',
  'files.error.file.contentMismatch': 'El archivo no es {what} aunque su nombre termine en {extension}.',
  'files.error.pdf.encrypted':
    'El PDF está protegido con contraseña. Quite la contraseña y vuelva a adjuntarlo.',
  'files.error.pdf.corrupt':
    'El PDF está dañado o incompleto y no se puede abrir. Guárdelo o escanéelo de nuevo y vuelva a adjuntarlo.',
  'files.error.upload.tooLarge': 'El archivo supera el tamaño máximo que acepta la entidad.',
  'files.error.upload.type': 'La entidad no acepta este tipo de archivo.',
  'files.error.upload.contentMismatch': 'El contenido del archivo no corresponde a su extensión.',
  'files.error.upload.encrypted':
    'El PDF está protegido con contraseña. Quite la contraseña y vuelva a adjuntarlo.',
  'files.error.upload.corrupt':
    'El PDF está dañado o incompleto y no se puede abrir. Guárdelo o escanéelo de nuevo y vuelva a adjuntarlo.',
  'files.error.upload.refused': 'La entidad no aceptó el archivo.',
  'files.error.upload.network':
    'No hay conexión con la mesa de partes. Revise su conexión a internet y pulse «Reintentar».',
  'files.error.upload.server':
    'La mesa de partes no pudo recibir el archivo en este momento. Pulse «Reintentar» en unos minutos.',

  'files.kind.pdf': 'un PDF',
  'files.kind.png': 'una imagen PNG',
  'files.kind.jpeg': 'una imagen JPEG',
  'files.kind.word': 'un documento de Word',
  'files.kind.excel': 'una hoja de Excel',
  'files.kind.zip': 'un archivo ZIP',
  'files.kind.rar': 'un archivo RAR',
  'files.kind.other': 'del tipo que indica su nombre',
};
