/**
 * The upload queue's file (queue.db) cannot be used: the disk is full, the folder is read-only, this user may
 * not write there, or the folder does not exist. Made where the journal catches SQLite's and the file
 * system's errors (storage-diagnosis.ts); worded by the one formatter every stored file shares
 * (config/storage-problem.ts), with what to do about the queue: the CLI's last line and the app's notice say
 * the same thing.
 */
import path from 'node:path';
import {
  StorageError,
  type StorageAdvice,
  type StorageOperation,
  type StorageProblem,
} from '../config/storage-problem.ts';

export type { StorageOperation, StorageProblem, StorageReason } from '../config/storage-problem.ts';

const advice = (file: string): StorageAdvice => ({
  subject: `the upload queue (${path.basename(file)} in ${path.dirname(file)})`,
  toDo: {
    'disk-full': 'free some space; unfinished uploads are kept and resume with `traydrop queue run` (or in the app)',
    'read-only': 'remount it read-write, or set TRAYDROP_CONFIG_DIR to a writable folder',
    permission:
      'give this user write access to the folder (chown/chmod), or set TRAYDROP_CONFIG_DIR to a folder of yours',
    missing: 'create the folder, or set TRAYDROP_CONFIG_DIR to one that exists',
    // busy for over 10 s, corrupt, an I/O error: SQLite's words say which
    other: 'try again, or set TRAYDROP_CONFIG_DIR to another folder',
  },
});

export class QueueStorageError extends StorageError {
  override name = 'QueueStorageError';

  constructor(file: string, operation: StorageOperation, problem: StorageProblem, options: { cause?: unknown } = {}) {
    super(file, operation, problem, { cause: options.cause, advice: advice(file) });
  }
}

/** The QueueStorageError that caused `error` (it may be wrapped in an upload or a job error), if any. */
export function storageErrorIn(error: unknown): QueueStorageError | undefined {
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 8; e = (e as { cause?: unknown }).cause) {
    if (e instanceof QueueStorageError) return e;
    depth++;
  }
  return undefined;
}
