/** POST /v1/uploads (record a single-PutObject upload), /v1/uploads/reserve and /release (early links). */
import type { FastifyInstance } from 'fastify';
import {
  API,
  type UploadRecord,
  type UploadReleaseRequest,
  type UploadReportRequest,
  type UploadReserveRequest,
  type UploadReserveResponse,
} from '../../common/broker-api.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { toUploadRecord } from '../db/uploads.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';
import { uploadReleaseBody, uploadReportBody, uploadReserveBody } from '../schemas/uploads.ts';
import { reportUpload } from '../uploads/report.ts';
import { releaseUpload, reserveUpload } from '../uploads/reserve.ts';

export function registerUploadRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: UploadReportRequest }>(
    API.uploads,
    { schema: { body: uploadReportBody } },
    async (request): Promise<UploadRecord> => {
      const stored = await reportUpload(ctx, deviceOf(request).userId, request.body.key);
      return toUploadRecord(stored, await shareBaseUrlFor(ctx, stored.userId));
    },
  );

  app.post<{ Body: UploadReserveRequest }>(
    API.reserve,
    { schema: { body: uploadReserveBody } },
    async (request): Promise<UploadReserveResponse> => reserveUpload(ctx, deviceOf(request).userId, request.body),
  );

  app.post<{ Body: UploadReleaseRequest }>(
    API.release,
    { schema: { body: uploadReleaseBody } },
    async (request): Promise<{ released: true }> => {
      await releaseUpload(ctx, deviceOf(request).userId, request.body.key);
      return { released: true };
    },
  );
}
