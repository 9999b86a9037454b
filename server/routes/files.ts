/**
 * The app's file API, also the dashboard's (device token or session): list own files (newest first or by size or
 * downloads, searched and filtered, paged), delete, statistics, per-link limits.
 */
import type { FastifyInstance } from 'fastify';
import {
  FILES_API,
  type FileEntry,
  type FileLimitsRequest,
  type FileListResponse,
  type FileStatsResponse,
} from '../../common/broker-api.ts';
import type { FileQuery } from '../../common/file-query.ts';
import { deviceOf } from '../auth/device-auth.ts';
import { purgeLink } from '../cache/purge.ts';
import type { AppContext } from '../context.ts';
import { listUploads } from '../db/file-list.ts';
import { shortenExpiry } from '../db/link-expiry.ts';
import { findUploadByShareId, setLimits } from '../db/uploads.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';
import { deleteLink } from '../files/delete-link.ts';
import { fileStats, ownUpload, toFileEntries, toFileEntry } from '../files/file-entry.ts';
import { fileLimitsBody, fileListQuery, shareIdParams } from '../schemas/files.ts';
import { hashPassword } from '../share/password.ts';

type ById = { Params: { shareId: string } };

export function registerFileRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: FileQuery & { limit: number; cursor?: string } }>(
    FILES_API.files,
    { schema: { querystring: fileListQuery } },
    async (request): Promise<FileListResponse> => {
      const { userId } = deviceOf(request);
      const base = await shareBaseUrlFor(ctx, userId);
      await ctx.stats.flush(); // counts of the last second
      const { limit, cursor, ...filter } = request.query;
      const page = await listUploads(ctx.db, userId, limit, cursor, { ...filter, now: ctx.now() });
      return { files: await toFileEntries(ctx, page.files, base), nextCursor: page.nextCursor };
    },
  );

  app.delete<ById>(FILES_API.file, { schema: { params: shareIdParams } }, async (request) => {
    await deleteLink(ctx, await ownUpload(ctx, deviceOf(request).userId, request.params.shareId), request.log);
    return { deleted: true };
  });

  app.get<ById>(FILES_API.stats, { schema: { params: shareIdParams } }, async (request): Promise<FileStatsResponse> =>
    fileStats(ctx, await ownUpload(ctx, deviceOf(request).userId, request.params.shareId)),
  );

  app.put<ById & { Body: FileLimitsRequest }>(
    FILES_API.limits,
    { schema: { params: shareIdParams, body: fileLimitsBody } },
    async (request): Promise<FileEntry> => {
      const { userId } = deviceOf(request);
      const upload = await ownUpload(ctx, userId, request.params.shareId);
      const { maxDownloads, password, expiresAt } = request.body;
      const passwordHash = password === undefined ? undefined : password === null ? null : await hashPassword(password);
      await setLimits(ctx.db, upload.shareId, { maxDownloads, passwordHash });
      if (expiresAt !== undefined) await shortenExpiry(ctx.db, upload.shareId, new Date(expiresAt));
      await purgeLink(ctx, upload.shareId, request.log); // a limit, a password or an earlier expiry: out of every cache
      return toFileEntry(ctx, (await findUploadByShareId(ctx.db, upload.shareId))!, await shareBaseUrlFor(ctx, userId));
    },
  );
}
