/**
 * The links to a request on the agency's public desk page, printed on the receipt and sent in
 * the mails. The identity document travels in the URL fragment, not the query: browsers never
 * send the fragment, so it does not reach server or proxy access logs.
 *
 *   <publicUrl><agencyId>.html#vista=seguimiento&solicitud=<n>&documento=<doc>
 *   <publicUrl><agencyId>.html#vista=subsanar&solicitud=<n>&documento=<doc>
 *
 * (`demo/` names each agency's page `<agencyId>.html`.)
 */

export type RequestView = 'seguimiento' | 'subsanar';

export interface RequestLinks {
  /** `…/<agency>.html#vista=seguimiento&solicitud=<n>&documento=<doc>` */
  tracking: string;
  /** `…/<agency>.html#vista=subsanar&solicitud=<n>&documento=<doc>` */
  correction: string;
}

/** One view of a request on the desk under `publicUrl` (with or without its trailing "/"). */
export function requestLink(publicUrl: string, agencyId: string, view: RequestView, requestNumber: string, documentNumber: string): string {
  const page = new URL(`${encodeURIComponent(agencyId)}.html`, publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`);
  page.search = '';
  page.hash = new URLSearchParams({ vista: view, solicitud: requestNumber, documento: documentNumber }).toString();
  return page.toString();
}

export function requestLinks(publicUrl: string, agencyId: string, requestNumber: string, documentNumber: string): RequestLinks {
  return {
    tracking: requestLink(publicUrl, agencyId, 'seguimiento', requestNumber, documentNumber),
    correction: requestLink(publicUrl, agencyId, 'subsanar', requestNumber, documentNumber),
  };
}

/** `http://<host>:<port>/` with the address a browser can reach (a wildcard host → 127.0.0.1). */
export function localPublicUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}
