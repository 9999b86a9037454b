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

/**
 * Four trips through the thread pool (stat, open, one read per edge, close), and one read for a file of
 * a MiB or less: this runs twice on the path of every screenshot (queued, then checked before sending).
 */
export async function fingerprintOf(path: string): Promise<Fingerprint> {
  const info = await stat(path); // before opening: opening a FIFO would wait for a writer
  if (!info.isFile()) throw new NotRegularFileError(`${path} is not a regular file`);
  const length = Math.min(info.size, EDGE);
  const handle = await open(path, 'r');
  try {
    const head = await hashAt(handle, 0, length);
    const tail = info.size <= EDGE ? head : await hashAt(handle, info.size - length, length);
    return { size: info.size, mtimeMs: info.mtimeMs, head, tail };
  } finally {
    await handle.close();
  }
}

async function hashAt(handle: FileHandle, position: number, length: number): Promise<string> {
  const buffer = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, position + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return createHash('sha256').update(buffer.subarray(0, read)).digest('hex');
}

/** Why `now` is not the file that was queued, or undefined when it is the same. */
export function fingerprintChange(queued: Fingerprint, now: Fingerprint): string | undefined {
  if (now.size !== queued.size) return `${queued.size} → ${now.size} bytes`;
  if (now.mtimeMs !== queued.mtimeMs) return 'modified';
  if (now.head !== queued.head || now.tail !== queued.tail) return 'content differs';
  return undefined;
}
