/**
 * Was the capture being edited shared already, and under which link? The queue's journal knows: a finished job whose
 * source is this file (the capture itself, or an edited file that replaced a link's bytes) carries the link's key,
 * URL and expiry. The newest such job wins; a link that has expired by its record is no link to update. Read from
 * the journal (on disk, shared with the CLI), so it works offline and after a restart.
 */
import path from 'node:path';
import type { FileStatsResponse } from '../../../common/broker-api.ts';
import type { Expiry } from '../../../common/expiry.ts';
import type { Job } from '../../queue/job.ts';

export interface SharedLink {
  shareId: string;
  key: string;
  url: string;
  expire: Expiry;
}

export function sharedLinkOf(jobs: readonly Job[], file: string, now: number): SharedLink | null {
  const target = path.resolve(file);
  // the journal lists oldest first: of jobs made in the same millisecond the later one is newer
  const newest = jobs
    .filter((j) => j.state === 'done' && j.record !== null && path.resolve(j.source) === target)
    .reduce<Job | undefined>((best, j) => (best === undefined || j.createdAt >= best.createdAt ? j : best), undefined);
  if (!newest?.record) return null;
  const { expiresAt, expire } = newest.record;
  if (expiresAt !== null && Date.parse(expiresAt) <= now) return null;
  return { shareId: newest.shareId, key: newest.key, url: newest.url, expire };
}

/**
 * How many times people opened a link: a visit to the page counts a view and, for an image, the download of the
 * image it shows; a direct link counts a download alone. So the larger of the two is what can be said for sure
 * (bots, such as a chat's link preview, are counted apart and left out).
 */
export function timesOpened(totals: FileStatsResponse['totals']): number {
  return Math.max(totals.views, totals.downloads);
}
