/**
 * Download grants: the receipt and response downloads (`POST receipts`, `POST responses`) ask no
 * captcha of their own, so without a grant a 200 or a 404 there would tell anyone which number
 * and document go together, past the tracking captcha. A grant is handed out with every answer
 * that already proved the citizen (a tracking search behind its captcha, a filing), bound to that
 * agency and request, and usable for one hour.
 *
 * A grant is a signed token, not a row: `<expiry>.<nonce>.<requestId>.<mac>`, the MAC an
 * HMAC-SHA256 over the agency, the request id and the expiry. A search therefore writes nothing
 * (a stored grant per search was 1.2 GB an hour under load), and any process holding the same key
 * accepts a token another one issued. The nonce only makes every answer's token distinct; the
 * agency is not in the token, it is bound by the MAC.
 *
 * The key (`downloadGrantKey`): `DOWNLOAD_GRANT_SECRET`; unset, one derived from
 * `VERIFICATION_SECRET`; both unset, random per process (right for one process; with several, a
 * token from one is refused by the others and the citizen searches again).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';

/** How long a download stays allowed after the search or the filing that granted it. */
export const DOWNLOAD_GRANT_MS = 60 * 60 * 1000;

/** Longer than any token we issue (about 110 characters); anything longer is not one. */
const MAX_TOKEN_LENGTH = 200;

/** Keeps a grant's MAC apart from any other HMAC made with a key derived the same way. */
const PURPOSE = 'mesa-de-partes download grant v1';

export interface GrantScope {
  agencyId: string;
  requestId: string;
}

/**
 * The signing key: `DOWNLOAD_GRANT_SECRET`, else derived from `VERIFICATION_SECRET` (an HMAC of a
 * fixed label, so the verification secret itself never signs a grant), else random: then only this
 * process accepts its grants (server/main.ts warns outside demo mode).
 */
export function downloadGrantKey(secrets: { downloadGrantSecret?: string; verificationSecret?: string }): Buffer {
  if (secrets.downloadGrantSecret) return Buffer.from(secrets.downloadGrantSecret, 'utf8');
  if (secrets.verificationSecret) return createHmac('sha256', secrets.verificationSecret).update(PURPOSE).digest();
  return randomBytes(32);
}

export class DownloadGrants {
  private readonly key: Buffer;

  constructor(
    key: Uint8Array | string,
    private readonly clock: Clock,
  ) {
    this.key = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  }

  /** A fresh token allowing the downloads of one request for `DOWNLOAD_GRANT_MS`. */
  issue(scope: GrantScope): string {
    const expires = (this.clock.now().getTime() + DOWNLOAD_GRANT_MS).toString(36);
    const nonce = randomBytes(9).toString('base64url');
    return `${expires}.${nonce}.${scope.requestId}.${this.mac(scope.agencyId, scope.requestId, expires, nonce)}`;
  }

  /**
   * The request `token` lets download at this agency, if it was signed with this key for this
   * agency and has not expired on the server's clock. Read before the request is looked up, so a
   * refusal tells nothing about it; the MAC is compared in constant time.
   */
  requestIdOf(agencyId: string, token: unknown): string | undefined {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
    const parts = token.split('.');
    if (parts.length !== 4) return undefined;
    const [expires, nonce, requestId, mac] = parts as [string, string, string, string];
    if (!/^[0-9a-z]{1,12}$/.test(expires) || !parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) return undefined;
    const expected = Buffer.from(this.mac(agencyId, requestId, expires, nonce), 'utf8');
    const given = Buffer.from(mac, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    if (parseInt(expires, 36) <= this.clock.now().getTime()) return undefined;
    return requestId;
  }

  private mac(agencyId: string, requestId: string, expires: string, nonce: string): string {
    // NUL-separated: no agency id, request id or nonce can contain one, so no two scopes sign alike.
    return createHmac('sha256', this.key).update(`${PURPOSE}\0${agencyId}\0${requestId}\0${expires}\0${nonce}`).digest('base64url');
  }
}
