/**
 * Delete: the thumbnail (row, then object), then the object in S3 (a missing one is fine), then the index row and
 * its statistics.
 */
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { AppContext } from '../context.ts';
import { deleteUploadRow, type StoredUpload } from '../db/uploads.ts';
import { dropThumbnail } from '../thumbnails/drop-thumbnail.ts';

export async function deleteFile(ctx: AppContext, upload: StoredUpload): Promise<void> {
  await dropThumbnail(ctx, upload.shareId);
  await ctx.s3.send(new DeleteObjectCommand({ Bucket: ctx.config.s3Bucket, Key: upload.key }));
  await deleteUploadRow(ctx.db, upload.shareId);
}
