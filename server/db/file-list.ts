/**
 * A user's files, newest first, paged by an opaque cursor (keyset: instant at any size), each with the bytes served
 * from it in all months: one statement for the page (a correlated sum over file_stats' primary key per row), since on
 * PostgreSQL every statement is a round trip to another process (bench/gateway/README.md).
 */
import { fromRow, type StoredUpload } from './uploads.ts';
import type { Queryable } from './open-database.ts';

export interface FilePage {
  files: StoredUpload[];
  /** Bytes served per share id (every file of the page is there, 0 when none). */
  bytesServed: Map<string, number>;
  nextCursor: string | null;
}

function decodeCursor(cursor: string | undefined): { uploadedAt: string; shareId: string } | null {
  if (!cursor) return null;
  const [uploadedAt, shareId] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return uploadedAt && shareId ? { uploadedAt, shareId } : null;
}

const encodeCursor = (u: StoredUpload): string => Buffer.from(`${u.uploadedAt}|${u.shareId}`).toString('base64url');

export async function listUploads(db: Queryable, userId: string, limit: number, cursor?: string): Promise<FilePage> {
  const after = decodeCursor(cursor);
  let query = db
    .selectFrom('uploads')
    .selectAll('uploads')
    .select((eb) =>
      eb
        .selectFrom('file_stats')
        .select((s) => s.fn.sum<number>('file_stats.bytes').as('served'))
        .whereRef('file_stats.share_id', '=', 'uploads.share_id')
        .as('bytes_served'),
    )
    .where('user_id', '=', userId);
  if (after)
    query = query.where((eb) =>
      eb.or([
        eb('uploaded_at', '<', after.uploadedAt),
        eb.and([eb('uploaded_at', '=', after.uploadedAt), eb('share_id', '<', after.shareId)]),
      ]),
    );
  const rows = await query
    .orderBy('uploaded_at', 'desc')
    .orderBy('share_id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const files = page.map((r) => fromRow(r)!);
  const bytesServed = new Map(page.map((r) => [r.share_id, Number(r.bytes_served ?? 0)]));
  const last = files.at(-1);
  return { files, bytesServed, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** Every indexed key (for reconcile), optionally under a prefix. */
export async function indexedKeys(db: Queryable, prefix = ''): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('uploads')
    .select(['key', 'share_id'])
    .where((eb) => eb(eb.fn('substr', ['key', eb.val(1), eb.val(prefix.length)]), '=', prefix))
    .execute();
  return new Map(rows.map((r) => [r.key, r.share_id]));
}
