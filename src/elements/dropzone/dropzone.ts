import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatBytes, type SlotRule } from '../../domain/files.ts';
import type { Locale, MessageArea, MessageParams, Translator } from '../../i18n/index.ts';
import { translatorFor } from '../../internal/localize.ts';
import { MpdElement } from '../../internal/mpd-element.ts';
import { assignPosition, type PlacementProblem } from '../../uploads/assign-position.ts';
import type { UploadGrantSource } from '../../uploads/upload-grant.ts';
import {
  DEFAULT_RETRY_DELAYS,
  UploadController,
  type UploadFailure,
  type UploadListener,
} from '../../uploads/upload-controller.ts';
import { dropzoneStyles } from './dropzone.styles.ts';

export type DropzoneFileStatus = 'inspecting' | 'uploading' | 'complete' | 'rejected' | 'failed';

export type DropzoneFile = {
  /** Stable id of this row (not of the file's bytes). */
  key: string;
  /** 1-based position among the dropzone's rules; 0 for a rejected file, which holds none. */
  position: number;
  name: string;
  size: number;
  /** Pages of a PDF (the *folios*); null when unknown (not a PDF, or not inspected yet). */
  pages: number | null;
  status: DropzoneFileStatus;
  /** Upload progress, 0..1. */
  progress: number;
  /** The tus upload id (last segment of the upload URL), once complete. */
  uploadId?: string;
  error?: { code: string; message: string };
};

export type DropzoneUpload = { uploadId: string; name: string; size: number; pages: number | null; position: number };

export type DropzoneFilesChangeDetail = { files: readonly DropzoneFile[] };

/**
 * A problem as code + message params, so its words follow the translator. `detail` is the
 * server's own Spanish sentence, added where it names what our words cannot know (the limit of
 * that position, the types that slot takes).
 */
type Problem = {
  code: string;
  key: string;
  params?: MessageParams;
  detail?: string;
  /** Words given from outside (the form), used as they are instead of `key`. */
  text?: string;
  /** The file was uploaded but must be attached again (see `markNeedsReupload`). */
  reupload?: boolean;
};

/** Server refusals whose `detail` adds facts (the limit, the accepted types) to our words. */
const SERVER_DETAIL_CODES = new Set(['upload.tooLarge', 'upload.type', 'upload.refused']);

type Entry = { file: File | null; abort: AbortController | null; problem: Problem | null; announcedStep: number };

let keySequence = 0;
function newKey(): string {
  keySequence += 1;
  return `f${keySequence}-${Math.random().toString(36).slice(2, 8)}`;
}

const PROGRESS_ANNOUNCE_STEP = 0.2;

/**
 * The catalog key naming what each supported extension promises ("un PDF", "una imagen PNG"),
 * for "El archivo no es {what} aunque su nombre termine en {extension}". It covers exactly
 * `SUPPORTED_EXTENSIONS` (domain/files.ts; the config refuses any other extension), which a
 * test checks.
 */
export const KIND_WORD_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.pdf': 'files.kind.pdf',
  '.png': 'files.kind.png',
  '.jpg': 'files.kind.jpeg',
  '.jpeg': 'files.kind.jpeg',
  '.doc': 'files.kind.word',
  '.docx': 'files.kind.word',
  '.xls': 'files.kind.excel',
  '.xlsx': 'files.kind.excel',
  '.zip': 'files.kind.zip',
  '.rar': 'files.kind.rar',
};

const icons = {
  error: svg`<path d="M12 2 1 21h22L12 2zm1 15h-2v-2h2v2zm0-4h-2V9h2v4z"/>`,
  complete: svg`<path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-2 15-5-5 1.4-1.4 3.6 3.6 7.6-7.6L19 8l-9 9z"/>`,
  busy: svg`<path d="M12 4V1L8 5l4 4V6a6 6 0 1 1-6 6H4a8 8 0 1 0 8-8z"/>`,
  file: svg`<path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8l-6-6zm4 18H6V4h7v5h5v11z"/>`,
};

/**
 * The inspection (and pdf.js behind it) loads with the first file. Outside the class on purpose:
 * TypeScript's `rewriteRelativeImportExtensions` leaves a dynamic import inside a decorated class
 * as `.ts`, which the npm build cannot ship (scripts/check-lib.mjs fails the build on it).
 */
