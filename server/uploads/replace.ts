/**
 * Replacing a shared file under the same link (issue #17; the contract is common/replace-api.ts). Why it is
 * shaped so:
 *
 * - The same key is overwritten, not a new key pointed at: the link, its statistics, limits, password and expiry
 *   stay the link's, and no index lookup has to learn a second key. The object keeps exactly its expire tag (the
 *   credentials may write no other: replace-policy.ts), so its lifecycle rule stays the same one. S3 counts a
 *   rule's days from the object's last write, so the replaced object is deleted that much later than the
 *   original would have been; the link itself stops at the same instant, as the index's expires_at is untouched.
 * - Only the owner, only a live link: another user's id, an expired or deleted link answer 404 (nothing leaks); a
 *   link of one's own whose first upload is not recorded yet answers 409 (replace it once it is done).
 * - Between the new object landing in S3 and the completion, S3 already serves the new bytes: the promise is that
 *   no old byte is served after the completion. Completion checks the object (the size the start announced, and not the
 *   object S3 had at the start: another Last-Modified or ETag, S3's own, so no clock of ours is trusted), then swaps the row (bytes, type, version + 1, replaced_at) and bans the link from every cache
 *   before it answers. The gateway's bytes carry S3's ETag, which changes with the bytes, and it honours If-Range
 *   (server/share/if-range.ts), so a download resumed across a replacement starts over instead of gluing new bytes
 *   to old ones.
 * - Idempotent completion: a retry after a lost answer finds no replacement pending and gets the record again.
 */
import { GetObjectTaggingCommand, HeadObjectCommand, PutObjectTaggingCommand } from '@aws-sdk/client-s3';
import type { CredentialsResponse } from '../../common/broker-api.ts';
import type { ReplaceCompleteRequest, ReplaceStartRequest, ReplaceStartResponse } from '../../common/replace-api.ts';
import { EXPIRY_TAG_KEY } from '../../common/expiry.ts';
import { shareUrl } from '../../common/share-key.ts';
import type { AppContext } from '../context.ts';
import { completeReplacement, noteReplacement, pendingReplacement } from '../db/link-version.ts';
import { dropThumbnail } from '../thumbnails/drop-thumbnail.ts';
import { findReservation } from '../db/reservations.ts';
import { findUploadByShareId, type StoredUpload } from '../db/uploads.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';
import { conflict, notFound } from '../errors.ts';
import { isNotFound } from '../s3/owner-s3.ts';
import { assumeRoleFor } from '../sts/assume-role.ts';
import { headObject } from './record-upload.ts';
import { completeReplaceMultipart } from './replace-multipart.ts';
import { replacePolicy } from './replace-policy.ts';

/**
 * The object as S3 has it now, as one comparable string: its Last-Modified and ETag, both S3's own (no clock of
 * ours: a server whose clock is off from the storage's must not refuse or accept a replacement for that).
 */
export async function objectVersion(ctx: AppContext, key: string): Promise<string> {
  try {
    const head = await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.config.s3Bucket, Key: key }));
    return `${head.LastModified?.getTime() ?? 0} ${head.ETag ?? ''}`;
  } catch (error) {
    if (isNotFound(error)) return 'none'; // gone behind the server's back: the replacement fills it again
    throw error;
  }
}

/** The caller's own, live, recorded link; 404 for anything else (409 for one of its own still uploading). */
export async function replaceableUpload(ctx: AppContext, userId: string, shareId: string): Promise<StoredUpload> {
  await ctx.stats.flush();
  const upload = await findUploadByShareId(ctx.db, shareId);
  if (!upload || upload.userId !== userId) {
    const reserved = upload ? null : await findReservation(ctx.db, shareId);
    if (reserved?.userId === userId)
      throw conflict(`link ${shareId} is still uploading; replace it once its upload is done`);
    throw notFound(`no file with share id ${shareId}`);
  }
  if (upload.expiresAt !== null && ctx.now().getTime() >= Date.parse(upload.expiresAt))
    throw notFound(`link ${shareId} has expired`);
  return upload;
}

