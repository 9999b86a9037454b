/** POST /v1/files/:shareId/replace, …/replace/multipart and …/replace/complete (server/uploads/replace.ts: why). */
import type { FastifyInstance } from 'fastify';
import {
  REPLACE_API,
  type ReplaceCompleteRequest,
  type ReplacedRecord,
  type ReplaceMultipartResponse,
  type ReplaceStartRequest,
  type ReplaceStartResponse,
} from '../../common/replace-api.ts';
import { deviceOf } from '../auth/device-auth.ts';
import { purgeLink } from '../cache/purge.ts';
import type { AppContext } from '../context.ts';
import { toUploadRecord } from '../db/uploads.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';
import { shareIdParams } from '../schemas/files.ts';
import { replaceCompleteBody, replaceStartBody } from '../schemas/replace.ts';
import { completeReplace, replaceableUpload, startReplace } from '../uploads/replace.ts';
import { createReplaceMultipart } from '../uploads/replace-multipart.ts';

type ById = { Params: { shareId: string } };

export function registerReplaceRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<ById & { Body: ReplaceStartRequest }>(
    REPLACE_API.start,
    { schema: { params: shareIdParams, body: replaceStartBody } },
    async (request): Promise<ReplaceStartResponse> =>
      startReplace(ctx, deviceOf(request).userId, request.params.shareId, request.body),
  );

  app.post<ById>(
    REPLACE_API.multipart,
    { schema: { params: shareIdParams } },
    async (request): Promise<ReplaceMultipartResponse> => {
      const { userId } = deviceOf(request);
      const upload = await replaceableUpload(ctx, userId, request.params.shareId);
      return { uploadId: await createReplaceMultipart(ctx, userId, upload) };
    },
  );

  app.post<ById & { Body: ReplaceCompleteRequest }>(
    REPLACE_API.complete,
    { schema: { params: shareIdParams, body: replaceCompleteBody } },
    async (request): Promise<ReplacedRecord> => {
      const { userId } = deviceOf(request);
      // every cache drops the link before the answer: from the answer on, no old byte anywhere we control
      const purge = (shareId: string) => purgeLink(ctx, shareId, request.log);
      const stored = await completeReplace(ctx, userId, request.params.shareId, request.body, purge);
      return {
        ...toUploadRecord(stored, await shareBaseUrlFor(ctx, userId)),
        version: stored.version ?? 1,
        replacedAt: stored.replacedAt ?? null,
      };
    },
  );
}