const loadInspection = () => import('../../uploads/inspect-file.ts');

function icon(name: keyof typeof icons, extraClass = ''): TemplateResult {
  return html`<svg class="icon ${extraClass}" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${icons[name]}</svg>`;
}

/**
 * @summary Attaches files to a filing: choose or drop them, see each one checked (type, size,
 * content, PDF pages) and uploaded (resumable, tus), remove or retry them.
 *
 * Files are inspected in the browser before any byte is sent: a file whose content is not what
 * its extension says, an encrypted or corrupt PDF, or one no free position accepts is listed as
 * not accepted, with the reason in words. Accepted files upload at once; a failed upload stays
 * listed with a "Reintentar" button, so nothing the citizen added is lost.
 *
 * @slot - Nothing: the dropzone renders everything from its properties.
 *
 * @event mpd-files-change - On every change of the file list (added, inspected, progress,
 *   complete, rejected, failed, removed). `detail: { files: readonly DropzoneFile[] }`.
 *
 * @csspart base - The field wrapper.
 * @csspart label - The field label.
 * @csspart hint - The hint under the label.
 * @csspart rules - The accepted types and sizes.
 * @csspart error - The field error message set by the form.
 * @csspart zone - The area files are dropped on.
 * @csspart choose-button - The button that opens the file picker.
 * @csspart file-list - The list of files.
 * @csspart file - One file row.
 * @csspart file-status - The status line of a row.
 * @csspart progress - The upload progress bar of a row.
 * @csspart remove-button - A row's "Quitar" button.
 * @csspart retry-button - A failed row's "Reintentar" button.
 * @csspart live - The visually hidden polite live region (upload progress and results).
 *
 * @cssproperty --mpd-color-primary - Buttons, active drop zone, progress.
 * @cssproperty --mpd-color-text - Text.
 * @cssproperty --mpd-color-muted - Hints, file facts.
 * @cssproperty --mpd-color-error - Errors and refused files (with words and an icon too).
 * @cssproperty --mpd-color-success - Uploaded files.
 * @cssproperty --mpd-color-surface - Rows and buttons background.
 * @cssproperty --mpd-color-border - Borders.
 * @cssproperty --mpd-color-focus - Focus ring.
 * @cssproperty --mpd-dropzone-background - The drop area.
 * @cssproperty --mpd-dropzone-background-active - The drop area while a file is dragged over it.
 * @cssproperty --mpd-radius - Corner radius.
 * @cssproperty --mpd-space - Base spacing.
 * @cssproperty --mpd-font-family - Font.
 */
export class Dropzone extends MpdElement {
  static tagName = 'mpd-dropzone';
  static override styles = dropzoneStyles;
  static override messageAreas: readonly MessageArea[] = ['files'];

  // ---- controllers
  #controller: UploadController | null = null;
  readonly #entries = new Map<string, Entry>();
  #pendingAnnouncements: string[] = [];
  #dragDepth = 0;

  // ---- state
  @state() private _files: readonly DropzoneFile[] = [];
  @state() private _announcement = '';
  @state() private _dragging = false;

  // ---- properties
  /** The tus endpoint, e.g. `/api/inpe/uploads/`. */
  @property() endpoint = '';
  /** The agency id; with `slot`, names the Uppy instance so interrupted uploads resume. */
  @property({ attribute: 'agency-id' }) agencyId = '';
  /**
   * Which files this dropzone takes: the main document or the annexes. It shadows
   * `HTMLElement.slot`: set it as a property (the form does); written as the `slot` attribute it
   * would also name a light-DOM slot when the dropzone is a direct child of a host with slots.
   */
  @property() override slot: 'main' | 'annex' = 'main';
  /**
   * What the files are for: `filing` (a new request) or `correction` (the replacement of an
   * observed document, which the server checks against the agency's correction rules). A
   * correction upload never resumes into a filing upload, nor the other way round.
   */
  @property() purpose: 'filing' | 'correction' = 'filing';
  /**
   * The document position sent to the server (tus `index`) for a one-position dropzone that
   * stands for one given document, e.g. 2 for the replacement of "Anexo 2". Unset, the position
   * is the row's own (0 for the main document, 1… for annexes).
   */
  @property({ attribute: 'fixed-index', type: Number }) fixedIndex?: number;
  /** One rule per position (its length is the maximum number of files; main has 1). */
  @property({ attribute: false }) rules: SlotRule[] = [];
  @property() label = '';
  @property() hint?: string;
  @property({ type: Boolean }) required = false;
  /** A message set by the form (e.g. "Adjunte el documento principal"); shown with the field. */
  @property() error = '';
  @property({ attribute: false }) translator: Translator = translatorFor(undefined, this);

