/**
 * The reserve: new uploads stop while the upload store's free space, minus the new file, would
 * fall below the smaller of `reserveBytes` (2 GB) and `reservePercent` of the disk (5 %), so the
 * space left goes to filings whose files are already uploaded (a filing writes a few KB to the
 * database). The smaller of the two, so a small disk (20 GB: 1 GB) is not closed early and a large
 * one (1 TB: 2 GB) does not keep 50 GB idle; 0 in either turns the reserve off.
 *
 * Free space alone says nothing of uploads created but not yet written: N parallel creations would
 * each see the same free space and their PATCHes fill the disk together. So the new upload's lease
 * is recorded first, and what counts is free space minus every unfinished upload's declared size
 * (the new one included; their bytes written so far are counted twice, which errs on the safe
 * side). Two creations racing both see each other, so at worst both are refused, never both let in.
 */
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DeskDatabase } from '../db/schema.ts';
import { ProblemError } from '../http/problems.ts';
import type { DiskSpace, ResolvedUploadLimits } from './grants.ts';

/** `fs.statfs` of `directory`, or of its closest existing parent (the folder may not exist yet). */
export async function diskSpaceOf(directory: string): Promise<DiskSpace> {
  for (let path = directory; ; path = dirname(path)) {
    try {
      const stats = await statfs(path);
      return { free: Number(stats.bavail) * Number(stats.bsize), total: Number(stats.blocks) * Number(stats.bsize) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(path) === path) throw error;
    }
  }
}

/** The bytes kept free for filings whose files are already uploaded. */
export function reserveBytes(limits: Pick<ResolvedUploadLimits, 'reserveBytes' | 'reservePercent'>, space: DiskSpace): number {
  return Math.min(limits.reserveBytes, (space.total * limits.reservePercent) / 100);
}

/** The declared bytes of every leased upload not finished yet (all agencies: they may share a disk). */
export async function owedBytes(db: DeskDatabase): Promise<number> {
  const row = await db
    .selectFrom('upload_leases')
    .leftJoin('uploads', 'uploads.id', 'upload_leases.upload_id')
    .where('uploads.id', 'is', null)
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('upload_leases.size'), eb.lit(0)).as('owed'))
    .executeTakeFirst();
  return Number(row?.owed ?? 0);
}

/**
 * Refuses (507 `storage.full`) a new upload when the bytes still owed to unfinished uploads
 * (`owed`, the new one's already leased) would eat into the reserve.
 */
export async function ensureRoomFor(owed: number, space: DiskSpace | null, limits: ResolvedUploadLimits, agencyId: string): Promise<void> {
  if (!space) return;
  const reserve = reserveBytes(limits, space);
  if (space.free - owed >= reserve) return;
  console.warn(`[uploads] ${agencyId}: new upload refused, ${space.free} bytes free, ${owed} owed to unfinished uploads and ${Math.round(reserve)} kept in reserve`);
  throw new ProblemError('storage.full', {
    detail: 'La mesa de partes no recibe archivos nuevos en este momento porque le queda poco espacio de almacenamiento. Vuelva a intentarlo más tarde; si ya subió sus archivos, puede enviar su solicitud.',
  });
}
