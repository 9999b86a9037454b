/** Multipart uploads the server created for a user and has not completed yet. */
import type { Expiry } from '../../common/expiry.ts';
import type { Queryable } from './open-database.ts';

export interface PendingMultipart {
  uploadId: string;
  key: string;
  userId: string;
  expire: Expiry;
  contentType: string;
  createdAt: string;
}

export async function insertPending(db: Queryable, p: PendingMultipart): Promise<void> {
  await db
    .insertInto('pending_multipart')
    .values({
      upload_id: p.uploadId,
      key: p.key,
      user_id: p.userId,
      expire: p.expire,
      content_type: p.contentType,
      created_at: p.createdAt,
    })
    .execute();
}

export async function findPending(db: Queryable, uploadId: string): Promise<PendingMultipart | null> {
  const row = await db.selectFrom('pending_multipart').selectAll().where('upload_id', '=', uploadId).executeTakeFirst();
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

export async function deletePending(db: Queryable, uploadId: string): Promise<void> {
  await db.deleteFrom('pending_multipart').where('upload_id', '=', uploadId).execute();
}

/** Upload ids still pending for a key (normally none or one). */
export async function pendingForKey(db: Queryable, key: string, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('pending_multipart')
    .select('upload_id')
    .where('key', '=', key)
    .where('user_id', '=', userId)
    .execute();
  return rows.map((row) => row.upload_id);
}
