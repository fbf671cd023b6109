/**
 * Runs the real backend on a real port for the server tests: a temp data folder and SQLite file,
 * the demo agency configs, and a clock the test sets.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Upload, DetailedError } from 'tus-js-client';
import { createHash } from 'node:crypto';
import type { AltchaChallenge, CitizenSession, Problem, Receipt, VerificationToken } from '../../src/api/types.ts';
import { assertAgencyConfig } from '../../src/config/load.ts';
import { asksCaptchaAt, type AgencyConfig, type CaptchaPlace } from '../../src/config/schema.ts';
import type { FilingSubmission } from '../../src/domain/filing.ts';
import { createApp, type AppOptions, type DeskApp } from '../../server/app.ts';
import { answerClientErrors } from '../../server/http/client-errors.ts';
import { SettableClock } from '../../server/clock.ts';
import { migrateToLatest } from '../../server/db/migrations.ts';
import type { DeskDatabase } from '../../server/db/schema.ts';
import { createSqliteDatabase } from '../../server/db/sqlite.ts';
import { DEMO_LOOKUP_DATA_FILE } from '../../server/lookups/env.ts';
import { LocalFileLookups } from '../../server/lookups/local.ts';

export const CONFIG_DIR = new URL('../../demo/configs/', import.meta.url).pathname;

/** Tuesday 10 March 2026, 10:00 in Lima: a plain business day within office hours. */
export const BUSINESS_MORNING = '2026-03-10T15:00:00Z';

export interface TestServer {
  url: string;
  clock: SettableClock;
  db: DeskDatabase;
  dataDir: string;
  configs: Map<string, AgencyConfig>;
  /** The app itself, for what server/main.ts starts beside it (the upload sweep). */
  app: DeskApp;
  /** Stops the server; `keepData` leaves its database and files for a restart (`startServer`'s `dataDir`). */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export async function loadDemoConfigs(): Promise<AgencyConfig[]> {
  const names = (await readdir(CONFIG_DIR)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(names.map(async (name) => assertAgencyConfig(JSON.parse(await readFile(join(CONFIG_DIR, name), 'utf8')))));
}

/**
 * `options`: anything else `createApp` takes (e.g. a `locker`). The demo configs ask the ALTCHA
 * captcha (the default): `postFiling` and `verifyEmail` solve it; other calls use `captchaHeaders`.
 */
export async function startServer(
  at: string = BUSINESS_MORNING,
  options: Partial<Omit<AppOptions, 'db' | 'dataDir' | 'clock'>> = {},
  /** An earlier server's data folder (closed with `keepData`): the same database and files, as after a restart. */
  restartIn?: string,
): Promise<TestServer> {
  const dataDir = restartIn ?? (await mkdtemp(join(tmpdir(), 'mpd-server-test-')));
  // The demo configs unless the test gives its own (e.g. one pointing at a local OpenID provider).
  const configs = options.configs ?? (await loadDemoConfigs());
  const db = createSqliteDatabase(join(dataDir, 'desk.sqlite'));
  await migrateToLatest(db);
  const clock = new SettableClock(at);
  // Look-ups answer from the demo's padrón, as `npm start` does (a test may pass its own `lookups`).
  const app = createApp({ configDir: CONFIG_DIR, lookups: new LocalFileLookups(DEMO_LOOKUP_DATA_FILE), ...options, configs, db, dataDir, clock });
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started as Server));
  });
  answerClientErrors(server); // as server/main.ts does

  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    clock,
    db,
    dataDir,
    configs: new Map(configs.map((config) => [config.id, config])),
    app,
    async close(closing = {}) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.destroy();
      if (!closing.keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type SlotMeta = { slot: 'main' | 'annex'; index: number };

export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    /** The upload's URL when it was created before being refused. */
    readonly url: string | null,
  ) {
    super(`upload refused: ${status} ${problem?.code ?? ''}`);
  }
}

/** What an upload is for (tus metadata `purpose`); left out, it is a filing's. */
export type UploadPurposeMeta = 'filing' | 'correction';

export function tusMetadata(name: string, slot: SlotMeta, type = 'application/pdf', purpose?: UploadPurposeMeta): string {
  const pairs: Record<string, string> = { filename: name, filetype: type, slot: slot.slot, index: String(slot.index), ...(purpose && { purpose }) };
  return Object.entries(pairs)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
}

export interface UploadGrantAnswer {
  uploadGrant: string;
  expiresAt: string;
  maxBytes: number;
  maxUploads: number;
}

