/**
 * Accounts (issue #16). A user's `name` is the `user_id` every other table holds; the role says who may run the
 * admin page; the limits (bytes, null for none) are what server/quota/ enforces. Other modules ask `findUser`;
 * the CLI (server/cli/user-commands.ts) and the dashboard change users through the functions here.
 */
import type { Selectable } from 'kysely';
import { USER_ID_PATTERN } from '../../common/share-key.ts';
import { isPostgres, type Queryable } from './open-database.ts';
import type { UserRole, UsersTable } from './schema.ts';
import { TOUCH_EVERY_MS } from './tokens.ts';

export type { UserRole } from './schema.ts';

export interface User {
  name: string;
  email: string | null;
  role: UserRole;
  createdAt: string;
  /** When the user was disabled, or null while they may sign in and their links work. */
  disabledAt: string | null;
  storageLimit: number | null;
  transferLimit: number | null;
  maxFileSize: number | null;
  lastActiveAt: string | null;
}

/** What `user quota` changes: a number sets a limit, null removes it, a missing key leaves it. */
export interface QuotaChange {
  storageLimit?: number | null;
  transferLimit?: number | null;
  maxFileSize?: number | null;
}

/** A refusal the person can act on (an unknown user, a name taken...): the CLI prints it as it is. */
export class UserError extends Error {
  override name = 'UserError';
}

/** A users row as a User (also for queries that read users with more: server/db/usage-all.ts). */
export const userFromRow = (row: Selectable<UsersTable>): User => ({
  name: row.name,
  email: row.email,
  role: row.role,
  createdAt: row.created_at,
  disabledAt: row.disabled_at,
  storageLimit: row.storage_limit,
  transferLimit: row.transfer_limit,
  maxFileSize: row.max_file_size,
  lastActiveAt: row.last_active_at,
});

// one address, no spaces, something on both sides of the @: the mail server is the real check
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkUserName(name: string): void {
  if (!USER_ID_PATTERN.test(name))
    throw new UserError(
      `invalid user name "${name}": use 1-63 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
}

export async function findUser(db: Queryable, name: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? userFromRow(row) : undefined;
}

/** The user, or a UserError naming who is missing. */
export async function requireUser(db: Queryable, name: string): Promise<User> {
  const user = await findUser(db, name);
  if (!user) throw new UserError(`no such user: ${name} (create it with \`traydrop-server user create ${name}\`)`);
  return user;
}

export async function listUsers(db: Queryable): Promise<User[]> {
  return (await db.selectFrom('users').selectAll().orderBy('name').execute()).map(userFromRow);
}

export async function createUser(
  db: Queryable,
  options: { name: string; email?: string | null; role?: UserRole; now?: Date },
): Promise<User> {
  checkUserName(options.name);
  const email = options.email ?? null;
  if (email !== null && !EMAIL_PATTERN.test(email)) throw new UserError(`invalid e-mail address: ${email}`);
  const user: User = {
    name: options.name,
    email,
    role: options.role ?? 'user',
    createdAt: (options.now ?? new Date()).toISOString(),
    disabledAt: null,
    storageLimit: null,
    transferLimit: null,
    maxFileSize: null,
    lastActiveAt: null,
  };
  if (email !== null) {
    const holder = await db.selectFrom('users').select('name').where('email', '=', email).executeTakeFirst();
    if (holder) throw new UserError(`the e-mail address ${email} belongs to user ${holder.name}`);
  }
  // ON CONFLICT DO NOTHING … RETURNING: of two creations racing for one name, the loser is told so
  const inserted = await db
    .insertInto('users')
    .values({ name: user.name, email, role: user.role, created_at: user.createdAt })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('name')
    .executeTakeFirst();
  if (!inserted) throw new UserError(`user ${user.name} already exists`);
  return user;
}

export async function setQuota(db: Queryable, name: string, change: QuotaChange): Promise<User> {
  const set: Partial<Pick<UsersTable, 'storage_limit' | 'transfer_limit' | 'max_file_size'>> = {};
  if (change.storageLimit !== undefined) set.storage_limit = change.storageLimit;
  if (change.transferLimit !== undefined) set.transfer_limit = change.transferLimit;
  if (change.maxFileSize !== undefined) set.max_file_size = change.maxFileSize;
  if (Object.keys(set).length > 0) await db.updateTable('users').set(set).where('name', '=', name).execute();
  return requireUser(db, name);
}

/** Disables (keeping the first time) or enables; returns the user as it is now. */
export async function setDisabled(db: Queryable, name: string, disabled: boolean, now: Date): Promise<User> {
  await db
    .updateTable('users')
    .set((eb) => ({ disabled_at: disabled ? eb.fn.coalesce('disabled_at', eb.val(now.toISOString())) : null }))
    .where('name', '=', name)
    .execute();
  return requireUser(db, name);
}

export async function setRole(db: Queryable, name: string, role: UserRole): Promise<User> {
  await db.updateTable('users').set({ role }).where('name', '=', name).execute();
  return requireUser(db, name);
}

/**
 * Notes activity at most once a minute per user, as touchToken does for tokens: the user as the request just read it
 * says whether its record is fresh, so a busy user costs no statement (on PostgreSQL each is a round trip). The
 * statement keeps its own staleness check, so instances racing for the same minute write once.
 */
export async function touchUserActive(
  db: Queryable,
  user: Pick<User, 'name' | 'lastActiveAt'>,
  now: Date,
): Promise<void> {
  const since = user.lastActiveAt === null ? Infinity : now.getTime() - Date.parse(user.lastActiveAt);
  if (since >= 0 && since < TOUCH_EVERY_MS) return;
  const stale = new Date(now.getTime() - TOUCH_EVERY_MS).toISOString();
  await db
    .updateTable('users')
    .set({ last_active_at: now.toISOString() })
    .where('name', '=', user.name)
    .where((eb) => eb.or([eb('last_active_at', 'is', null), eb('last_active_at', '<', stale)]))
    .execute();
}

/**
 * Inside a transaction: serializes everything that decides on this user's usage (reservations against the
 * storage limit, downloads against the transfer limit). PostgreSQL locks the user's row `FOR UPDATE`; SQLite's
 * transactions begin IMMEDIATE and already hold the one write lock.
 */
export async function lockUser(trx: Queryable, name: string): Promise<void> {
  if (isPostgres(trx)) await trx.selectFrom('users').select('name').where('name', '=', name).forUpdate().execute();
}
