/**
 * Helpers every element test shares: real test documents made in Node (see
 * test/support/documents.mjs, reached through wtr's `make-document` command) and waiting for a
 * condition without fixed sleeps.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { UploadGrant } from '../../src/api/types.ts';
import { SharedUploadGrant } from '../../src/uploads/upload-grant.ts';

export type DocumentKind = 'pdf' | 'encrypted' | 'restricted' | 'truncated' | 'fake' | 'png';
export type DocumentOptions = { pages?: number; padBytes?: number; password?: string };

export async function makeBytes(kind: DocumentKind, options?: DocumentOptions): Promise<Uint8Array> {
  const base64 = await executeServerCommand<string, { kind: DocumentKind; options?: object }>('make-document', { kind, options });
  if (!base64) throw new Error(`no bytes for ${kind}`);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export async function makeFile(kind: DocumentKind, name: string, options?: DocumentOptions): Promise<File> {
  const bytes = await makeBytes(kind, options);
  return new File([bytes as BlobPart], name, { type: kind === 'png' ? 'image/png' : 'application/pdf' });
}

export async function waitFor(predicate: () => boolean, message: string, timeout = 8000): Promise<void> {
  const started = performance.now();
  while (!predicate()) {
    if (performance.now() - started > timeout) throw new Error(`timed out waiting for: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The upload grants of a test backend (`start-backend`), its captcha solved server-side as the widget would. */
export function backendGrants(origin: string, agencyId: string, purpose: 'filing' | 'correction' = 'filing'): SharedUploadGrant {
  return new SharedUploadGrant(() => executeServerCommand<UploadGrant, { origin: string; agencyId: string; purpose: string }>('upload-grant', { origin, agencyId, purpose }));
}
