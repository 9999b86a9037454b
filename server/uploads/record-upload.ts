/**
 * The last step of every upload: look at the object in S3, then put it in the index. Clients write to S3
 * themselves, so the size the plan checked at the reservation is only their word: the real one is checked here,
 * and an object over the plan is deleted and gets no link (413).
 */
import { DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { type Expiry, expiresAt } from '../../common/expiry.ts';
import type { ParsedKey } from '../../common/share-key.ts';
import type { AppContext } from '../context.ts';
import { conflict, HttpError, notFound } from '../errors.ts';
import { findUploadByShareId, insertUpload, type StoredUpload } from '../db/uploads.ts';
import { isNotFound } from '../s3/owner-s3.ts';
import { deleteReservation } from '../db/reservations.ts';
import { inTransaction, type Queryable } from '../db/open-database.ts';
import { deletePending } from '../db/pending-multipart.ts';
import { findUser, lockUser, type User } from '../db/users.ts';
import { checkPlan, hasPlanLimits } from './plan-limits.ts';

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

/** Bytes already admitted for the key by its reservation are not checked again; anything beyond them is. */
async function checkRealSize(trx: Queryable, user: User, stored: StoredUpload, now: Date): Promise<void> {
  await lockUser(trx, user.name);
  const reserved = await trx
    .selectFrom('reservations')
    .select('bytes')
    .where('key', '=', stored.key)
    .executeTakeFirst();
  await checkPlan(trx, user, stored.key, stored.bytes, now, reserved?.bytes ?? 0);
}

/** An object the plan does not allow: deleted from S3, its reservation and pending multipart row with it. */
async function withdraw(ctx: AppContext, upload: NewUpload): Promise<void> {
  await ctx.s3.send(new DeleteObjectCommand({ Bucket: ctx.config.s3Bucket, Key: upload.key }));
  await deleteReservation(ctx.db, upload.key);
  if (upload.uploadId !== null) await deletePending(ctx.db, upload.uploadId);
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
  const user = await findUser(ctx.db, stored.userId);
  try {
    // the link and the end of its reservation together: no instance sees both, or neither
    await inTransaction(ctx.db, async (trx) => {
      // the real size against the plan: what S3 holds may be more than the reservation said
      if (hasPlanLimits(user)) await checkRealSize(trx, user, stored, uploadedAt);
      await insertUpload(trx, stored);
      await deleteReservation(trx, upload.key);
    });
  } catch (error) {
    if (error instanceof HttpError && error.statusCode === 413) {
      await withdraw(ctx, upload);
      throw error;
    }
    // a concurrent report of the same key won the insert
    const winner = await existingUpload(ctx, upload.parsed, upload.key);
    if (winner) return winner;
    throw error;
  }
  return stored;
}
