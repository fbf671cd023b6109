/**
 * Staff password hashes: scrypt from node:crypto (no dependency), written in a self-describing
 * form that fits STAFF_CREDENTIALS (no ":" and no ","):
 *
 *   scrypt$<N>$<r>$<p>$<salt, base64url>$<hash, base64url>
 *
 * The cost travels with the hash, so a desk can raise it for new hashes without breaking the old
 * ones. `npx mesa-de-partes hash-password` (src/cli/hash-password.ts) prints one. Here, not in
 * server/, because the published package carries src/ and bin/ (the command) but not the server.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** OWASP's minimum for scrypt: N=2^17, r=8, p=1 (128 MiB, a fraction of a second per sign-in). */
export const DEFAULT_COST = 2 ** 17;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** The most memory one verification may take (N·r·128 bytes, with room): refuses absurd parameters. */
const MAX_MEMORY = 512 * 1024 * 1024;

const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{32,})$/;

export interface ScryptHash {
  cost: number;
  blockSize: number;
  parallelism: number;
  salt: Buffer;
  hash: Buffer;
}

/** The parts of a hash string; null when the text is not one (a plain password, in demo mode). */
export function parsePasswordHash(text: string): ScryptHash | null {
  const match = FORMAT.exec(text);
  if (!match) return null;
  const [cost, blockSize, parallelism] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const powerOfTwo = cost > 1 && (cost & (cost - 1)) === 0;
  if (!powerOfTwo || blockSize < 1 || parallelism < 1 || memoryOf(cost, blockSize) > MAX_MEMORY || parallelism > 16) return null;
  return { cost, blockSize, parallelism, salt: Buffer.from(match[4]!, 'base64url'), hash: Buffer.from(match[5]!, 'base64url') };
}

/** True when `text` is written like a hash (even one whose parameters are refused). */
export function looksLikeHash(text: string): boolean {
  return text.startsWith('scrypt$');
}

export async function hashPassword(password: string, options: { cost?: number } = {}): Promise<string> {
  const cost = options.cost ?? DEFAULT_COST;
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, { cost, blockSize: BLOCK_SIZE, parallelism: PARALLELISM, salt, hash: Buffer.alloc(KEY_BYTES) });
  return ['scrypt', cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Whether `password` is the one `hash` was made from; compared in constant time. */
export async function verifyPassword(hash: string | ScryptHash, password: string): Promise<boolean> {
  const parsed = typeof hash === 'string' ? parsePasswordHash(hash) : hash;
  if (!parsed) return false;
  const derived = await derive(password, parsed);
  return derived.length === parsed.hash.length && timingSafeEqual(derived, parsed.hash);
}

/**
 * A hash with the same cost as `like` of a password nobody has: verified for a user that does not
 * exist, so that the answer takes as long as for one who does.
 */
export function dummyHash(like: ScryptHash): ScryptHash {
  return { ...like, salt: randomBytes(SALT_BYTES), hash: randomBytes(like.hash.length) };
}

function memoryOf(cost: number, blockSize: number): number {
  return 128 * cost * blockSize;
}

function derive(password: string, parameters: ScryptHash): Promise<Buffer> {
  const options: ScryptOptions = {
    N: parameters.cost,
    r: parameters.blockSize,
    p: parameters.parallelism,
    maxmem: memoryOf(parameters.cost, parameters.blockSize) * 2,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), parameters.salt, parameters.hash.length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
