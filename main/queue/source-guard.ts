/**
 * The one guard of a job's source file, owned by the queue: whether a path may be queued at all (a readable
 * regular file; a folder or a missing file is said in words a person understands), and whether the file is
 * still the one that was queued, when an attempt starts (by content, or one stat when this process kept its
 * bytes), once a second while it uploads, and before the upload is published. Each way a file can differ has
 * one wording here; the engine (upload-file.ts) is handed `unchanged` instead of checking on its own.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { JobError } from './classify.ts';
import {
  fingerprintChange,
  NotRegularFileError,
  readFingerprint,
  statChange,
  type ReadFingerprint,
} from './fingerprint.ts';
import type { Job } from './job.ts';

/** Bad input, nothing queued: the message says what is wrong in words a person understands. */
export class SourceError extends Error {
  override name = 'SourceError';
}

type Source = Pick<Job, 'source' | 'fingerprint'>;

const SOURCE_CHECK_MS = 1000;

/** A file or a folder the user wants to share (a folder is zipped or opened by the caller). */
export async function sourceKind(input: string): Promise<'file' | 'folder'> {
  let info;
  try {
    info = await stat(input);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new SourceError('no such file (moved or deleted?)');
    if (code === 'EACCES') throw new SourceError('permission denied (cannot look at the file)');
    throw new SourceError(`cannot read it: ${(error as Error).message}`);
  }
  return info.isDirectory() ? 'folder' : 'file';
}

/** A file to queue: a readable regular file, read for its fingerprint. Throws SourceError. */
export async function admitSource(input: string): Promise<{ path: string; read: ReadFingerprint }> {
  const file = path.resolve(input);
  if ((await sourceKind(file)) === 'folder')
    throw new SourceError('is a folder; zip it first or share the files inside');
  try {
    return { path: file, read: await readFingerprint(file) };
  } catch (error) {
    if (error instanceof NotRegularFileError) throw new SourceError('is not a regular file (device, socket or pipe)');
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES') throw new SourceError('permission denied (the file is not readable)');
    if (code === 'ENOENT') throw new SourceError('no such file (moved or deleted?)');
    throw new SourceError(`cannot read it: ${(error as Error).message}`);
  }
}

/**
 * The start of an attempt: the file must still be the one queued (same size, mtime, first and last MiB).
 * Bytes this process kept when it queued the file are still the file when one stat shows the same size and
 * mtime; otherwise (or when that stat fails, to get its error right) the file is read and compared by content.
 */
export async function verifySource(job: Source, kept?: ReadFingerprint): Promise<ReadFingerprint> {
  if (kept) {
    const now = await stat(job.source).catch(() => undefined);
    if (now?.isFile() && !statChange(job.fingerprint, now)) return kept;
  }
  let read;
  try {
    read = await readFingerprint(job.source);
  } catch (error) {
    if (error instanceof NotRegularFileError) throw new JobError(`${job.source} is no longer a regular file`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new JobError(`${job.source} is gone`);
    throw new JobError(`${job.source} cannot be read (${code ?? String(error)})`);
  }
  const change = fingerprintChange(job.fingerprint, read.fingerprint);
  if (change) {
    throw new JobError(
      `${job.source} changed since it was queued (${change}); share it again (or \`traydrop queue retry\`) to send it as it is now`,
    );
  }
  return read;
}

/** Throws when the file is no longer the size and mtime it was queued with: before an upload is published. */
export async function sourceUnchanged(job: Source): Promise<void> {
  let now;
  try {
    now = await stat(job.source);
  } catch {
    throw new JobError(`${job.source} disappeared while uploading; nothing was published`);
  }
  const change = statChange(job.fingerprint, now);
  if (change) throw new JobError(`${job.source} changed while uploading (${change}); nothing was published`);
}

/**
 * Looks at the source once a second while it uploads: a file truncated or rewritten mid-upload stops the
 * attempt at once (a JobError: the job fails) instead of after the engine's retries.
 */
export function watchSource(job: Source, signal: AbortSignal): { signal: AbortSignal; stop: () => void } {
  const changed = new AbortController();
  const timer = setInterval(() => {
    sourceUnchanged(job).catch((error: unknown) => changed.abort(error));
  }, SOURCE_CHECK_MS);
  return { signal: AbortSignal.any([signal, changed.signal]), stop: () => clearInterval(timer) };
}
