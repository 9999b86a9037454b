/**
 * One user's device tokens, for the Devices page and the admin page: listed and revoked only within the user
 * named, so another user's token id is "not found" (404), never revoked.
 */
import type { Queryable } from './open-database.ts';
import type { DeviceToken } from './tokens.ts';

const COLUMNS = ['id', 'user_id', 'created_at', 'last_used_at', 'revoked_at', 'label', 'kind'] as const;

export async function listUserTokens(
  db: Queryable,
  userId: string,
  options: { includeRevoked?: boolean } = {},
): Promise<DeviceToken[]> {
  let query = db.selectFrom('device_tokens').select(COLUMNS).where('user_id', '=', userId);
  if (!options.includeRevoked) query = query.where('revoked_at', 'is', null);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    label: row.label,
    kind: row.kind,
  }));
}

/** Revokes the token when it is `userId`'s (keeping the first revocation's time); false when it is not theirs. */
export async function revokeUserToken(db: Queryable, userId: string, tokenId: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('device_tokens')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now.toISOString())) }))
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
