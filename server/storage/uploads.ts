/**
 * Where upload bytes live. tus writes through a `DataStore`; the rest of the backend reads
 * through `FileReader`, so moving to S3 (`@tus/s3-store` + an S3 reader) touches only this file.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileStore } from '@tus/file-store';
import { ERRORS, type DataStore } from '@tus/server';
import type { DiskSpace } from '../uploads/grants.ts';
import { diskSpaceOf } from '../uploads/space.ts';
import { storageFailure } from '../http/storage-full.ts';

/** Reads a stored upload's bytes by upload id. */
export interface FileReader {
  /** The first `length` bytes (fewer when the file is shorter). */
  readHead(uploadId: string, length: number): Promise<Uint8Array>;
  /** The whole file in memory: only for parsers that need it (pdf.js, for page counts). */
  readAll(uploadId: string): Promise<Uint8Array>;
  /** The whole file as a stream: for hashing and, later, downloads. */
  stream(uploadId: string): Readable;
}

export interface UploadStorage {
  /** What tus writes to. */
  readonly datastore: DataStore;
  readonly reader: FileReader;
  /** The key recorded with a filed document, stable across processes and restarts. */
  storageKey(uploadId: string): string;
  /** Free space where the bytes go (the reserve, server/uploads/space.ts); absent: not known, no reserve. */
  freeSpace?(): Promise<DiskSpace>;
}

/**
 * FileStore, except that a write failing on a full or read-only disk keeps its cause (ENOSPC,
 * EROFS…): FileStore turns every write error into tus's generic 500, and the desk answers those
 * with 507 and deletes the partial file (server/uploads/tus-server.ts).
 */
class DiskFileStore extends FileStore {
  override async write(readable: Readable, fileId: string, offset: number): Promise<number> {
    if (!/^[A-Za-z0-9_-]+$/.test(fileId)) throw ERRORS.FILE_NOT_FOUND;
    const writable = createWriteStream(join(this.directory, fileId), { flags: 'r+', start: offset });
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(readable, counter, writable);
    } catch (error) {
      if (storageFailure(error)) throw error;
      throw ERRORS.FILE_WRITE_ERROR;
    }
    return offset + received;
  }
}

/** One storage per agency, so an upload id of agency A is unknown to agency B. */
export type UploadStorageFactory = (agencyId: string) => UploadStorage;

class LocalFileReader implements FileReader {
  constructor(private readonly directory: string) {}

  async readHead(uploadId: string, length: number): Promise<Uint8Array> {
    const handle = await open(this.path(uploadId), 'r');
    try {
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async readAll(uploadId: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.path(uploadId)));
  }

  stream(uploadId: string): Readable {
    return createReadStream(this.path(uploadId));
  }

  private path(uploadId: string): string {
    // tus already refuses ids with path separators; refusing them here too keeps the reader
    // safe when called with an id that came from somewhere else (a filing body).
    if (!/^[A-Za-z0-9_-]+$/.test(uploadId)) throw new RangeError(`Not an upload id: ${uploadId}`);
    return join(this.directory, uploadId);
  }
}

/** Uploads on local disk under `<dataDir>/uploads/<agencyId>`. */
export function fileUploadStorage(dataDir: string): UploadStorageFactory {
  return (agencyId) => {
    const directory = join(dataDir, 'uploads', agencyId);
    const datastore = new DiskFileStore({ directory });
    // The desk needs every file's size up front to apply the slot's limit when the upload is
    // created, so it does not offer deferred lengths (tus answers such a request with an error).
    datastore.extensions = datastore.extensions.filter((extension) => extension !== 'creation-defer-length');
    return {
      datastore,
      reader: new LocalFileReader(directory),
      storageKey: (uploadId) => `uploads/${agencyId}/${uploadId}`,
      freeSpace: () => diskSpaceOf(directory),
    };
  };
}
