/**
 * Until when a folder was watched: `<stateDir>/watch-mark.json`, {"folder","seenUntil"}. The next start catches
 * up on files that arrived in that folder after `seenUntil` (while the app was closed or had crashed).
 *
 * The mark is written while watching (every half minute) and when the app quits, and removed when the user stops
 * watching the folder: a folder watched again weeks later starts afresh instead of uploading all it gathered.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../config/atomic-write.ts';
import { readIfExists } from '../config/read-if-exists.ts';

export const MARK_FILE = 'watch-mark.json';

export interface WatchMark {
  /** The watched folder, resolved. */
  folder: string;
  /** Every file that arrived before this instant (ms since the epoch) was reported, or existed before watching began. */
  seenUntil: number;
}

/** The mark for `folder`, or undefined: never watched, watched under another folder, or an unreadable mark. */
export async function readWatchMark(stateDir: string, folder: string): Promise<WatchMark | undefined> {
  const text = await readIfExists(path.join(stateDir, MARK_FILE));
  if (text === undefined) return undefined;
  try {
    const mark = JSON.parse(text) as Partial<WatchMark>;
    if (mark.folder !== folder || typeof mark.seenUntil !== 'number' || !Number.isFinite(mark.seenUntil))
      return undefined;
    return { folder, seenUntil: mark.seenUntil };
  } catch {
    return undefined;
  }
}

export async function writeWatchMark(stateDir: string, mark: WatchMark): Promise<void> {
  await writeFileAtomic(path.join(stateDir, MARK_FILE), JSON.stringify(mark) + '\n');
}

export async function forgetWatchMark(stateDir: string): Promise<void> {
  await rm(path.join(stateDir, MARK_FILE), { force: true });
}
