/**
 * The reference backend as a Hono app: several agencies at once, each under `/api/<agencyId>/`
 * with its own config, tus endpoint and request numbers. Nothing here keeps state between
 * requests that another process would need: counters, idempotency records and finished uploads
 * are in the database, upload bytes in the upload store. One exception is injected: tus's upload
 * locks live in this process unless `locker` is given (see `AppOptions.locker`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { MemoryLocker, type Locker } from '@tus/server';
import type { AgencyConfig } from '../src/config/schema.ts';
import { asksCaptcha, CaptchaGate, type CaptchaSetup } from './captcha/captcha.ts';
import type { Clock } from './clock.ts';
import { mountCorrections } from './corrections/routes.ts';
import type { IdentityLookups } from './lookups/provider.ts';
import { mountLookups } from './lookups/routes.ts';
import type { DeskDatabase } from './db/schema.ts';
import { FilingDesk } from './filings/file-request.ts';
import { readJsonBody } from './http/body.ts';
import { requireIdempotencyKey } from './http/idempotency.ts';
import { makeProblem, ProblemError, problemResponse } from './http/problems.ts';
import { fileUploadStorage, type UploadStorageFactory } from './storage/uploads.ts';
import { fileResponseStorage, type ResponseStorageFactory } from './storage/responses.ts';
import type { StaffCredential } from './staff/credentials.ts';
import type { StaffSessionDurations } from './staff/sessions.ts';
import { staffRoutes } from './staff/routes.ts';
import { mountTracking } from './tracking/routes.ts';
import { DownloadGrants, downloadGrantKey } from './tracking/download-grants.ts';
import { CitizenRateLimits, type CitizenLimits } from './http/citizen-limits.ts';
import { securityHeaders } from './http/security-headers.ts';
import { mountCitizenAccounts } from './sessions/mount.ts';
import type { IdentityOptions } from './verification/options.ts';
import { createUploadEndpoint, type UploadEndpoint } from './uploads/tus-server.ts';
import { startUploadSweep } from './uploads/expiry.ts';
import type { PeriodicJob } from './periodic.ts';
import { mountUploadGrants, resolveUploadLimits, UploadGrants, type UploadLimits } from './uploads/grants.ts';
import { storageFailure, storageFullProblem } from './http/storage-full.ts';

export interface AppOptions {
  configs: AgencyConfig[];
  db: DeskDatabase;
  /** Upload bytes go to `<dataDir>/uploads/<agencyId>` unless `uploadStorage` says otherwise. */
  dataDir: string;
  clock: Clock;
  /** The built demo, served at `/`. */
  publicDir?: string;
  /** The agency configs as files, served at `/configs/<id>.json` for `config-src`. */
  configDir?: string;
  /** Another upload store (e.g. S3) instead of files under `dataDir`. */
  uploadStorage?: UploadStorageFactory;
  /** Another store for staff response files instead of `<dataDir>/responses/<agencyId>`. */
  responseStorage?: ResponseStorageFactory;
  /**
   * Serializes requests on one upload (a resumed PATCH must not write while an older one still
   * does). The default, tus's `MemoryLocker`, only sees this process: with several processes
   * behind a load balancer two PATCHes for one upload can reach different processes, so such a
   * deployment must pass a locker every process shares (one built on the database or on Redis,
   * implementing @tus/server's `Locker`). Upload ids are random, so one locker serves every agency.
   */
  locker?: Locker;
  /**
   * The public base of the desk pages (`PUBLIC_URL`, resolved once by server/main.ts), for the
   * link on the receipt; the mails use the same. A function when it is known only once the
   * server listens (port 0). Without it, the origin each request came to.
   */
  publicUrl?: string | (() => string | undefined);
  /** Who may use each agency's staff API (`/api/<id>/staff/…`); none when absent. */
  staffCredentials?: StaffCredential[];
  /** How long staff sessions last (STAFF_SESSION_IDLE_MINUTES, STAFF_SESSION_MAX_HOURS); server/staff/sessions.ts has the defaults. */
  staffSessions?: StaffSessionDurations;
  /** Email codes, sessions and OpenID Connect (server/verification, server/sessions): TRUST_PROXY, VERIFICATION_SECRET, OIDC_CLIENT_SECRET_<ID>. */
  identity?: IdentityOptions;
  /** Names by DNI and razón social by RUC (server/lookups); none: look-ups answer `lookup.unavailable`. */
  lookups?: IdentityLookups;
  /** The captcha's keys and secrets (server/captcha): ALTCHA_HMAC_KEY, CAPTCHA_SECRET_<ID>. */
  captcha?: CaptchaSetup;
  /** Upload grants, expiry and the disk reserve (server/uploads/grants.ts): UPLOAD_* settings. */
  uploadLimits?: UploadLimits;
  /**
   * `DOWNLOAD_GRANT_SECRET`: signs the `downloadToken`s (server/tracking/download-grants.ts). Unset:
   * derived from `identity.secret` (VERIFICATION_SECRET), else random for this app.
   */
  downloadGrantSecret?: string;
  /** Hourly per-address limits on tracking, correction look-ups and filings (`CITIZEN_LIMITS`); defaults otherwise. */
  citizenLimits?: Partial<CitizenLimits>;
}

