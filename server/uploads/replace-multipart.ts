/**
 * A large replacement goes multipart, run by the server as every multipart upload is (uploads/multipart.ts says
 * why: RGW cannot check the expire tag on create and complete): the server creates the upload on the link's own key
 * (which the ordinary create refuses, the key being taken), the client sends the parts with the scoped credentials
 * of the replacement, and the completion of the replacement completes it here.
 */
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand } from '@aws-sdk/client-s3';
import type { CompletedPart } from '../../common/broker-api.ts';
import type { AppContext } from '../context.ts';
import { pendingReplacement } from '../db/link-version.ts';
import { deletePending, findPending, insertPending, pendingForKey } from '../db/pending-multipart.ts';
import type { StoredUpload } from '../db/uploads.ts';
import { HttpError, badRequest, conflict, notFound } from '../errors.ts';
import { httpStatusOf } from '../../node/s3-client.ts';
import { s3ErrorCode } from '../s3/owner-s3.ts';
import { abortMultipart } from './multipart.ts';

export async function createReplaceMultipart(ctx: AppContext, userId: string, upload: StoredUpload): Promise<string> {
  const pending = await pendingReplacement(ctx.db, upload.shareId);
  if (!pending) throw conflict(`no replacement of link ${upload.shareId} was started; start one first`);
  // a client asks only when it holds no upload id: one still pending for the key is an orphan
  for (const uploadId of await pendingForKey(ctx.db, upload.key, userId))
    await abortMultipart(ctx, userId, { key: upload.key, uploadId });
  const created = await ctx.s3.send(
    new CreateMultipartUploadCommand({
      Bucket: ctx.config.s3Bucket,
      Key: upload.key,
      ContentType: pending.contentType,
    }),
  );
  if (!created.UploadId) throw new HttpError(502, 's3_failed', 'the storage service returned no UploadId');
  await insertPending(ctx.db, {
    uploadId: created.UploadId,
    key: upload.key,
    userId,
    expire: upload.expire,
    contentType: pending.contentType,
    createdAt: ctx.now().toISOString(),
  });
  return created.UploadId;
}

export async function completeReplaceMultipart(
  ctx: AppContext,
  userId: string,
  upload: StoredUpload,
  req: { uploadId: string; parts: CompletedPart[] | undefined },
): Promise<void> {
  const pending = await findPending(ctx.db, req.uploadId);
  if (!pending || pending.userId !== userId || pending.key !== upload.key)
    throw notFound(`no multipart upload ${req.uploadId} of yours is waiting for link ${upload.shareId}`);
  if (!req.parts?.length) throw badRequest('a multipart replacement needs its parts');
  const Parts = [...req.parts]
    .sort((a, b) => a.partNumber - b.partNumber)
    .map((p) => ({ PartNumber: p.partNumber, ETag: p.etag }));
  try {
    await ctx.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: ctx.config.s3Bucket,
        Key: upload.key,
        UploadId: req.uploadId,
        MultipartUpload: { Parts },
      }),
    );
  } catch (error) {
    const code = s3ErrorCode(error);
    // NoSuchUpload: completed by an earlier attempt that failed later; the object check that follows decides
    if (code === 'NoSuchUpload') return;
    if (httpStatusOf(error) === 400) throw badRequest(`the storage service refused to complete the upload: ${code}`);
    throw error;
  }
  await deletePending(ctx.db, req.uploadId);
}
