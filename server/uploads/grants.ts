/**
 * Upload grants: the right to store up to one filing's bytes, asked before the first upload.
 *
 * `POST /api/{agencyId}/upload-grants {purpose?}` answers 201 `{ uploadGrant, expiresAt,
 * maxBytes, maxUploads }`. Grants are limited per client address (an IPv6 client's whole /64) per
 * hour everywhere: a captcha (ALTCHA is cheap for a bot) adds a cost, it does not replace the
 * limit. Where the agency asks a captcha for the place `upload` (`Captcha-Response`; ALTCHA
 * solves it unseen), the grant also costs an answer; where it asks none, grants are also limited
 * per agency per hour (see `withinLimits` for what that cap trades).
 *
 * tus creation (POST) and PATCH carry the token in `Upload-Grant`. A grant is bound to its agency
 * and purpose (a filing's slots or a correction's), expires, and holds a byte budget no larger
 * than one filing (or correction) could use (`uploadBudgetBytes`) and a number of uploads
 * (`uploadCountBudget`). Each creation spends one upload and its declared length, at least
 * `MIN_UPLOAD_CHARGE`, with one conditional `UPDATE … RETURNING` (no read-then-write: two
 * processes or two parallel creations cannot both take the last bytes, on SQLite and on
 * PostgreSQL alike). Without the count, `Upload-Length: 1` would spend one byte per creation,
 * and each creation writes a file, its metadata and a lease: millions per grant.
 * A PATCH needs a valid grant of the agency but spends nothing: its bytes were counted when the
 * upload was created, and tus refuses bytes past the declared length. So an upload whose grant
 * expired resumes with the fresh grant the client fetches.
 */
import type { Env, Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import { uploadBudgetBytes } from '../../src/config/derive.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { Clock } from '../clock.ts';
import type { DeskDatabase, UploadPurpose } from '../db/schema.ts';
import { ProblemError } from '../http/problems.ts';
import { RateLimiter } from '../http/rate-limit.ts';
import { addressBlock } from '../lookups/address-block.ts';
import { queryBodyLimit } from '../tracking/routes.ts';
import { clientAddress, minutesInWords, newSecret, RetryLaterError, secretHash, stringMember, withRetryAfter, type IdentityOptions } from '../verification/options.ts';

const HOUR_MS = 3_600_000;

/**
 * Each creation costs at least this much of the byte budget (or the slot's whole limit when that
 * is smaller, so a file that fits its slot always fits a fresh grant): a file, its tus metadata
 * and a lease take a few KB of disk and database whatever the upload declares.
 */
export const MIN_UPLOAD_CHARGE = 64 * 1024;

/**
 * Uploads one grant may create: every slot of a filing (main + annexes; a correction replaces
 * at most as many) twice, so a citizen may replace or retry each file once; past that the page
 * asks a new grant, which the per-address limit counts.
 */
export function uploadCountBudget(config: AgencyConfig): number {
  return 2 * (1 + config.attachments.annexes.max);
}

/** What a creation of `size` bytes for a slot of limit `slotMaxBytes` spends of the byte budget. */
export function uploadCharge(size: number, slotMaxBytes: number): number {
  return Math.max(size, Math.min(MIN_UPLOAD_CHARGE, slotMaxBytes));
}

/** What the operator may set (server/main.ts reads it from the environment, `uploadLimitsFromEnv`). */
export interface UploadLimits {
  /** How long an upload's bytes are kept for a filing to take them (`UPLOAD_EXPIRY_HOURS`, 24 h). */
  expiryMs?: number;
  /** How long a grant may be used (1 h): the client fetches a new one after. */
  grantTtlMs?: number;
  /** Grants per client address (IPv6: per /64) per hour, with or without captcha (`UPLOAD_GRANTS_PER_ADDRESS`, 30). */
  grantsPerAddressPerHour?: number;
  /** Grants per agency per hour, for an agency without captcha (`UPLOAD_GRANTS_PER_AGENCY`, 1000). */
  grantsPerAgencyPerHour?: number;
  /** New uploads stop while free space is below the smaller of this (`UPLOAD_RESERVE_MB`, 2048 MB)… */
  reserveBytes?: number;
  /** …and this share of the disk (`UPLOAD_RESERVE_PERCENT`, 5). */
  reservePercent?: number;
  /** The upload store's free space; default `fs.statfs` of its folder. Tests pass a nearly full disk. */
  freeSpace?: (agencyId: string) => Promise<DiskSpace | null>;
}

export interface DiskSpace {
  /** Bytes this process may still write. */
  free: number;
  /** The size of the disk. */
  total: number;
}

export const DEFAULT_UPLOAD_LIMITS = {
  expiryMs: 24 * HOUR_MS,
  grantTtlMs: HOUR_MS,
  grantsPerAddressPerHour: 30,
  grantsPerAgencyPerHour: 1000,
  reserveBytes: 2048 * 1024 * 1024,
  reservePercent: 5,
} as const satisfies Partial<UploadLimits>;

export class UploadLimitsError extends Error {}

/** The limits from `UPLOAD_EXPIRY_HOURS`, `UPLOAD_GRANTS_PER_ADDRESS`, `UPLOAD_GRANTS_PER_AGENCY`, `UPLOAD_RESERVE_MB`, `UPLOAD_RESERVE_PERCENT`. */
export function uploadLimitsFromEnv(env: NodeJS.ProcessEnv): UploadLimits {
  const read = (name: string, valid: (value: number) => boolean): number | undefined => {
    const text = env[name]?.trim();
    if (!text) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || !valid(value)) throw new UploadLimitsError(`${name} no válido: ${text}`);
    return value;
  };
  const hours = read('UPLOAD_EXPIRY_HOURS', (value) => value > 0);
  const reserveMb = read('UPLOAD_RESERVE_MB', (value) => value >= 0);
  return {
    expiryMs: hours === undefined ? undefined : hours * HOUR_MS,
    grantsPerAddressPerHour: read('UPLOAD_GRANTS_PER_ADDRESS', (value) => Number.isInteger(value) && value > 0),
    grantsPerAgencyPerHour: read('UPLOAD_GRANTS_PER_AGENCY', (value) => Number.isInteger(value) && value > 0),
    reserveBytes: reserveMb === undefined ? undefined : Math.round(reserveMb * 1024 * 1024),
    reservePercent: read('UPLOAD_RESERVE_PERCENT', (value) => value >= 0 && value < 100),
  };
}

