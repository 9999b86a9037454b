/**
 * The bytes of a shared file, piped from S3 (backpressure end to end, nothing buffered; read
 * through presigned URLs, server/s3/object-get.ts), with
 * Range/206, ETag, Last-Modified, If-None-Match/304 and HEAD. What a GET that returns bytes books is
 * download-booking.ts's; bytes served are counted as they leave. Behind nginx with BYTES_OFFLOAD=x-accel, a big
 * GET's bytes are nginx's to fetch instead (offload-bytes.ts).
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { httpDate } from '../http/http-date.ts';
import type { ObjectResponse } from '../s3/object-get.ts';
import type { StoredUpload } from '../db/uploads.ts';
import { contentDisposition, isActiveContent } from './disposition.ts';
import { bookBytes } from './download-booking.ts';
import { rangeStillValid } from './if-range.ts';
import { offloadBytes, offloads } from './offload-bytes.ts';
import { singleByteRange } from './range.ts';
import { sendRangeNotSatisfiable } from './respond.ts';

export type BytesOutcome = 'sent' | 'limit' | 'missing';

/** Shared caches may keep a plain link for a few minutes, never past its expiry; limited links never. */
export function bytesCacheControl(upload: StoredUpload, now: Date): string {
  if (upload.maxDownloads !== null || upload.passwordHash !== null) return 'private, no-store';
  const left = upload.expiresAt ? Math.floor((Date.parse(upload.expiresAt) - now.getTime()) / 1000) : 300;
  return `public, max-age=${Math.max(0, Math.min(300, left))}`;
}

/** Reads a body nobody needs to its end (so its socket can be reused); an error on it is of no interest. */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.resume();
}

/** Counts bytes as S3 hands them over and books them when the response closes. */
function meterBytes(ctx: AppContext, reply: FastifyReply, upload: StoredUpload, body: Readable, bot: boolean): void {
  let bytes = 0;
  body.on('data', (chunk: Buffer) => (bytes += chunk.length));
  reply.raw.once('close', () => {
    try {
      ctx.stats.add(upload.shareId, ctx.now(), bot ? { botBytes: bytes } : { bytes });
    } catch (error) {
      // a download cut off by shutdown may end after the database closed: lose its byte count, not the process
      reply.log.warn({ err: error, shareId: upload.shareId, bytes }, 'could not record bytes served');
    }
  });
}

/**
 * The raw reader's zero-copy path: the reply is taken over from Fastify (its headers so far are sent as
 * they are) and each read from S3 is written to the client before the next one is made. Bytes are counted
 * as written; a client that goes away closes the S3 connection.
 */
function pipeBytes(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  upload: StoredUpload,
  status: number,
  pipeTo: NonNullable<ObjectResponse['pipeTo']>,
  bot: boolean,
): void {
  reply.code(status).hijack();
  const raw = reply.raw;
  raw.writeHead(status, reply.getHeaders() as OutgoingHttpHeaders);
  let bytes = 0;
  const started = performance.now();
  raw.once('close', () => {
    ctx.stats.add(upload.shareId, ctx.now(), bot ? { botBytes: bytes } : { bytes });
    const responseTime = performance.now() - started;
    request.log.info({ res: reply, responseTime, bytes }, 'request completed');
  });
  pipeTo(raw, (n) => (bytes += n)).then(
    () => raw.end(),
    (error: Error) => {
      request.log.info({ err: error, shareId: upload.shareId, bytes }, 'download stopped');
      raw.destroy();
    },
  );
}

function setObjectHeaders(reply: FastifyReply, upload: StoredUpload, h: IncomingHttpHeaders, download: boolean): void {
  const stored = h['content-type'] ?? upload.contentType;
  // active content is never rendered from the share domain: attachment, and as text/plain
  const type = isActiveContent(stored, upload.name) ? 'text/plain; charset=utf-8' : stored;
  reply.header('content-type', type);
  reply.header('content-disposition', contentDisposition(upload.name, stored, download));
  if (h['content-length'] !== undefined) reply.header('content-length', h['content-length']);
  if (h.etag) reply.header('etag', h.etag);
  if (h['last-modified']) reply.header('last-modified', h['last-modified']);
  if (h['content-range']) reply.header('content-range', h['content-range']);
  if (type !== 'application/pdf') reply.header('content-security-policy', "sandbox; default-src 'none'");
}

export async function serveBytes(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  upload: StoredUpload,
  opts: { download: boolean; bot: boolean; resuming: boolean; secure: boolean },
): Promise<BytesOutcome> {
  reply.header('accept-ranges', 'bytes').header('cache-control', bytesCacheControl(upload, ctx.now()));
  if (offloads(ctx, request, upload)) return offloadBytes(ctx, request, reply, upload, opts);
  const head = request.method === 'HEAD';
  let range = head ? undefined : singleByteRange(request.headers.range);
  const read = () =>
    ctx.objects.read(upload.key, head ? 'HEAD' : 'GET', {
      range,
      ifNoneMatch: head ? undefined : request.headers['if-none-match'],
      ifModifiedSince: head ? undefined : httpDate(request.headers['if-modified-since']),
    });
  let res = await read();
  const ranged = res.statusCode === 206 || res.statusCode === 416;
  if (range && ranged && !rangeStillValid(request.headers['if-range'], res.headers)) {
    discard(res.body); // the bytes changed since this download began: all of the new ones (if-range.ts)
    range = undefined;
    res = await read();
  }
  const status = res.statusCode;
  if (status !== 200 && status !== 206) {
    discard(res.body);
    if (status === 304) {
      reply.code(304).send();
      return 'sent';
    }
    if (status === 404) return 'missing';
    if (status === 416) {
      sendRangeNotSatisfiable(reply, upload.bytes);
      return 'sent';
    }
    throw new Error(`S3 answered ${status} for ${upload.key}`);
  }
  if (head) {
    discard(res.body); // no body, but the socket goes back to the pool only once the end is read
    setObjectHeaders(reply, upload, res.headers, opts.download);
    reply.code(200).send();
    return 'sent';
  }
  // the booking may fail (the database away: 503): the S3 response is let go either way
  const booked = await bookBytes(ctx, reply, upload, {
    range,
    bot: opts.bot,
    resuming: opts.resuming,
    secure: opts.secure,
  }).catch((error: unknown) => {
    res.body.on('error', () => {}).destroy();
    throw error;
  });
  if (!booked) {
    res.body.on('error', () => {}).destroy();
    return 'limit';
  }
  setObjectHeaders(reply, upload, res.headers, opts.download);
  if (res.pipeTo) {
    pipeBytes(ctx, request, reply, upload, status, res.pipeTo, opts.bot);
    return 'sent';
  }
  meterBytes(ctx, reply, upload, res.body, opts.bot);
  reply.code(status).send(res.body);
  return 'sent';
}
