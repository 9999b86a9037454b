/** POST /v1/uploads: record a single-PutObject upload after checking it in S3. */
import type { FastifyInstance } from 'fastify';
import { API, type UploadRecord, type UploadReportRequest } from '../../common/broker-api.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { toUploadRecord } from '../db/uploads.ts';
import { uploadReportBody } from '../schemas/uploads.ts';
import { reportUpload } from '../uploads/report.ts';

export function registerUploadRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: UploadReportRequest }>(
    API.uploads,
    { schema: { body: uploadReportBody } },
    async (request): Promise<UploadRecord> => {
      const stored = await reportUpload(ctx, deviceOf(request).userId, request.body.key);
      return toUploadRecord(stored, ctx.config.shareBaseUrl);
    },
  );
}
