/**
 * Size-based rotation with a few old files: main.log → main.1.log → … → main.<keep>.log, the oldest dropped.
 * electron-log calls it (its archiveLogFn) when main.log has grown past the limit, and then starts a new
 * main.log; its own rotation keeps only one old file, which a burst of errors can push out with the cause.
 */
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';

/** `main.log` → `main.<n>.log`. */
export function rotatedName(file: string, n: number): string {
  const { dir, name, ext } = path.parse(file);
  return path.join(dir, `${name}.${n}${ext}`);
}

/** Shifts the files by one; when that fails (a file held open on Windows…), `fallback` empties main.log instead. */
export function rotateLogFiles(file: string, keep: number, fallback: () => void): void {
  try {
    rmSync(rotatedName(file, keep), { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      try {
        renameSync(rotatedName(file, n), rotatedName(file, n + 1));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    if (keep >= 1) renameSync(file, rotatedName(file, 1));
    else rmSync(file, { force: true });
  } catch {
    fallback();
  }
}
