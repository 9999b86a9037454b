/** The last step of every upload: look at the object in S3, then put it in the index. */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { type Expiry, expiresAt } from '../../common/expiry.ts';
import type { ParsedKey } from '../../common/share-key.ts';
import type { AppContext } from '../context.ts';
import { conflict, notFound } from '../errors.ts';
import { findUploadByShareId, insertUpload, type StoredUpload } from '../db/uploads.ts';
import { isNotFound } from '../s3/owner-s3.ts';
import { deleteReservation } from '../db/reservations.ts';
import { inTransaction } from '../db/open-database.ts';

export interface NewUpload {
  key: string;
  parsed: ParsedKey;
  expire: Expiry;
  uploadId: string | null;
  /** The object's HEAD when the caller already asked for it (in parallel with its own reads). */
  head?: Promise<Awaited<ReturnType<typeof headObject>>>;
}

/** Throws 409 when the share id is already taken by another key. Returns an existing record for the same key. */
export async function existingUpload(ctx: AppContext, parsed: ParsedKey, key: string): Promise<StoredUpload | null> {
  const existing = await findUploadByShareId(ctx.db, parsed.shareId);
  if (existing && existing.key !== key) throw conflict(`share id ${parsed.shareId} is already used; pick another`);
  return existing;
}

export async function headObject(ctx: AppContext, key: string) {
  try {
    return await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.config.s3Bucket, Key: key }));
  } catch (error) {
    if (isNotFound(error)) throw notFound(`object ${key} does not exist; upload it before reporting it`);
    throw error;
  }
}

export async function recordUpload(ctx: AppContext, upload: NewUpload): Promise<StoredUpload> {
  const existing = await existingUpload(ctx, upload.parsed, upload.key);
  if (existing) return existing;
  const head = await (upload.head ?? headObject(ctx, upload.key));
  const uploadedAt = ctx.now();
  const stored: StoredUpload = {
    shareId: upload.parsed.shareId,
    key: upload.key,
    userId: upload.parsed.userId,
    name: upload.parsed.name,
    bytes: head.ContentLength ?? 0,
    contentType: head.ContentType ?? 'application/octet-stream',
    expire: upload.expire,
    uploadedAt: uploadedAt.toISOString(),
    expiresAt: expiresAt(upload.expire, uploadedAt)?.toISOString() ?? null,
    uploadId: upload.uploadId,
    downloads: 0,
    maxDownloads: null,
    passwordHash: null,
  };
  try {
    // the link and the end of its reservation together: no instance sees both, or neither
    await inTransaction(ctx.db, async (trx) => {
      await insertUpload(trx, stored);
      await deleteReservation(trx, upload.key);
    });
  } catch (error) {
    // a concurrent report of the same key won the insert
    const winner = await existingUpload(ctx, upload.parsed, upload.key);
    if (winner) return winner;
    throw error;
  }
  return stored;
}
