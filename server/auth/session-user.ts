/**
 * Is this user (still) someone who may sign in? The one place the dashboard asks, so that the `users` table
 * (issue #16, accounts) can answer here on merge: until then a user is any user_id with a device token that is
 * not revoked, so revoking a user's last device also ends their sessions.
 */
import type { Queryable } from '../db/open-database.ts';

export async function isActiveUser(db: Queryable, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('device_tokens')
    .select('id')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
