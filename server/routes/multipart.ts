/** POST /v1/multipart/create, /complete and /abort (see uploads/multipart.ts for why the server does these). */
import type { FastifyInstance } from 'fastify';
import {
  API,
  type MultipartAbortRequest,
  type MultipartCompleteRequest,
  type MultipartCreateRequest,
  type MultipartCreateResponse,
  type UploadRecord,
} from '../../common/broker-api.ts';
import { deviceOf } from '../auth/device-auth.ts';
import type { AppContext } from '../context.ts';
import { toUploadRecord } from '../db/uploads.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';
import { multipartAbortBody, multipartCompleteBody, multipartCreateBody } from '../schemas/multipart.ts';
import { abortMultipart, completeMultipart, createMultipart } from '../uploads/multipart.ts';

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
      return toUploadRecord(stored, await shareBaseUrlFor(ctx, stored.userId));
    },
  );

  app.post<{ Body: MultipartAbortRequest }>(
    API.multipartAbort,
    { schema: { body: multipartAbortBody } },
    async (request): Promise<{ aborted: true }> => {
      await abortMultipart(ctx, deviceOf(request).userId, request.body);
      return { aborted: true };
    },
  );
}
