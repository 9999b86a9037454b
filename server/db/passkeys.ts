/**
 * A user's passkeys (WebAuthn credentials): listed, named and removed from the dashboard, found by credential id
 * at sign-in. The signature counter only moves forward: `advanceCounter` is a conditional UPDATE, so an answer
 * replayed or cloned from an authenticator (a counter not above the stored one) is refused, on every instance.
 */
import type { Selectable } from 'kysely';
import type { Queryable } from './open-database.ts';
import type { PasskeysTable } from './schema.ts';

export interface Passkey {
  id: string;
  userId: string;
  publicKey: string;
  counter: number;
  transports: string[];
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const fromRow = (r: Selectable<PasskeysTable>): Passkey => ({
  id: r.id,
  userId: r.user_id,
  publicKey: r.public_key,
  counter: Number(r.counter),
  transports: r.transports ? r.transports.split(',') : [],
  name: r.name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export async function listPasskeys(db: Queryable, userId: string): Promise<Passkey[]> {
  const rows = await db
    .selectFrom('passkeys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return rows.map(fromRow);
}

export async function findPasskey(db: Queryable, id: string): Promise<Passkey | undefined> {
  const row = await db.selectFrom('passkeys').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

export async function addPasskey(db: Queryable, p: Omit<Passkey, 'lastUsedAt'>): Promise<void> {
  await db
    .insertInto('passkeys')
    .values({
      id: p.id,
      user_id: p.userId,
      public_key: p.publicKey,
      counter: p.counter,
      transports: p.transports.length > 0 ? p.transports.join(',') : null,
      name: p.name,
      created_at: p.createdAt,
      last_used_at: null,
    })
    .execute();
}

/**
 * Records a sign-in: the new counter must be above the stored one (or both 0: authenticators without a counter).
 * False when another sign-in got there first or the counter went back.
 */
export async function advanceCounter(db: Queryable, p: Passkey, counter: number, now: Date): Promise<boolean> {
  if (!(counter > p.counter || (counter === 0 && p.counter === 0))) return false;
  const result = await db
    .updateTable('passkeys')
    .set({ counter, last_used_at: now.toISOString() })
    .where('id', '=', p.id)
    .where('counter', '=', p.counter)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function renamePasskey(db: Queryable, userId: string, id: string, name: string): Promise<boolean> {
  const result = await db
    .updateTable('passkeys')
    .set({ name })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function removePasskey(db: Queryable, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('passkeys').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
