/**
 * Messages of the desk shell (`<mpd-desk>`: header, navigation, contact, loading) and of the
 * config error panel every element shows. Kept apart from the elements' own areas because they
 * are all the CDN build downloads before the first view opens.
 */
import type { Catalog } from '../../index.ts';

export const messages: Catalog = {
  'desk.loading': 'Cargando…',
  'desk.view.failed': 'No se pudo cargar esta sección. Revise su conexión a internet e inténtelo de nuevo.',
  'desk.view.retry': 'Intentar de nuevo',
  'desk.title': 'Mesa de Partes Digital',
  'desk.nav.label': 'Servicios de la mesa de partes',
  'desk.nav.file': 'Presentar solicitud',
  'desk.nav.tracking': 'Seguimiento',
  'desk.nav.correction': 'Subsanar observaciones',
  'desk.contact.label': 'Contacto',
  'desk.contact.phone': 'Teléfono',
  'desk.contact.email': 'Correo electrónico',
  'desk.contact.web': 'Portal institucional',
  'desk.config.title': 'La configuración de la mesa de partes tiene errores',
  'desk.config.intro':
    'Esta mesa de partes no puede mostrarse hasta que se corrija su archivo de configuración. Mensaje para el administrador del sitio web:',
  'desk.config.citizen':
    'Si usted quiere presentar una solicitud, inténtelo más tarde o comuníquese directamente con la entidad.',
  'desk.config.file': '(archivo)',
  'desk.nav.myRequests': 'Mis trámites',
};
