/**
 * Shortening a link's expiry (PUT /v1/files/:shareId/limits `expiresAt`). Only ever earlier: the object's lifecycle
 * tag still removes it on the original schedule, so a later expiry would promise what S3 will not keep. Its own module
 * so the data layer's other files stay as they are.
 */
import type { Expiry } from '../../common/expiry.ts';
import type { Queryable } from './open-database.ts';

/** Sets the expiry to `at` when the link has none or a later one; true when it changed. One conditional UPDATE. */
export async function shortenExpiry(db: Queryable, shareId: string, at: Date): Promise<boolean> {
  const iso = at.toISOString();
  const result = await db
    .updateTable('uploads')
    .set({ expires_at: iso })
    .where('share_id', '=', shareId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', iso)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Changes a link's expiry value and instant together (the dashboard's "change expiry": longer, shorter or never;
 * server/files/change-expiry.ts re-tags the object first). One UPDATE: the gateway reads the new instant on the
 * next request.
 */
export async function setExpiry(db: Queryable, shareId: string, expire: Expiry, at: Date | null): Promise<void> {
  await db
    .updateTable('uploads')
    .set({ expire, expires_at: at === null ? null : at.toISOString() })
    .where('share_id', '=', shareId)
    .execute();
}
