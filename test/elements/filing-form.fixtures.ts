// Shared by the filing-form, desk and config element tests: the four real agency configs, an
// in-test DeskBackend, and small helpers that act like a citizen on the form's controls.
//
// Attachments seam: a successful upload needs a tus server, which the end-to-end test has. Here
// `stubUploads` gives a rendered <mpd-dropzone> instance the read-only state the form reads
// (`uploads`, `files`, `busy`, `pageCount`) and fires `mpd-files-change` as the dropzone does.
// Tests that need no server (a refused file, a failed upload, page counting) use the real
// dropzone's `addFiles`.
import cenaresJson from '../../demo/configs/cenares.json';
import inpeJson from '../../demo/configs/inpe.json';
import insJson from '../../demo/configs/ins.json';
import sisJson from '../../demo/configs/sis.json';
import type { HttpDeskBackend } from '../../src/api/client.ts';
import {
  BackendError,
  type DeskBackend,
  type OrganizationLookup,
  type PersonLookup,
  type Receipt,
  type ReceiptFile,
  type UploadGrant,
} from '../../src/api/types.ts';
import { executeServerCommand } from '@web/test-runner-commands';
import { assertAgencyConfig } from '../../src/config/load.ts';
import type { AgencyConfig } from '../../src/config/schema.ts';
import type { FilingSubmission } from '../../src/domain/filing.ts';
import type { DropzoneFile, DropzoneUpload } from '../../src/elements/dropzone/dropzone.ts';
import type { FilingForm } from '../../src/elements/filing-form/filing-form.ts';
import { randomUuid } from '../../src/internal/compat.ts';

export { makeFile, waitFor } from './support.ts';

export const rawConfigs = { cenares: cenaresJson, inpe: inpeJson, sis: sisJson, ins: insJson } as const;
export type AgencyName = keyof typeof rawConfigs;

/** A fresh, validated copy of a demo config (tests may change it freely). */
export function agency(name: AgencyName): AgencyConfig {
  return assertAgencyConfig(structuredClone(rawConfigs[name]));
}

/** Nothing listens on port 9: uploads fail at once, no server needed. */
export const CLOSED_ENDPOINT = 'http://127.0.0.1:9/';

export interface SubmitCall {
  filing: FilingSubmission;
  key: string;
}

/**
 * A DeskBackend for the form's own logic: records calls, answers with a receipt built from the
 * submission, fails on demand, can hold a call open, and has a settable clock.
 */
export class FakeBackend implements DeskBackend {
  readonly uploadEndpoint = CLOSED_ENDPOINT;
  readonly calls: SubmitCall[] = [];
  /** What `serverTime()` answers; an Error makes it fail (the form then uses its own clock). */
  serverNow: Date | Error = new Error('sin hora del servidor');
  receiptOverrides: Partial<Receipt> = {};
  private readonly failures: unknown[] = [];
  private gate: Promise<void> | undefined;

  constructor(private readonly config: AgencyConfig) {}

  failNext(...errors: unknown[]): void {
    this.failures.push(...errors);
  }

  private releaseGate: (() => void) | undefined;

  /** Holds every submission until the returned function (or `release()`) is called. */
  hold(): () => void {
    this.gate = new Promise((resolve) => (this.releaseGate = resolve));
    return () => this.release();
  }

  release(): void {
    this.gate = undefined;
    this.releaseGate?.();
  }

  async submitFiling(filing: FilingSubmission, idempotencyKey: string): Promise<Receipt> {
    this.calls.push({ filing: structuredClone(filing), key: idempotencyKey });
    if (this.gate) await this.gate;
    if (this.failures.length) throw this.failures.shift();
    return { ...receiptFor(this.config, filing), ...this.receiptOverrides };
  }

  async serverTime(): Promise<Date> {
    if (this.serverNow instanceof Error) throw this.serverNow;
    return this.serverNow;
  }
}

/**
 * A FakeBackend that also looks up names by DNI and razón social by RUC (FakeBackend itself has
 * no look-ups, like a backend that does not offer them). Answers from its own small padrón, fails
 * on demand, or never answers (`hang`), honouring the form's abort signal as fetch does.
 */
export class LookupBackend extends FakeBackend {
  readonly lookups: Array<{ kind: 'person' | 'organization'; number: string }> = [];
  /** The next look-ups' outcome: an error to throw, or 'hang' (no answer until aborted). */
  lookupFailure: BackendError | 'hang' | null = null;
  people = new Map<string, PersonLookup>([
    ['10117410', { dni: '10117410', givenNames: 'JUAN', surnames: 'PÉREZ PÉREZ' }],
    ['45678912', { dni: '45678912', givenNames: 'ROSA MARÍA', surnames: 'QUISPE MAMANI' }],
  ]);
  organizations = new Map<string, OrganizationLookup>([
    ['20538298485', { ruc: '20538298485', name: 'CENARES', state: 'ACTIVO', condition: 'HABIDO', active: true }],
    ['20607654329', { ruc: '20607654329', name: 'COMERCIAL EJEMPLO CERRADA E.I.R.L.', state: 'BAJA DE OFICIO', condition: 'NO HABIDO', active: false }],
  ]);

