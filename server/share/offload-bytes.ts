/**
 * The bytes of a big download handed to nginx (BYTES_OFFLOAD=x-accel, docs/deploy/nginx-offload.conf), so they never
 * cross Node. Everything the gateway decides stays here: the caller has run every check (expiry, password, owner,
 * transfer hold), and this file answers 304 and 416 itself from a HEAD of the object, drops a Range whose If-Range no
 * longer holds, books the download (download-booking.ts: max downloads, the resume cookie, the bot label), then
 * answers with an empty body and `X-Accel-Redirect: <prefix>/<storage host><presigned path and query>`: a GET valid for
 * 60 s that makes the storage answer with the type the gateway would send. nginx fetches it with the Range decided
 * here, keeps the Content-Disposition, Cache-Control and Set-Cookie of this answer, and adds nosniff, no-referrer and
 * the CSP named in X-Traydrop-Csp; the X-Traydrop-* headers never reach the client. Bytes are booked afterwards from
 * nginx's log (`traydrop-server cache-log --format nginx-offload`), which also settles the hold handed over here.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { httpDate } from '../http/http-date.ts';
import type { StoredUpload } from '../db/uploads.ts';
import { presign } from '../s3/presign.ts';
import { contentDisposition, isActiveContent } from './disposition.ts';
import { bookBytes } from './download-booking.ts';
import { handOverHold } from './hold-handover.ts';
import { rangeStillValid } from './if-range.ts';
import { singleByteRange } from './range.ts';
import { sendRangeNotSatisfiable } from './respond.ts';

const VALID_SECONDS = 60;
/** nginx sets it to BYTES_OFFLOAD_SECRET (replacing any client's) on every request it passes to a gateway. */
const OFFLOAD_HEADER = 'x-traydrop-offload';

function cameThroughNginx(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const [got, want] = [Buffer.from(header), Buffer.from(secret)];
  return got.length === want.length && timingSafeEqual(got, want);
}

/** Whether this request's bytes go through nginx: offload on, a GET that came through it, a file big enough. */
export function offloads(ctx: AppContext, request: FastifyRequest, upload: StoredUpload): boolean {
  const offload = ctx.config.bytesOffload;
  return (
    offload !== undefined &&
    request.method === 'GET' &&
    upload.bytes >= offload.minBytes &&
    cameThroughNginx(request.headers[OFFLOAD_HEADER], offload.secret)
  );
}

/** Whether a single range (range.ts's form) selects any byte of `size`. */
function satisfiable(range: string, size: number): boolean {
  const [first, last] = range.slice('bytes='.length).split('-') as [string, string];
  if (first === '') return size > 0 && Number(last) > 0;
  return Number(first) < size;
}

export async function offloadBytes(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  upload: StoredUpload,
  opts: { download: boolean; bot: boolean; resuming: boolean; secure: boolean },
): Promise<'sent' | 'limit' | 'missing'> {
  const { config } = ctx;
  const head = await ctx.objects.read(upload.key, 'HEAD', {
    ifNoneMatch: request.headers['if-none-match'],
    ifModifiedSince: httpDate(request.headers['if-modified-since']),
  });
  head.body.on('error', () => {}).resume();
  if (head.statusCode === 304) {
    reply.code(304).send();
    return 'sent';
  }
  if (head.statusCode === 404) return 'missing';
  if (head.statusCode !== 200) throw new Error(`S3 answered ${head.statusCode} to HEAD ${upload.key}`);
  const size = Number(head.headers['content-length'] ?? upload.bytes);
  let range = singleByteRange(request.headers.range);
  // the bytes changed since this download began: all of the new ones (if-range.ts)
  if (range && !rangeStillValid(request.headers['if-range'], head.headers)) range = undefined;
  if (range && !satisfiable(range, size)) {
    sendRangeNotSatisfiable(reply, size);
    return 'sent';
  }
  if (!(await bookBytes(ctx, reply, upload, { range, bot: opts.bot, resuming: opts.resuming, secure: opts.secure })))
    return 'limit';
  const stored = head.headers['content-type'] ?? upload.contentType;
  // active content is never rendered from the share domain: attachment, and as text/plain (as serve-bytes.ts)
  const type = isActiveContent(stored, upload.name) ? 'text/plain; charset=utf-8' : stored;
  const url = new URL(
    presign({
      endpoint: config.s3Endpoint,
      region: config.s3Region,
      bucket: config.s3Bucket,
      key: upload.key,
      accessKeyId: config.brokerAccessKeyId,
      secretAccessKey: config.brokerSecretAccessKey,
      expiresSeconds: VALID_SECONDS, // signed on the storage's clock (real time), whatever ctx.now() says
      query: { 'response-content-type': type },
    }),
  );
  reply.header('content-disposition', contentDisposition(upload.name, stored, opts.download));
  reply.header('x-accel-redirect', `${config.bytesOffload!.prefix}/${url.host}${url.pathname}${url.search}`);
  reply.header('x-traydrop-share', upload.shareId);
  reply.header('x-traydrop-bot', opts.bot ? '1' : '0');
  reply.header('x-traydrop-hold', handOverHold(request) ?? '-');
  if (range) reply.header('x-traydrop-range', range);
  if (type !== 'application/pdf') reply.header('x-traydrop-csp', "sandbox; default-src 'none'");
  reply.code(200).send();
  return 'sent';
}
