/**
 * Download grants: the receipt and response downloads (`POST receipts`, `POST responses`) ask no
 * captcha of their own, so without a grant a 200 or a 404 there would tell anyone which number
 * and document go together, past the tracking captcha. A grant is handed out with every answer
 * that already proved the citizen (a tracking search behind its captcha, a filing), bound to that
 * agency and request, and usable for one hour. Only the token's SHA-256 is stored, in the
 * database, so any process of the desk accepts a token another one issued.
 */
import type { Clock } from '../clock.ts';
import type { DeskDatabase } from '../db/schema.ts';
import { newSecret, secretHash } from '../verification/options.ts';

/** How long a download stays allowed after the search or the filing that granted it. */
export const DOWNLOAD_GRANT_MS = 60 * 60 * 1000;

/** Longer than any token we issue (43 base64url characters); anything longer is not one. */
const MAX_TOKEN_LENGTH = 100;

export interface GrantScope {
  agencyId: string;
  requestId: string;
}

/**
 * A fresh token allowing the downloads of one request for `DOWNLOAD_GRANT_MS`. Expired grants
 * are deleted by the periodic housekeeping (`forgetExpiredDownloadGrants`), not here: a search
 * does not wait on a sweep.
 */
export async function issueDownloadGrant(db: DeskDatabase, clock: Clock, scope: GrantScope): Promise<string> {
  const now = clock.now();
  const token = newSecret();
  await db
    .insertInto('download_grants')
    .values({
      token_hash: secretHash(token),
      agency_id: scope.agencyId,
      request_id: scope.requestId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + DOWNLOAD_GRANT_MS).toISOString(),
    })
    .execute();
  return token;
}

/**
 * The request `token` lets download at this agency, if it was issued here and has not expired on
 * the server's clock. Read before the request is looked up, so a refusal tells nothing about it.
 */
export async function grantedRequestId(db: DeskDatabase, clock: Clock, agencyId: string, token: string | undefined): Promise<string | undefined> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return undefined;
  const grant = await db
    .selectFrom('download_grants')
    .select('request_id')
    .where('token_hash', '=', secretHash(token))
    .where('agency_id', '=', agencyId)
    .where('expires_at', '>', clock.now().toISOString())
    .executeTakeFirst();
  return grant?.request_id;
}

/** Deletes the grants that expired (through the `expires_at` index); server/verification/housekeeping.ts runs it. */
export async function forgetExpiredDownloadGrants(db: DeskDatabase, now: Date): Promise<void> {
  await db.deleteFrom('download_grants').where('expires_at', '<=', now.toISOString()).execute();
}
