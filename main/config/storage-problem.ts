/**
 * A file that cannot be opened or written because of where it lives: the disk is full, the file system is
 * read-only, this user may not write there, or the folder does not exist. Made from the file system's error
 * code, or, when that says too little (SQLite's "unable to open database file"), from a look at the folder.
 * One typed error and one formatter for every file Traydrop keeps (the upload queue, config.json, the token
 * file, settings), so each failure is one line that names the file, the folder, why, and what to do.
 */
import { accessSync, constants, existsSync, statfsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type StorageReason = 'disk-full' | 'read-only' | 'permission' | 'missing' | 'other';

export type StorageOperation = 'open' | 'read' | 'write';

export interface StorageProblem {
  reason: StorageReason;
  /** What exactly: the path that is missing or not a folder, the user without access, the library's words. */
  detail?: string;
}

/** What to say after "cannot write X:" — why, and what to do about it. */
export interface StorageAdvice {
  /** The file, for a person: `config.json in /home/ann/.config/traydrop` by default. */
  subject?: string;
  /** What to do, per reason, where the default does not fit. */
  toDo?: Partial<Record<StorageReason, string>>;
}

const WHY: Record<StorageReason, (detail: string | undefined) => string> = {
  'disk-full': () => 'the disk is full',
  'read-only': () => 'its file system is read-only',
  permission: (user) => `this user${user ? ` (${user})` : ''} has no permission to write there`,
  missing: (what) => what ?? 'the folder does not exist',
  other: (words) => words ?? 'unknown error',
};

const TO_DO: Record<StorageReason, string> = {
  'disk-full': 'free some space and try again',
  'read-only': 'remount it read-write',
  permission: 'give this user write access to the folder (chown/chmod)',
  missing: 'create the folder',
  other: 'try again',
};

export class StorageError extends Error {
  override name = 'StorageError';
  readonly file: string;
  /** The folder the file lives in. */
  readonly folder: string;
  readonly reason: StorageReason;
  readonly operation: StorageOperation;
  readonly detail: string | undefined;

  constructor(
    file: string,
    operation: StorageOperation,
    problem: StorageProblem,
    options: { cause?: unknown; advice?: StorageAdvice } = {},
  ) {
    super(describeStorageProblem(file, operation, problem, options.advice), { cause: options.cause });
    this.file = file;
    this.folder = path.dirname(file);
    this.reason = problem.reason;
    this.operation = operation;
    this.detail = problem.detail;
  }
}

/** `cannot write config.json in /home/ann/.config/traydrop: the disk is full; free some space and try again` */
export function describeStorageProblem(
  file: string,
  operation: StorageOperation,
  problem: StorageProblem,
  advice: StorageAdvice = {},
): string {
  const subject = advice.subject ?? `${path.basename(file)} in ${path.dirname(file)}`;
  const toDo = advice.toDo?.[problem.reason] ?? TO_DO[problem.reason];
  return `cannot ${operation} ${subject}: ${WHY[problem.reason](problem.detail)}; ${toDo}`;
}

/** A file system error as a StorageError about `file`, or undefined when it is not about where the file lives. */
export function toStorageError(error: unknown, file: string, operation: StorageOperation): StorageError | undefined {
  if (error instanceof StorageError) return error;
  const problem = diagnoseFileError(error, file);
  return problem && new StorageError(file, operation, problem, { cause: error });
}

/** Runs `work` on `file`; a failure because of where the file lives comes out as a StorageError. */
export async function storing<T>(file: string, operation: StorageOperation, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStorageError(error, file, operation) ?? error;
  }
}

/** The reason an errno error (ENOSPC, EROFS, EACCES, ENOENT…) gives, or undefined for any other error. */
export function diagnoseFileError(error: unknown, file: string): StorageProblem | undefined {
  switch ((error as { code?: unknown } | null)?.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return { reason: 'disk-full' };
    case 'EROFS':
      return { reason: 'read-only' };
    case 'EACCES':
    case 'EPERM':
      return { reason: 'permission', detail: userName() };
    case 'ENOENT':
    case 'ENOTDIR':
      return { reason: 'missing', detail: blocker(path.dirname(file)) };
    default:
      return undefined;
  }
}

/** What is wrong with the folder (and these files in it), or undefined when nothing shows. */
export function diagnoseFolder(folder: string, files: string[] = []): StorageProblem | undefined {
  if (!isFolder(folder)) return { reason: 'missing', detail: blocker(folder) };
  const denied = writeDenied(folder) ?? files.map(writeDenied).find(Boolean);
  if (denied === 'EROFS') return { reason: 'read-only' };
  if (denied) return { reason: 'permission', detail: userName() };
  try {
    if (statfsSync(folder).bavail === 0) return { reason: 'disk-full' };
  } catch {
    // no statfs here: nothing more to learn
  }
  return undefined;
}

/** The errno code that stops this process writing `target`, if it exists and may not be written. */
function writeDenied(target: string): string | undefined {
  if (!existsSync(target)) return undefined;
  try {
    accessSync(target, constants.W_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'EACCES';
  }
}

function isFolder(target: string): boolean {
  try {
    return statSync(target).isDirectory();
  } catch {
    return false;
  }
}

/** The first part of `folder`'s path that is missing or is not a folder: `/mnt/usb does not exist`. */
export function blocker(folder: string): string {
  const absolute = path.resolve(folder);
  let at = path.parse(absolute).root;
  for (const part of absolute.split(path.sep).filter(Boolean)) {
    at = path.join(at, part);
    try {
      if (!statSync(at).isDirectory()) return `${at} is not a folder`;
    } catch {
      return `${at} does not exist`;
    }
  }
  return `${absolute} is not usable`;
}

function userName(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}