  lookupPerson(dni: string, signal?: AbortSignal): Promise<PersonLookup> {
    return this.answerLookup('person', dni, this.people.get(dni), signal);
  }

  lookupOrganization(ruc: string, signal?: AbortSignal): Promise<OrganizationLookup> {
    return this.answerLookup('organization', ruc, this.organizations.get(ruc), signal);
  }

  private answerLookup<T>(kind: 'person' | 'organization', number: string, found: T | undefined, signal?: AbortSignal): Promise<T> {
    this.lookups.push({ kind, number });
    return new Promise<T>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(new BackendError(0, 'network.timeout', 'aborted')), { once: true });
      const failure = this.lookupFailure;
      if (failure === 'hang') return;
      setTimeout(() => {
        if (failure) reject(failure);
        else if (found) resolve(structuredClone(found));
        else reject(new BackendError(404, 'lookup.notFound', 'No encontramos datos para ese número'));
      }, 10);
    });
  }
}

export const unreachable = () => new BackendError(0, 'network.unreachable', 'Failed to fetch');
export const serverError = () => new BackendError(500, 'server.error', 'Internal Server Error');

/** A receipt as the reference server would build it (Friday 24 July 2026, 18:00 Lima). */
export function receiptFor(config: AgencyConfig, filing: FilingSubmission): Receipt {
  const files: ReceiptFile[] = [];
  if (filing.attachments.main) {
    files.push({ slot: 'main', index: 0, name: 'solicitud.pdf', size: 120_000, pages: 3, sha256: 'a'.repeat(64) });
  }
  filing.attachments.annexes.forEach((_, i) =>
    files.push({ slot: 'annex', index: i + 1, name: `anexo-${i + 1}.pdf`, size: 40_000, pages: 1, sha256: 'b'.repeat(64) }),
  );
  return {
    requestNumber: '6-2026',
    agencyId: config.id,
    status: 'RECIBIDO',
    receivedAt: '2026-07-24T23:00:00.000Z',
    receivedDate: '2026-07-24',
    deemedFiledDate: '2026-07-27',
    deemedFiledReason: 'after-hours',
    applicant: {
      name: `${filing.applicant.givenNames} ${filing.applicant.surnames}`,
      documentType: filing.applicant.documentType,
      documentNumber: filing.applicant.documentNumber,
      email: filing.applicant.email,
    },
    subject: filing.subject,
    files,
  };
}

// ── Acting on the form ──────────────────────────────────────────────────────────────────

export const root = (el: Element): ShadowRoot => el.shadowRoot!;
export const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T | null =>
  root(el).querySelector<T>(selector);
export const $$ = <T extends Element = HTMLElement>(el: Element, selector: string): T[] => [
  ...root(el).querySelectorAll<T>(selector),
];
export const text = (node: Node | null | undefined): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** An element whose shadow root holds the controls (the filing form, the correction panel…). */
type Host = Element & { updateComplete: Promise<unknown> };

function control<T extends Element>(form: Element, id: string): T {
  const element = $<T>(form, `#${id}`);
  if (!element) throw new Error(`no #${id} in the form`);
  return element;
}

/** Types into a field as a person would (input events), without leaving it. */
export async function typeInto(form: Host, id: string, value: string): Promise<void> {
  const input = control<HTMLInputElement | HTMLTextAreaElement>(form, id);
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
  await form.updateComplete;
}

/** Leaves a field (blur), which is when GOV.UK-style validation speaks. */
export async function leave(form: FilingForm, id: string): Promise<void> {
  control<HTMLElement>(form, id).dispatchEvent(new FocusEvent('blur'));
  await form.updateComplete;
}

export async function fill(form: FilingForm, id: string, value: string): Promise<void> {
  await typeInto(form, id, value);
  await leave(form, id);
}

export async function choose(form: FilingForm, id: string, value: string): Promise<void> {
  const select = control<HTMLSelectElement>(form, id);
  select.value = value;
  if (select.value !== value) throw new Error(`#${id} has no option ${value}`);
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await form.updateComplete;
}

export async function click(form: FilingForm, id: string): Promise<void> {
  control<HTMLElement>(form, id).click();
  await form.updateComplete;
}

