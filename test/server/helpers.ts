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
import type { Problem, Receipt } from '../../src/api/types.ts';
import { assertAgencyConfig } from '../../src/config/load.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { FilingSubmission } from '../../src/domain/filing.ts';
import { createApp, type AppOptions } from '../../server/app.ts';
import { SettableClock } from '../../server/clock.ts';
import { migrateToLatest } from '../../server/db/migrations.ts';
import type { DeskDatabase } from '../../server/db/schema.ts';
import { createSqliteDatabase } from '../../server/db/sqlite.ts';

export const CONFIG_DIR = new URL('../../demo/configs/', import.meta.url).pathname;

/** Tuesday 10 March 2026, 10:00 in Lima: a plain business day within office hours. */
export const BUSINESS_MORNING = '2026-03-10T15:00:00Z';

export interface TestServer {
  url: string;
  clock: SettableClock;
  db: DeskDatabase;
  dataDir: string;
  configs: Map<string, AgencyConfig>;
  close(): Promise<void>;
}

export async function loadDemoConfigs(): Promise<AgencyConfig[]> {
  const names = (await readdir(CONFIG_DIR)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(names.map(async (name) => assertAgencyConfig(JSON.parse(await readFile(join(CONFIG_DIR, name), 'utf8')))));
}

/** `options`: anything else `createApp` takes (e.g. a `locker`). */
export async function startServer(
  at: string = BUSINESS_MORNING,
  options: Partial<Omit<AppOptions, 'configs' | 'db' | 'dataDir' | 'clock'>> = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mpd-server-test-'));
  const configs = await loadDemoConfigs();
  const db = createSqliteDatabase(join(dataDir, 'desk.sqlite'));
  await migrateToLatest(db);
  const clock = new SettableClock(at);
  const app = createApp({ configs, db, dataDir, clock, configDir: CONFIG_DIR, ...options });
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started as Server));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    clock,
    db,
    dataDir,
    configs: new Map(configs.map((config) => [config.id, config])),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.destroy();
      await rm(dataDir, { recursive: true, force: true });
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

/** Uploads with the real tus client (tus-js-client, as @uppy/tus does); resolves to the upload id. */
export function tusUpload(
  server: TestServer,
  agencyId: string,
  bytes: Uint8Array,
  options: { name: string; slot?: SlotMeta; type?: string; chunkSize?: number; purpose?: UploadPurposeMeta },
): Promise<string> {
  const slot = options.slot ?? { slot: 'main', index: 0 };
  return new Promise((resolve, reject) => {
    const upload = new Upload(Buffer.from(bytes), {
      endpoint: `${server.url}/api/${agencyId}/uploads/`,
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
export function createUpload(
  server: TestServer,
  agencyId: string,
  options: { name: string; size: number; slot: SlotMeta; purpose?: UploadPurposeMeta },
): Promise<Response> {
  return fetch(`${server.url}/api/${agencyId}/uploads/`, {
    method: 'POST',
    headers: {
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
  const headers: Record<string, string> = { 'content-type': 'application/json' };
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
  const config = server.configs.get(agencyId)!;
  return postFiling(server, agencyId, validSubmission(config, { main, annexes }), options.key);
}
