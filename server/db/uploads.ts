/** The upload index: the gateway finds object keys here, by share id, and nowhere else. */
import type { UploadRecord } from '../../common/broker-api.ts';
import type { Expiry } from '../../common/expiry.ts';
import { shareUrl } from '../../common/share-key.ts';
import type { Database } from './open-database.ts';

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
}

export interface UploadRow {
  share_id: string;
  key: string;
  user_id: string;
  name: string;
  bytes: number;
  content_type: string;
  expire: Expiry;
  uploaded_at: string;
  expires_at: string | null;
  upload_id: string | null;
  downloads: number;
  max_downloads: number | null;
  password_hash: string | null;
}

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
  };
}

export function insertUpload(db: Database, u: Omit<StoredUpload, 'downloads' | 'maxDownloads' | 'passwordHash'>): void {
  db.prepare(
    `INSERT INTO uploads (share_id, key, user_id, name, bytes, content_type, expire, uploaded_at, expires_at, upload_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(u.shareId, u.key, u.userId, u.name, u.bytes, u.contentType, u.expire, u.uploadedAt, u.expiresAt, u.uploadId);
}

export function findUploadByShareId(db: Database, shareId: string): StoredUpload | null {
  return fromRow(db.prepare('SELECT * FROM uploads WHERE share_id = ?').get(shareId) as UploadRow | undefined);
}

export function findUploadByUploadId(db: Database, uploadId: string): StoredUpload | null {
  return fromRow(db.prepare('SELECT * FROM uploads WHERE upload_id = ?').get(uploadId) as UploadRow | undefined);
}

/** Counts one download unless the link's max-downloads is reached; false when it is (atomic). */
export function tryCountDownload(db: Database, shareId: string): boolean {
  const result = db
    .prepare(
      `UPDATE uploads SET downloads = downloads + 1
       WHERE share_id = ? AND (max_downloads IS NULL OR downloads < max_downloads)`,
    )
    .run(shareId);
  return Number(result.changes) > 0;
}

export function setLimits(
  db: Database,
  shareId: string,
  limits: { maxDownloads?: number | null; passwordHash?: string | null },
): void {
  if (limits.maxDownloads !== undefined)
    db.prepare('UPDATE uploads SET max_downloads = ? WHERE share_id = ?').run(limits.maxDownloads, shareId);
  if (limits.passwordHash !== undefined)
    db.prepare('UPDATE uploads SET password_hash = ? WHERE share_id = ?').run(limits.passwordHash, shareId);
}

/** Removes the index row and its statistics. */
export function deleteUploadRow(db: Database, shareId: string): void {
  db.prepare('DELETE FROM file_stats WHERE share_id = ?').run(shareId);
  db.prepare('DELETE FROM uploads WHERE share_id = ?').run(shareId);
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
