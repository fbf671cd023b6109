/**
 * Resumable uploads for one dropzone: Uppy core + the tus plugin, headless (our own Lit UI;
 * Uppy's Dashboard and @uppy/components look things up on `document` and break inside shadow
 * DOM). Uppy is loaded lazily, when the first file is added.
 *
 * - One Uppy instance per dropzone, with a stable id (`mpd-<agency>-<slot>`, or
 *   `mpd-<agency>-correction-<slot>-<index>` for a replacement): Uppy's file ids, and so tus
 *   fingerprints, include it, which is what lets an interrupted upload resume after a reload when
 *   the citizen adds the same file again (and never into an upload made for another purpose).
 * - Restrictions are ours (checked before a file gets here), not Uppy's.
 * - Each creation and PATCH carries the upload grant (`Upload-Grant`) of `grants`, asked before
 *   the first one; when the server refuses the grant (expired, spent) a new one is asked and the
 *   upload goes on once, without troubling the citizen.
 * - Transient failures (network, 5xx, 409/423/429) are retried by tus with `retryDelays`; when
 *   they run out the file is reported as failed and stays retryable. A refusal by the server
 *   (413, 415, or a problem+json `upload.*` code on creation or on finish) is final.
 */
import type Uppy from '@uppy/core';
import type { Meta, UppyFile } from '@uppy/core';
import { isStaleGrantCode, type UploadGrantSource } from './upload-grant.ts';

export const DEFAULT_RETRY_DELAYS: readonly number[] = [0, 1000, 3000, 5000];

/** Server refusals the dropzone has words for; anything else is a generic refusal. */
export const SERVER_REFUSAL_CODES = [
  'upload.tooLarge',
  'upload.type',
  'upload.contentMismatch',
  'upload.encrypted',
  'upload.corrupt',
] as const;

export type UploadFailure =
  | {
      /** The server refused the file itself: retrying the same file will not help. */
      kind: 'refused';
      code: (typeof SERVER_REFUSAL_CODES)[number] | 'upload.refused';
      status: number;
      /** The server's own words (problem+json `detail` or `title`), if any. */
      detail?: string;
    }
  | {
      /** The upload could not be completed (no connection, server error): retryable. */
      kind: 'failed';
      code: 'upload.network' | 'upload.server';
      status: number;
      detail?: string;
    };

export interface UploadListener {
  progress(key: string, fraction: number): void;
  complete(key: string, result: { uploadId: string; url: string }): void;
  error(key: string, failure: UploadFailure): void;
}

export type UploadControllerOptions = {
  /** Stable Uppy id, e.g. `mpd-inpe-annex`. */
  id: string;
  endpoint: string;
  retryDelays?: readonly number[];
  listener: UploadListener;
  /** The upload grant to send; none: no `Upload-Grant` header (a backend that asks none). */
  grants?: UploadGrantSource | undefined;
};

/**
 * What the server is told about an upload (tus metadata). `purpose: 'correction'` marks the
 * replacement of an observed document, which the server checks against the agency's correction
 * rules instead of the slot's filing rules; left out, it is `filing`.
 */
export type UploadMeta = { slot: string; index: string; purpose?: 'filing' | 'correction' };

type FileMeta = Meta & { filename: string; filetype: string; slot: string; index: string; purpose?: string };
type AnyUppy = Uppy<FileMeta, Record<string, never>>;
type AnyFile = UppyFile<FileMeta, Record<string, never>>;

type ProblemJson = { code?: unknown; detail?: unknown; title?: unknown };

/** The last path segment of a tus upload URL: the id the filing submission references. */
export function uploadIdFromUrl(url: string): string {
  const base = typeof location === 'undefined' ? 'http://localhost/' : location.href;
  const segments = new URL(url, base).pathname.split('/').filter(Boolean);
  return decodeURIComponent(segments.at(-1) ?? '');
}

function parseProblem(body: string | undefined | null): ProblemJson | null {
  if (!body) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? (parsed as ProblemJson) : null;
  } catch {
    return null;
  }
}

type TusLikeError = {
  originalResponse?: { getStatus(): number; getBody(): string } | null;
  cause?: unknown;
  /** tus-js-client's DetailedError: what failed before any answer (e.g. asking the grant). */
  causingError?: unknown;
  /** A `BackendError` (asking the upload grant failed). */
  status?: unknown;
  code?: unknown;
  message?: unknown;
};

type UploadErrorResponse = { status?: number; body?: { xhr?: XMLHttpRequest } };

