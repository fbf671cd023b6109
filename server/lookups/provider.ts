/**
 * Where names by DNI and razón social by RUC come from. The routes (routes.ts) only see this
 * interface: the PIDE adapters (pide.ts) on a real desk, a data file (local.ts) in the demo and
 * the tests.
 */
import type { OrganizationLookup, PersonLookup } from '../../src/api/types.ts';

export interface IdentityLookups {
  /** The person with this DNI (8 digits, already validated); null when the registry has none. */
  person(dni: string, signal: AbortSignal): Promise<PersonLookup | null>;
  /** The organization with this RUC (11 digits, already validated); null when SUNAT has none. */
  organization(ruc: string, signal: AbortSignal): Promise<OrganizationLookup | null>;
}

/**
 * The service could not answer (down, slow, refused our credentials, answered something we do
 * not understand). The route answers `lookup.unavailable` and the citizen types the data.
 */
export class LookupUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LookupUnavailable';
  }
}

/** SUNAT's "estado del contribuyente" that counts as active; any other state gets a warning. */
export function isActiveState(state: string): boolean {
  return state.trim().toUpperCase() === 'ACTIVO';
}

/**
 * One provider per look-up: each may come from a different place (RENIEC through PIDE, RUCs
 * from a file…) or from none, which then answers as unavailable.
 */
export function combineLookups(parts: { person?: IdentityLookups | undefined; organization?: IdentityLookups | undefined }): IdentityLookups {
  return {
    person(dni, signal) {
      if (!parts.person) return Promise.reject(new LookupUnavailable('No DNI look-up is configured'));
      return parts.person.person(dni, signal);
    },
    organization(ruc, signal) {
      if (!parts.organization) return Promise.reject(new LookupUnavailable('No RUC look-up is configured'));
      return parts.organization.organization(ruc, signal);
    },
  };
}
