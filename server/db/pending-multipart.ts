/** Multipart uploads the server created for a user and has not completed yet. */
import type { Expiry } from '../../common/expiry.ts';
import type { Database } from './open-database.ts';

export interface PendingMultipart {
  uploadId: string;
  key: string;
  userId: string;
  expire: Expiry;
  contentType: string;
  createdAt: string;
}

interface PendingRow {
  upload_id: string;
  key: string;
  user_id: string;
  expire: Expiry;
  content_type: string;
  created_at: string;
}

export function insertPending(db: Database, p: PendingMultipart): void {
  db.prepare(
    'INSERT INTO pending_multipart (upload_id, key, user_id, expire, content_type, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(p.uploadId, p.key, p.userId, p.expire, p.contentType, p.createdAt);
}

export function findPending(db: Database, uploadId: string): PendingMultipart | null {
  const row = db.prepare('SELECT * FROM pending_multipart WHERE upload_id = ?').get(uploadId) as PendingRow | undefined;
  if (!row) return null;
  return {
    uploadId: row.upload_id,
    key: row.key,
    userId: row.user_id,
    expire: row.expire,
    contentType: row.content_type,
    createdAt: row.created_at,
  };
}

export function deletePending(db: Database, uploadId: string): void {
  db.prepare('DELETE FROM pending_multipart WHERE upload_id = ?').run(uploadId);
}

/** Upload ids still pending for a key (normally none or one). */
export function pendingForKey(db: Database, key: string, userId: string): string[] {
  const rows = db.prepare('SELECT upload_id FROM pending_multipart WHERE key = ? AND user_id = ?').all(key, userId) as {
    upload_id: string;
  }[];
  return rows.map((row) => row.upload_id);
}
