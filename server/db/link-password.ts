/**
 * Rewrites a link's password hash in place, only if it is still the one that was checked: an upgrade to
 * today's scrypt parameters must not overwrite a password the owner changed meanwhile.
 */
import type { Queryable } from './open-database.ts';

/** True when the row held `from` and now holds `to`. */
export async function replacePasswordHash(db: Queryable, shareId: string, from: string, to: string): Promise<boolean> {
  const result = await db
    .updateTable('uploads')
    .set({ password_hash: to })
    .where('share_id', '=', shareId)
    .where('password_hash', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
