/**
 * Who may use an agency's staff API. Credentials come from the environment as
 * `STAFF_CREDENTIALS=agencyId:user:password,…` (the password may contain ":" but not ","); a
 * credential opens the staff API of its own agency only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface StaffCredential {
  agencyId: string;
  user: string;
  password: string;
}

export class StaffCredentialsError extends Error {}

export function parseStaffCredentials(text: string): StaffCredential[] {
  const credentials: StaffCredential[] = [];
  for (const [position, entry] of text.split(',').entries()) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const [agencyId, user, ...rest] = trimmed.split(':');
    const password = rest.join(':');
    if (!agencyId || !user || !password) {
      throw new StaffCredentialsError(
        `STAFF_CREDENTIALS: la entrada ${position + 1} no tiene la forma entidad:usuario:contraseña.`,
      );
    }
    credentials.push({ agencyId, user, password });
  }
  return credentials;
}

/** The demo's credentials: `<agency>:mesa:mesa-<agency>` for every agency. Only in demo mode (`MPD_DEMO=1`). */
export function demoStaffCredentials(agencyIds: readonly string[]): StaffCredential[] {
  return agencyIds.map((agencyId) => ({ agencyId, user: 'mesa', password: `mesa-${agencyId}` }));
}

export interface StaffCredentialsSource {
  credentials: StaffCredential[];
  /** True when these are the demo defaults (demo mode, no STAFF_CREDENTIALS). */
  demo: boolean;
}

/** True when the environment asks for the demo (`MPD_DEMO=1`, as `npm start` sets it). */
export function isDemoMode(env: NodeJS.ProcessEnv): boolean {
  return env.MPD_DEMO?.trim() === '1';
}

/**
 * `STAFF_CREDENTIALS` when set; otherwise the demo defaults in demo mode (`MPD_DEMO=1`) only.
 * Without either, the staff API stays closed (every request answers 401).
 */
export function staffCredentialsFromEnv(env: NodeJS.ProcessEnv, agencyIds: readonly string[]): StaffCredentialsSource {
  const text = env.STAFF_CREDENTIALS;
  if (text !== undefined && text.trim() !== '') {
    const credentials = parseStaffCredentials(text);
    const unknown = credentials.find((credential) => !agencyIds.includes(credential.agencyId));
    if (unknown) throw new StaffCredentialsError(`STAFF_CREDENTIALS: no hay una entidad «${unknown.agencyId}».`);
    return { credentials, demo: false };
  }
  if (isDemoMode(env)) return { credentials: demoStaffCredentials(agencyIds), demo: true };
  return { credentials: [], demo: false };
}

/** Compares in time that does not depend on where the strings differ (nor on their lengths). */
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** The user name when `authorization` is valid Basic auth for a credential of `agencyId`. */
export function authenticate(credentials: readonly StaffCredential[], agencyId: string, authorization: string | undefined): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  let found: string | null = null;
  // Every credential is compared, so the time taken does not tell which agency or user exists.
  for (const credential of credentials) {
    const userMatches = sameSecret(credential.user, user);
    const passwordMatches = sameSecret(credential.password, password);
    if (userMatches && passwordMatches && credential.agencyId === agencyId) found = credential.user;
  }
  return found;
}
