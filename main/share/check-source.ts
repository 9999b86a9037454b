import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';

/** A file the user asked to share, checked before anything is sent. */
export interface SourceFile {
  path: string;
  bytes: number;
  mtimeMs: number;
}

/** Bad input: the message says what is wrong in words a person understands. */
export class SourceError extends Error {
  override name = 'SourceError';
}

export async function checkSource(input: string): Promise<SourceFile> {
  const file = path.resolve(input);
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new SourceError('no such file');
    if (code === 'EACCES') throw new SourceError('permission denied (cannot look at the file)');
    throw new SourceError(`cannot read it: ${(error as Error).message}`);
  }
  if (info.isDirectory()) throw new SourceError('is a folder; zip it first or share the files inside');
  if (!info.isFile()) throw new SourceError('is not a regular file (device, socket or pipe)');
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new SourceError('permission denied (the file is not readable)');
  }
  return { path: file, bytes: info.size, mtimeMs: info.mtimeMs };
}
