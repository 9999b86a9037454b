/**
 * Is this user (still) someone who may sign in? Where the dashboard signs someone in, it asks here: an account that
 * exists and is not disabled (server/db/users.ts). A session in use asks the same in the statement that reads it
 * (server/db/sessions.ts), so disabling a user ends their sessions at once, as it stops their device tokens.
 */
import type { Queryable } from '../db/open-database.ts';
import { findUser } from '../db/users.ts';

export async function isActiveUser(db: Queryable, userId: string): Promise<boolean> {
  const user = await findUser(db, userId);
  return user !== undefined && user.disabledAt === null;
}
