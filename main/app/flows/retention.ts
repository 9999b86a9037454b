/**
 * Retention `{days: n}`: files Traydrop wrote into the captures folder (screenshots, recordings, clipboard text:
 * jobs marked `appWritten`) and uploaded are deleted once older than n days. The user's own files, even in the
 * captures folder, and anything there the queue does not know as uploaded, are never touched.
 */
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../../../common/ipc-contract.ts';
import type { Journal } from '../../queue/journal.ts';

/** How often the app prunes while it runs (and once at start). */
export const PRUNE_EVERY_MS = 6 * 60 * 60 * 1000;

/** Prunes now and every PRUNE_EVERY_MS with the settings of the moment; returns what stops it. */
export function schedulePruning(settings: () => Settings, journal: Journal): () => void {
  const prune = (): void => void pruneCaptures(settings(), journal).catch(() => undefined);
  prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

export async function pruneCaptures(settings: Settings, journal: Journal, now = Date.now()): Promise<string[]> {
  const retention = settings.retention;
  if (typeof retention !== 'object') return [];
  const folder = path.resolve(settings.capturesFolder);
  const cutoff = now - retention.days * 24 * 60 * 60 * 1000;
  const removed: string[] = [];
  for (const job of journal.list(['done'])) {
    // Only what Traydrop itself wrote: a user's own file (e.g. dropped from the captures folder, or shared
    // with `--kind screenshot`) is never deleted, even when it sits there.
    if (!job.appWritten) continue;
    const file = path.resolve(job.source);
    if (path.dirname(file) !== folder) continue;
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile() || info.mtimeMs > cutoff) continue;
    await rm(file, { force: true });
    removed.push(file);
  }
  return removed;
}
