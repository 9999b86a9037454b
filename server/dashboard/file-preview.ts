/**
 * GET /dashboard/files/<id>/preview: the owner's own image for a link's page, read from S3 by the server.
 * Not the link's /raw URL: that would count as a download (and spend one of a limited link's). The files list
 * shows the server-made thumbnails instead (list-thumbnails.ts).
 */
import type { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { findUploadByShareId } from '../db/uploads.ts';
import { previewKind } from '../share/preview-kind.ts';

/** Larger images show no thumbnail rather than make the list slow. */
export const MAX_PREVIEW_BYTES = 20_000_000;

export async function sendPreview(
  ctx: AppContext,
  userId: string,
  request: FastifyRequest<{ Params: { shareId: string } }>,
  reply: FastifyReply,
) {
  const { shareId } = request.params;
  const upload = /^[0-9A-Za-z]{12}$/.test(shareId) ? await findUploadByShareId(ctx.db, shareId) : null;
  if (
    !upload ||
    upload.userId !== userId ||
    previewKind(upload.contentType, upload.name) !== 'image' ||
    upload.bytes > MAX_PREVIEW_BYTES
  )
    return reply.code(404).type('text/plain; charset=utf-8').send('Not found.\n');
  const object = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.config.s3Bucket, Key: upload.key }));
  return reply
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=300')
    .type(upload.contentType)
    .send(object.Body as Readable);
}
