/**
 * Multipart uploads run by the server with the owner's keys: RGW cannot check the expire tag on
 * Create/CompleteMultipartUpload, and drops tags given at Create. So the server creates the upload,
 * the client sends the parts (tag-checked by the session policy), and the server completes it,
 * tags the object (lifecycle sees only tags set after completion) and records it.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import {
  API,
  type MultipartAbortRequest,
  type MultipartCompleteRequest,
  type MultipartCreateRequest,
} from '../../common/broker-api.ts';
import { EXPIRY_TAG_KEY } from '../../common/expiry.ts';
import type { AppContext } from '../context.ts';
import { deletePending, findPending, insertPending, pendingForKey } from '../db/pending-multipart.ts';
import { findUploadByUploadId, type StoredUpload } from '../db/uploads.ts';
import { HttpError, badRequest, notFound } from '../errors.ts';
import { httpStatusOf } from '../../node/s3-client.ts';
import { s3ErrorCode } from '../s3/owner-s3.ts';
import { existingUpload, headObject, recordUpload } from './record-upload.ts';
import { parseUserKey, requireAllowedExpiry } from './validate.ts';
import { requireReservedIfLimited } from './plan-gate.ts';

export async function createMultipart(ctx: AppContext, userId: string, req: MultipartCreateRequest): Promise<string> {
  const parsed = parseUserKey(req.key, userId);
  const expire = requireAllowedExpiry(req.expire, ctx.config.allowedExpiry);
  if (await existingUpload(ctx, parsed, req.key))
    throw badRequest(`key ${req.key} is already uploaded; use a new share id`);
  await requireReservedIfLimited(ctx, userId, req.key);
  await abortOrphans(ctx, userId, req.key);
  const created = await ctx.s3.send(
    new CreateMultipartUploadCommand({ Bucket: ctx.config.s3Bucket, Key: req.key, ContentType: req.contentType }),
  );
  if (!created.UploadId) throw new HttpError(502, 's3_failed', 'the storage service returned no UploadId');
  await insertPending(ctx.db, {
    uploadId: created.UploadId,
    key: req.key,
    userId,
    expire,
    contentType: req.contentType,
    createdAt: ctx.now().toISOString(),
  });
  return created.UploadId;
}

/**
 * A client asks to create an upload only when it holds no upload id for the key, so an upload still
 * pending for that key is an orphan: created for a client that died before it could save the id.
 * Abort it now instead of leaving it to the bucket's AbortIncompleteMultipartUpload rule.
 */
async function abortOrphans(ctx: AppContext, userId: string, key: string): Promise<void> {
  for (const uploadId of await pendingForKey(ctx.db, key, userId)) {
    await abortMultipart(ctx, userId, { key, uploadId });
  }
}

async function completeInS3(ctx: AppContext, req: MultipartCompleteRequest): Promise<void> {
  const Parts = [...req.parts]
    .sort((a, b) => a.partNumber - b.partNumber)
    .map((p) => ({ PartNumber: p.partNumber, ETag: p.etag }));
  const { s3Bucket: Bucket } = ctx.config;
  try {
    await ctx.s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key: req.key, UploadId: req.uploadId, MultipartUpload: { Parts } }),
    );
  } catch (error) {
    const code = s3ErrorCode(error);
    if (code === 'NoSuchUpload') {
      // completed by an earlier attempt that failed later (tagging, recording): carry on from there
      const exists = await headObject(ctx, req.key).then(
        () => true,
        () => false,
      );
      if (exists) return;
      await deletePending(ctx.db, req.uploadId);
      throw notFound(`the storage service no longer knows upload ${req.uploadId} (aborted or expired)`);
    }
    if (httpStatusOf(error) === 400) throw badRequest(`the storage service refused to complete the upload: ${code}`);
    throw error;
  }
}

export async function completeMultipart(
  ctx: AppContext,
  userId: string,
  req: MultipartCompleteRequest,
): Promise<StoredUpload> {
  const pending = await findPending(ctx.db, req.uploadId);
  if (!pending || pending.userId !== userId) {
    // a retry after a lost answer: the upload is already done
    const done = await findUploadByUploadId(ctx.db, req.uploadId);
    if (done && done.userId === userId && done.key === req.key) return done;
    throw notFound(
      `no multipart upload ${req.uploadId} of yours is waiting; create one with POST ${API.multipartCreate}`,
    );
  }
  if (pending.key !== req.key) throw badRequest(`upload ${req.uploadId} is for key ${pending.key}, not ${req.key}`);
  const parsed = parseUserKey(req.key, userId);
  await completeInS3(ctx, req);
  await ctx.s3.send(
    new PutObjectTaggingCommand({
      Bucket: ctx.config.s3Bucket,
      Key: req.key,
      Tagging: { TagSet: [{ Key: EXPIRY_TAG_KEY, Value: pending.expire }] },
    }),
  );
  const stored = await recordUpload(ctx, { key: req.key, parsed, expire: pending.expire, uploadId: req.uploadId });
  await deletePending(ctx.db, req.uploadId);
  return stored;
}

/**
 * Aborts a multipart upload for its owner (cancel, or a failure the client gives up on). RGW 16
 * authorizes AbortMultipartUpload as s3:PutObject, which the session policy grants only with the
 * expire tag condition RGW cannot evaluate on Abort, so the client's own Abort gets 403.
 * Idempotent: an upload that is already gone counts as aborted. Only keys under the caller's prefix.
 */
export async function abortMultipart(ctx: AppContext, userId: string, req: MultipartAbortRequest): Promise<void> {
  parseUserKey(req.key, userId);
  const pending = await findPending(ctx.db, req.uploadId);
  if (pending && (pending.userId !== userId || pending.key !== req.key)) {
    throw notFound(`no multipart upload ${req.uploadId} of yours for key ${req.key}`);
  }
  try {
    await ctx.s3.send(
      new AbortMultipartUploadCommand({ Bucket: ctx.config.s3Bucket, Key: req.key, UploadId: req.uploadId }),
    );
  } catch (error) {
    if (s3ErrorCode(error) !== 'NoSuchUpload') throw error;
  }
  await deletePending(ctx.db, req.uploadId);
}
