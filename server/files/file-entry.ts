/** Index rows as the app sees them: the record plus statistics, limits and whether it has expired. */
import type { FileEntry, FileStatsResponse } from '../../common/broker-api.ts';
import type { AppContext } from '../context.ts';
import { monthlyStats, totalStats } from '../db/file-stats.ts';
import { findUploadByShareId, type StoredUpload, toUploadRecord } from '../db/uploads.ts';
import { notFound } from '../errors.ts';

export function toFileEntry(ctx: AppContext, u: StoredUpload, shareBaseUrl: string): FileEntry {
  const row = ctx.db
    .prepare('SELECT COALESCE(SUM(bytes), 0) AS bytes FROM file_stats WHERE share_id = ?')
    .get(u.shareId);
  return {
    ...toUploadRecord(u, shareBaseUrl),
    downloads: u.downloads,
    bytesServed: Number((row as { bytes: number }).bytes),
    maxDownloads: u.maxDownloads,
    hasPassword: u.passwordHash !== null,
    expired: u.expiresAt !== null && ctx.now().getTime() >= Date.parse(u.expiresAt),
  };
}

/** The user's own upload with up-to-date counts, or 404 (also for other users' share ids: nothing leaks). */
export function ownUpload(ctx: AppContext, userId: string, shareId: string): StoredUpload {
  ctx.stats.flush();
  const upload = findUploadByShareId(ctx.db, shareId);
  if (!upload || upload.userId !== userId) throw notFound(`no file with share id ${shareId}`);
  return upload;
}

export function fileStats(ctx: AppContext, upload: StoredUpload): FileStatsResponse {
  const months = monthlyStats(ctx.db, upload.shareId);
  return { shareId: upload.shareId, totals: totalStats(months), months };
}