  protected override get messageLocale(): Locale {
    return this.translator.locale;
  }
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** Waits between tus retries of a transient failure (ms); after the last one the file is failed. */
  @property({ attribute: false }) retryDelays: readonly number[] = DEFAULT_RETRY_DELAYS;
  /**
   * The upload grant sent with every upload (`Upload-Grant`), shared by the dropzones of one form:
   * one filing's byte budget. Unset: uploads go without one (a backend that asks none).
   */
  @property({ attribute: false }) grants: UploadGrantSource | undefined;

  private get _chooseButton(): HTMLButtonElement | null {
    return this.renderRoot?.querySelector<HTMLButtonElement>('#choose') ?? null;
  }

  private get _input(): HTMLInputElement | null {
    return this.renderRoot?.querySelector<HTMLInputElement>('#input') ?? null;
  }

  /** Every listed file, in the order added (rejected ones included). */
  get files(): readonly DropzoneFile[] {
    return this._files;
  }

  /** The finished uploads, ordered by position: what the filing references. */
  get uploads(): DropzoneUpload[] {
    return this._files
      .filter((file) => file.status === 'complete' && file.uploadId)
      .sort((a, b) => a.position - b.position)
      .map((file) => ({ uploadId: file.uploadId!, name: file.name, size: file.size, pages: file.pages, position: file.position }));
  }

  /** Whether any file is still being inspected or uploaded. */
  get busy(): boolean {
    return this._files.some((file) => file.status === 'inspecting' || file.status === 'uploading');
  }

  /** Sum of the known pages of the files that are (or will be) sent. */
  get pageCount(): number {
    return this._files.reduce((sum, file) => sum + (file.status !== 'rejected' && file.pages ? file.pages : 0), 0);
  }

  // ---- lifecycle
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Moving the element in the DOM disconnects and reconnects it at once: only tear down when it
    // is really gone and nothing is uploading. Failed rows keep their File and start afresh on retry.
    queueMicrotask(() => {
      if (!this.isConnected && !this.busy) this.#dropController();
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('translator') && this._files.length > 0) {
      this._files = this._files.map((row) => {
        const problem = this.#entries.get(row.key)?.problem;
        return problem ? { ...row, error: this.#errorOf(problem) } : row;
      });
    }
    const identity = ['agencyId', 'slot', 'purpose', 'fixedIndex'] as const;
    if (identity.some((name) => changed.has(name)) && this.#controller && this.#controller.id !== this.#controllerId()) {
      if (!this.busy) this.#dropController();
    }
    if (changed.has('endpoint') && this.#controller) this.#controller.endpoint = this.endpoint;
    if (changed.has('retryDelays') && this.#controller) this.#controller.retryDelays = this.retryDelays;
    if (changed.has('grants') && this.#controller) this.#controller.grants = this.grants;
    if (this.#pendingAnnouncements.length > 0) {
      this._announcement = this.#pendingAnnouncements.join(' ');
      this.#pendingAnnouncements = [];
    }
  }

  // ---- handlers
  #onChooseClick = (): void => {
    if (!this.disabled) this._input?.click();
  };

  #onZoneClick = (event: MouseEvent): void => {
    // The whole shaded area opens the picker for a mouse or a finger; the keyboard path is the button.
    if (this.disabled) return;
    if ((event.target as Element | null)?.closest('button, input')) return;
    this._input?.click();
  };

  #onInputChange = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const chosen = Array.from(input.files ?? []);
    input.value = ''; // choosing the same file again must fire change again
    if (chosen.length > 0) void this.addFiles(chosen);
  };

  #hasFiles(event: DragEvent): boolean {
    return Array.from(event.dataTransfer?.types ?? []).includes('Files');
  }

  #onDragEnter = (event: DragEvent): void => {
    if (!this.#hasFiles(event)) return;
    event.preventDefault();
    this.#dragDepth += 1;
    this._dragging = !this.disabled;
  };

