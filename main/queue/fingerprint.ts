/**
 * What a source file looked like when it was queued: size, mtime and SHA-256 of its first and last
 * MiB. Cheap for any size, and enough to refuse to upload a mix of old and new content after a
 * restart (a full hash of a 10 GiB recording would take longer than some uploads).
 */
import { createHash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';

export interface Fingerprint {
  size: number;
  mtimeMs: number;
  /** Hex SHA-256 of bytes [0, min(size, 1 MiB)). */
  head: string;
  /** Hex SHA-256 of the last min(size, 1 MiB) bytes. */
  tail: string;
}

export class NotRegularFileError extends Error {
  override name = 'NotRegularFileError';
}

const EDGE = 1024 * 1024;

/** A fingerprint, and the file's bytes when it was read whole (a MiB or less). */
export interface ReadFingerprint {
  fingerprint: Fingerprint;
  /** The whole file, for sizes up to a MiB; its SHA-256 is `fingerprint.head`. */
  contents?: Buffer;
}

/**
 * Four trips through the thread pool (stat, open, one read per edge, close), and one read for a file of
 * a MiB or less. On a screenshot's path it runs once: the runner of the process that queued it takes the
 * bytes read here (queued-bytes.ts) and only stats the file.
 */
export async function readFingerprint(path: string): Promise<ReadFingerprint> {
  const info = await stat(path); // before opening: opening a FIFO would wait for a writer
  if (!info.isFile()) throw new NotRegularFileError(`${path} is not a regular file`);
  const length = Math.min(info.size, EDGE);
  const handle = await open(path, 'r');
  try {
    const first = await readAt(handle, 0, length);
    const head = sha256(first);
    const whole = info.size <= EDGE && first.length === info.size;
    const tail = info.size <= EDGE ? head : sha256(await readAt(handle, info.size - length, length));
    const fingerprint = { size: info.size, mtimeMs: info.mtimeMs, head, tail };
    return whole ? { fingerprint, contents: first } : { fingerprint };
  } finally {
    await handle.close();
  }
}

export async function fingerprintOf(path: string): Promise<Fingerprint> {
  return (await readFingerprint(path)).fingerprint;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, position + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return buffer.subarray(0, read);
}

/** Why a file with this size and mtime is not the one that was queued (a stat's worth), or undefined. */
export function statChange(queued: Fingerprint, now: { size: number; mtimeMs: number }): string | undefined {
  if (now.size !== queued.size) return `${queued.size} → ${now.size} bytes`;
  if (now.mtimeMs !== queued.mtimeMs) return 'modified';
  return undefined;
}

/** Why `now` is not the file that was queued, or undefined when it is the same. */
export function fingerprintChange(queued: Fingerprint, now: Fingerprint): string | undefined {
  const changed = statChange(queued, now);
  if (changed) return changed;
  if (now.head !== queued.head || now.tail !== queued.tail) return 'content differs';
  return undefined;
}