interface Agency {
  config: AgencyConfig;
  desk: FilingDesk;
  uploads: UploadEndpoint;
}

type Env = { Variables: { agency: Agency } };

/** A filing is a few KB of JSON; anything far larger is not a form. */
const MAX_FILING_BYTES = 64 * 1024;

/** Headers a page on another origin must be able to read (tus sets its own on its answers). */
const EXPOSED_HEADERS = [
  'Location',
  'Upload-Offset',
  'Upload-Length',
  'Tus-Resumable',
  'Tus-Version',
  'Tus-Max-Size',
  'Tus-Extension',
  'Idempotent-Replayed',
  // "Podrá pedir otro código en N segundos" on a page of another site.
  'Retry-After',
];

const OPENAPI_FILE = new URL('../src/api/openapi.json', import.meta.url);
/** Referenced by the OpenAPI document as `../config/agency-config.schema.json`. */
const CONFIG_SCHEMA_FILE = new URL('../src/config/agency-config.schema.json', import.meta.url);

/** The app, and the periodic jobs that must use the very stores and limits it uses (server/main.ts runs them). */
export type DeskApp = Hono<Env> & {
  /** Deletes expired uploads from the app's own upload store (`uploadStorage` or files) and prunes spent grants, every `intervalMs`. */
  startUploadSweep(intervalMs: number): PeriodicJob;
};

