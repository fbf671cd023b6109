/**
 * Messages of the tracking panel (`<mpd-tracking-panel>`) and of the receipt actions on the
 * filing confirmation. Plain words, "usted", as gob.pe writes. A not-found answer never says
 * which of the two data was wrong: the desk must not reveal which numbers exist.
 */
import type { Catalog } from '../../index.ts';

export const messages: Catalog = {
  'tracking.title': 'Seguimiento de solicitud',
  'tracking.intro':
    'Ingrese el número de solicitud que recibió en su correo electrónico y el número del documento de identidad con el que presentó la solicitud. Luego presione Buscar.',
  'tracking.requestNumber.label': 'Número de solicitud',
  'tracking.requestNumber.hint': 'Por ejemplo {example}.',
  'tracking.documentNumber.label': 'Número de documento de identidad',
  'tracking.documentNumber.hint': 'El mismo documento con el que presentó la solicitud.',
  'tracking.submit': 'Buscar',
  'tracking.searching': 'Buscando su solicitud…',
  'tracking.errorSummary': 'Hay un problema',
  'tracking.errorPrefix': 'Error:',
  'tracking.requestNumber.required': 'Ingrese el número de solicitud',
  'tracking.requestNumber.format': 'Ingrese el número de solicitud como aparece en su correo, por ejemplo {example}',
  'tracking.documentNumber.required': 'Ingrese el número de su documento de identidad',
  'tracking.notFound':
    'No encontramos una solicitud con ese número de solicitud y ese número de documento. Revise los dos datos e inténtelo de nuevo.',
  'tracking.unreachable':
    'No pudimos comunicarnos con la mesa de partes. Sus datos siguen aquí: revise su conexión a internet e inténtelo de nuevo.',
  'tracking.failed': 'La mesa de partes no pudo responder en este momento. Sus datos siguen aquí: inténtelo de nuevo en unos minutos.',
  'tracking.rateLimited':
    'Se hicieron muchas búsquedas desde su conexión en la última hora. Sus datos siguen aquí: espere unos minutos e inténtelo de nuevo.',
  'tracking.unavailable': 'Esta mesa de partes no ofrece el seguimiento de solicitudes en línea. Comuníquese con la entidad.',
  'tracking.result.title': 'Información de su solicitud N° {number}',
  'tracking.result.procedure': 'Tipo de trámite',
  'tracking.result.subject': 'Solicitud',
  'tracking.result.created': 'Creación',
  'tracking.result.deemed': 'Se considera presentada el',
  'tracking.result.status': 'Estado actual',
  'tracking.timeline.caption': 'Etapas de su solicitud N° {number}',
  'tracking.timeline.n': 'N°',
  'tracking.timeline.stage': 'Etapa',
  'tracking.timeline.date': 'Fecha',
  'tracking.timeline.origin': 'Entidad origen',
  'tracking.timeline.destination': 'Entidad destino',
  'tracking.timeline.note': 'Observaciones',
  'tracking.timeline.current': 'Etapa actual',
  'tracking.timeline.empty': '-',
  'tracking.timeline.count': 'Mostrando {count} registros.',
  'tracking.timeline.count.one': 'Mostrando 1 registro.',
  'tracking.receipt.download': 'Descargar constancia (PDF)',
  'tracking.receipt.downloading': 'Descargando la constancia…',
  'tracking.receipt.done': 'Se descargó la constancia {file}.',
  'tracking.receipt.failed': 'No se pudo descargar la constancia. Inténtelo de nuevo en unos minutos.',
  'tracking.receipt.expired': 'Vuelva a consultar su solicitud para descargar la constancia: el permiso para descargarla dura una hora.',
  'tracking.done.track': 'Seguir mi solicitud',
};
