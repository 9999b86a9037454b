/**
 * What identifies a file's content cheaply for the watched-folder ledger: size, mtime, and a digest of its
 * first and last MiB, taken from the upload queue's own fingerprint (main/queue/fingerprint.ts) so both
 * read a file the same way. Reading at most 2 MiB keeps a 10 GiB recording as cheap as a screenshot.
 */
import { fingerprintOf } from '../queue/fingerprint.ts';

export interface FileFacts {
  path: string;
  size: number;
  mtimeMs: number;
  /** Hex SHA-256 of the first MiB, `:`, hex SHA-256 of the last MiB. */
  digest: string;
}

export async function fileFacts(file: string): Promise<FileFacts> {
  const { size, mtimeMs, head, tail } = await fingerprintOf(file);
  return { path: file, size, mtimeMs, digest: `${head}:${tail}` };
}
