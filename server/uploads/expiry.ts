/**
 * Uploads nobody filed do not stay. Every tus upload gets a lease when it is created (its
 * `Upload-Expires`): once the lease ends, a periodic sweep deletes its bytes (finished or not)
 * and its `uploads` row, unless a filing or a correction took the upload by then. A filing that
 * arrives later finds no such upload and answers `upload.notFound` ("vuelva a adjuntarlo"),
 * which the form shows on that file.
 *
 * The `uploads` row is deleted only while no request holds it (`request_id is null`): the
 * filing's own conditional link and this delete cannot both win, so a filed document never
 * loses its bytes. Finished uploads from before leases existed are swept by their age.
 */
import type { Clock } from '../clock.ts';
import type { DeskDatabase } from '../db/schema.ts';
import { startPeriodic, type PeriodicJob } from '../periodic.ts';
import type { UploadStorageFactory } from '../storage/uploads.ts';

/** Records when the new upload's bytes may go; answers that instant. */
export async function leaseUpload(db: DeskDatabase, clock: Clock, upload: { id: string; agencyId: string; size: number }, expiryMs: number): Promise<string> {
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + expiryMs).toISOString();
  await db
    .insertInto('upload_leases')
    .values({ upload_id: upload.id, agency_id: upload.agencyId, size: upload.size, created_at: now.toISOString(), expires_at: expiresAt })
    .onConflict((conflict) => conflict.column('upload_id').doNothing())
    .execute();
  return expiresAt;
}

export interface UploadSweepOptions {
  db: DeskDatabase;
  clock: Clock;
  storageFor: UploadStorageFactory;
  /** The lease of uploads created before leases existed: their age. */
  expiryMs: number;
  /** Reads this many at a time; a run goes on until a batch comes back short (or it is stopped). */
  batch?: number;
}

/**
 * Deletes the expired uploads no request took, a batch at a time until none are left (or
 * `stopped()`): one batch per run would let a flood of creations outgrow the sweep. Answers how
 * many were deleted.
 */
export async function sweepExpiredUploads(options: UploadSweepOptions, stopped: () => boolean = () => false): Promise<number> {
  const batch = options.batch ?? 200;
  const storages = new Map<string, ReturnType<UploadStorageFactory>>();
  let deleted = 0;
  for (;;) {
    const round = await sweepBatch(options, batch, storages, stopped);
    deleted += round.deleted;
    // A short batch means nothing more is due; a batch where nothing could be settled (the store
    // failing) is left for the next run rather than read again and again.
    if (round.read < batch || round.settled === 0 || stopped()) return deleted;
  }
}

async function sweepBatch(
  options: UploadSweepOptions,
  batch: number,
  storages: Map<string, ReturnType<UploadStorageFactory>>,
  stopped: () => boolean,
): Promise<{ read: number; settled: number; deleted: number }> {
  const { db, clock } = options;
  const now = clock.now();
  const expired = await db
    .selectFrom('upload_leases')
    .select(['upload_id', 'agency_id'])
    .where('expires_at', '<=', now.toISOString())
    .orderBy('expires_at')
    .limit(batch)
    .execute();
  const unleased = await db
    .selectFrom('uploads')
    .leftJoin('upload_leases', 'upload_leases.upload_id', 'uploads.id')
    .select(['uploads.id as upload_id', 'uploads.agency_id'])
    .where('uploads.request_id', 'is', null)
    .where('upload_leases.upload_id', 'is', null)
    .where('uploads.created_at', '<=', new Date(now.getTime() - options.expiryMs).toISOString())
    .orderBy('uploads.created_at')
    .limit(batch)
    .execute();
  let deleted = 0;
  let settled = 0;
  for (const { upload_id: id, agency_id: agencyId } of [...expired, ...unleased]) {
    if (stopped()) break;
    const row = await db.selectFrom('uploads').select('request_id').where('id', '=', id).executeTakeFirst();
    let free = !row;
    if (row && row.request_id === null) {
      const removed = await db.deleteFrom('uploads').where('id', '=', id).where('request_id', 'is', null).executeTakeFirst();
      free = Number(removed.numDeletedRows) === 1;
    }
    if (free) {
      let storage = storages.get(agencyId);
      if (!storage) storages.set(agencyId, (storage = options.storageFor(agencyId)));
      try {
        await storage.datastore.remove(id);
        deleted++;
      } catch (error) {
        // Already gone (a refused upload deletes its own bytes; a client may terminate an unfinished one).
        const code = (error as { code?: string; status_code?: number }).status_code ?? (error as { code?: string }).code;
        if (code !== 404 && code !== 'ENOENT') {
          console.error(`[uploads] could not delete expired upload ${id}`, error);
          continue; // the lease stays: the next run tries again
        }
      }
    }
    await db.deleteFrom('upload_leases').where('upload_id', '=', id).execute();
    settled++;
  }
  return { read: Math.max(expired.length, unleased.length), settled, deleted };
}

/** The sweep every `intervalMs` (server/main.ts), with the grants that can no longer be used. */
export function startUploadSweep(options: UploadSweepOptions & { pruneGrants: () => Promise<void> }, intervalMs: number): PeriodicJob {
  return startPeriodic(async (stopped) => {
    try {
      const deleted = await sweepExpiredUploads(options, stopped);
      if (deleted > 0) console.log(`Subidas vencidas eliminadas: ${deleted}`);
      await options.pruneGrants();
    } catch (error) {
      console.error('[uploads] the sweep of expired uploads failed', error);
    }
  }, intervalMs);
}
