/**
 * The look-up providers from the environment (server/main.ts):
 *
 *   PIDE_RENIEC_URL, PIDE_RENIEC_USER_DNI, PIDE_RENIEC_RUC, PIDE_RENIEC_PASSWORD: RENIEC through
 *     PIDE (all four, or none)
 *   PIDE_SUNAT_URL: SUNAT through PIDE
 *   LOOKUP_DATA_FILE: a JSON file of people and organizations (local.ts), used for whichever
 *     look-up PIDE does not serve; in demo mode (MPD_DEMO=1) demo/lookups/padron.json by default
 *   LOOKUP_TIMEOUT_MS: how long PIDE may take (4000)
 *
 * With none of them, look-ups answer `lookup.unavailable` and the form lets the citizen type.
 */
import { fileURLToPath } from 'node:url';
import { LocalFileLookups, LookupDataError } from './local.ts';
import { DEFAULT_LOOKUP_TIMEOUT_MS, PideLookups } from './pide.ts';
import { combineLookups, type IdentityLookups } from './provider.ts';

export const DEMO_LOOKUP_DATA_FILE = fileURLToPath(new URL('../../demo/lookups/padron.json', import.meta.url));

export class LookupConfigError extends Error {}

export interface LookupSetup {
  lookups: IdentityLookups;
  /** Where each look-up comes from, for the start-up log. */
  sources: { person: string; organization: string };
}

export function lookupsFromEnv(env: NodeJS.ProcessEnv, demo: boolean): LookupSetup {
  const value = (name: string) => env[name]?.trim() || undefined;
  const reniecNames = ['PIDE_RENIEC_URL', 'PIDE_RENIEC_USER_DNI', 'PIDE_RENIEC_RUC', 'PIDE_RENIEC_PASSWORD'] as const;
  const reniecGiven = reniecNames.filter((name) => value(name));
  if (reniecGiven.length > 0 && reniecGiven.length < reniecNames.length) {
    throw new LookupConfigError(`Para consultar RENIEC por PIDE defina también ${reniecNames.filter((name) => !value(name)).join(', ')}`);
  }
  const timeoutMs = Number(value('LOOKUP_TIMEOUT_MS') ?? DEFAULT_LOOKUP_TIMEOUT_MS);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new LookupConfigError(`LOOKUP_TIMEOUT_MS no válido: ${env.LOOKUP_TIMEOUT_MS}`);
  for (const name of ['PIDE_RENIEC_URL', 'PIDE_SUNAT_URL']) {
    const url = value(name);
    if (url && !URL.canParse(url)) throw new LookupConfigError(`${name} no es una URL válida: ${url}`);
  }
  const pide = new PideLookups({
    reniec: reniecGiven.length
      ? { url: value('PIDE_RENIEC_URL')!, userDni: value('PIDE_RENIEC_USER_DNI')!, agencyRuc: value('PIDE_RENIEC_RUC')!, password: value('PIDE_RENIEC_PASSWORD')! }
      : undefined,
    sunatUrl: value('PIDE_SUNAT_URL'),
    timeoutMs,
  });
  const file = value('LOOKUP_DATA_FILE') ?? (demo ? DEMO_LOOKUP_DATA_FILE : undefined);
  let local: LocalFileLookups | undefined;
  try {
    local = file ? new LocalFileLookups(file) : undefined;
  } catch (error) {
    if (error instanceof LookupDataError) throw new LookupConfigError(`LOOKUP_DATA_FILE: ${error.message}`);
    throw error;
  }
  const person = reniecGiven.length ? pide : local;
  const organization = value('PIDE_SUNAT_URL') ? pide : local;
  const describe = (provider: IdentityLookups | undefined, service: string) =>
    provider === pide ? `${service} por PIDE` : provider ? `archivo ${file}` : 'ninguna';
  return {
    lookups: combineLookups({ person, organization }),
    sources: { person: describe(person, 'RENIEC'), organization: describe(organization, 'SUNAT') },
  };
}
