/**
 * Real small or read-only file systems for the tests of a config folder that fills up or cannot be written:
 * a tmpfs of a few hundred KiB, mounted over an empty folder (root only: a test that cannot mount fails
 * and says why, it does not skip), filled to the last byte on request, remounted read-only on request.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface SmallFs {
  dir: string;
  /** Writes a filler file until the file system has no byte left. */
  fill(): void;
  /** Removes the filler. */
  free(): void;
  readOnly(): void;
  unmount(): void;
}

export function mountSmallFs(dir: string, size = '1m'): SmallFs {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    const why = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
    throw new Error(
      `this test needs a small real file system: mounting a tmpfs on ${dir} failed (run as root): ${why}`,
      { cause: error },
    );
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const block = Buffer.alloc(4096, 1);
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
    readOnly: () => void execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'pipe' }),
    unmount: () => void execFileSync('umount', ['-l', dir], { stdio: 'pipe' }),
  };
}
