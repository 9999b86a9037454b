/** Delete: the object in S3 first (a missing one is fine), then the index row and its statistics. */
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { AppContext } from '../context.ts';
import { deleteUploadRow, type StoredUpload } from '../db/uploads.ts';

export async function deleteFile(ctx: AppContext, upload: StoredUpload): Promise<void> {
  await ctx.s3.send(new DeleteObjectCommand({ Bucket: ctx.config.s3Bucket, Key: upload.key }));
  await deleteUploadRow(ctx.db, upload.shareId);
}
