/**
 * Put a capture into the captures folder atomically: the bytes go to a hidden temp file (`.traydrop-….part`,
 * which the watched folder ignores), are fsynced, and only then appear under their final name. The final name
 * never overwrites an existing file: `link()` fails with EEXIST instead, and the next name is tried
 * ({n} + 1 when the pattern has a counter, else "-2", "-3"… before the extension).
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { captureName, hasCounter, DEFAULT_CAPTURE_PATTERN, type CaptureKind } from './capture-name.ts';

export interface SaveOptions {
  /** The captures folder (created if missing). */
  folder: string;
  kind: CaptureKind;
  /** '.png', '.mp4', '.gif' */
  extension: string;
  pattern?: string;
  /** When the capture was taken (names use local time); default now. */
  date?: Date;
}

const MAX_TRIES = 1000;

/** A temp path inside the folder, on the same file system as the final name. */
export async function tempCapturePath(folder: string, extension: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  return path.join(folder, `.traydrop-${randomBytes(6).toString('hex')}${extension}.part`);
}

/** Write `data` and publish it; resolves to the final path. */
export async function saveCapture(data: Buffer, options: SaveOptions): Promise<string> {
  const temp = await tempCapturePath(options.folder, options.extension);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return publishCapture(temp, options);
}

/** Give a finished temp file (same folder) its final, unused name; resolves to that path. */
export async function publishCapture(temp: string, options: SaveOptions): Promise<string> {
  const pattern = options.pattern ?? DEFAULT_CAPTURE_PATTERN;
  const date = options.date ?? new Date();
  const counter = hasCounter(pattern);
  try {
    for (let n = 1; n <= MAX_TRIES; n++) {
      let name = captureName(pattern, { date, kind: options.kind, n }, options.extension);
      if (!counter && n > 1) name = name.slice(0, -options.extension.length) + `-${n}` + options.extension;
      const target = path.join(options.folder, name);
      if (await claim(temp, target)) {
        await syncFolder(options.folder);
        return target;
      }
    }
    throw new Error(`no free file name in ${options.folder} after ${MAX_TRIES} tries (pattern "${pattern}")`);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Hard-link temp → target unless target exists. File systems without hard links (FAT, some shares): rename. */
async function claim(temp: string, target: string): Promise<boolean> {
  try {
    await link(temp, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error;
  }
  if (
    await stat(target).then(
      () => true,
      () => false,
    )
  )
    return false;
  await rename(temp, target);
  return true;
}

async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
