/**
 * One file streamed through the server into S3 (POST /v1/upload): ShareX, scripts and phones cannot speak S3,
 * so the server does what the app does, with the owner's keys, and ends in the app's own functions so the link is
 * the same as any other: reserved first (reserve.ts, where quotas are checked), then one tagged PutObject recorded
 * by reportUpload when the file fits in one part, else a multipart upload made, completed, tagged and recorded by
 * multipart.ts (pending_multipart knows it meanwhile, as it knows the app's).
 *
 * The size is not known before the body has arrived. The request's Content-Length (the whole form, so at least
 * the file) is reserved before a byte is read; a body without one reserves FIRST_RESERVATION (one part) and grows its
 * reservation as the bytes arrive, each step through reserveUpload again, so a quota stops it mid-body (a step the
 * plan refuses is retried with just the bytes that have arrived, so a file that fits is never refused). Memory is
 * at most PARALLEL_PARTS + 1 parts (part-chunks.ts), whatever the size. On any failure (the client went away, a refused step, S3)
 * the multipart upload is aborted or the object deleted, and the reservation released: nothing is left behind.
 */
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import type { CompletedPart } from '../../common/broker-api.ts';
import { contentTypeFor } from '../../common/content-type.ts';
import { type Expiry, expiryTagging } from '../../common/expiry.ts';
import { safeName } from '../../common/safe-name.ts';
import { newShareId } from '../../common/share-id.ts';
import { objectKey, parseObjectKey } from '../../common/share-key.ts';
import type { AppContext } from '../context.ts';
import { findUploadByShareId, type StoredUpload } from '../db/uploads.ts';
import { badRequest, HttpError } from '../errors.ts';
import { abortMultipart, completeMultipart, createMultipart } from './multipart.ts';
import { readingForm } from './form-errors.ts';
import { PartBuffers, partChunks, SpareBuffers } from './part-chunks.ts';
import { reportUpload } from './report.ts';
import { releaseUpload, reserveUpload } from './reserve.ts';

const MiB = 1024 * 1024;
/**
 * S3's parts are 5 MiB at least (but the last) and 10,000 at most. The smallest: the parts in flight are most of
 * what an upload adds to the server's memory (issue #16, bench/dashboard/README.md).
 */
export const DEFAULT_PART_SIZE = 5 * MiB;
const MAX_PARTS = 10_000;
/** Parts on their way to S3 at once, one connection each: 3 × 5 MiB of memory, the next part read meanwhile. */
const PARALLEL_PARTS = 3;
/** What a body without Content-Length reserves at first: one part, so a small file fits a nearly full quota. */
export const FIRST_RESERVATION = DEFAULT_PART_SIZE;
/** What each further step of such a body's reservation adds (at least). */
export const RESERVE_STEP = 64 * MiB;
/** The default-sized part buffers, kept from upload to upload (spare-buffers.ts says why). */
const spares = new SpareBuffers(DEFAULT_PART_SIZE, PARALLEL_PARTS + 1);

export interface StreamUploadInput {
  userId: string;
  /** The file name the client sent (made safe here), or '' when it sent none. */
  filename: string;
  file: Readable;
  expire: Expiry;
  /** The request's Content-Length, an upper bound of the file's size; null for a chunked body. */
  declaredBytes: number | null;
  /** Bytes per S3 part (tests and the bench may change it); grown for bodies that would need more than 10,000. */
  partSize?: number;
}

function partSizeFor(declared: number | null, wanted: number): number {
  if (declared === null) return wanted;
  return Math.max(wanted, Math.ceil(declared / MAX_PARTS / MiB) * MiB);
}

