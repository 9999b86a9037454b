/**
 * What identifies a file's content cheaply: size, mtime, and SHA-256 of its first and last MiB (the whole file
 * when it is at most 2 MiB). Reading at most 2 MiB keeps a 10 GiB recording as cheap as a screenshot.
 * (main/queue/fingerprint.ts keeps two separate hashes for its own purpose; this one is a single digest.)
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

export interface FileFacts {
  path: string;
  size: number;
  mtimeMs: number;
  /** Hex SHA-256 of first MiB + last MiB. */
  digest: string;
}

const EDGE = 1024 * 1024;

export async function fileFacts(file: string): Promise<FileFacts> {
  const handle = await open(file, 'r');
  try {
    const info = await handle.stat();
    const hash = createHash('sha256');
    const read = async (position: number, length: number): Promise<void> => {
      const buffer = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await handle.read(buffer, got, length - got, position + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      hash.update(buffer.subarray(0, got));
    };
    if (info.size <= 2 * EDGE) {
      await read(0, info.size);
    } else {
      await read(0, EDGE);
      await read(info.size - EDGE, EDGE);
    }
    return { path: file, size: info.size, mtimeMs: info.mtimeMs, digest: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}