export async function startReplace(
  ctx: AppContext,
  userId: string,
  shareId: string,
  req: ReplaceStartRequest,
): Promise<ReplaceStartResponse> {
  const upload = await replaceableUpload(ctx, userId, shareId);
  const creds = await assumeRoleFor(
    ctx.sts,
    ctx.config,
    userId,
    replacePolicy(ctx.config.s3Bucket, upload.key, upload.expire),
  );
  await noteReplacement(ctx.db, shareId, {
    startedAt: ctx.now().toISOString(),
    bytes: req.bytes,
    contentType: req.contentType,
    from: await objectVersion(ctx, upload.key),
  });
  const shareBaseUrl = await shareBaseUrlFor(ctx, userId);
  const credentials: CredentialsResponse = {
    accessKeyId: creds.accessKeyId,
    secretAccessKey: creds.secretAccessKey,
    sessionToken: creds.sessionToken,
    expiration: creds.expiration.toISOString(),
    bucket: ctx.config.s3Bucket,
    endpoint: ctx.config.s3PublicEndpoint,
    region: ctx.config.s3Region,
    userId,
    prefix: upload.key,
    shareBaseUrl,
    allowedExpiry: [upload.expire],
  };
  return {
    credentials,
    key: upload.key,
    expire: upload.expire,
    url: shareUrl(shareBaseUrl, upload.shareId, upload.name),
    version: upload.version ?? 1,
  };
}

/** The object keeps exactly the tag it had (a multipart completion leaves none: S3 drops tags given at create). */
async function keepExpiryTag(ctx: AppContext, upload: StoredUpload): Promise<void> {
  const { s3Bucket: Bucket } = ctx.config;
  const tags = await ctx.s3.send(new GetObjectTaggingCommand({ Bucket, Key: upload.key }));
  const tagSet = tags.TagSet ?? [];
  if (tagSet.length === 1 && tagSet[0]!.Key === EXPIRY_TAG_KEY && tagSet[0]!.Value === upload.expire) return;
  await ctx.s3.send(
    new PutObjectTaggingCommand({
      Bucket,
      Key: upload.key,
      Tagging: { TagSet: [{ Key: EXPIRY_TAG_KEY, Value: upload.expire }] },
    }),
  );
}

/** Checks the new object, makes it the link's (row and tag), purges the caches; returns the updated row. */
export async function completeReplace(
  ctx: AppContext,
  userId: string,
  shareId: string,
  req: ReplaceCompleteRequest,
  purge: (shareId: string) => Promise<void>,
): Promise<StoredUpload> {
  const upload = await replaceableUpload(ctx, userId, shareId);
  const pending = await pendingReplacement(ctx.db, shareId);
  if (!pending) {
    if (upload.replacedAt) return upload; // completed already: a retry after a lost answer
    throw conflict(`no replacement of link ${shareId} was started; start one first`);
  }
  if (req.uploadId) await completeReplaceMultipart(ctx, userId, upload, { uploadId: req.uploadId, parts: req.parts });
  const head = await headObject(ctx, upload.key);
  const size = head.ContentLength ?? 0;
  if (size !== pending.bytes)
    throw conflict(`the storage service has ${size} bytes for link ${shareId}, not the ${pending.bytes} announced`);
  if (`${head.LastModified?.getTime() ?? 0} ${head.ETag ?? ''}` === pending.from)
    throw conflict(`the new bytes of link ${shareId} are not in the storage service yet; upload them first`);
  await keepExpiryTag(ctx, upload);
  const swapped = await completeReplacement(ctx.db, shareId, {
    startedAt: pending.startedAt,
    bytes: size,
    contentType: head.ContentType ?? pending.contentType,
    replacedAt: ctx.now().toISOString(),
  });
  if (!swapped) throw conflict(`another replacement of link ${shareId} started meanwhile; it completes the link`);
  await dropThumbnail(ctx, shareId); // the old picture's thumbnail goes; the sweep (or the next ask) makes the new one
  await purge(shareId);
  return (await findUploadByShareId(ctx.db, shareId))!;
}
