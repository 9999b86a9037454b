/**
 * Device tokens. Only a SHA-256 of each token is stored; the token itself is shown once, at creation.
 * A token is `tdk_` + 32 random bytes in base64url; its public id is short and safe to print.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import { USER_ID_PATTERN } from '../../common/share-key.ts';
import type { DeviceTokensTable, TokenKind } from './schema.ts';
import type { Queryable } from './open-database.ts';

export const TOKEN_PREFIX = 'tdk_';

export interface DeviceToken {
  id: string;
  userId: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  label: string | null;
  kind: TokenKind;
}

export const TOKEN_COLUMNS = ['id', 'user_id', 'created_at', 'last_used_at', 'revoked_at', 'label', 'kind'] as const;

/** A device_tokens row (these columns) as a DeviceToken (also for queries that read more: with-owner.ts). */
export function tokenFromRow(row: Pick<Selectable<DeviceTokensTable>, (typeof TOKEN_COLUMNS)[number]>): DeviceToken {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    label: row.label,
    kind: row.kind,
  };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createToken(
  db: Queryable,
  userId: string,
  options: { label?: string; now?: Date; kind?: TokenKind } = {},
): Promise<{ token: string; record: DeviceToken }> {
  if (!USER_ID_PATTERN.test(userId)) {
    throw new Error(
      `invalid user id "${userId}": use 1-63 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const id = randomBytes(6).toString('hex');
  const createdAt = (options.now ?? new Date()).toISOString();
  const label = options.label ?? null;
  const kind = options.kind ?? 'device';
  await db
    .insertInto('device_tokens')
    .values({ id, user_id: userId, token_hash: hashToken(token), created_at: createdAt, label, kind })
    .execute();
  return { token, record: { id, userId, createdAt, lastUsedAt: null, revokedAt: null, label, kind } };
}

/** The token's record (revoked or not), or null when no such token was ever issued. */
export async function findToken(db: Queryable, token: string): Promise<DeviceToken | null> {
  const row = await db
    .selectFrom('device_tokens')
    .select(TOKEN_COLUMNS)
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  return row ? tokenFromRow(row) : null;
}

/** How stale `last_used_at` may be: a device busy with the API does not write its token's row on every request. */
export const TOUCH_EVERY_MS = 60_000;

/**
 * Records that the token was used now, unless its record (as `findToken` just read it) says so to the minute: on
 * PostgreSQL that write was one of the files list's five round trips (bench/gateway/index-lookup.ts).
 */
export async function touchToken(
  db: Queryable,
  token: Pick<DeviceToken, 'id' | 'lastUsedAt'>,
  now: Date,
): Promise<void> {
  const since = token.lastUsedAt === null ? Infinity : now.getTime() - Date.parse(token.lastUsedAt);
  if (since >= 0 && since < TOUCH_EVERY_MS) return;
  await db.updateTable('device_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', token.id).execute();
}

export async function listTokens(db: Queryable): Promise<DeviceToken[]> {
  const rows = await db.selectFrom('device_tokens').select(TOKEN_COLUMNS).orderBy('created_at').orderBy('id').execute();
  return rows.map(tokenFromRow);
}

/**
 * Revokes by token or by public id; returns the record, or null when nothing matched. One statement: the first
 * revocation's time stays, whichever instance gets there first.
 */
export async function revokeToken(
  db: Queryable,
  tokenOrId: string,
  now: Date = new Date(),
): Promise<DeviceToken | null> {
  const byToken = tokenOrId.startsWith(TOKEN_PREFIX);
  const row = await db
    .updateTable('device_tokens')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now.toISOString())) }))
    .where(byToken ? 'token_hash' : 'id', '=', byToken ? hashToken(tokenOrId) : tokenOrId)
    .returning(TOKEN_COLUMNS)
    .executeTakeFirst();
  return row ? tokenFromRow(row) : null;
}
