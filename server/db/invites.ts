/**
 * One-time invites (`traydrop-server user invite`): a random secret in the link, only its SHA-256 stored, with the
 * role the new user gets and when the invite expires. Accepting one is a conditional UPDATE … RETURNING inside
 * the transaction that creates the user: on PostgreSQL a second, concurrent use waits for the first's row lock
 * and then finds used_at set; SQLite has one writer. A name already taken rolls the whole transaction back, so
 * the invite stays usable for another name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Database, inTransaction, type Queryable } from './open-database.ts';
import type { UserRole } from './schema.ts';
import { createUser, type User } from './users.ts';

const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const isInviteSecret = (secret: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(secret);

export async function createInvite(
  db: Queryable,
  options: { role: UserRole; now: Date; expiresAt: Date },
): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  await db
    .insertInto('invites')
    .values({
      hash: hashOf(secret),
      role: options.role,
      created_at: options.now.toISOString(),
      expires_at: options.expiresAt.toISOString(),
      used_at: null,
      used_by: null,
    })
    .execute();
  return secret;
}

export type InviteState = 'ok' | 'unknown' | 'used' | 'expired';

/** Is the invite still usable (the GET page only looks)? */
export async function inviteState(db: Queryable, secret: string, now: Date): Promise<InviteState> {
  const row = await db
    .selectFrom('invites')
    .select(['expires_at', 'used_at'])
    .where('hash', '=', hashOf(secret))
    .executeTakeFirst();
  if (!row) return 'unknown';
  if (row.used_at) return 'used';
  return row.expires_at > now.toISOString() ? 'ok' : 'expired';
}

export type InviteUse = { ok: true; user: User } | { ok: false; reason: Exclude<InviteState, 'ok'> };

/**
 * Uses the invite for a new user `name`, once, and in the same transaction runs `then` (which sets the sign-in
 * method). A taken or invalid name throws UserError and leaves the invite unused.
 */
export async function acceptInvite(
  db: Database,
  secret: string,
  name: string,
  now: Date,
  then: (trx: Queryable, user: User) => Promise<void>,
): Promise<InviteUse> {
  const hash = hashOf(secret);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('invites')
      .set({ used_at: now.toISOString(), used_by: name })
      .where('hash', '=', hash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .returning('role')
      .executeTakeFirst();
    if (!row) {
      const state = await inviteState(trx, secret, now);
      return { ok: false, reason: state === 'ok' ? 'used' : state };
    }
    const user = await createUser(trx, { name, role: row.role, now });
    await then(trx, user);
    return { ok: true, user };
  });
}

/** Forgets invites a day past their expiry or use (the sweeper). */
export async function sweepInvites(db: Queryable, now: Date): Promise<number> {
  const oldest = new Date(now.getTime() - 86_400_000).toISOString();
  const result = await db
    .deleteFrom('invites')
    .where((eb) => eb.or([eb('expires_at', '<', oldest), eb('used_at', '<', oldest)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