export function createApp(options: AppOptions): DeskApp {
  const agencies = new Map<string, Agency>();
  const grants = new DownloadGrants(
    downloadGrantKey({ downloadGrantSecret: options.downloadGrantSecret, verificationSecret: options.identity?.secret }),
    options.clock,
  );
  const citizenLimits = new CitizenRateLimits(options.db, options.clock, options.identity ?? {}, options.citizenLimits);
  const storageFor = options.uploadStorage ?? fileUploadStorage(options.dataDir);
  const responsesFor = options.responseStorage ?? fileResponseStorage(options.dataDir);
  const locker = options.locker ?? new MemoryLocker();
  const uploadLimits = resolveUploadLimits(options.uploadLimits);
  const uploadGrants = new UploadGrants(options.db, options.clock, uploadLimits);
  for (const config of options.configs) {
    if (agencies.has(config.id)) throw new Error(`Two agency configs use the id "${config.id}"`);
    agencies.set(config.id, {
      config,
      desk: new FilingDesk(config, options.db, options.clock, grants),
      uploads: createUploadEndpoint({
        config,
        storage: storageFor(config.id),
        db: options.db,
        clock: options.clock,
        locker,
        path: `/api/${config.id}/uploads`,
        grants: uploadGrants,
        limits: uploadLimits,
      }),
    });
  }
  const openapi = readFileSync(OPENAPI_FILE, 'utf8');
  const configSchema = existsSync(CONFIG_SCHEMA_FILE) ? readFileSync(CONFIG_SCHEMA_FILE, 'utf8') : null;

  const app = new Hono<Env>();
  // First, so every answer (a route's, a problem, the 404, tus's own) carries the headers.
  app.use('*', securityHeaders(options.configs));
  const captcha = new CaptchaGate({ db: options.db, clock: options.clock, configs: options.configs, setup: { trustProxy: options.identity?.trustProxy, ...options.captcha } });

  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(error.problem);
    const full = storageFailure(error);
    if (full) return problemResponse(storageFullProblem(full, `${c.req.method} ${c.req.path}`));
    console.error(`[server] ${c.req.method} ${c.req.path} failed`, error);
    return problemResponse(makeProblem('server.error', { detail: 'Vuelva a intentarlo en unos minutos.' }));
  });
  app.notFound(() => problemResponse(makeProblem('route.notFound')));

  // Agencies embed the widget on their own sites: the citizen API answers every origin. It carries
  // no cookies or ambient credentials, so "*" gives a foreign page nothing it could not get by
  // itself. The staff API, which works with a cookie, is left out below.
  const apiCors = cors({ origin: '*', exposeHeaders: EXPOSED_HEADERS, maxAge: 600 });
  app.use('/api/*', async (c, next) => {
    // The staff API is the exception: it works with a session cookie, and only the desk's own
    // console may use it, so it answers no cross-origin request at all (no CORS headers, its
    // preflights refused: server/staff/routes.ts).
    if (/^\/api\/[^/]+\/staff(\/|$)/.test(c.req.path)) return next();
    // tus answers its own preflight and discovery OPTIONS (Tus-Version, Tus-Max-Size…).
    if (/^\/api\/[^/]+\/uploads(\/|$)/.test(c.req.path)) {
      await next();
      if (!c.res.headers.has('access-control-allow-origin')) c.res.headers.set('access-control-allow-origin', '*');
      return;
    }
    return apiCors(c, next);
  });

  app.get('/api/openapi.json', (c) => c.body(openapi, 200, { 'content-type': 'application/json; charset=utf-8' }));
  if (configSchema) {
    // Where the contract's relative reference to the config schema lands from /api/openapi.json.
    app.get('/config/agency-config.schema.json', (c) =>
      c.body(configSchema, 200, { 'content-type': 'application/schema+json', 'access-control-allow-origin': '*' }),
    );
  }

  app.use('/api/:agencyId/*', async (c, next) => {
    const agency = agencies.get(c.req.param('agencyId'));
    if (!agency) {
      throw new ProblemError('agency.notFound', {
        detail: `No hay una mesa de partes con el identificador «${c.req.param('agencyId')}».`,
      });
    }
    c.set('agency', agency);
    await next();
  });

  app.get('/api/:agencyId/config', (c) => c.json(c.get('agency').config));

  app.get('/api/:agencyId/time', (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ now: options.clock.now().toISOString() });
  });

  app.post(
    '/api/:agencyId/filings',
    bodyLimit({
      maxSize: MAX_FILING_BYTES,
      onError: () => {
        throw new ProblemError('request.tooLarge', { detail: 'Los datos de la solicitud son demasiado grandes.' });
      },
    }),
    citizenLimits.limit('filingsPerHour'),
    captcha.requireCaptcha('filing', { idempotencyPrefix: '' }),
    async (c) => {
      const key = requireIdempotencyKey(c.req.header('idempotency-key'));
      const body = await readJsonBody(c, 'la solicitud');
      const result = await c.get('agency').desk.file(key, body);
      if (result.replayed) c.header('idempotent-replayed', 'true');
      return c.json(result.receipt, 201);
    },
  );

  captcha.mountChallenge(app);
  mountTracking(app, { db: options.db, clock: options.clock, configOf: (id) => agencies.get(id)?.config, publicUrl: options.publicUrl, responsesFor, captcha, grants, searchLimit: citizenLimits.limit('trackingPerHour'), downloadLimit: citizenLimits.limit('downloadsPerHour') });
  mountCorrections(app, { db: options.db, clock: options.clock, configOf: (id) => agencies.get(id)?.config, captcha, lookupLimit: citizenLimits.limit('correctionLookupsPerHour') });
  mountCitizenAccounts(app, {
    db: options.db,
    clock: options.clock,
    configOf: (id) => agencies.get(id)?.config,
    identity: options.identity,
    verificationCaptcha: captcha.requireCaptcha('verification'),
  });
  mountUploadGrants(app, {
    grants: uploadGrants,
    limits: uploadLimits,
    configOf: (id) => agencies.get(id)?.config,
    db: options.db,
    clock: options.clock,
    identity: options.identity ?? {},
    captcha: captcha.requireCaptcha('upload'),
    asksCaptcha: (config) => asksCaptcha(config, 'upload'),
  });
  mountLookups(app, { configOf: (id) => agencies.get(id)?.config, lookups: options.lookups, db: options.db, clock: options.clock, identity: options.identity ?? {} });

  const tus = (c: Context<Env>) => {
    // HEAD reaches here as a GET route (Hono), but the raw request keeps its method. Plain GET
    // would let anyone holding an upload id download it: not offered.
    if (c.req.raw.method === 'GET') {
      throw new ProblemError('method.notAllowed', { detail: 'Los archivos subidos no se descargan por esta dirección.' });
    }
    return c.get('agency').uploads.handle(c.req.raw);
  };
  app.all('/api/:agencyId/uploads', tus);
  app.all('/api/:agencyId/uploads/*', tus);

  app.route(
    '/api/:agencyId/staff',
    staffRoutes({
      configs: options.configs,
      db: options.db,
      clock: options.clock,
      storageFor,
      responsesFor,
      credentials: options.staffCredentials ?? [],
      sessions: options.staffSessions,
      publicUrl: options.publicUrl,
      trustProxy: options.identity?.trustProxy,
    }),
  );

  if (options.configDir) {
    const root = options.configDir;
    app.get(
      '/configs/:file{[a-z0-9][a-z0-9-]*\\.json}',
      serveStatic({ root, rewriteRequestPath: (path) => path.replace(/^\/configs/, '') }),
    );
  }
  if (options.publicDir) {
    app.use('/*', serveStatic({ root: options.publicDir }));
  }
  return Object.assign(app, {
    startUploadSweep: (intervalMs: number) =>
      startUploadSweep(
        { db: options.db, clock: options.clock, storageFor, expiryMs: uploadLimits.expiryMs, pruneGrants: () => uploadGrants.prune() },
        intervalMs,
      ),
  });
}
