/**
 * Where the desk's response files (the PDF a request is attended with) live. Kept behind
 * `ResponseStorage`, like uploads behind `FileReader`, so an S3 store can replace the local one.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes written under a temporary name, not yet visible under the response's id. */
export interface StagedResponse {
  /** Makes the bytes readable under the response's id. */
  commit(): Promise<void>;
  /** Removes the bytes (staged or committed); never throws. */
  discard(): Promise<void>;
}

export interface ResponseStorage {
  stage(responseId: string, bytes: Uint8Array): Promise<StagedResponse>;
  read(responseId: string): Promise<Uint8Array>;
  /** The key recorded with the response, stable across processes and restarts. */
  storageKey(responseId: string): string;
}

/** One storage per agency, as for uploads. */
export type ResponseStorageFactory = (agencyId: string) => ResponseStorage;

function checkedId(responseId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(responseId)) throw new RangeError(`Not a response id: ${responseId}`);
  return responseId;
}

/** Responses on local disk under `<dataDir>/responses/<agencyId>/<id>`. */
export function fileResponseStorage(dataDir: string): ResponseStorageFactory {
  return (agencyId) => {
    const directory = join(dataDir, 'responses', agencyId);
    return {
      async stage(responseId, bytes) {
        const path = join(directory, checkedId(responseId));
        const temporary = `${path}.tmp`;
        await mkdir(directory, { recursive: true });
        await writeFile(temporary, bytes);
        return {
          commit: () => rename(temporary, path),
          discard: async () => {
            await rm(temporary, { force: true }).catch(() => undefined);
            await rm(path, { force: true }).catch(() => undefined);
          },
        };
      },
      async read(responseId) {
        return new Uint8Array(await readFile(join(directory, checkedId(responseId))));
      },
      storageKey: (responseId) => `responses/${agencyId}/${checkedId(responseId)}`,
    };
  };
}
