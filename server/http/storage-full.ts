/**
 * A write that failed because the disk is full or read-only (the upload store's ENOSPC, EDQUOT,
 * EROFS; SQLite's SQLITE_FULL, SQLITE_READONLY…). Such a failure is the operator's to fix, not a
 * bug: the citizen gets 507 `storage.full` in plain words, the log gets the real cause.
 */
import { makeProblem } from './problems.ts';
import type { Problem } from '../../src/api/types.ts';

const FULL_OR_READ_ONLY = /^(ENOSPC|EDQUOT|EROFS|SQLITE_FULL|SQLITE_READONLY(_\w+)?|SQLITE_IOERR_WRITE)$/;

export interface StorageFailure {
  code: string;
  message: string;
}

/** The full-disk or read-only cause of `error` (itself or a `cause` it wraps), or null. */
export function storageFailure(error: unknown): StorageFailure | null {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && FULL_OR_READ_ONLY.test(code)) {
      return { code, message: String((current as { message?: unknown }).message ?? code) };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export const STORAGE_FULL_DETAIL =
  'La mesa de partes no pudo guardar lo que envió porque su almacenamiento está lleno o no admite escritura. No se registró nada: vuelva a intentarlo más tarde. Si el problema continúa, avise a la entidad.';

/** The 507 for a write that failed on a full or read-only disk; logs the cause with `where`. */
export function storageFullProblem(failure: StorageFailure, where: string): Problem {
  console.error(`[storage] ${where}: the disk is full or read-only (${failure.code}): ${failure.message}`);
  return makeProblem('storage.full', { detail: STORAGE_FULL_DETAIL });
}

