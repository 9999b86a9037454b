/**
 * The monthly transfer per user, exact under concurrency. Two parts:
 * - `user_transfer (user_id, month, bytes)`: what was served, added in the same transaction as the links'
 *   statistics (the gateway's flush, cache-log's bookings). A counter per user and month is read in one indexed
 *   lookup, and keeps counting bytes of links deleted since (a sum over file_stats would lose them).
 * - `transfer_holds`: a download of a transfer-limited user's link in flight holds the bytes it may send. A new
 *   download starts only if served + held is under the limit, decided with the user's row locked
 *   (users.ts lockUser): two downloads racing for the last bytes cannot both see room. So one download may finish
 *   past the limit (it started under it), and none starts after. A hold is dropped once its bytes are booked.
 */
import { randomBytes } from 'node:crypto';
import { monthOf } from './file-stats.ts';
import { type Database, inTransaction, type Queryable } from './open-database.ts';
import { TRANSFER_HOLD_MS, transferUsed } from './usage.ts';
import { lockUser } from './users.ts';
import { compareKeys } from './row-order.ts';

/** Bytes served of one link in one month (a flush entry, a cache hit). */
export interface ServedBytes {
  shareId: string;
  month: string;
  bytes: number;
}

/**
 * Adds served bytes to their owners' months, inside the caller's transaction. Rows are written in one order
 * (user, month), so two instances flushing at once never deadlock; bytes of a link deleted meanwhile are lost
 * with it (its owner is no longer known).
 */
export async function bookServedBytes(trx: Queryable, served: ServedBytes[]): Promise<void> {
  const withBytes = served.filter((s) => s.bytes > 0);
  if (withBytes.length === 0) return;
  const owners = await trx
    .selectFrom('uploads')
    .select(['share_id', 'user_id'])
    .where('share_id', 'in', [...new Set(withBytes.map((s) => s.shareId))])
    .execute();
  const ownerOf = new Map(owners.map((o) => [o.share_id, o.user_id]));
  const sums = new Map<string, { userId: string; month: string; bytes: number }>();
  for (const s of withBytes) {
    const userId = ownerOf.get(s.shareId);
    if (userId === undefined) continue;
    const id = `${userId} ${s.month}`;
    const sum = sums.get(id) ?? { userId, month: s.month, bytes: 0 };
    sum.bytes += s.bytes;
    sums.set(id, sum);
  }
  const ordered = [...sums.values()].sort((a, b) => compareKeys(a.userId, b.userId) || compareKeys(a.month, b.month));
  for (const { userId, month, bytes } of ordered)
    await trx
      .insertInto('user_transfer')
      .values({ user_id: userId, month, bytes })
      .onConflict((oc) =>
        oc.columns(['user_id', 'month']).doUpdateSet((eb) => ({
          bytes: eb('user_transfer.bytes', '+', eb.ref('excluded.bytes')),
        })),
      )
      .execute();
}

export interface TransferHold {
  id: string;
  /** True when this download takes the user to (or past) the limit: their links are purged from caches. */
  crosses: boolean;
}

/** A hold of `bytes` for a download that may start, or null when the month's limit is already reached. */
export async function holdTransfer(
  db: Database,
  userId: string,
  limit: number,
  bytes: number,
  now: Date,
): Promise<TransferHold | null> {
  return inTransaction(db, async (trx) => {
    await lockUser(trx, userId);
    const used = await transferUsed(trx, userId, now);
    if (used >= limit) return null;
    const id = randomBytes(9).toString('base64url');
    await trx
      .insertInto('transfer_holds')
      .values({ id, user_id: userId, month: monthOf(now), bytes, created_at: now.toISOString() })
      .execute();
    return { id, crosses: used + bytes >= limit };
  });
}

export async function releaseHold(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('transfer_holds').where('id', '=', id).execute();
}

/** Forgets holds that no longer count (left by an instance that died while sending); the rows deleted. */
export async function sweepStaleHolds(db: Queryable, now: Date): Promise<number> {
  const before = new Date(now.getTime() - TRANSFER_HOLD_MS).toISOString();
  const result = await db.deleteFrom('transfer_holds').where('created_at', '<=', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
