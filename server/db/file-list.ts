/** A user's files, newest first, paged by an opaque cursor (keyset: instant at any size). */
import { fromRow, type StoredUpload, type UploadRow } from './uploads.ts';
import type { Database } from './open-database.ts';

export interface FilePage {
  files: StoredUpload[];
  nextCursor: string | null;
}

function decodeCursor(cursor: string | undefined): { uploadedAt: string; shareId: string } | null {
  if (!cursor) return null;
  const [uploadedAt, shareId] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return uploadedAt && shareId ? { uploadedAt, shareId } : null;
}

const encodeCursor = (u: StoredUpload): string => Buffer.from(`${u.uploadedAt}|${u.shareId}`).toString('base64url');

export function listUploads(db: Database, userId: string, limit: number, cursor?: string): FilePage {
  const after = decodeCursor(cursor);
  const rows = (after
    ? db
        .prepare(
          `SELECT * FROM uploads WHERE user_id = ? AND (uploaded_at < ? OR (uploaded_at = ? AND share_id < ?))
             ORDER BY uploaded_at DESC, share_id DESC LIMIT ?`,
        )
        .all(userId, after.uploadedAt, after.uploadedAt, after.shareId, limit + 1)
    : db
        .prepare('SELECT * FROM uploads WHERE user_id = ? ORDER BY uploaded_at DESC, share_id DESC LIMIT ?')
        .all(userId, limit + 1)) as unknown as UploadRow[];
  const files = rows.slice(0, limit).map((r) => fromRow(r)!);
  const last = files.at(-1);
  return { files, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** Every indexed key (for reconcile), optionally under a prefix. */
export function indexedKeys(db: Database, prefix = ''): Map<string, string> {
  const rows = db
    .prepare('SELECT key, share_id FROM uploads WHERE substr(key, 1, ?) = ?')
    .all(prefix.length, prefix) as unknown as { key: string; share_id: string }[];
  return new Map(rows.map((r) => [r.key, r.share_id]));
}
