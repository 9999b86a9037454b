/** The app's file API: list own files (newest first, paged), delete, statistics, per-link limits. */
import type { FastifyInstance } from 'fastify';
import {
  FILES_API,
  type FileEntry,
  type FileLimitsRequest,
  type FileListResponse,
  type FileStatsResponse,
} from '../../common/broker-api.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { listUploads } from '../db/file-list.ts';
import { findUploadByShareId, setLimits } from '../db/uploads.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';
import { deleteFile } from '../files/delete-file.ts';
import { fileStats, ownUpload, toFileEntries, toFileEntry } from '../files/file-entry.ts';
import { fileLimitsBody, fileListQuery, shareIdParams } from '../schemas/files.ts';
import { hashPassword } from '../share/password.ts';

type ById = { Params: { shareId: string } };

export function registerFileRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    FILES_API.files,
    { schema: { querystring: fileListQuery } },
    async (request): Promise<FileListResponse> => {
      const { userId } = deviceOf(request);
      const base = await shareBaseUrlFor(ctx, userId);
      await ctx.stats.flush(); // counts of the last second
      const page = await listUploads(ctx.db, userId, request.query.limit, request.query.cursor);
      return { files: await toFileEntries(ctx, page.files, base), nextCursor: page.nextCursor };
    },
  );

  app.delete<ById>(FILES_API.file, { schema: { params: shareIdParams } }, async (request) => {
    await deleteFile(ctx, await ownUpload(ctx, deviceOf(request).userId, request.params.shareId));
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
      const { maxDownloads, password } = request.body;
      const passwordHash = password === undefined ? undefined : password === null ? null : await hashPassword(password);
      await setLimits(ctx.db, upload.shareId, { maxDownloads, passwordHash });
      return toFileEntry(ctx, (await findUploadByShareId(ctx.db, upload.shareId))!, await shareBaseUrlFor(ctx, userId));
    },
  );
}
