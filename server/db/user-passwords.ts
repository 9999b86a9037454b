/** A user's dashboard password hash (server/auth/password-hash.ts makes and checks it): set, read, removed. */
import type { Queryable } from './open-database.ts';

export async function passwordHashOf(db: Queryable, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('user_passwords').select('hash').where('user_id', '=', userId).executeTakeFirst();
  return row?.hash;
}

export async function setPasswordHash(db: Queryable, userId: string, hash: string, now: Date): Promise<void> {
  const updated_at = now.toISOString();
  await db
    .insertInto('user_passwords')
    .values({ user_id: userId, hash, updated_at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ hash, updated_at }))
    .execute();
}

export async function removePassword(db: Queryable, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('user_passwords').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
