/**
 * Answers with a made thumbnail's bytes, read from the bucket with the server's keys (a few tens of KB: read whole):
 * image/webp, nosniff (every answer carries it), a sandbox CSP, an ETag, and the cache rule the caller gives.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { ThumbnailRow } from '../db/thumbnails.ts';
import { isNotFound } from '../s3/owner-s3.ts';
import { THUMBNAIL_TYPE } from './thumbnail-key.ts';

/** Sends the thumbnail; false when its object is gone (the caller answers 404). */
export async function sendThumbnail(
  ctx: Pick<AppContext, 's3' | 'config'>,
  request: FastifyRequest,
  reply: FastifyReply,
  row: ThumbnailRow,
  cacheControl: string,
): Promise<boolean> {
  let body: Uint8Array;
  let etag: string | undefined;
  try {
    const got = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.config.s3Bucket, Key: row.key }));
    body = await got.Body!.transformToByteArray();
    etag = got.ETag;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
  reply
    .header('content-type', THUMBNAIL_TYPE)
    .header('cache-control', cacheControl)
    .header('content-security-policy', "sandbox; default-src 'none'");
  if (etag) reply.header('etag', etag);
  if (etag && request.headers['if-none-match'] === etag) {
    reply.code(304).send();
    return true;
  }
  reply.header('content-length', body.length);
  reply.code(200).send(request.method === 'HEAD' ? undefined : Buffer.from(body));
  return true;
}
