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
import { purgeLink } from '../cache/purge.ts';
import type { AppContext } from '../context.ts';
import { listUploads } from '../db/file-list.ts';
import { shortenExpiry } from '../db/link-expiry.ts';
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
      // the link base and the page at once: on PostgreSQL each is a round trip
      const [base, page] = await Promise.all([
        shareBaseUrlFor(ctx, userId),
        // counts of the last second first
        ctx.stats.flush().then(() => listUploads(ctx.db, userId, request.query.limit, request.query.cursor)),
      ]);
      return { files: await toFileEntries(ctx, page.files, base, page.bytesServed), nextCursor: page.nextCursor };
    },
  );

  app.delete<ById>(FILES_API.file, { schema: { params: shareIdParams } }, async (request) => {
    await deleteFile(ctx, await ownUpload(ctx, deviceOf(request).userId, request.params.shareId));
    await purgeLink(ctx, request.params.shareId, request.log); // no cache serves it a moment longer
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