/** The status and problem of what tus/Uppy report: the server's answer, or the grant request's refusal. */
function answerOf(error: unknown, response?: UploadErrorResponse): { status: number; code?: string; detail?: string } {
  let status = response?.status ?? 0;
  let body: string | undefined;
  // tus-js-client's DetailedError keeps the last response; Uppy's NetworkError wraps it in `cause`.
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const candidate = current as TusLikeError;
    const original = candidate.originalResponse;
    if (original) {
      status = original.getStatus() || status;
      body = original.getBody();
      break;
    }
    if (typeof candidate.status === 'number' && typeof candidate.code === 'string') {
      // The grant could not be had (captcha, too many): no upload request went out.
      return { status: candidate.status, code: candidate.code, ...(typeof candidate.message === 'string' && candidate.message ? { detail: candidate.message } : {}) };
    }
    current = candidate.cause ?? candidate.causingError;
  }
  if (body === undefined) {
    const xhr = response?.body?.xhr;
    if (xhr) body = xhr.responseText;
  }
  const problem = parseProblem(body);
  const detail =
    typeof problem?.detail === 'string' ? problem.detail : typeof problem?.title === 'string' ? problem.title : undefined;
  const code = typeof problem?.code === 'string' ? problem.code : undefined;
  return { status, ...(code ? { code } : {}), ...(detail ? { detail } : {}) };
}

/** Turns what tus/Uppy report into a failure the dropzone can put in words. */
export function classifyUploadError(error: unknown, response?: UploadErrorResponse): UploadFailure {
  const { status, code, detail } = answerOf(error, response);
  // The permission to upload, or room on the server: not the file's fault, retryable later.
  if (code?.startsWith('upload.grant') || code === 'storage.full' || code?.startsWith('captcha.')) {
    return { kind: 'failed', code: status === 0 ? 'upload.network' : 'upload.server', status, ...(detail ? { detail } : {}) };
  }
  const known = SERVER_REFUSAL_CODES.find((candidate) => candidate === code);
  if (known) return { kind: 'refused', code: known, status, ...(detail ? { detail } : {}) };
  if (status === 413) return { kind: 'refused', code: 'upload.tooLarge', status, ...(detail ? { detail } : {}) };
  if (status === 415) return { kind: 'refused', code: 'upload.type', status, ...(detail ? { detail } : {}) };
  // Other 4xx with an `upload.*` problem code: the server refused this file for a reason we have
  // no words for yet; show a generic refusal (its own detail is kept for logs).
  if (status >= 400 && status < 500 && code?.startsWith('upload.')) {
    return { kind: 'refused', code: 'upload.refused', status, ...(detail ? { detail } : {}) };
  }
  if (status === 0) return { kind: 'failed', code: 'upload.network', status };
  // 5xx, and 4xx that are not about the file (401, 403, 404 of a misconfigured endpoint…): the
  // file is fine, keep it and let the citizen retry.
  return { kind: 'failed', code: 'upload.server', status, ...(detail ? { detail } : {}) };
}

export class UploadController {
  readonly #options: UploadControllerOptions;
  #endpoint: string;
  #retryDelays: readonly number[];
  #uppy: Promise<AnyUppy> | null = null;
  #uppyInstance: AnyUppy | null = null;
  #grants: UploadGrantSource | undefined;
  /** The grant each file's last request carried, and the files already given a fresh one once. */
  readonly #grantSent = new Map<string, string>();
  readonly #grantRenewed = new Set<string>();
  readonly #fileIdByKey = new Map<string, string>();
  readonly #keyByFileId = new Map<string, string>();
  /** Keys whose start is waiting for Uppy to load; remove() during that wait cancels the start. */
  readonly #starting = new Set<string>();
  #destroyed = false;

  constructor(options: UploadControllerOptions) {
    this.#options = options;
    this.#endpoint = options.endpoint;
    this.#retryDelays = options.retryDelays ?? DEFAULT_RETRY_DELAYS;
    this.#grants = options.grants;
  }

  set grants(grants: UploadGrantSource | undefined) {
    this.#grants = grants;
  }

  get id(): string {
    return this.#options.id;
  }

  /** Starts loading Uppy (idempotent); called on the first file so it loads during inspection. */
  prepare(): Promise<AnyUppy> {
    this.#uppy ??= this.#create();
    return this.#uppy;
  }

  set endpoint(endpoint: string) {
    this.#endpoint = endpoint;
    this.#uppyInstance?.getPlugin('Tus')?.setOptions({ endpoint });
  }

  set retryDelays(delays: readonly number[]) {
    this.#retryDelays = delays;
    this.#uppyInstance?.getPlugin('Tus')?.setOptions({ retryDelays: [...delays] });
  }

