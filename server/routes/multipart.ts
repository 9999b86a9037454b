/** POST /v1/multipart/create and /v1/multipart/complete (see uploads/multipart.ts for why the server does these). */
import type { FastifyInstance } from 'fastify';
import {
  API,
  type MultipartCompleteRequest,
  type MultipartCreateRequest,
  type MultipartCreateResponse,
  type UploadRecord,
} from '../../common/broker-api.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { toUploadRecord } from '../db/uploads.ts';
import { multipartCompleteBody, multipartCreateBody } from '../schemas/multipart.ts';
import { completeMultipart, createMultipart } from '../uploads/multipart.ts';

export function registerMultipartRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: MultipartCreateRequest }>(
    API.multipartCreate,
    { schema: { body: multipartCreateBody } },
    async (request): Promise<MultipartCreateResponse> => {
      return { uploadId: await createMultipart(ctx, deviceOf(request).userId, request.body) };
    },
  );

  app.post<{ Body: MultipartCompleteRequest }>(
    API.multipartComplete,
    { schema: { body: multipartCompleteBody } },
    async (request): Promise<UploadRecord> => {
      const stored = await completeMultipart(ctx, deviceOf(request).userId, request.body);
      return toUploadRecord(stored, ctx.config.shareBaseUrl);
    },
  );
}