  #onDragOver = (event: DragEvent): void => {
    if (!this.#hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = this.disabled ? 'none' : 'copy';
  };

  #onDragLeave = (event: DragEvent): void => {
    if (!this.#hasFiles(event)) return;
    this.#dragDepth = Math.max(0, this.#dragDepth - 1);
    if (this.#dragDepth === 0) this._dragging = false;
  };

  #onDrop = (event: DragEvent): void => {
    if (!this.#hasFiles(event)) return;
    event.preventDefault();
    this.#dragDepth = 0;
    this._dragging = false;
    const dropped = Array.from(event.dataTransfer?.files ?? []);
    if (!this.disabled && dropped.length > 0) void this.addFiles(dropped);
  };

  #uploadListener: UploadListener = {
    progress: (key, fraction) => {
      const row = this.#row(key);
      if (!row || row.status !== 'uploading') return;
      const entry = this.#entries.get(key);
      const step = Math.floor(fraction / PROGRESS_ANNOUNCE_STEP);
      if (entry && step > entry.announcedStep && fraction < 1) {
        entry.announcedStep = step;
        this.#announce('files.announce.uploading', { name: row.name, percent: this.#percent(fraction) });
      }
      this.#patch(key, { progress: fraction });
    },
    complete: (key, { uploadId }) => {
      const row = this.#row(key);
      if (!row) return;
      this.#patch(key, { status: 'complete', progress: 1, uploadId, error: undefined });
      this.#setProblem(key, null);
      this.#announce('files.announce.complete', { name: row.name });
    },
    error: (key, failure) => this.#uploadFailed(key, failure),
  };

  // ---- public methods
  /** Focuses the choose-file button. */
  override focus(options?: FocusOptions): void {
    if (this._chooseButton) this._chooseButton.focus(options);
    else void this.updateComplete.then(() => this._chooseButton?.focus(options));
  }

