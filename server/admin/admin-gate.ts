/**
 * Who may use the admin page and /v1/admin: an enabled user whose role is `admin`, read from the users table on
 * every request (a demoted admin loses it at once). Everyone else gets 404, as for a page that does not exist.
 */
import type { Queryable } from '../db/open-database.ts';
import { findUser } from '../db/users.ts';
import { notFound } from '../errors.ts';

export async function isAdmin(db: Queryable, userId: string): Promise<boolean> {
  const user = await findUser(db, userId);
  return user !== undefined && user.role === 'admin' && user.disabledAt === null;
}

export async function requireAdmin(db: Queryable, userId: string): Promise<void> {
  if (!(await isAdmin(db, userId))) throw notFound('not found');
}