export async function streamUpload(ctx: AppContext, input: StreamUploadInput): Promise<StoredUpload> {
  const { userId, expire } = input;
  const name = safeName(input.filename || 'upload');
  const key = objectKey(userId, newShareId(), name);
  const contentType = contentTypeFor(name);
  let reserved = input.declaredBytes ?? FIRST_RESERVATION;
  await reserveUpload(ctx, userId, { key, expire, contentType, bytes: reserved });
  const reserve = (bytes: number) => reserveUpload(ctx, userId, { key, expire, contentType, bytes });
  const growReservation = async (total: number): Promise<void> => {
    if (total <= reserved) return;
    const step = Math.max(total, reserved + RESERVE_STEP);
    try {
      await reserve(step);
      reserved = step;
    } catch (error) {
      // near a limit the step may not fit where the file still does: then only the bytes that have arrived
      if (!(error instanceof HttpError) || error.statusCode !== 413 || step === total) throw error;
      await reserve(total);
      reserved = total;
    }
  };
  const buffers = new PartBuffers(
    partSizeFor(input.declaredBytes, input.partSize ?? DEFAULT_PART_SIZE),
    PARALLEL_PARTS + 1,
    spares,
  );
  const parts = partChunks(readingForm<Buffer>(input.file), buffers, growReservation);
  try {
    const first = await parts.next();
    if (first.done) throw badRequest('the file is empty: nothing to share');
    if (first.value.length < buffers.size) return await putWhole(ctx, userId, key, first.value, contentType, expire);
    return await putInParts(ctx, { userId, key, contentType, expire, buffers }, first.value, parts);
  } catch (error) {
    await parts.return(undefined); // stop reading; the route's error answer closes the connection
    await releaseUpload(ctx, userId, key);
    throw error;
  } finally {
    // every part request has settled (putInParts waits for them all): the buffers may serve the next upload
    buffers.dispose();
  }
}

async function putWhole(
  ctx: AppContext,
  userId: string,
  key: string,
  body: Buffer,
  contentType: string,
  expire: Expiry,
): Promise<StoredUpload> {
  const { s3Bucket: Bucket } = ctx.config;
  await ctx.s3.send(
    new PutObjectCommand({
      Bucket,
      Key: key,
      Body: body,
      ContentLength: body.length,
      ContentType: contentType,
      Tagging: expiryTagging(expire),
    }),
  );
  try {
    return await reportUpload(ctx, userId, key);
  } catch (error) {
    await discardUnrecorded(ctx, key);
    throw error;
  }
}

/** An object whose recording failed is deleted: without its row no link, list or expiry would ever reach it. */
async function discardUnrecorded(ctx: AppContext, key: string): Promise<void> {
  const parsed = parseObjectKey(key);
  if (parsed && (await findUploadByShareId(ctx.db, parsed.shareId))) return;
  await ctx.s3.send(new DeleteObjectCommand({ Bucket: ctx.config.s3Bucket, Key: key }));
}

interface Target {
  userId: string;
  key: string;
  contentType: string;
  expire: Expiry;
  buffers: PartBuffers;
}

async function putInParts(
  ctx: AppContext,
  target: Target,
  first: Buffer,
  rest: AsyncGenerator<Buffer>,
): Promise<StoredUpload> {
  const { userId, key, contentType, expire, buffers } = target;
  const uploadId = await createMultipart(ctx, userId, { key, contentType, expire });
  const done: CompletedPart[] = [];
  let partNumber = 0;
  let failed = false;
  // the workers share one generator: each takes the next part when it is free, which is the back-pressure
  async function* numbered(): AsyncGenerator<{ n: number; body: Buffer }> {
    yield { n: ++partNumber, body: first };
    for await (const body of rest) yield { n: ++partNumber, body };
  }
  const queue = numbered();
  const worker = async (): Promise<void> => {
    for await (const { n, body } of { [Symbol.asyncIterator]: () => queue }) {
      if (failed) return;
      const sent = await ctx.s3.send(
        new UploadPartCommand({
          Bucket: ctx.config.s3Bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: n,
          Body: body,
          ContentLength: body.length,
        }),
      );
      buffers.release(body); // S3 has it: the next part may use the buffer
      done.push({ partNumber: n, etag: sent.ETag ?? '' });
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: PARALLEL_PARTS }, () =>
      worker().catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    ),
  );
  const rejected = results.find((r) => r.status === 'rejected');
  try {
    if (rejected) throw rejected.reason;
    return await completeMultipart(ctx, userId, { key, uploadId, parts: done });
  } catch (error) {
    // every part request has settled (allSettled above): no part can land after the abort
    await abortMultipart(ctx, userId, { key, uploadId });
    await discardUnrecorded(ctx, key); // completed, then failed on its way into the index
    throw error;
  }
}
