/**
 * POST /v1/upload: one file as multipart/form-data (field `file`, optional `expire` before it), for tools that
 * cannot speak S3 (ShareX, Flameshot scripts, phone shortcuts). Answers {"url", "deletion_url"}. Upload-only
 * tokens are welcome here and only here. Streams the body (uploads/stream-upload.ts); with it, the deletion URL's
 * routes. Registered beside /v1, not in it, so @fastify/multipart's parser and these routes touch nothing else.
 */
import fastifyMultipart, { type Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { registerDeviceAuth, deviceOf } from '../auth/device-auth.ts';
import { UPLOAD_TOKENS_WELCOME } from '../auth/upload-only.ts';
import type { AppContext } from '../context.ts';
import { serverSecret } from '../db/settings.ts';
import { toUploadRecord, type StoredUpload } from '../db/uploads.ts';
import { deleteFile } from '../files/delete-file.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';
import { badRequest } from '../errors.ts';
import { DELETION_SECRET_NAME, deletionUrl } from '../uploads/deletion-link.ts';
import { readingForm } from '../uploads/form-errors.ts';
import { formExpiry } from '../uploads/form-expiry.ts';
import { UPLOAD_PATH } from '../uploads/sxcu.ts';
import { streamUpload } from '../uploads/stream-upload.ts';
import { registerUploadDeletionRoutes } from './upload-deletion.ts';

export interface UploadFormResponse {
  url: string;
  deletion_url: string;
}

const HOW = 'send the file as multipart/form-data in one field named "file" (curl -F file=@shot.png …)';

export async function registerUploadEndpoint(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => registerUploadForm(scope, ctx));
  await app.register(async (scope) => registerUploadDeletionRoutes(scope, ctx));
}

function declaredLength(request: FastifyRequest): number | null {
  const value = request.headers['content-length'];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

async function registerUploadForm(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const secret = await serverSecret(ctx.db, DELETION_SECRET_NAME);
  registerDeviceAuth(app, ctx);
  // no size limit here: the reservation (quotas) decides how much may come, stream-upload.ts enforces it
  await app.register(fastifyMultipart, { limits: { fileSize: Infinity, fields: 8, fieldSize: 1024, parts: 16 } });

  app.post(
    UPLOAD_PATH,
    {
      config: UPLOAD_TOKENS_WELCOME,
      onRequest: async (request) => {
        const type = request.headers['content-type'] ?? 'none';
        if (!/^multipart\/form-data\s*(;|$)/i.test(type)) throw badRequest(`wrong content type "${type}": ${HOW}`);
        if (!/;\s*boundary=/i.test(type)) throw badRequest(`content type "${type}" has no boundary: ${HOW}`);
      },
    },
    async (request, reply): Promise<UploadFormResponse> => {
      const { userId } = deviceOf(request);
      let stored: StoredUpload;
      try {
        stored = await receive(ctx, request, userId);
      } catch (error) {
        // the body may still be arriving: answer, then close rather than read the rest of it
        reply.header('connection', 'close');
        throw error;
      }
      return {
        url: toUploadRecord(stored, await shareBaseUrlFor(ctx, userId)).url,
        deletion_url: deletionUrl(ctx.config.shareBaseUrl, secret, stored.shareId),
      };
    },
  );
}

/** Reads the form's parts in order; the one file is stored as it arrives. */
async function receive(ctx: AppContext, request: FastifyRequest, userId: string): Promise<StoredUpload> {
  let expireField: string | undefined;
  let stored: StoredUpload | null = null;
  try {
    for await (const part of readingForm(request.parts() as AsyncIterable<Multipart>)) {
      if (part.type === 'field') {
        if (part.fieldname !== 'expire') continue; // other fields (a tool's extras) are not ours to refuse
        if (stored) throw badRequest('the expire field must come before the file field');
        expireField = String(part.value);
        continue;
      }
      if (part.fieldname !== 'file') throw badRequest(`unexpected file field "${part.fieldname}": ${HOW}`);
      if (stored) throw badRequest('two files sent: send one request per file, in a field named "file"');
      const expire = await formExpiry(ctx, userId, part.filename, expireField);
      stored = await streamUpload(ctx, {
        userId,
        filename: part.filename,
        file: part.file,
        expire,
        declaredBytes: declaredLength(request),
      });
    }
  } catch (error) {
    // a refused request keeps nothing: the file already stored goes, with its link
    if (stored) await deleteFile(ctx, stored);
    throw error;
  }
  if (!stored) throw badRequest(`no file: ${HOW}`);
  return stored;
}