  /**
   * Adds files the same way a drop or the picker does: each goes to the free position with the
   * smallest limit that accepts it (see `assignPosition`), is inspected, then uploaded. Resolves when every one of them has been
   * inspected and, if accepted, its upload has started (not finished).
   */
  async addFiles(files: File[]): Promise<void> {
    if (this.disabled || files.length === 0) return;
    const taken = new Set(this._files.filter((row) => row.position > 0).map((row) => row.position));
    const present = new Set(
      this._files.filter((row) => row.status !== 'rejected').map((row) => this.#identity(row.name, row.size, this.#entries.get(row.key)?.file)),
    );

    // Where positions have different limits (INPE: annex 1 up to 30 MB, the rest 5 MB), the
    // largest files of one selection are placed first, each in the tightest free position that
    // accepts it, so small files never take the roomy position a big one needs. The list keeps
    // the citizen's order.
    const mixedLimits = new Set(this.rules.map((rule) => rule.maxBytes)).size > 1;
    const order = files.map((_, index) => index);
    if (mixedLimits) order.sort((a, b) => files[b]!.size - files[a]!.size || a - b);
    const outcomes = new Array<{ position: number } | { problem: Problem }>(files.length);
    for (const index of order) {
      const file = files[index]!;
      const identity = this.#identity(file.name, file.size, file);
      if (present.has(identity)) {
        outcomes[index] = { problem: { code: 'file.duplicate', key: 'files.error.file.duplicate' } };
        continue;
      }
      const placement = assignPosition(file, this.rules, taken);
      if (!placement.ok) {
        outcomes[index] = { problem: this.#placementProblem(placement.problem, file.size) };
        continue;
      }
      taken.add(placement.position);
      present.add(identity);
      outcomes[index] = { position: placement.position };
    }

    const rows: DropzoneFile[] = [];
    const accepted: Array<{ key: string; file: File }> = [];
    files.forEach((file, index) => {
      const outcome = outcomes[index]!;
      const key = newKey();
      const base = { key, name: file.name, size: file.size, pages: null, progress: 0 };
      if ('problem' in outcome) {
        const { problem } = outcome;
        this.#entries.set(key, { file: null, abort: null, problem, announcedStep: 0 });
        rows.push({ ...base, position: 0, status: 'rejected', error: this.#errorOf(problem) });
        this.#announce('files.announce.rejected', { name: file.name, message: this.#messageOf(problem) });
        return;
      }
      this.#entries.set(key, { file, abort: new AbortController(), problem: null, announcedStep: 0 });
      rows.push({ ...base, position: outcome.position, status: 'inspecting' });
      accepted.push({ key, file });
      this.#announce('files.announce.inspecting', { name: file.name });
    });
    this.#setFiles([...this._files, ...rows]);
    if (accepted.length === 0) return;
    // Uppy loads while the files are inspected.
    void this.#ensureController()
      .prepare()
      .catch(() => undefined);
    await Promise.all(accepted.map(({ key, file }) => this.#inspectAndUpload(key, file)));
  }

  /** Uploads a failed file again (it keeps its position). */
  retry(key: string): void {
    const row = this.#row(key);
    const entry = this.#entries.get(key);
    if (!row || row.status !== 'failed' || !entry?.file) return;
    entry.announcedStep = 0;
    this.#setProblem(key, null);
    this.#patch(key, { status: 'uploading', error: undefined });
    const controller = this.#ensureController();
    if (!controller.retry(key)) void this.#startUpload(key, entry.file);
  }

  /**
   * Marks the uploaded file at `position` (1-based, as in `uploads`) as one the citizen has to
   * attach again, e.g. because the server no longer has it when the request is sent. The row
   * turns 'rejected' with `message` (already in the citizen's words), leaves `uploads`, and its
   * position is freed for the file added in its place. Returns false when no listed file holds
   * that position.
   */
  markNeedsReupload(position: number, message: string, code = 'upload.reupload'): boolean {
    const row = this._files.find((file) => file.position === position && position > 0 && file.status !== 'rejected');
    if (!row) return false;
    // Uppy forgets the file (a finished upload is not deleted on the server), so the same file
    // can be added again at once.
    this.#controller?.remove(row.key);
    this.#refuse(row.key, { code, key: '', text: message, reupload: true });
    return true;
  }

  /**
   * Removes a file from the list (cancelling its inspection or upload) or dismisses a refused
   * one. Called without a key it is `Element.remove()`: the element leaves the DOM.
   */
  override remove(key?: string): void {
    if (key === undefined) {
      super.remove();
      return;
    }
    const row = this.#row(key);
    if (!row) return;
    const entry = this.#entries.get(key);
    entry?.abort?.abort();
    this.#controller?.remove(key);
    this.#entries.delete(key);
    this.#setFiles(this._files.filter((file) => file.key !== key));
    this.#announce('files.announce.removed', { name: row.name });
  }

  // ---- internals
  #t(key: string, params?: MessageParams): string {
    return this.translator.t(key, params);
  }

  #percent(fraction: number): number {
    return Math.round(fraction * 100);
  }

  #identity(name: string, size: number, file: File | null | undefined): string {
    return `${name}\u0000${size}\u0000${file?.lastModified ?? ''}`;
  }

  #row(key: string): DropzoneFile | undefined {
    return this._files.find((file) => file.key === key);
  }

  #setFiles(files: readonly DropzoneFile[]): void {
    this._files = files;
    this.emit<DropzoneFilesChangeDetail>('mpd-files-change', { files });
  }

  #patch(key: string, patch: Partial<DropzoneFile>): void {
    if (!this.#row(key)) return;
    this.#setFiles(
      this._files.map((file) => {
        if (file.key !== key) return file;
        const next = { ...file, ...patch };
        if ('error' in patch && patch.error === undefined) delete next.error;
        if ('uploadId' in patch && patch.uploadId === undefined) delete next.uploadId;
        return next;
      }),
    );
  }

