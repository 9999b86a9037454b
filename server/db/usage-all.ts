/**
 * Every user with what they use, in one statement whatever their number (the admin page, `user list`): the users
 * left-joined to their usage grouped by user. The same numbers as summarizeUser (server/db/usage.ts) adds up per
 * user, read in one snapshot: live links' bytes and count, fresh reservations, the month's booked transfer and the
 * fresh download holds. Asking summarizeUser per user took three statements a user.
 */
import { sql } from 'kysely';
import { monthOf } from './file-stats.ts';
import type { Queryable } from './open-database.ts';
import { RESERVATION_HOLD_MS, TRANSFER_HOLD_MS, type UserSummary } from './usage.ts';
import { type User, userFromRow } from './users.ts';

export interface UserWithUsage {
  user: User;
  summary: UserSummary;
}

const num = (value: unknown): number => Number(value ?? 0);

/** All users, by name, with their usage. */
export async function summarizeAllUsers(db: Queryable, now: Date): Promise<UserWithUsage[]> {
  const at = now.toISOString();
  const month = monthOf(now);
  const rows = await db
    .selectFrom('users as u')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('uploads')
          .select((e) => ['user_id', e.fn.sum<number>('bytes').as('bytes'), sql<number>`count(*)`.as('links')])
          .where((e) => e.or([e('expires_at', 'is', null), e('expires_at', '>', at)]))
          .groupBy('user_id')
          .as('l'),
      (join) => join.onRef('l.user_id', '=', 'u.name'),
    )
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('reservations')
          .select((e) => ['user_id', e.fn.sum<number>('bytes').as('bytes')])
          .where('created_at', '>', new Date(now.getTime() - RESERVATION_HOLD_MS).toISOString())
          .groupBy('user_id')
          .as('r'),
      (join) => join.onRef('r.user_id', '=', 'u.name'),
    )
    .leftJoin('user_transfer as t', (join) => join.onRef('t.user_id', '=', 'u.name').on('t.month', '=', month))
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('transfer_holds')
          .select((e) => ['user_id', e.fn.sum<number>('bytes').as('bytes')])
          .where('month', '=', month)
          .where('created_at', '>', new Date(now.getTime() - TRANSFER_HOLD_MS).toISOString())
          .groupBy('user_id')
          .as('h'),
      (join) => join.onRef('h.user_id', '=', 'u.name'),
    )
    .selectAll('u')
    .select([
      'l.bytes as link_bytes',
      'l.links as links',
      'r.bytes as reserved_bytes',
      't.bytes as booked_bytes',
      'h.bytes as held_bytes',
    ])
    .orderBy('u.name')
    .execute();
  return rows.map((row) => {
    const user = userFromRow(row);
    return {
      user,
      summary: {
        name: user.name,
        email: user.email,
        role: user.role,
        disabled: user.disabledAt !== null,
        storageUsed: num(row.link_bytes) + num(row.reserved_bytes),
        storageLimit: user.storageLimit,
        transferUsed: num(row.booked_bytes) + num(row.held_bytes),
        transferLimit: user.transferLimit,
        maxFileSize: user.maxFileSize,
        links: num(row.links),
      },
    };
  });
}
