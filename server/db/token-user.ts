/**
 * A device token and its user in one statement: authenticate() runs on every /v1 request, and on PostgreSQL each
 * statement is a round trip (reading the token, then its user, was two). The user is null when the token names
 * an account that no longer exists.
 */
import type { Queryable } from './open-database.ts';
import { type DeviceToken, hashToken, tokenFromRow } from './tokens.ts';
import type { User } from './users.ts';

export interface TokenWithUser {
  token: DeviceToken;
  user: Pick<User, 'name' | 'disabledAt' | 'lastActiveAt'> | null;
}

/** The token's record (revoked or not) with its user, or null when no such token was ever issued. */
export async function findTokenWithUser(db: Queryable, token: string): Promise<TokenWithUser | null> {
  const row = await db
    .selectFrom('device_tokens as t')
    .leftJoin('users as u', 'u.name', 't.user_id')
    .select([
      't.id',
      't.user_id',
      't.created_at',
      't.last_used_at',
      't.revoked_at',
      't.label',
      't.kind',
      'u.name as user_name',
      'u.disabled_at as user_disabled_at',
      'u.last_active_at as user_last_active_at',
    ])
    .where('t.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return null;
  return {
    token: tokenFromRow(row),
    user:
      row.user_name === null
        ? null
        : { name: row.user_name, disabledAt: row.user_disabled_at, lastActiveAt: row.user_last_active_at },
  };
}