  #announce(key: string, params: MessageParams): void {
    this.#pendingAnnouncements.push(this.#t(key, params));
    this.requestUpdate();
  }

  #setProblem(key: string, problem: Problem | null): void {
    const entry = this.#entries.get(key);
    if (entry) entry.problem = problem;
  }

  #messageOf(problem: Problem): string {
    if (problem.text !== undefined) return problem.text;
    const message = this.#t(problem.key, problem.params);
    // The server speaks Spanish: its sentence is only added to Spanish text.
    return problem.detail && this.translator.locale === 'es-PE' ? `${message} ${problem.detail}` : message;
  }

  #errorOf(problem: Problem): { code: string; message: string } {
    return { code: problem.code, message: this.#messageOf(problem) };
  }

  #typesText(accept: readonly string[]): string {
    return accept.join(', ');
  }

  #isPdfOnly(accept: readonly string[]): boolean {
    return accept.length === 1 && accept[0]!.toLowerCase().replace(/^\.?/, '.') === '.pdf';
  }

  #placementProblem(problem: PlacementProblem, size: number): Problem {
    switch (problem.code) {
      case 'file.empty':
        return { code: problem.code, key: 'files.error.file.empty' };
      case 'file.type':
        return this.#isPdfOnly(problem.accept)
          ? { code: problem.code, key: 'files.error.file.typePdf' }
          : { code: problem.code, key: 'files.error.file.type', params: { types: this.#typesText(problem.accept) } };
      case 'file.size':
        return {
          code: problem.code,
          key: 'files.error.file.size',
          params: { size: formatBytes(size, this.translator.locale), max: formatBytes(problem.maxBytes, this.translator.locale) },
        };
      case 'file.tooMany':
        if (problem.max === 0) return { code: problem.code, key: 'files.error.file.none' };
        return {
          code: problem.code,
          key: problem.max === 1 ? 'files.error.file.tooMany.one' : 'files.error.file.tooMany.many',
          params: { max: problem.max },
        };
    }
  }

  #controllerId(): string {
    const base = `mpd-${this.agencyId || 'desk'}`;
    // Two replacement dropzones (main and annex 2) must not share an instance, nor a filing one.
    return this.purpose === 'correction' ? `${base}-correction-${this.slot}-${this.#serverIndex(1)}` : `${base}-${this.slot}`;
  }

  /**
   * The published contract (openapi.json, tus metadata): index 0 for the main document, the
   * 1-based position for annexes, or the document this dropzone stands for (`fixedIndex`).
   */
  #serverIndex(position: number): number {
    if (this.fixedIndex !== undefined && this.fixedIndex !== null && Number.isInteger(this.fixedIndex)) return this.fixedIndex;
    return this.slot === 'main' ? 0 : position;
  }

  #ensureController(): UploadController {
    this.#controller ??= new UploadController({
      id: this.#controllerId(),
      endpoint: this.endpoint,
      retryDelays: this.retryDelays,
      listener: this.#uploadListener,
      grants: this.grants,
    });
    return this.#controller;
  }

  #dropController(): void {
    this.#controller?.destroy();
    this.#controller = null;
  }

  async #inspectAndUpload(key: string, file: File): Promise<void> {
    const entry = this.#entries.get(key);
    if (!entry) return;
    let result;
    try {
      // Loaded with the first file, like pdf.js behind it: a page that shows the form and no
      // file yet has no use for it.
      const { inspectFile } = await loadInspection();
      result = await inspectFile(file, entry.abort ? { signal: entry.abort.signal } : {});
    } catch (error) {
      if ((error as { name?: string } | null)?.name === 'AbortError' || !this.#row(key)) return; // removed meanwhile
      // The inspector itself could not run (pdf.js failed to load, e.g. offline): the file may
      // be fine, and the server checks it again, so upload it with an unknown page count.
      console.warn('[mpd-dropzone] the file could not be inspected; uploading it unchecked', error);
      result = { ok: true as const, pages: null };
    }
    if (!this.#row(key)) return;
    if (!result.ok) {
      const problem: Problem =
        result.code === 'file.contentMismatch'
          ? {
              code: result.code,
              key: 'files.error.file.contentMismatch',
              params: { what: this.#t(KIND_WORD_BY_EXTENSION[result.extension] ?? 'files.kind.other'), extension: result.extension },
            }
          : { code: result.code, key: `files.error.${result.code}` };
      this.#refuse(key, problem);
      return;
    }
    entry.abort = null;
    this.#patch(key, { pages: result.pages, status: 'uploading', progress: 0 });
    await this.#startUpload(key, file);
  }

  async #startUpload(key: string, file: File): Promise<void> {
    const row = this.#row(key);
    if (!row) return;
    try {
      const index = String(this.#serverIndex(row.position));
      await this.#ensureController().start(key, file, { slot: this.slot, index, purpose: this.purpose });
    } catch {
      // Uppy could not load (offline before it was cached): the file stays, retryable.
      this.#uploadFailed(key, { kind: 'failed', code: 'upload.network', status: 0 });
    }
  }

  #refuse(key: string, problem: Problem): void {
    const row = this.#row(key);
    if (!row) return;
    this.#setProblem(key, problem);
    const entry = this.#entries.get(key);
    if (entry) {
      entry.file = null;
      entry.abort = null;
    }
    // A refused file holds no position.
    const patch: Partial<DropzoneFile> = { status: 'rejected', position: 0, progress: 0, error: this.#errorOf(problem) };
    if (problem.reupload) patch.uploadId = undefined;
    this.#patch(key, patch);
    this.#announce(problem.reupload ? 'files.announce.reupload' : 'files.announce.rejected', {
      name: row.name,
      message: this.#messageOf(problem),
    });
  }

  #uploadFailed(key: string, failure: UploadFailure): void {
    const row = this.#row(key);
    if (!row) return;
    const problem: Problem = { code: failure.code, key: `files.error.${failure.code}` };
    if (failure.detail && SERVER_DETAIL_CODES.has(failure.code)) problem.detail = failure.detail;
    if (failure.kind === 'refused') {
      this.#refuse(key, problem);
      return;
    }
    this.#setProblem(key, problem);
    this.#patch(key, { status: 'failed', error: this.#errorOf(problem) });
    this.#announce('files.announce.failed', { name: row.name, message: this.#messageOf(problem) });
  }

  #acceptAttribute(): string {
    const lists = this.rules.map((rule) => rule.accept);
    if (lists.length === 0 || lists.some((list) => list.length === 0)) return '';
    return [...new Set(lists.flat().map((ext) => ext.toLowerCase()))].join(',');
  }

  #rulesTexts(): string[] {
    const rules = this.rules;
    if (rules.length === 0) return [];
    const texts: string[] = [];
    const accept = rules[0]!.accept;
    const sameTypes = rules.every((rule) => rule.accept.join() === accept.join());
    if (sameTypes) {
      if (accept.length === 0) texts.push(this.#t('files.rules.anyType'));
      else if (this.#isPdfOnly(accept)) texts.push(this.#t('files.rules.pdfOnly'));
      else texts.push(this.#t('files.rules.types', { types: this.#typesText(accept) }));
    }
    const locale = this.translator.locale;
    if (rules.length === 1) {
      texts.push(this.#t('files.rules.size', { size: formatBytes(rules[0]!.maxBytes, locale) }));
      return texts;
    }
    texts.push(this.#t('files.rules.count', { max: rules.length }));
    if (rules.every((rule) => rule.maxBytes === rules[0]!.maxBytes)) {
      texts.push(this.#t('files.rules.sizeEach', { size: formatBytes(rules[0]!.maxBytes, locale) }));
      return texts;
    }
    // Runs of consecutive positions with the same limit: "Anexo 1: hasta 30 MB. Anexos 2 a 5: hasta 5 MB cada uno."
    let start = 0;
    for (let index = 1; index <= rules.length; index++) {
      if (index < rules.length && rules[index]!.maxBytes === rules[start]!.maxBytes) continue;
      const size = formatBytes(rules[start]!.maxBytes, locale);
      texts.push(
        index - start === 1
          ? this.#t('files.rules.sizeOne', { position: start + 1, size })
          : this.#t('files.rules.sizeRange', { from: start + 1, to: index, size }),
      );
      start = index;
    }
    return texts;
  }

  // ---- render
  #renderStatus(row: DropzoneFile): TemplateResult {
    switch (row.status) {
      case 'inspecting':
        return html`${icon('busy', 'spinner')}<span>${this.#t('files.status.inspecting')}</span>`;
      case 'uploading':
        return html`${icon('busy', 'spinner')}<span>${this.#t('files.status.uploading', { percent: this.#percent(row.progress) })}</span>`;
      case 'complete':
        return html`${icon('complete')}<span>${this.#t('files.status.complete')}</span>`;
      case 'failed':
        return html`${icon('error')}<span><strong>${this.#t('files.status.failed')}.</strong> ${row.error?.message ?? ''}</span>`;
      case 'rejected': {
        const status = this.#entries.get(row.key)?.problem?.reupload ? 'files.status.reupload' : 'files.status.rejected';
        return html`${icon('error')}<span><strong>${this.#t(status)}.</strong> ${row.error?.message ?? ''}</span>`;
      }
    }
  }

  #renderFile(row: DropzoneFile): TemplateResult {
    const facts = [formatBytes(row.size, this.translator.locale)];
    if (row.pages !== null) facts.push(row.pages === 1 ? this.#t('files.pages.one') : this.#t('files.pages.many', { count: row.pages }));
    if (this.slot === 'annex' && row.position > 0) facts.unshift(this.#t('files.position', { position: this.#serverIndex(row.position) }));
    return html`
      <li part="file" class="file file--${row.status}" data-key=${row.key} data-status=${row.status}>
        <div class="file-name">${row.name}</div>
        <div class="file-facts">${facts.join(' · ')}</div>
        <div class="file-actions">
          ${row.status === 'failed'
            ? html`<button part="retry-button" class="retry" type="button" ?disabled=${this.disabled} @click=${() => this.retry(row.key)}>
                ${this.#t('files.retry')}<span class="visually-hidden"> ${this.#t('files.retryFor', { name: row.name })}</span>
              </button>`
            : nothing}
          <button part="remove-button" class="remove" type="button" ?disabled=${this.disabled} @click=${() => this.#removeAndRefocus(row.key)}>
            ${this.#t('files.remove')}<span class="visually-hidden"> ${row.name}</span>
          </button>
        </div>
        <div part="file-status" class="file-status">${this.#renderStatus(row)}</div>
        ${row.status === 'uploading'
          ? html`<progress part="progress" max="100" .value=${this.#percent(row.progress)} aria-label=${this.#t('files.progress', { name: row.name })}></progress>`
          : nothing}
      </li>
    `;
  }

  #removeAndRefocus(key: string): void {
    this.remove(key);
    // The row (and its focused button) is gone: keep focus in the field, not on <body>.
    this.focus();
  }

  protected override render(): TemplateResult {
    const many = this.rules.length > 1;
    const describedBy = ['hint', 'rules', 'error'].filter((id) => (id === 'hint' ? !!this.hint : id === 'error' ? !!this.error : true));
    const rules = this.#rulesTexts();
    return html`
      <div part="base" class="field ${this.error ? 'field--error' : ''}">
        <div part="label" id="label" class="label">
          ${this.label}${this.required ? nothing : html` <span class="optional">${this.#t('files.optional')}</span>`}
        </div>
        ${this.hint ? html`<div part="hint" id="hint" class="hint">${this.hint}</div>` : nothing}
        <div part="rules" id="rules" class="rules">${rules.join(' ')}</div>
        ${this.error
          ? html`<p part="error" id="error" class="error">
              ${icon('error')}<span><span class="visually-hidden">${this.#t('files.errorPrefix')} </span>${this.error}</span>
            </p>`
          : nothing}
        <div
          part="zone"
          class="zone ${this._dragging ? 'zone--active' : ''} ${this.disabled ? 'zone--disabled' : ''}"
          @click=${this.#onZoneClick}
          @dragenter=${this.#onDragEnter}
          @dragover=${this.#onDragOver}
          @dragleave=${this.#onDragLeave}
          @drop=${this.#onDrop}
        >
          <button
            part="choose-button"
            id="choose"
            class="choose"
            type="button"
            aria-labelledby="choose label"
            aria-describedby=${describedBy.join(' ')}
            aria-invalid=${this.error ? 'true' : 'false'}
            ?disabled=${this.disabled}
            @click=${this.#onChooseClick}
          >
            ${icon('file')} <span>${this.#t(many ? 'files.choose.many' : 'files.choose.one')}</span>
          </button>
          <span class="drop-text" aria-hidden="true">
            ${this._dragging ? this.#t('files.drop.active') : this.#t(many ? 'files.drop.many' : 'files.drop.one')}
          </span>
          <input
            id="input"
            type="file"
            hidden
            tabindex="-1"
            aria-labelledby="label"
            accept=${this.#acceptAttribute()}
            ?multiple=${many}
            ?disabled=${this.disabled}
            @change=${this.#onInputChange}
          />
        </div>
        ${this._files.length > 0
          ? html`<ul part="file-list" class="files" aria-label=${this.#t('files.list')}>${this._files.map((row) => this.#renderFile(row))}</ul>`
          : nothing}
        <div part="live" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this._announcement}</div>
      </div>
    `;
  }
}
