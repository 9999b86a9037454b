/**
 * Why the journal's file could not be opened, read or written, from the error SQLite or the file system gave.
 * SQLite's own words are often vague ("unable to open database file" for a read-only folder, a missing one
 * and one this user may not write alike), so for those the folder itself is looked at. Errors that are not
 * about storage (an SQL mistake, a constraint) are not ours: they stay as they are.
 */
import path from 'node:path';
import { diagnoseFileError, diagnoseFolder, type StorageProblem } from '../config/storage-problem.ts';
import { QueueStorageError, type StorageOperation } from './storage-error.ts';

/** SQLite primary result codes that mean the file or its disk, not the statement. */
const SQLITE = { PERM: 3, BUSY: 5, LOCKED: 6, READONLY: 8, IOERR: 10, CORRUPT: 11, FULL: 13, CANTOPEN: 14, NOTADB: 26 };
const STORAGE_CODES = new Set(Object.values(SQLITE));

/** The error as a QueueStorageError about `file`, or undefined when it is not a storage problem. */
export function toStorageError(
  error: unknown,
  file: string,
  operation: StorageOperation,
): QueueStorageError | undefined {
  if (error instanceof QueueStorageError) return error;
  const problem = diagnose(error, file);
  return problem && new QueueStorageError(file, operation, problem, { cause: error });
}

export function diagnose(error: unknown, file: string): StorageProblem | undefined {
  const { code, errcode, errstr } = (error ?? {}) as { code?: unknown; errcode?: unknown; errstr?: unknown };
  if (code !== 'ERR_SQLITE_ERROR' || typeof errcode !== 'number') return diagnoseFileError(error, file);
  const primary = errcode & 0xff;
  if (!STORAGE_CODES.has(primary)) return undefined;
  if (primary === SQLITE.FULL) return { reason: 'disk-full' };
  const journalFiles = [file, `${file}-wal`, `${file}-shm`];
  const words = typeof errstr === 'string' ? errstr : (error as Error).message;
  return (
    diagnoseFolder(path.dirname(file), journalFiles) ??
    (primary === SQLITE.READONLY ? { reason: 'read-only' } : { reason: 'other', detail: words })
  );
}