/** `POST upload-grants` as the widget does (the captcha for `upload` solved where the agency asks one). */
export async function requestUploadGrant(
  server: TestServer,
  agencyId: string,
  purpose: UploadPurposeMeta = 'filing',
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: UploadGrantAnswer & Problem }> {
  return postJson<UploadGrantAnswer & Problem>(server, agencyId, 'upload-grants', { purpose }, { ...(await captchaHeaders(server, agencyId, 'upload')), ...headers });
}

/** Grants the helpers below reuse until spent or expired, per server, agency and purpose. */
const grantCache = new WeakMap<TestServer, Map<string, { grant: UploadGrantAnswer; left: number; uses: number }>>();

/**
 * The `Upload-Grant` header for a new upload of `size` bytes: a grant of the test server reused
 * while it has room, uploads and time (as the form keeps one per filing), a new one otherwise. A
 * `size` of 0 is for a PATCH, which spends nothing; a creation spends one upload and at least
 * 64 KiB (server/uploads/grants.ts, `uploadCharge`).
 */
export async function grantHeaders(server: TestServer, agencyId: string, size = 0, purpose: UploadPurposeMeta = 'filing'): Promise<Record<string, string>> {
  if (!server.configs.has(agencyId)) return {}; // the test is about an agency that does not exist
  let cache = grantCache.get(server);
  if (!cache) grantCache.set(server, (cache = new Map()));
  const key = `${agencyId}:${purpose}`;
  let held = cache.get(key);
  const charge = size > 0 ? Math.max(size, 64 * 1024) : 0;
  if (!held || held.left < charge || (size > 0 && held.uses < 1) || Date.parse(held.grant.expiresAt) <= server.clock.now().getTime() + 60_000) {
    const answer = await requestUploadGrant(server, agencyId, purpose);
    if (answer.status !== 201) throw new Error(`upload-grants answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    held = { grant: answer.body, left: answer.body.maxBytes, uses: answer.body.maxUploads };
    cache.set(key, held);
  }
  held.left -= charge;
  if (size > 0) held.uses -= 1;
  return { 'upload-grant': held.grant.uploadGrant };
}

/** Uploads with the real tus client (tus-js-client, as @uppy/tus does); resolves to the upload id. */
export async function tusUpload(
  server: TestServer,
  agencyId: string,
  bytes: Uint8Array,
  options: { name: string; slot?: SlotMeta; type?: string; chunkSize?: number; purpose?: UploadPurposeMeta },
): Promise<string> {
  const slot = options.slot ?? { slot: 'main', index: 0 };
  const headers = await grantHeaders(server, agencyId, bytes.byteLength, options.purpose);
  return new Promise((resolve, reject) => {
    const upload = new Upload(Buffer.from(bytes), {
      endpoint: `${server.url}/api/${agencyId}/uploads/`,
      headers,
      metadata: {
        filename: options.name,
        filetype: options.type ?? 'application/pdf',
        slot: slot.slot,
        index: String(slot.index),
        ...(options.purpose && { purpose: options.purpose }),
      },
      chunkSize: options.chunkSize ?? Number.POSITIVE_INFINITY,
      retryDelays: [],
      onSuccess: () => resolve(upload.url!.split('/').pop()!),
      onError: (error) => {
        const response = error instanceof DetailedError ? error.originalResponse : null;
        if (!response) return reject(error);
        let problem: Problem | null = null;
        try {
          problem = JSON.parse(response.getBody()) as Problem;
        } catch {
          // not JSON: the test asserting on it will say so
        }
        reject(new UploadRefused(response.getStatus(), problem, upload.url));
      },
    });
    upload.start();
  });
}

/** tus creation by hand: declare a file without sending it (for size and type rules). */
export async function createUpload(
  server: TestServer,
  agencyId: string,
  options: { name: string; size: number; slot: SlotMeta; purpose?: UploadPurposeMeta },
): Promise<Response> {
  return fetch(`${server.url}/api/${agencyId}/uploads/`, {
    method: 'POST',
    headers: {
      ...(await grantHeaders(server, agencyId, options.size, options.purpose)),
      'tus-resumable': '1.0.0',
      'upload-length': String(options.size),
      'upload-metadata': tusMetadata(options.name, options.slot, undefined, options.purpose),
    },
  });
}

/** A filing every rule of the agency's config accepts, for the given upload ids. */
export function validSubmission(config: AgencyConfig, uploads: { main: string; annexes?: string[] }): FilingSubmission {
  const { fields } = config;
  const submission: FilingSubmission = {
    personKind: 'natural',
    applicant: {
      documentType: 'DNI',
      documentNumber: '10117410-2',
      givenNames: 'Rosa María',
      surnames: 'Quispe Mamani',
      email: 'rosa.quispe@example.pe',
    },
    subject: 'Solicito copia certificada de mi expediente',
    consents: config.consents.map((consent) => consent.id),
    attachments: { main: { uploadId: uploads.main }, annexes: (uploads.annexes ?? []).map((uploadId) => ({ uploadId })) },
  };
  if (fields.phone !== 'off') submission.applicant.phone = '987 654 321';
  if (fields.procedure !== 'off' && config.procedures.length) submission.procedureId = config.procedures[0]!.id;
  if (fields.office !== 'off' && config.offices.length) submission.officeId = config.offices[0]!.id;
  if (fields.documentKind !== 'off' && config.documentKinds.length) submission.documentKindId = config.documentKinds[0]!.id;
  if (fields.documentNumber !== 'off') submission.documentNumber = 'CARTA N° 001-2026';
  if (fields.folios !== 'off') submission.folios = 3;
  return submission;
}

/**
 * The `Captcha-Response` header a citizen's browser would send at `place`, solved for real: an
 * ALTCHA challenge from the server, solved with altcha-lib as the widget does. Empty when the
 * agency asks no captcha there.
 */
export async function captchaHeaders(server: TestServer, agencyId: string, place: CaptchaPlace): Promise<Record<string, string>> {
  const config = server.configs.get(agencyId);
  if (!config || config.captcha.provider !== 'altcha' || !asksCaptchaAt(config.captcha, place)) return {};
  const challenge = (await (await fetch(`${server.url}/api/${agencyId}/captcha/challenge?place=${place}`)).json()) as AltchaChallenge;
  const payload = { algorithm: challenge.algorithm, challenge: challenge.challenge, number: solveAltcha(challenge), salt: challenge.salt, signature: challenge.signature };
  return { 'captcha-response': Buffer.from(JSON.stringify(payload)).toString('base64') };
}

/** The citizen's routes the captcha protects, and the place each one is at. */
const CAPTCHA_ROUTES: ReadonlyArray<[RegExp, CaptchaPlace]> = [
  [/^\/api\/[^/]+\/filings$/, 'filing'],
  [/^\/api\/[^/]+\/tracking$/, 'tracking'],
  [/^\/api\/[^/]+\/corrections(\/lookup)?$/, 'correction'],
  [/^\/api\/[^/]+\/verification\/codes$/, 'verification'],
];

/**
 * `fetch` as the widget calls the server: a POST to a route the captcha protects carries a freshly
 * solved `Captcha-Response` unless the call sets one itself. For tests about something else than
 * the captcha (test/server/captcha*.test.ts test the captcha itself).
 */
export function captchaFetch(server: () => TestServer): typeof fetch {
  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init.headers);
    const place = CAPTCHA_ROUTES.find(([route]) => route.test(url.pathname))?.[1];
    if ((init.method ?? 'GET').toUpperCase() === 'POST' && place && !headers.has('captcha-response')) {
      const agencyId = url.pathname.split('/')[2]!;
      for (const [name, value] of Object.entries(await captchaHeaders(server(), agencyId, place))) headers.set(name, value);
    }
    return fetch(input, { ...init, headers });
  };
}

/**
 * The proof of work the widget does: the number whose SHA-256 after the salt is the challenge.
 * Synchronous node:crypto here (a few ms), where altcha-lib's async solver takes seconds.
 */
function solveAltcha(challenge: AltchaChallenge): number {
  if (challenge.algorithm !== 'SHA-256') throw new Error(`unexpected ALTCHA algorithm ${challenge.algorithm}`);
  for (let number = 0; number <= (challenge.maxnumber ?? 1_000_000); number++) {
    if (createHash('sha256').update(`${challenge.salt}${number}`).digest('hex') === challenge.challenge) return number;
  }
  throw new Error('the ALTCHA challenge could not be solved');
}

export interface FilingAnswer {
  status: number;
  contentType: string | null;
  headers: Headers;
  body: Receipt & Problem;
}

export async function postFiling(
  server: TestServer,
  agencyId: string,
  body: unknown,
  key: string | null = crypto.randomUUID(),
): Promise<FilingAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(await captchaHeaders(server, agencyId, 'filing')) };
  if (key !== null) headers['idempotency-key'] = key;
  const response = await fetch(`${server.url}/api/${agencyId}/filings`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: response.headers,
    body: (await response.json()) as Receipt & Problem,
  };
}

/** The code of the code in force for `email`, read from its mail's outbox row (what the sender mails). */
export async function lastVerificationCode(server: TestServer, agencyId: string, email: string): Promise<string> {
  // The one code still in force for the email (asking again supersedes the older ones).
  const row = await server.db
    .selectFrom('verification_codes')
    .innerJoin('mail_outbox', 'mail_outbox.id', 'verification_codes.mail_id')
    .select('mail_outbox.payload_json')
    .where('verification_codes.agency_id', '=', agencyId)
    .where('verification_codes.email', '=', email.trim().toLowerCase())
    .where('verification_codes.superseded_at', 'is', null)
    .where('verification_codes.consumed_at', 'is', null)
    .executeTakeFirstOrThrow();
  const { code } = JSON.parse(row.payload_json) as { code?: string };
  if (!code) throw new Error(`the code mail to ${email} no longer holds its code`);
  return code;
}

/** POSTs JSON to `/api/<agencyId>/<path>`; answers the status, headers and parsed body. */
export async function postJson<T = Record<string, any>>(
  server: TestServer,
  agencyId: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await fetch(`${server.url}/api/${agencyId}/${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

/**
 * The `downloadToken` a citizen gets by finding the request with `POST tracking` (its captcha
 * solved): what `POST receipts` and `POST responses` ask for.
 */
/** A `downloadToken` as server/tracking/download-grants.ts signs it: expiry, nonce, request id, HMAC-SHA256. */
export const DOWNLOAD_TOKEN = /^[0-9a-z]+\.[A-Za-z0-9_-]{12}\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/;

export async function downloadTokenFor(server: TestServer, agencyId: string, requestNumber: string, documentNumber: string): Promise<string> {
  const found = await postJson(server, agencyId, 'tracking', { requestNumber, documentNumber }, await captchaHeaders(server, agencyId, 'tracking'));
  if (found.status !== 200 || typeof found.body.downloadToken !== 'string') throw new Error(`tracking answered ${found.status}: ${JSON.stringify(found.body)}`);
  return found.body.downloadToken;
}

/** Proves `email` the real way: asks a code, reads it from the outbox, confirms it for a token. */
export async function verifyEmail(server: TestServer, agencyId: string, email: string): Promise<VerificationToken> {
  const code = await mailedCode(server, agencyId, email);
  const confirmed = await postJson<VerificationToken>(server, agencyId, 'verification/tokens', { email, code });
  if (confirmed.status !== 201) throw new Error(`verification/tokens answered ${confirmed.status}: ${JSON.stringify(confirmed.body)}`);
  return confirmed.body;
}

/** Asks a code for `email` (solving the captcha) and reads it from the outbox, as the citizen reads the mail. */
export async function mailedCode(server: TestServer, agencyId: string, email: string): Promise<string> {
  const sent = await postJson(server, agencyId, 'verification/codes', { email }, await captchaHeaders(server, agencyId, 'verification'));
  if (sent.status !== 202) throw new Error(`verification/codes answered ${sent.status}: ${JSON.stringify(sent.body)}`);
  return lastVerificationCode(server, agencyId, email);
}

/** Signs in to "Mis trámites" the real way (code by mail, then `POST sessions`); the session. */
export async function signIn(
  server: TestServer,
  agencyId: string,
  email: string,
  document: { documentType?: string; documentNumber: string },
): Promise<CitizenSession> {
  const code = await mailedCode(server, agencyId, email);
  const session = await postJson<CitizenSession>(server, agencyId, 'sessions', { email, code, documentType: document.documentType ?? 'DNI', documentNumber: document.documentNumber });
  if (session.status !== 201) throw new Error(`sessions answered ${session.status}: ${JSON.stringify(session.body)}`);
  return session.body;
}

/**
 * `validSubmission` carrying, when the agency requires a verified email (CENARES), a fresh
 * token for its applicant's email obtained the real way (each token serves one filing).
 */
export async function verifiedSubmission(server: TestServer, agencyId: string, uploads: { main: string; annexes?: string[] }): Promise<FilingSubmission> {
  const config = server.configs.get(agencyId)!;
  const submission = validSubmission(config, uploads);
  if (config.verification.email === 'required') {
    submission.verificationToken = (await verifyEmail(server, agencyId, submission.applicant.email)).token;
  }
  return submission;
}

/** Uploads a fresh main PDF (and optional annex PDFs) and files a valid request with them. */
export async function fileValidRequest(
  server: TestServer,
  agencyId: string,
  pdf: Uint8Array,
  options: { annexes?: number; key?: string } = {},
): Promise<FilingAnswer> {
  const main = await tusUpload(server, agencyId, pdf, { name: 'solicitud.pdf' });
  const annexes: string[] = [];
  for (let index = 1; index <= (options.annexes ?? 0); index++) {
    annexes.push(await tusUpload(server, agencyId, pdf, { name: `anexo-${index}.pdf`, slot: { slot: 'annex', index } }));
  }
  return postFiling(server, agencyId, await verifiedSubmission(server, agencyId, { main, annexes }), options.key);
}
