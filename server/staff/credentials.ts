/**
 * Who may use an agency's staff API. Credentials come from the environment as
 * `STAFF_CREDENTIALS=agencyId:user:secret,…`, where the secret is an scrypt hash
 * (`scrypt$N$r$p$salt$hash`, src/cli/passwords.ts; `npx mesa-de-partes hash-password` prints
 * one) or, in demo mode only, the password itself (it may contain ":" but not ","). A credential
 * opens the staff API of its own agency only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { dummyHash, looksLikeHash, parsePasswordHash, verifyPassword, type ScryptHash } from '../../src/cli/passwords.ts';

export interface StaffCredential {
  agencyId: string;
  user: string;
  /** An scrypt hash string, or (demo mode) the plain password. */
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
    for (const credential of credentials) {
      const name = `«${credential.agencyId}:${credential.user}»`;
      if (looksLikeHash(credential.password) && !parsePasswordHash(credential.password)) {
        throw new StaffCredentialsError(`STAFF_CREDENTIALS: el hash de ${name} no es válido; genérelo de nuevo con «npx mesa-de-partes hash-password».`);
      }
      // A plain password in the environment is readable by anyone who reads the process's
      // environment or a copy of the deployment files: only for the demo.
      if (!parsePasswordHash(credential.password) && !isDemoMode(env)) {
        throw new StaffCredentialsError(
          `STAFF_CREDENTIALS: la contraseña de ${name} está en texto plano. Escriba su hash (genérelo con «npx mesa-de-partes hash-password») ` +
            'o, solo para una demostración, inicie con MPD_DEMO=1.',
        );
      }
    }
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

/** Whether `user` is a staff user of `agencyId` (whatever the password). */
export function isStaffUser(credentials: readonly StaffCredential[], agencyId: string, user: string): boolean {
  return credentials.some((credential) => credential.agencyId === agencyId && sameSecret(credential.user, user));
}

/**
 * The user name when `user` and `password` are a credential of `agencyId`, else null. A user that
 * does not exist costs what one that does costs (a hash of the same cost is verified), so the time
 * taken does not tell which users exist.
 */
export async function checkPassword(credentials: readonly StaffCredential[], agencyId: string, user: string, password: string): Promise<string | null> {
  const own = credentials.filter((credential) => credential.agencyId === agencyId);
  const credential = own.find((candidate) => sameSecret(candidate.user, user));
  const hashes = own.map((candidate) => parsePasswordHash(candidate.password)).filter((hash): hash is ScryptHash => hash !== null);
  if (!credential) {
    if (hashes[0]) await verifyPassword(dummyHash(hashes[0]), password);
    else sameSecret(password, password);
    return null;
  }
  const hash = parsePasswordHash(credential.password);
  const matches = hash ? await verifyPassword(hash, password) : sameSecret(credential.password, password);
  return matches ? credential.user : null;
}
