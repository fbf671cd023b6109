/**
 * The upload grant a form's dropzones share (one filing's byte budget): fetched when the first
 * upload asks for it, fetched again when the server refuses it (expired, spent). Concurrent asks
 * share one request, so three files starting at once cost one captcha answer.
 */
import type { UploadGrant } from '../api/types.ts';

export interface UploadGrantSource {
  /** The grant to send now (asked from the server when there is none). */
  current(): Promise<string>;
  /** The server refused `grant`: unless a newer one replaced it already, the next `current()` asks a new one. */
  refused(grant: string): void;
}

export class SharedUploadGrant implements UploadGrantSource {
  #grant: string | null = null;
  #pending: Promise<string> | null = null;

  constructor(private readonly fetchGrant: () => Promise<UploadGrant>) {}

  current(): Promise<string> {
    if (this.#grant) return Promise.resolve(this.#grant);
    this.#pending ??= this.fetchGrant()
      .then(({ uploadGrant }) => (this.#grant = uploadGrant))
      .finally(() => {
        this.#pending = null;
      });
    return this.#pending;
  }

  refused(grant: string): void {
    if (this.#grant === grant) this.#grant = null;
  }
}

/** True for the server's refusals of a grant that a new grant fixes (not `upload.grantTooMany`). */
export function isStaleGrantCode(code: string | undefined): boolean {
  return code === 'upload.grantMissing' || code === 'upload.grantInvalid' || code === 'upload.grantExhausted';
}
