/** The English messages of this area: what each says and where it shows is in ../es-PE/desk.ts. */
import type { Catalog } from '../../index.ts';

export const messages: Catalog = {
  'desk.loading': 'Loading…',
  'desk.view.failed': 'This section could not be loaded. Check your internet connection and try again.',
  'desk.view.retry': 'Try again',
  'desk.title': 'Digital filing desk',
  'desk.nav.label': 'Filing desk services',
  'desk.nav.file': 'File a request',
  'desk.nav.tracking': 'Track a request',
  'desk.nav.correction': 'Correct observed documents',
  'desk.contact.label': 'Contact',
  'desk.contact.phone': 'Phone',
  'desk.contact.email': 'Email',
  'desk.contact.web': 'Website',
  'desk.config.title': 'The filing desk configuration has errors',
  'desk.config.intro': 'This filing desk cannot be shown until its configuration file is fixed. Message for the site administrator:',
  'desk.config.citizen': 'If you want to file a request, please try again later or contact the agency directly.',
  'desk.config.file': '(file)',
  'desk.nav.myRequests': 'My requests',
};
