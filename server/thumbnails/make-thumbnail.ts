/**
 * Makes one claimed thumbnail: ffmpeg reads the object through a short-lived presigned URL (so a video is read with
 * Range requests, only as far as needed, and no byte passes through the server's heap), the WebP goes to the bucket
 * under thumbs/ with the link's expire tag (the lifecycle rule that deletes the object deletes it the same day),
 * and the claim is settled: done, or failed with ffmpeg's reason (never tried again). A thumbnail that could not be
 * stored releases the claim instead (the bucket may be back at the next sweep); one whose link was deleted while it
 * was made is deleted again.
 */
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { expiryTagging } from '../../common/expiry.ts';
import type { AppContext } from '../context.ts';
import { findThumbnail, releaseClaim, settleThumbnail } from '../db/thumbnails.ts';
import type { StoredUpload } from '../db/uploads.ts';
import { presign } from '../s3/presign.ts';
import { thumbnailArgs } from './ffmpeg-args.ts';
import { type FfmpegLimits, runFfmpeg } from './run-ffmpeg.ts';
import { thumbnailKey, THUMBNAIL_TYPE } from './thumbnail-key.ts';

export type MakerContext = Pick<AppContext, 'db' | 's3' | 'config' | 'now'>;

export type MakeOutcome = 'done' | 'failed' | 'released' | 'lost';

function sourceUrl(ctx: MakerContext, key: string, seconds: number): string {
  const { config } = ctx;
  return presign({
    endpoint: config.s3Endpoint,
    region: config.s3Region,
    bucket: config.s3Bucket,
    key,
    accessKeyId: config.brokerAccessKeyId,
    secretAccessKey: config.brokerSecretAccessKey,
    expiresSeconds: seconds,
  });
}

export async function makeThumbnail(
  ctx: MakerContext,
  upload: StoredUpload,
  kind: 'image' | 'video',
  claimedAt: Date,
  limits: FfmpegLimits,
): Promise<MakeOutcome> {
  const url = sourceUrl(ctx, upload.key, Math.ceil(limits.timeoutMs / 1000) + 60);
  const result = await runFfmpeg(thumbnailArgs(url, kind), limits);
  if (!result.ok) {
    const settled = await settleThumbnail(ctx.db, upload.shareId, claimedAt, {
      state: 'failed',
      bytes: null,
      detail: result.reason,
      now: ctx.now(),
    });
    return settled ? 'failed' : 'lost';
  }
  const Key = thumbnailKey(upload.userId, upload.shareId);
  const Bucket = ctx.config.s3Bucket;
  try {
    await ctx.s3.send(
      new PutObjectCommand({
        Bucket,
        Key,
        Body: result.output,
        ContentType: THUMBNAIL_TYPE,
        Tagging: expiryTagging(upload.expire),
      }),
    );
  } catch (error) {
    await releaseClaim(ctx.db, upload.shareId, claimedAt);
    throw error;
  }
  const bytes = result.output.length;
  if (await settleThumbnail(ctx.db, upload.shareId, claimedAt, { state: 'done', bytes, detail: null, now: ctx.now() }))
    return 'done';
  // no longer ours: the link was deleted meanwhile (then so is the row), or a stale claim was taken over (keep it)
  if (!(await findThumbnail(ctx.db, upload.shareId))) await ctx.s3.send(new DeleteObjectCommand({ Bucket, Key }));
  return 'lost';
}
