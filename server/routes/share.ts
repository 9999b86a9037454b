/**
 * The share gateway: `GET|HEAD /:shareId/:name` and `/:shareId`. The object key comes from the
 * index (by share id) and never from the URL. Bodies are piped from S3 (backpressure, no buffering).
 */
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SHARE_ID_PATTERN } from '../../common/share-key.ts';
import { httpStatusOf } from '../../main/s3/s3-client.ts';
import type { AppContext } from '../context.ts';
import { findReservation } from '../db/reservations.ts';
import { countDownload, findUploadByShareId, type StoredUpload } from '../db/uploads.ts';
import { isNotFound } from '../s3/owner-s3.ts';
import { contentDisposition, isBot } from '../share/disposition.ts';
import { singleByteRange, startsAtZero } from '../share/range.ts';
import { RESERVATION_TTL_MS, sendUploading } from '../share/uploading-page.ts';

type ShareRequest = FastifyRequest<{ Params: { shareId: string }; Querystring: Record<string, string> }>;

interface ObjectMeta {
  ContentLength?: number;
  ContentType?: string;
  ETag?: string;
  LastModified?: Date;
}

/** A valid HTTP date, or undefined (an unparsable If-Modified-Since is ignored, per RFC 9110). */
function httpDate(value: string | undefined): Date | undefined {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

function fail(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type('text/plain; charset=utf-8').send(`${message}\n`);
}

function setObjectHeaders(reply: FastifyReply, upload: StoredUpload, meta: ObjectMeta, download: boolean): void {
  const type = meta.ContentType ?? upload.contentType;
  reply.header('content-type', type);
  reply.header('content-disposition', contentDisposition(upload.name, type, download));
  if (meta.ContentLength !== undefined) reply.header('content-length', meta.ContentLength);
  if (meta.ETag) reply.header('etag', meta.ETag);
  if (meta.LastModified) reply.header('last-modified', meta.LastModified.toUTCString());
}

async function serve(ctx: AppContext, request: ShareRequest, reply: FastifyReply): Promise<FastifyReply> {
  reply.header('x-content-type-options', 'nosniff');
  const { shareId } = request.params;
  const upload = SHARE_ID_PATTERN.test(shareId) ? findUploadByShareId(ctx.db, shareId) : null;
  if (!upload) {
    const reserved = SHARE_ID_PATTERN.test(shareId) ? findReservation(ctx.db, shareId) : null;
    if (reserved && ctx.now().getTime() - Date.parse(reserved.createdAt) < RESERVATION_TTL_MS) {
      return sendUploading(reply, reserved, request.method === 'HEAD');
    }
    return fail(reply, 404, 'No such link.');
  }
  if (upload.expiresAt && ctx.now().getTime() >= Date.parse(upload.expiresAt))
    return fail(reply, 410, 'This link has expired.');
  const download = request.query.download !== undefined;
  reply.header('accept-ranges', 'bytes').header('cache-control', 'no-cache');
  const object = { Bucket: ctx.config.s3Bucket, Key: upload.key };
  try {
    if (request.method === 'HEAD') {
      setObjectHeaders(reply, upload, await ctx.s3.send(new HeadObjectCommand(object)), download);
      return reply.code(200).send();
    }
    const range = singleByteRange(request.headers.range);
    const got = await ctx.s3.send(
      new GetObjectCommand({
        ...object,
        Range: range,
        IfNoneMatch: request.headers['if-none-match'],
        IfModifiedSince: httpDate(request.headers['if-modified-since']),
      }),
    );
    setObjectHeaders(reply, upload, got, download);
    if (got.ContentRange) reply.header('content-range', got.ContentRange);
    if (startsAtZero(range) && !isBot(request.headers['user-agent'])) countDownload(ctx.db, upload.shareId);
    return reply.code(range && got.ContentRange ? 206 : 200).send(got.Body as Readable);
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 304) return reply.code(304).send();
    if (status === 416) {
      return reply
        .header('content-range', `bytes */${upload.bytes}`)
        .code(416)
        .type('text/plain')
        .send('Range not satisfiable.\n');
    }
    if (isNotFound(error)) return fail(reply, 410, 'This file is no longer available.');
    throw error;
  }
}

export function registerShareRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const url of ['/:shareId', '/:shareId/:name']) {
    app.route({
      method: ['GET', 'HEAD'],
      url,
      exposeHeadRoute: false,
      handler: (request, reply) => serve(ctx, request as ShareRequest, reply),
    });
  }
}
