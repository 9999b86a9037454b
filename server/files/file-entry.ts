/** Index rows as the app sees them: the record plus statistics, limits and whether it has expired. */
import type { FileEntry, FileStatsResponse } from '../../common/broker-api.ts';
import type { AppContext } from '../context.ts';
import { monthlyStats, totalStats } from '../db/file-stats.ts';
import { findUploadByShareId, type StoredUpload, toUploadRecord } from '../db/uploads.ts';
import { notFound } from '../errors.ts';

/**
 * Entries of a page of uploads: the bytes served by each come from one grouped query, not one per file, unless the
 * caller already has them (the files list reads them with its page: db/file-list.ts).
 */
export async function toFileEntries(
  ctx: AppContext,
  uploads: StoredUpload[],
  shareBaseUrl: string,
  known?: Map<string, number>,
): Promise<FileEntry[]> {
  const served = known ?? (uploads.length === 0 ? new Map<string, number>() : await bytesServed(ctx, uploads));
  return uploads.map((u) => ({
    ...toUploadRecord(u, shareBaseUrl),
    downloads: u.downloads,
    bytesServed: served.get(u.shareId) ?? 0,
    maxDownloads: u.maxDownloads,
    hasPassword: u.passwordHash !== null,
    expired: u.expiresAt !== null && ctx.now().getTime() >= Date.parse(u.expiresAt),
  }));
}

export async function toFileEntry(ctx: AppContext, u: StoredUpload, shareBaseUrl: string): Promise<FileEntry> {
  return (await toFileEntries(ctx, [u], shareBaseUrl))[0]!;
}

async function bytesServed(ctx: AppContext, uploads: StoredUpload[]): Promise<Map<string, number>> {
  const rows = await ctx.db
    .selectFrom('file_stats')
    .select((eb) => ['share_id', eb.fn.sum<number>('bytes').as('bytes')])
    .where(
      'share_id',
      'in',
      uploads.map((u) => u.shareId),
    )
    .groupBy('share_id')
    .execute();
  return new Map(rows.map((r) => [r.share_id, Number(r.bytes)]));
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
