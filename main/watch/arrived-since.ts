/**
 * The files that arrived in a folder at or after an instant, oldest first: what came while nothing watched.
 * A file's arrival is the later of its mtime and ctime, so a file moved into the folder (its mtime kept, its
 * ctime set by the rename) counts, as does a screenshot the system writes hidden and then renames.
 * Skipped as the watcher skips them: ignored names (in any path segment), folders, empty files, and other
 * kinds of file. Subfolders only when `recursive`.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isIgnoredName } from './ignore-rules.ts';

export interface ArrivedFile {
  path: string;
  size: number;
  mtimeMs: number;
  arrivedMs: number;
}

export async function filesArrivedSince(
  folder: string,
  sinceMs: number,
  options: { recursive?: boolean } = {},
): Promise<ArrivedFile[]> {
  const names = await readdir(folder, { recursive: options.recursive ?? false });
  const arrived: ArrivedFile[] = [];
  for (const name of names) {
    if (name.split(path.sep).some((segment) => isIgnoredName(segment))) continue;
    const file = path.join(folder, name);
    const facts = await stat(file).catch(() => undefined); // gone meanwhile, or a dangling link
    if (!facts?.isFile() || facts.size === 0) continue;
    const arrivedMs = Math.max(facts.mtimeMs, facts.ctimeMs);
    if (arrivedMs >= sinceMs) arrived.push({ path: file, size: facts.size, mtimeMs: facts.mtimeMs, arrivedMs });
  }
  return arrived.sort((a, b) => a.arrivedMs - b.arrivedMs);
}
