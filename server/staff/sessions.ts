/**
 * Staff sessions: `POST /api/<agency>/staff/session` sets a cookie holding an opaque token; the
 * database keeps only its SHA-256 (server/verification/options.ts), so several processes share the
 * sessions and a copy of the database opens none. A session ends `idleMs` after its last use,
 * `absoluteMs` after the sign-in, or when signed out.
 *
 * The cookie is `HttpOnly` (no script reads it) and `SameSite=Strict` (another site's page never
 * makes the browser send it). It is `Secure` and named with the `__Host-` prefix (only this origin
 * can set it, on Path=/, over HTTPS) unless the desk is plain http on loopback, as in a local demo,
 * where a browser would drop such a cookie: it is then `mpd-staff-<agency>` on Path=/api/<agency>/staff.
 * Secure or not is decided from the URL the request came to and PUBLIC_URL: if either is https or
 * not loopback, Secure (a TLS proxy in front forwards plain http, so the request URL alone could
 * mislead; PUBLIC_URL says where the browsers are).
 *
 * CSRF: SameSite does not stop a page of the same site on another port or subdomain, so every
 * state-changing request must also (1) come from the desk's own origin, by `Origin` or, when a
 * browser sent none, `Sec-Fetch-Site: same-origin` (neither: refused, as from a non-browser), and
 * (2) carry the session's CSRF token in `X-CSRF-Token`. The token is an HMAC of the session token
 * (nothing more to store): the console reads it from the sign-in answer or `GET …/staff/session`,
 * which only the desk's own page can read (no CORS on the staff API).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Clock } from '../clock.ts';
import type { DeskDatabase, StaffSessionsTable } from '../db/schema.ts';
import { newSecret, secretHash } from '../verification/options.ts';

export interface StaffSessionDurations {
  /** A session unused this long ends (`STAFF_SESSION_IDLE_MINUTES`, default 30). */
  idleMs: number;
  /** A session ends this long after its sign-in, used or not (`STAFF_SESSION_MAX_HOURS`, default 12: a working day). */
  absoluteMs: number;
}

export const DEFAULT_STAFF_SESSION: StaffSessionDurations = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

export class StaffSessionConfigError extends Error {}

/** The durations from STAFF_SESSION_IDLE_MINUTES and STAFF_SESSION_MAX_HOURS (positive numbers). */
export function staffSessionFromEnv(env: NodeJS.ProcessEnv): StaffSessionDurations {
  const read = (name: string, unitMs: number, fallback: number) => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new StaffSessionConfigError(`${name} no válido: «${text}» (un número mayor que 0).`);
    return value * unitMs;
  };
  const durations = {
    idleMs: read('STAFF_SESSION_IDLE_MINUTES', 60_000, DEFAULT_STAFF_SESSION.idleMs),
    absoluteMs: read('STAFF_SESSION_MAX_HOURS', 3_600_000, DEFAULT_STAFF_SESSION.absoluteMs),
  };
  if (durations.idleMs > durations.absoluteMs) throw new StaffSessionConfigError('STAFF_SESSION_IDLE_MINUTES no puede ser mayor que STAFF_SESSION_MAX_HOURS.');
  return durations;
}

/** What `POST` and `GET …/staff/session` answer. */
export interface StaffSessionView {
  agencyId: string;
  user: string;
  /** Send it back in `X-CSRF-Token` on every POST, PUT, PATCH and DELETE. */
  csrfToken: string;
  signedInAt: string;
  /** When the session ends if not used before (the idle end, or the absolute one if sooner). */
  expiresAt: string;
}

export interface LiveSession {
  row: StaffSessionsTable;
  token: string;
}

const COOKIE = 'mpd-staff-';

export class StaffSessions {
  constructor(
    private readonly db: DeskDatabase,
    private readonly clock: Clock,
    private readonly durations: StaffSessionDurations,
  ) {}

  async open(agencyId: string, user: string): Promise<LiveSession> {
    const now = this.clock.now().toISOString();
    const token = newSecret();
    const row: StaffSessionsTable = {
      token_hash: secretHash(token),
      agency_id: agencyId,
      user,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(Date.parse(now) + this.durations.absoluteMs).toISOString(),
      revoked_at: null,
    };
    await this.db.insertInto('staff_sessions').values(row).execute();
    return { row, token };
  }

