/**
 * Changing a link's expiry: longer, shorter or never, among ALLOWED_EXPIRY. An expiry counts from the upload,
 * as the bucket's lifecycle rules do (Expiration Days counts from the object's creation, whatever its tag says
 * when), so the new instant is the upload time plus the new value: the object's `expire` tag is rewritten first,
 * so lifecycle deletes it on that same schedule, then the index row, which the gateway reads on every request
 * (410 from the new instant on), then the caches are told. The link's thumbnail is re-tagged with it.
 */
import { PutObjectTaggingCommand } from '@aws-sdk/client-s3';
import type { FastifyBaseLogger } from 'fastify';
import { EXPIRY_TAG_KEY, type Expiry, expiresAt } from '../../common/expiry.ts';
import { purgeLink } from '../cache/purge.ts';
import type { AppContext } from '../context.ts';
import { setExpiry } from '../db/link-expiry.ts';
import { findThumbnail } from '../db/thumbnails.ts';
import { findUploadByShareId, type StoredUpload } from '../db/uploads.ts';
import { conflict } from '../errors.ts';
import { isNotFound } from '../s3/owner-s3.ts';
import { requireAllowedExpiry } from '../uploads/validate.ts';

export async function changeExpiry(
  ctx: AppContext,
  upload: StoredUpload,
  expire: string,
  log: FastifyBaseLogger,
): Promise<StoredUpload> {
  const value: Expiry = requireAllowedExpiry(expire, ctx.config.allowedExpiry);
  try {
    await ctx.s3.send(
      new PutObjectTaggingCommand({
        Bucket: ctx.config.s3Bucket,
        Key: upload.key,
        Tagging: { TagSet: [{ Key: EXPIRY_TAG_KEY, Value: value }] },
      }),
    );
  } catch (error) {
    if (isNotFound(error)) throw conflict('the file is no longer in storage: its expiry cannot change');
    throw error;
  }
  // its thumbnail (thumbs/…, made a little later) follows, so lifecycle deletes the two together
  const thumb = await findThumbnail(ctx.db, upload.shareId);
  if (thumb?.state === 'done')
    await ctx.s3
      .send(
        new PutObjectTaggingCommand({
          Bucket: ctx.config.s3Bucket,
          Key: thumb.key,
          Tagging: { TagSet: [{ Key: EXPIRY_TAG_KEY, Value: value }] },
        }),
      )
      .catch((error: unknown) => {
        if (!isNotFound(error)) throw error; // gone meanwhile: nothing to keep
      });
  await setExpiry(ctx.db, upload.shareId, value, expiresAt(value, new Date(upload.uploadedAt)));
  await purgeLink(ctx, upload.shareId, log);
  return (await findUploadByShareId(ctx.db, upload.shareId))!;
}
