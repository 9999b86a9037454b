/**
 * The app's file API, also the dashboard's (device token or session): list own files (newest first or by size or
 * downloads, searched and filtered, paged), delete, statistics (per month, and per day for 30 days), per-link
 * limits, a new expiry (re-tagged in S3), and the uploads still in flight (not links yet).
 */
import type { FastifyInstance } from 'fastify';
import {
  FILES_API,
  type FileEntry,
  type FileLimitsRequest,
  type FileListResponse,
  type FileStatsResponse,
} from '../../common/broker-api.ts';
import type { FileKind, FileQuery } from '../../common/file-query.ts';
import {
  DASHBOARD_FILES_API,
  type FileDailyStatsResponse,
  type FileExpiryRequest,
  type UploadingListResponse,
} from '../../common/dashboard-api.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { listUploads } from '../db/file-list.ts';
import { findUploadByShareId } from '../db/uploads.ts';
import { shareBaseUrlFor, shareBaseUrlOf } from '../domains/share-base.ts';
import { deleteLink } from '../files/delete-link.ts';
import { fileStats, ownUpload, toFileEntries, toFileEntry } from '../files/file-entry.ts';
import { fileExpiryBody, fileLimitsBody, fileListQuery, shareIdParams, uploadingListQuery } from '../schemas/files.ts';
import { uploadsInFlight } from '../files/uploads-in-flight.ts';
import { applyLimits } from '../files/apply-limits.ts';
import { changeExpiry } from '../files/change-expiry.ts';
import { lastDays } from '../files/last-days.ts';

type ById = { Params: { shareId: string } };

export function registerFileRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: FileQuery & { limit: number; cursor?: string } }>(
    FILES_API.files,
    { schema: { querystring: fileListQuery } },
    async (request): Promise<FileListResponse> => {
      const identity = deviceOf(request);
      const { userId } = identity;
      const { limit, cursor, ...filter } = request.query;
      // the link base (read with a device token already) and the page at once: on PostgreSQL each is a round trip
      const [base, page] = await Promise.all([
        shareBaseUrlOf(ctx, identity),
        // counts of the last second first
        ctx.stats.flush().then(() => listUploads(ctx.db, userId, limit, cursor, { ...filter, now: ctx.now() })),
      ]);
      return { files: await toFileEntries(ctx, page.files, base, page.bytesServed), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Querystring: { limit: number; q?: string; kind?: FileKind } }>(
    DASHBOARD_FILES_API.uploading,
    { schema: { querystring: uploadingListQuery } },
    async (request): Promise<UploadingListResponse> => {
      const { limit, ...filter } = request.query;
      return { uploads: await uploadsInFlight(ctx, deviceOf(request).userId, filter, limit) };
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
      await applyLimits(ctx, upload, request.body, request.log);
      return toFileEntry(ctx, (await findUploadByShareId(ctx.db, upload.shareId))!, await shareBaseUrlFor(ctx, userId));
    },
  );

  app.put<ById & { Body: FileExpiryRequest }>(
    DASHBOARD_FILES_API.expiry,
    { schema: { params: shareIdParams, body: fileExpiryBody } },
    async (request): Promise<FileEntry> => {
      const { userId } = deviceOf(request);
      const upload = await ownUpload(ctx, userId, request.params.shareId);
      const changed = await changeExpiry(ctx, upload, request.body.expire, request.log);
      return toFileEntry(ctx, changed, await shareBaseUrlFor(ctx, userId));
    },
  );

  app.get<ById>(
    DASHBOARD_FILES_API.daily,
    { schema: { params: shareIdParams } },
    async (request): Promise<FileDailyStatsResponse> => {
      const upload = await ownUpload(ctx, deviceOf(request).userId, request.params.shareId);
      return { shareId: upload.shareId, days: await lastDays(ctx, upload.shareId) };
    },
  );
}
