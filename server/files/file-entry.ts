/** Index rows as the app sees them: the record plus statistics, limits and whether it has expired. */
import type { FileEntry, FileStatsResponse } from '../../common/broker-api.ts';
import type { AppContext } from '../context.ts';
import { monthlyStats, totalStats } from '../db/file-stats.ts';
import { findUploadByShareId, type StoredUpload, toUploadRecord } from '../db/uploads.ts';
import { notFound } from '../errors.ts';

export async function toFileEntry(ctx: AppContext, u: StoredUpload, shareBaseUrl: string): Promise<FileEntry> {
  const row = await ctx.db
    .selectFrom('file_stats')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('bytes'), eb.val(0)).as('bytes'))
    .where('share_id', '=', u.shareId)
    .executeTakeFirstOrThrow();
  return {
    ...toUploadRecord(u, shareBaseUrl),
    downloads: u.downloads,
    bytesServed: Number(row.bytes),
    maxDownloads: u.maxDownloads,
    hasPassword: u.passwordHash !== null,
    expired: u.expiresAt !== null && ctx.now().getTime() >= Date.parse(u.expiresAt),
  };
}

/** The user's own upload with up-to-date counts, or 404 (also for other users' share ids: nothing leaks). */
export async function ownUpload(ctx: AppContext, userId: string, shareId: string): Promise<StoredUpload> {
  await ctx.stats.flush();
  const upload = await findUploadByShareId(ctx.db, shareId);
  if (!upload || upload.userId !== userId) throw notFound(`no file with share id ${shareId}`);
  return upload;
}

export async function fileStats(ctx: AppContext, upload: StoredUpload): Promise<FileStatsResponse> {
  const months = await monthlyStats(ctx.db, upload.shareId);
  return { shareId: upload.shareId, totals: totalStats(months), months };
}