  /**
   * The live session of the request's cookie for `agencyId` (marked used), `expired` when the
   * cookie names one that ended, null when there is none.
   */
  async current(c: Context, agencyId: string, publicUrl: string | undefined): Promise<LiveSession | 'expired' | null> {
    // Only the name setCookie writes for this request: when it is __Host-, a plain
    // `mpd-staff-<agency>` may have been set by a sibling subdomain (a planted session).
    const token = needsSecureCookie(c.req.url, publicUrl) ? getCookie(c, `${COOKIE}${agencyId}`, 'host') : getCookie(c, `${COOKIE}${agencyId}`);
    if (!token) return null;
    const now = this.clock.now();
    const row = await this.db.selectFrom('staff_sessions').selectAll().where('token_hash', '=', secretHash(token)).where('agency_id', '=', agencyId).executeTakeFirst();
    if (!row) return 'expired';
    if (row.revoked_at !== null || Date.parse(row.expires_at) <= now.getTime() || Date.parse(row.last_seen_at) + this.durations.idleMs <= now.getTime()) {
      return 'expired';
    }
    row.last_seen_at = now.toISOString();
    await this.db.updateTable('staff_sessions').set({ last_seen_at: row.last_seen_at }).where('token_hash', '=', row.token_hash).execute();
    return { row, token };
  }

  async revoke(session: LiveSession): Promise<void> {
    await this.db.updateTable('staff_sessions').set({ revoked_at: this.clock.now().toISOString() }).where('token_hash', '=', session.row.token_hash).execute();
  }

  view(session: LiveSession): StaffSessionView {
    const idleEnd = Date.parse(session.row.last_seen_at) + this.durations.idleMs;
    return {
      agencyId: session.row.agency_id,
      user: session.row.user,
      csrfToken: csrfToken(session.token),
      signedInAt: session.row.created_at,
      expiresAt: new Date(Math.min(idleEnd, Date.parse(session.row.expires_at))).toISOString(),
    };
  }

  /** Sets the session cookie (or, with `null`, clears it). */
  setCookie(c: Context, agencyId: string, session: LiveSession | null, publicUrl: string | undefined): void {
    const secure = needsSecureCookie(c.req.url, publicUrl);
    const maxAge = session ? Math.floor(this.durations.absoluteMs / 1000) : 0;
    const options = { httpOnly: true, sameSite: 'Strict', maxAge } as const;
    if (secure) setCookie(c, `${COOKIE}${agencyId}`, session?.token ?? '', { ...options, prefix: 'host', secure: true, path: '/' });
    else setCookie(c, `${COOKIE}${agencyId}`, session?.token ?? '', { ...options, path: `/api/${agencyId}/staff` });
  }

  /** Forgets sessions that ended a day ago (housekeeping). */
  async prune(): Promise<void> {
    const before = new Date(this.clock.now().getTime() - 24 * 3_600_000).toISOString();
    await this.db.deleteFrom('staff_sessions').where('expires_at', '<', before).execute();
  }
}

export function csrfToken(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('mpd-staff-csrf').digest('base64url');
}

/** Whether `sent` is the CSRF token of `session`, compared in constant time. */
export function validCsrfToken(session: LiveSession, sent: string | undefined): boolean {
  if (!sent) return false;
  const expected = Buffer.from(csrfToken(session.token));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Whether the browser says the request comes from the desk's own origin: PUBLIC_URL's when set,
 * not the request URL's (that comes from the Host header, which the client chooses: a page on a
 * name rebound to the desk's address would pass). Without PUBLIC_URL the request URL's; and a
 * local demo (server/main.ts then takes its own loopback URL as PUBLIC_URL) is also reached under
 * its other loopback name (localhost and 127.0.0.1 alike).
 * `Origin` decides when sent (`null` and any other origin: no); without it,
 * `Sec-Fetch-Site: same-origin`; without either (not a browser, or a very old one): no.
 */
export function fromOwnOrigin(c: Context, publicUrl: string | undefined): boolean {
  const origin = c.req.header('origin')?.trim();
  if (origin) {
    const own = !publicUrl || (plainLoopback(publicUrl) && plainLoopback(c.req.url)) ? c.req.url : publicUrl;
    return origin === new URL(own).origin || (!!publicUrl && origin === new URL(publicUrl).origin);
  }
  return c.req.header('sec-fetch-site')?.trim().toLowerCase() === 'same-origin';
}

/** Plain http on a loopback host: the only place the cookie goes without Secure. */
function plainLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:') return false;
  return hostname === 'localhost' || hostname.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === '[::1]';
}

export function needsSecureCookie(requestUrl: string, publicUrl: string | undefined): boolean {
  return !plainLoopback(requestUrl) || (publicUrl !== undefined && !plainLoopback(publicUrl));
}
