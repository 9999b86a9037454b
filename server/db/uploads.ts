/** The upload index: the gateway finds object keys here, by share id, and nowhere else. */
import type { UploadRecord } from '../../common/broker-api.ts';
import type { Expiry } from '../../common/expiry.ts';
import { shareUrl } from '../../common/share-key.ts';
import type { Selectable } from 'kysely';
import type { Queryable } from './open-database.ts';
import type { UploadsTable } from './schema.ts';
import { inTransaction, type Database } from './open-database.ts';

export interface StoredUpload {
  shareId: string;
  key: string;
  userId: string;
  name: string;
  bytes: number;
  contentType: string;
  expire: Expiry;
  uploadedAt: string;
  expiresAt: string | null;
  /** The multipart UploadId it was completed from, or null for a single PutObject. */
  uploadId: string | null;
  downloads: number;
  /** Optional per-link limits (null: none). */
  maxDownloads: number | null;
  /** scrypt hash (server/share/password.ts), or null for no password. */
  passwordHash: string | null;
  /** 1, then +1 per replacement under the same link (server/uploads/replace.ts); absent on rows made here. */
  version?: number;
  /** When the bytes were last replaced, or null. */
  replacedAt?: string | null;
}

export type UploadRow = Selectable<UploadsTable>;

export function fromRow(row: UploadRow | undefined): StoredUpload | null {
  if (!row) return null;
  return {
    shareId: row.share_id,
    key: row.key,
    userId: row.user_id,
    name: row.name,
    bytes: row.bytes,
    contentType: row.content_type,
    expire: row.expire,
    uploadedAt: row.uploaded_at,
    expiresAt: row.expires_at,
    uploadId: row.upload_id,
    downloads: row.downloads,
    maxDownloads: row.max_downloads,
    passwordHash: row.password_hash,
    version: row.version,
    replacedAt: row.replaced_at,
  };
}

export async function insertUpload(
  db: Queryable,
  u: Omit<StoredUpload, 'downloads' | 'maxDownloads' | 'passwordHash' | 'version' | 'replacedAt'>,
): Promise<void> {
  await db
    .insertInto('uploads')
    .values({
      share_id: u.shareId,
      key: u.key,
      user_id: u.userId,
      name: u.name,
      bytes: u.bytes,
      content_type: u.contentType,
      expire: u.expire,
      uploaded_at: u.uploadedAt,
      expires_at: u.expiresAt,
      upload_id: u.uploadId,
    })
    .execute();
}

export async function findUploadByShareId(db: Queryable, shareId: string): Promise<StoredUpload | null> {
  return fromRow(await db.selectFrom('uploads').selectAll().where('share_id', '=', shareId).executeTakeFirst());
}

export async function findUploadByUploadId(db: Queryable, uploadId: string): Promise<StoredUpload | null> {
  return fromRow(await db.selectFrom('uploads').selectAll().where('upload_id', '=', uploadId).executeTakeFirst());
}

/**
 * Counts one download unless the link's max-downloads is reached; false when it is. One conditional UPDATE, atomic
 * across instances: PostgreSQL re-checks the WHERE on the locked row after a concurrent update committed.
 */
export async function tryCountDownload(db: Queryable, shareId: string): Promise<boolean> {
  const result = await db
    .updateTable('uploads')
    .set((eb) => ({ downloads: eb('downloads', '+', 1) }))
    .where('share_id', '=', shareId)
    .where((eb) => eb.or([eb('max_downloads', 'is', null), eb('downloads', '<', eb.ref('max_downloads'))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setLimits(
  db: Queryable,
  shareId: string,
  limits: { maxDownloads?: number | null; passwordHash?: string | null },
): Promise<void> {
  if (limits.maxDownloads !== undefined)
    await db
      .updateTable('uploads')
      .set({ max_downloads: limits.maxDownloads })
      .where('share_id', '=', shareId)
      .execute();
  if (limits.passwordHash !== undefined)
    await db
      .updateTable('uploads')
      .set({ password_hash: limits.passwordHash })
      .where('share_id', '=', shareId)
      .execute();
}

/** Removes the index row and its statistics (together). */
export async function deleteUploadRow(db: Database, shareId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('file_stats').where('share_id', '=', shareId).execute();
    await trx.deleteFrom('file_stats_daily').where('share_id', '=', shareId).execute();
    await trx.deleteFrom('uploads').where('share_id', '=', shareId).execute();
  });
}

export function toUploadRecord(u: StoredUpload, shareBaseUrl: string): UploadRecord {
  return {
    key: u.key,
    shareId: u.shareId,
    name: u.name,
    bytes: u.bytes,
    contentType: u.contentType,
    expire: u.expire,
    url: shareUrl(shareBaseUrl, u.shareId, u.name),
    uploadedAt: u.uploadedAt,
    expiresAt: u.expiresAt,
  };
}
