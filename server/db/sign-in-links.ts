/**
 * One-time sign-in links a paired device asks for (`traydrop dashboard`): a random secret in the URL, only its
 * SHA-256 stored. A link works once, within SIGN_IN_LINK_TTL_MS of its creation. Using it is one conditional
 * UPDATE … RETURNING: on PostgreSQL a second, concurrent use waits for the first's row lock and then finds
 * used_at set; SQLite has one writer. So two instances can never both accept one link.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './open-database.ts';

export const SIGN_IN_LINK_TTL_MS = 60_000;

const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** A fresh link secret for `userId` (the row keeps only its hash). */
export async function createSignInLink(db: Queryable, userId: string, now: Date): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  await db
    .insertInto('sign_in_links')
    .values({ hash: hashOf(secret), user_id: userId, created_at: now.toISOString(), used_at: null })
    .execute();
  return secret;
}

export type SignInLinkUse = { ok: true; userId: string } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Marks the link used and returns its user, once; afterwards (or after 60 s) says why not. */
export async function useSignInLink(db: Queryable, secret: string, now: Date): Promise<SignInLinkUse> {
  const hash = hashOf(secret);
  const oldest = new Date(now.getTime() - SIGN_IN_LINK_TTL_MS).toISOString();
  const row = await db
    .updateTable('sign_in_links')
    .set({ used_at: now.toISOString() })
    .where('hash', '=', hash)
    .where('used_at', 'is', null)
    .where('created_at', '>', oldest)
    .returning('user_id')
    .executeTakeFirst();
  if (row) return { ok: true, userId: row.user_id };
  const seen = await db.selectFrom('sign_in_links').select('used_at').where('hash', '=', hash).executeTakeFirst();
  return { ok: false, reason: !seen ? 'unknown' : seen.used_at ? 'used' : 'expired' };
}

/** Is the link still usable (the GET page only looks; it never uses it)? */
export async function signInLinkState(
  db: Queryable,
  secret: string,
  now: Date,
): Promise<'ok' | 'unknown' | 'used' | 'expired'> {
  const row = await db
    .selectFrom('sign_in_links')
    .select(['created_at', 'used_at'])
    .where('hash', '=', hashOf(secret))
    .executeTakeFirst();
  if (!row) return 'unknown';
  if (row.used_at) return 'used';
  return now.getTime() - Date.parse(row.created_at) < SIGN_IN_LINK_TTL_MS ? 'ok' : 'expired';
}

/** Forgets links older than a day (the sweeper): they can only say "expired" by then. */
export async function sweepSignInLinks(db: Queryable, now: Date): Promise<number> {
  const oldest = new Date(now.getTime() - 86_400_000).toISOString();
  const result = await db.deleteFrom('sign_in_links').where('created_at', '<', oldest).executeTakeFirst();
  return Number(result.numDeletedRows);
}
