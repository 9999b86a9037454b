/**
 * What a user uses, read where it is kept: storage is the bytes of their live links (not yet expired) plus their
 * reservations in flight (fresh ones: a client that died does not hold space for ever); transfer is the month's
 * bytes booked in user_transfer plus the downloads in flight (server/db/transfer.ts). Summed on demand, never
 * cached, so every instance reads the same numbers.
 */
import { sql } from 'kysely';
import { monthOf } from './file-stats.ts';
import type { Queryable } from './open-database.ts';
import type { User } from './users.ts';

/** A reservation older than this no longer holds space (its upload is long dead; the link page gives up too). */
export const RESERVATION_HOLD_MS = 24 * 60 * 60 * 1000;
/** A download hold older than this is forgotten (an instance that died while sending). */
export const TRANSFER_HOLD_MS = 6 * 60 * 60 * 1000;

/** `user list --json`, `user show --json` and the admin page: bytes, null for no limit. */
export interface UserSummary {
  name: string;
  email: string | null;
  role: 'admin' | 'user';
  disabled: boolean;
  storageUsed: number;
  storageLimit: number | null;
  transferUsed: number;
  transferLimit: number | null;
  maxFileSize: number | null;
  links: number;
}

const num = (value: unknown): number => Number(value ?? 0);

/** Bytes of live links plus fresh reservations; `exceptKey`'s own reservation is left out (it is being redone). */
export async function storageUsed(db: Queryable, userId: string, now: Date, exceptKey?: string): Promise<number> {
  const at = now.toISOString();
  const links = await db
    .selectFrom('uploads')
    .select((eb) => eb.fn.sum<number>('bytes').as('bytes'))
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .executeTakeFirst();
  let reserved = db
    .selectFrom('reservations')
    .select((eb) => eb.fn.sum<number>('bytes').as('bytes'))
    .where('user_id', '=', userId)
    .where('created_at', '>', new Date(now.getTime() - RESERVATION_HOLD_MS).toISOString());
  if (exceptKey !== undefined) reserved = reserved.where('key', '!=', exceptKey);
  return num(links?.bytes) + num((await reserved.executeTakeFirst())?.bytes);
}

/**
 * This month's (UTC) bytes served plus the downloads in flight, read in one statement: one snapshot on PostgreSQL,
 * so a flush that books a download's bytes and then drops its hold can never be seen half-way (bytes not yet
 * booked, hold already gone), which two statements could.
 */
export async function transferUsed(db: Queryable, userId: string, now: Date): Promise<number> {
  const month = monthOf(now);
  const since = new Date(now.getTime() - TRANSFER_HOLD_MS).toISOString();
  const { rows } = await sql<{ booked: number | null; held: number | null }>`SELECT
      (SELECT bytes FROM user_transfer WHERE user_id = ${userId} AND month = ${month}) AS booked,
      (SELECT sum(bytes) FROM transfer_holds
        WHERE user_id = ${userId} AND month = ${month} AND created_at > ${since}) AS held`.execute(db);
  return num(rows[0]?.booked) + num(rows[0]?.held);
}

export async function liveLinks(db: Queryable, userId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('uploads')
    .select(sql<number>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.toISOString())]))
    .executeTakeFirst();
  return num(row?.n);
}

export async function summarizeUser(db: Queryable, user: User, now: Date): Promise<UserSummary> {
  const [storage, transfer, links] = await Promise.all([
    storageUsed(db, user.name, now),
    transferUsed(db, user.name, now),
    liveLinks(db, user.name, now),
  ]);
  return {
    name: user.name,
    email: user.email,
    role: user.role,
    disabled: user.disabledAt !== null,
    storageUsed: storage,
    storageLimit: user.storageLimit,
    transferUsed: transfer,
    transferLimit: user.transferLimit,
    maxFileSize: user.maxFileSize,
    links,
  };
}
