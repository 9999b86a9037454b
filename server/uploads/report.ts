/** A single-PutObject upload the client reports: it must exist and carry an allowed expire tag. */
import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { EXPIRY_TAG_KEY } from '../../common/expiry.ts';
import type { AppContext } from '../context.ts';
import type { StoredUpload } from '../db/uploads.ts';
import { notFound } from '../errors.ts';
import { isNotFound } from '../s3/owner-s3.ts';
import { existingUpload, headObject, recordUpload } from './record-upload.ts';
import { parseUserKey, requireAllowedExpiry } from './validate.ts';

export async function reportUpload(ctx: AppContext, userId: string, key: string): Promise<StoredUpload> {
  const parsed = parseUserKey(key, userId);
  const existing = await existingUpload(ctx, parsed, key);
  if (existing) return existing;
  // both reads at once: this answer is on the path of every small upload
  const head = headObject(ctx, key);
  head.catch(() => {}); // awaited below, or the tagging error wins
  let tags;
  try {
    tags = await ctx.s3.send(new GetObjectTaggingCommand({ Bucket: ctx.config.s3Bucket, Key: key }));
  } catch (error) {
    if (isNotFound(error)) throw notFound(`object ${key} does not exist; upload it before reporting it`);
    throw error;
  }
  const tag = tags.TagSet?.find((t) => t.Key === EXPIRY_TAG_KEY)?.Value;
  const expire = requireAllowedExpiry(tag, ctx.config.allowedExpiry);
  return recordUpload(ctx, { key, parsed, expire, uploadId: null, head });
}