/** Gives a rendered dropzone the state of finished uploads (see the seam note above). */
export async function stubUploads(
  form: Host,
  zoneId: string,
  uploads: DropzoneUpload[],
  extra: { busy?: boolean; files?: Partial<DropzoneFile>[] } = {},
): Promise<void> {
  const zone = control<HTMLElement>(form, zoneId);
  const files = (extra.files ??
    uploads.map((upload) => ({ ...upload, key: upload.uploadId, status: 'complete', progress: 1 }))) as DropzoneFile[];
  const pageCount = files.reduce((sum, file) => sum + (file.status !== 'rejected' && file.pages ? file.pages : 0), 0);
  const define = (name: string, value: unknown) => Object.defineProperty(zone, name, { configurable: true, get: () => value });
  define('uploads', uploads);
  define('files', files);
  define('busy', extra.busy ?? false);
  define('pageCount', pageCount);
  zone.dispatchEvent(new CustomEvent('mpd-files-change', { detail: { files }, bubbles: true, composed: true }));
  await form.updateComplete;
}

export const mainUpload = (pages = 3): DropzoneUpload => ({
  uploadId: 'up-main',
  name: 'solicitud.pdf',
  size: 120_000,
  pages,
  position: 1,
});

/**
 * Fills every field the config shows with valid data, and (unless `attach: false`) gives the main
 * dropzone a finished 3-page upload through `stubUploads`.
 */
export async function fillValid(form: FilingForm, options: { attach?: boolean } = {}): Promise<void> {
  await fill(form, 'f-documentNumber', '10117410');
  await fill(form, 'f-givenNames', 'Juan');
  await fill(form, 'f-surnames', 'Pérez Quispe');
  await fill(form, 'f-email', 'juan.perez@example.pe');
  if ($(form, '#f-phone')) await fill(form, 'f-phone', '987 654 321');
  for (const id of ['f-procedure', 'f-office', 'f-documentKind']) {
    const select = $<HTMLSelectElement>(form, `#${id}`);
    if (select) await choose(form, id, select.options[1]!.value);
  }
  if ($(form, '#f-mainDocumentNumber')) await fill(form, 'f-mainDocumentNumber', 'CARTA N° 005-2026');
  await fill(form, 'f-subject', 'Solicito copia de mi expediente.');
  if (options.attach !== false) await stubUploads(form, 'f-mainFile', [mainUpload(3)]);
  const folios = $<HTMLInputElement>(form, '#f-folios');
  if (folios && !folios.value) await fill(form, 'f-folios', '3');
  for (const box of $$<HTMLInputElement>(form, 'input[id^="f-consent-"]')) {
    if (!box.checked) box.click();
  }
  await form.updateComplete;
}

export async function submit(form: FilingForm): Promise<void> {
  $<HTMLButtonElement>(form, '#submit')!.click();
  await form.updateComplete;
}

/**
 * Removes `name` from `target` while `body` runs (as an older browser would not have it), then
 * puts it back: at once for a synchronous body, when its promise settles for an async one.
 */
export function without<T>(target: object, name: string, body: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(target, name);
  if (!descriptor) throw new Error(`${name} is not an own property here`);
  delete (target as Record<string, unknown>)[name];
  const restore = () => Object.defineProperty(target, name, descriptor);
  let result: T;
  try {
    result = body();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}

// ── Against the reference backend (wtr's `start-backend`) ───────────────────────────────

/** tus creation-with-upload in one POST (a filing's main document); answers the upload id. */
export async function uploadMainDocument(origin: string, bytes: Uint8Array, name: string, agencyId = 'cenares'): Promise<string> {
  const meta = { filename: name, filetype: 'application/pdf', slot: 'main', index: '0' };
  const grant = await executeServerCommand<UploadGrant, { origin: string; agencyId: string }>('upload-grant', { origin, agencyId });
  const response = await fetch(`${origin}/api/${agencyId}/uploads/`, {
    method: 'POST',
    headers: {
      'upload-grant': grant.uploadGrant,
      'tus-resumable': '1.0.0',
      'upload-length': String(bytes.byteLength),
      'upload-metadata': Object.entries(meta)
        .map(([key, value]) => `${key} ${btoa(value)}`)
        .join(','),
      'content-type': 'application/offset+octet-stream',
    },
    body: bytes as BlobPart,
  });
  if (response.status !== 201) throw new Error(`upload refused: ${response.status} ${await response.text()}`);
  return response.headers.get('location')!.split('/').pop()!;
}

/** Files Rosa María Quispe's request (DNI 10117410) through the API, with `mainUploadId`. */
export function fileThroughApi(backend: HttpDeskBackend, config: AgencyConfig, mainUploadId: string): Promise<Receipt> {
  return backend.submitFiling(
    {
      personKind: 'natural',
      applicant: {
        documentType: 'DNI',
        documentNumber: '10117410',
        givenNames: 'Rosa María',
        surnames: 'Quispe Mamani',
        email: 'rosa.quispe@example.pe',
        phone: '987 654 321',
      },
      procedureId: config.procedures[0]!.id,
      subject: 'Solicito copia certificada de mi expediente',
      consents: config.consents.map((consent) => consent.id),
      attachments: { main: { uploadId: mainUploadId }, annexes: [] },
    },
    randomUuid(),
  );
}
