/**
 * A link's version and the replacement in progress (columns of `uploads`, migration 0009_link_version). Replacing
 * writes the new bytes under the same key, so the row, not the key, says which bytes the link stands for: the start
 * notes what is coming (size, type, when), the completion swaps the row's bytes and type and bumps the version in
 * one UPDATE that also checks the replacement it completes is still the one noted (a later start wins).
 */
import type { Queryable } from './open-database.ts';

export interface PendingReplacement {
  startedAt: string;
  bytes: number;
  contentType: string;
  /** The object as S3 had it at the start (replace.ts objectVersion): completion wants another one. */
  from: string;
}

export async function noteReplacement(db: Queryable, shareId: string, r: PendingReplacement): Promise<void> {
  await db
    .updateTable('uploads')
    .set({ replace_started_at: r.startedAt, replace_bytes: r.bytes, replace_type: r.contentType, replace_from: r.from })
    .where('share_id', '=', shareId)
    .execute();
}

export async function pendingReplacement(db: Queryable, shareId: string): Promise<PendingReplacement | null> {
  const row = await db
    .selectFrom('uploads')
    .select(['replace_started_at', 'replace_bytes', 'replace_type', 'replace_from'])
    .where('share_id', '=', shareId)
    .executeTakeFirst();
  if (!row?.replace_started_at || row.replace_bytes === null || row.replace_type === null) return null;
  return {
    startedAt: row.replace_started_at,
    bytes: Number(row.replace_bytes),
    contentType: row.replace_type,
    from: row.replace_from ?? 'none',
  };
}

/** The new bytes are the link's now: false when another start came in between (its own completion will do it). */
export async function completeReplacement(
  db: Queryable,
  shareId: string,
  done: { startedAt: string; bytes: number; contentType: string; replacedAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable('uploads')
    .set((eb) => ({
      bytes: done.bytes,
      content_type: done.contentType,
      version: eb('version', '+', 1),
      replaced_at: done.replacedAt,
      replace_started_at: null,
      replace_bytes: null,
      replace_type: null,
      replace_from: null,
    }))
    .where('share_id', '=', shareId)
    .where('replace_started_at', '=', done.startedAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