/** The limits with every default filled in. */
export type ResolvedUploadLimits = Required<Omit<UploadLimits, 'freeSpace'>> & Pick<UploadLimits, 'freeSpace'>;

export function resolveUploadLimits(limits: UploadLimits = {}): ResolvedUploadLimits {
  const defined = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_UPLOAD_LIMITS, ...defined } as ResolvedUploadLimits;
}

export interface GrantAnswer {
  uploadGrant: string;
  expiresAt: string;
  maxBytes: number;
  maxUploads: number;
}

const MISSING_DETAIL = 'Para subir archivos, la página debe pedir antes un permiso a la mesa de partes. Vuelva a adjuntar el archivo.';
const INVALID_DETAIL = 'El permiso para subir archivos no es válido o ya venció. Vuelva a adjuntar el archivo: la página pedirá uno nuevo.';

export class UploadGrants {
  constructor(
    private readonly db: DeskDatabase,
    private readonly clock: Clock,
    private readonly limits: ResolvedUploadLimits,
  ) {}

  async issue(config: AgencyConfig, purpose: UploadPurpose): Promise<GrantAnswer> {
    const token = newSecret();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.limits.grantTtlMs).toISOString();
    const maxBytes = uploadBudgetBytes(config, purpose);
    const maxUploads = uploadCountBudget(config);
    await this.db
      .insertInto('upload_grants')
      .values({
        token_hash: secretHash(token),
        agency_id: config.id,
        purpose,
        max_bytes: maxBytes,
        used_bytes: 0,
        max_uploads: maxUploads,
        used_uploads: 0,
        created_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    return { uploadGrant: token, expiresAt, maxBytes, maxUploads };
  }

  /** Refuses a missing, unknown, expired or other agency's grant (before tus does anything). */
  async check(token: string | null | undefined, agencyId: string): Promise<void> {
    if (!token?.trim()) throw new ProblemError('upload.grantMissing', { detail: MISSING_DETAIL });
    const row = await this.db
      .selectFrom('upload_grants')
      .select('expires_at')
      .where('token_hash', '=', secretHash(token.trim()))
      .where('agency_id', '=', agencyId)
      .executeTakeFirst();
    if (!row || row.expires_at <= this.clock.now().toISOString()) throw new ProblemError('upload.grantInvalid', { detail: INVALID_DETAIL });
  }

  /** Spends one upload and `bytes` (see `uploadCharge`) of the grant for a new upload of `purpose`, atomically; refuses what does not fit. */
  async spend(token: string | null | undefined, agencyId: string, purpose: UploadPurpose, bytes: number): Promise<void> {
    if (!token?.trim()) throw new ProblemError('upload.grantMissing', { detail: MISSING_DETAIL });
    const hash = secretHash(token.trim());
    const now = this.clock.now().toISOString();
    const spent = await this.db
      .updateTable('upload_grants')
      .set((eb) => ({ used_bytes: eb('used_bytes', '+', bytes), used_uploads: eb('used_uploads', '+', 1) }))
      .where('token_hash', '=', hash)
      .where('agency_id', '=', agencyId)
      .where('purpose', '=', purpose)
      .where('expires_at', '>', now)
      .where((eb) => eb(eb('used_bytes', '+', bytes), '<=', eb.ref('max_bytes')))
      .where((eb) => eb('used_uploads', '<', eb.ref('max_uploads')))
      .returning('used_bytes')
      .executeTakeFirst();
    if (spent) return;
    // Why not: read only to choose the words; the UPDATE above already decided.
    const row = await this.db.selectFrom('upload_grants').selectAll().where('token_hash', '=', hash).where('agency_id', '=', agencyId).executeTakeFirst();
    if (!row || row.expires_at <= now) throw new ProblemError('upload.grantInvalid', { detail: INVALID_DETAIL });
    if (row.purpose !== purpose) {
      throw new ProblemError('upload.grantInvalid', {
        detail: purpose === 'correction' ? 'Este permiso es para presentar una solicitud, no para subsanar.' : 'Este permiso es para subsanar, no para presentar una solicitud.',
      });
    }
    if (Number(row.used_uploads) >= Number(row.max_uploads)) {
      throw new ProblemError('upload.grantExhausted', {
        detail: 'Se intentó subir demasiados archivos con este permiso. Vuelva a adjuntar el archivo: la página pedirá uno nuevo.',
      });
    }
    throw new ProblemError('upload.grantExhausted', {
      detail: 'Los archivos de esta solicitud ya usan todo el espacio permitido. Quite los que ya no necesite o vuelva a adjuntar el archivo.',
    });
  }

  /** Forgets grants that can no longer be used. */
  async prune(): Promise<void> {
    await this.db.deleteFrom('upload_grants').where('expires_at', '<=', this.clock.now().toISOString()).execute();
  }
}

export interface UploadGrantRouteOptions {
  grants: UploadGrants;
  limits: ResolvedUploadLimits;
  configOf: (agencyId: string) => AgencyConfig | undefined;
  db: DeskDatabase;
  clock: Clock;
  identity: IdentityOptions;
  /** The captcha gate for the place `upload` (it lets through agencies that ask none). */
  captcha: MiddlewareHandler;
  /** True when the agency asks a captcha for grants (then only the per-address limit applies). */
  asksCaptcha: (config: AgencyConfig) => boolean;
}

export function mountUploadGrants<E extends Env>(app: Hono<E>, options: UploadGrantRouteOptions): void {
  app.post('/api/:agencyId/upload-grants', queryBodyLimit(), options.captcha, (c) =>
    withRetryAfter(async () => {
      const config = options.configOf(c.req.param('agencyId') ?? '')!;
      const text = await c.req.text();
      let body: unknown = {};
      if (text.trim()) {
        try {
          body = JSON.parse(text);
        } catch {
          throw new ProblemError('request.malformed', { detail: 'Envíe un objeto JSON, por ejemplo {"purpose": "filing"}, o nada.' });
        }
      }
      const purpose = stringMember(body, 'purpose') ?? 'filing';
      if (purpose !== 'filing' && purpose !== 'correction') {
        throw new ProblemError('request.malformed', { detail: 'El propósito ("purpose") es "filing" (presentar una solicitud) o "correction" (subsanar).' });
      }
      await withinLimits(options, clientAddress(c, options.identity), config.id, !options.asksCaptcha(config));
      c.header('cache-control', 'no-store');
      return c.json(await options.grants.issue(config, purpose), 201);
    }),
  );
}

/**
 * Counts one grant against the client's address block (always) and, where no captcha is asked,
 * the agency; refuses past either limit.
 *
 * The per-agency cap is a trade-off, kept on purpose: it bounds what many addresses together can
 * write per hour at an agency that asks no captcha (30 grants × one filing's bytes per address
 * otherwise has no ceiling), but whoever controls `grantsPerAgencyPerHour / grantsPerAddressPerHour`
 * addresses (34 IPv4 addresses with the defaults) can spend it and stop uploads for every citizen
 * of that agency for the rest of the hour. An agency that sees that happen should ask a captcha
 * for `upload` (then no agency cap applies) or raise `UPLOAD_GRANTS_PER_AGENCY`; the disk itself
 * stays protected by the reserve either way.
 */
async function withinLimits(options: UploadGrantRouteOptions, address: string, agencyId: string, perAgency: boolean): Promise<void> {
  const limiter = new RateLimiter(options.db, options.clock);
  const block = addressBlock(address);
  const fromAddress = await limiter.hit({ bucket: `upload-grant:${block}`, limit: options.limits.grantsPerAddressPerHour, windowMs: HOUR_MS });
  if (!fromAddress.allowed) {
    throw new RetryLaterError('upload.grantTooMany', fromAddress.retryAfterSeconds, {
      detail: `Se subieron muchos archivos desde su conexión. Vuelva a intentarlo en ${minutesInWords(fromAddress.retryAfterSeconds)}.`,
    });
  }
  if (!perAgency) return;
  const forAgency = await limiter.hit({ bucket: `upload-grant-agency:${agencyId}`, limit: options.limits.grantsPerAgencyPerHour, windowMs: HOUR_MS });
  if (!forAgency.allowed) {
    // Not this citizen's doing: the place the address gave is given back.
    await limiter.refund(`upload-grant:${block}`, fromAddress.windowStart);
    throw new RetryLaterError('upload.grantTooMany', forAgency.retryAfterSeconds, {
      detail: `La mesa de partes está recibiendo muchos archivos en este momento. Vuelva a intentarlo en ${minutesInWords(forAgency.retryAfterSeconds)}.`,
    });
  }
}
