/**
 * Device tokens. Only a SHA-256 of each token is stored; the token itself is shown once, at creation.
 * A token is `tdk_` + 32 random bytes in base64url; its public id is short and safe to print.
 */
import { createHash, randomBytes } from 'node:crypto';
import { USER_ID_PATTERN } from '../../common/share-key.ts';
import type { Database } from './open-database.ts';

export const TOKEN_PREFIX = 'tdk_';

export interface DeviceToken {
  id: string;
  userId: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  label: string | null;
}

interface TokenRow {
  id: string;
  user_id: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  label: string | null;
}

const COLUMNS = 'id, user_id, created_at, last_used_at, revoked_at, label';

function fromRow(row: TokenRow): DeviceToken {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    label: row.label,
  };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createToken(
  db: Database,
  userId: string,
  options: { label?: string; now?: Date } = {},
): { token: string; record: DeviceToken } {
  if (!USER_ID_PATTERN.test(userId)) {
    throw new Error(
      `invalid user id "${userId}": use 1-63 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const id = randomBytes(6).toString('hex');
  const createdAt = (options.now ?? new Date()).toISOString();
  db.prepare('INSERT INTO device_tokens (id, user_id, token_hash, created_at, label) VALUES (?, ?, ?, ?, ?)').run(
    id,
    userId,
    hashToken(token),
    createdAt,
    options.label ?? null,
  );
  return { token, record: { id, userId, createdAt, lastUsedAt: null, revokedAt: null, label: options.label ?? null } };
}

/** The token's record (revoked or not), or null when no such token was ever issued. */
export function findToken(db: Database, token: string): DeviceToken | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM device_tokens WHERE token_hash = ?`).get(hashToken(token));
  return row ? fromRow(row as unknown as TokenRow) : null;
}

export function touchToken(db: Database, id: string, now: Date): void {
  db.prepare('UPDATE device_tokens SET last_used_at = ? WHERE id = ?').run(now.toISOString(), id);
}

export function listTokens(db: Database): DeviceToken[] {
  const rows = db.prepare(`SELECT ${COLUMNS} FROM device_tokens ORDER BY created_at, id`).all();
  return (rows as unknown as TokenRow[]).map(fromRow);
}

/** Revokes by token or by public id; returns the record, or null when nothing matched. */
export function revokeToken(db: Database, tokenOrId: string, now: Date = new Date()): DeviceToken | null {
  const where = tokenOrId.startsWith(TOKEN_PREFIX) ? 'token_hash = ?' : 'id = ?';
  const key = tokenOrId.startsWith(TOKEN_PREFIX) ? hashToken(tokenOrId) : tokenOrId;
  db.prepare(`UPDATE device_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE ${where}`).run(
    now.toISOString(),
    key,
  );
  const row = db.prepare(`SELECT ${COLUMNS} FROM device_tokens WHERE ${where}`).get(key);
  return row ? fromRow(row as unknown as TokenRow) : null;
}