  /** Uploads `file` under `key`; progress and the outcome arrive through the listener. */
  async start(key: string, file: File, meta: UploadMeta): Promise<void> {
    this.#starting.add(key);
    let uppy: AnyUppy;
    try {
      uppy = await this.prepare();
    } catch (error) {
      this.#starting.delete(key);
      throw error;
    }
    if (this.#destroyed || !this.#starting.delete(key)) return;
    const existing = this.#fileIdByKey.get(key);
    if (existing && uppy.getFile(existing)) uppy.removeFile(existing);
    const correction = meta.purpose === 'correction';
    const fileId = uppy.addFile({
      source: 'mpd-dropzone',
      name: file.name,
      type: file.type || 'application/octet-stream',
      data: file,
      meta: {
        filename: file.name,
        filetype: file.type || 'application/octet-stream',
        slot: meta.slot,
        index: meta.index,
        // Always set: Uppy sends every allowed field, an unset one as the text "undefined".
        purpose: correction ? 'correction' : 'filing',
        // Uppy puts relativePath in the file id, and so in the tus fingerprint: an interrupted
        // upload resumes only into the same purpose, slot and position it was created for (the
        // server recorded them), and the same file may sit in two positions without clashing.
        relativePath: `${correction ? 'correction-' : ''}${meta.slot}-${meta.index}`,
      } as FileMeta,
    });
    this.#fileIdByKey.set(key, fileId);
    this.#keyByFileId.set(fileId, key);
    this.#grantRenewed.delete(fileId);
    this.#run(uppy, fileId);
  }

  /** Retries a failed upload; returns false when the controller no longer knows the file. */
  retry(key: string): boolean {
    const fileId = this.#fileIdByKey.get(key);
    const uppy = this.#uppyInstance;
    if (!fileId || !uppy || !uppy.getFile(fileId)) return false;
    this.#grantRenewed.delete(fileId);
    this.#run(uppy, fileId);
    return true;
  }

  /** Cancels the upload of `key` (tus also asks the server to drop a half-sent upload). */
  remove(key: string): void {
    this.#starting.delete(key);
    const fileId = this.#fileIdByKey.get(key);
    this.#fileIdByKey.delete(key);
    if (!fileId) return;
    this.#keyByFileId.delete(fileId);
    const uppy = this.#uppyInstance;
    if (uppy?.getFile(fileId)) uppy.removeFile(fileId);
  }

  destroy(): void {
    this.#destroyed = true;
    this.#uppyInstance?.destroy();
    this.#uppyInstance = null;
    this.#fileIdByKey.clear();
    this.#keyByFileId.clear();
  }

  // Uppy's `upload()` first retries every failed file and waits for those retries before it
  // starts new ones; `retryUpload(id)` is its only public way to run exactly one file.
  #run(uppy: AnyUppy, fileId: string): void {
    uppy.retryUpload(fileId).catch(() => {
      // Reported through 'upload-error'.
    });
  }

  async #create(): Promise<AnyUppy> {
    const [{ default: UppyClass }, { default: Tus }] = await Promise.all([import('@uppy/core'), import('@uppy/tus')]);
    const uppy: AnyUppy = new UppyClass<FileMeta, Record<string, never>>({
      id: this.#options.id,
      autoProceed: false,
      allowMultipleUploadBatches: true,
      // Our rules, already checked: nothing for Uppy to restrict.
      restrictions: { maxFileSize: null, maxNumberOfFiles: null, allowedFileTypes: null },
      // Two different uploads of the same bytes are our call (the dropzone refuses duplicates).
      onBeforeFileAdded: () => true,
    });
    uppy.use(Tus, {
      endpoint: this.#endpoint,
      retryDelays: [...this.#retryDelays],
      // What the server reads; nothing else of Uppy's meta (name, type, relativePath) goes out.
      allowedMetaFields: ['filename', 'filetype', 'slot', 'index', 'purpose'],
      // A finished upload belongs to one filing: never "resume" it into another one.
      removeFingerprintOnSuccess: true,
      limit: 3,
      // Only what writes needs the grant: a resumed upload's HEAD goes without one.
      onBeforeRequest: async (request, file) => {
        const grants = this.#grants;
        const method = request.getMethod();
        if (!grants || (method !== 'POST' && method !== 'PATCH')) return;
        const grant = await grants.current();
        this.#grantSent.set(file.id, grant);
        request.setHeader('Upload-Grant', grant);
      },
    });
    uppy.on('upload-progress', (file, progress) => {
      const key = file && this.#keyByFileId.get(file.id);
      if (!key || !progress.bytesTotal) return;
      this.#options.listener.progress(key, Math.min(1, (progress.bytesUploaded ?? 0) / progress.bytesTotal));
    });
    uppy.on('upload-success', (file, response) => {
      const key = file && this.#keyByFileId.get(file.id);
      if (!key || !file) return;
      const url = response.uploadURL ?? (file as AnyFile).uploadURL ?? '';
      this.#options.listener.complete(key, { uploadId: uploadIdFromUrl(url), url });
    });
    uppy.on('upload-error', (file, error, response) => {
      const key = file && this.#keyByFileId.get(file.id);
      if (!key || !file) return;
      // The grant expired or was spent (files replaced, a long pause): a new one, and on, once.
      const sent = this.#grantSent.get(file.id);
      if (this.#grants && sent && !this.#grantRenewed.has(file.id) && isStaleGrantCode(answerOf(error, response as UploadErrorResponse).code)) {
        this.#grantRenewed.add(file.id);
        this.#grants.refused(sent);
        // After Uppy has put the file in its failed state, which retryUpload starts from.
        setTimeout(() => {
          if (this.#keyByFileId.get(file.id) === key && uppy.getFile(file.id)) this.#run(uppy, file.id);
        }, 0);
        return;
      }
      const failure = classifyUploadError(error, response as UploadErrorResponse);
      if (failure.kind === 'refused') {
        // Final: forget the file so a later add of the same file starts clean.
        this.remove(key);
      }
      this.#options.listener.error(key, failure);
    });
    if (this.#destroyed) {
      uppy.destroy();
      throw new Error('upload controller destroyed');
    }
    this.#uppyInstance = uppy;
    return uppy;
  }
}
