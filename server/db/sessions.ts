/**
 * Dashboard sessions. The cookie holds a random secret; the row's id is its SHA-256, so a leaked database
 * holds no usable cookie. Sessions slide: every use (at most once a minute, to spare writes) pushes
 * expires_at to SESSION_TTL_MS from then.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Queryable } from './open-database.ts';
import type { SessionsTable } from './schema.ts';

export const SESSION_TTL_MS = 30 * 86_400_000;
const TOUCH_EVERY_MS = 60_000;

export interface Session {
  id: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
}

export const sessionIdOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

const fromRow = (r: Selectable<SessionsTable>): Session => ({
  id: r.id,
  userId: r.user_id,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at,
  userAgent: r.user_agent,
  ip: r.ip,
});

/** The OpenID Connect identity a session was signed in with (server/db/oidc-unlink.ts ends its sessions). */
export interface SessionIdentity {
  issuer: string;
  subject: string;
}

/** A new session; returns the cookie's secret (shown to the browser only). */
export async function createSession(
  db: Queryable,
  s: { userId: string; now: Date; userAgent: string | null; ip: string | null; oidc?: SessionIdentity },
): Promise<{ secret: string; session: Session }> {
  const secret = randomBytes(32).toString('base64url');
  const row = {
    id: sessionIdOf(secret),
    user_id: s.userId,
    created_at: s.now.toISOString(),
    last_seen_at: s.now.toISOString(),
    expires_at: new Date(s.now.getTime() + SESSION_TTL_MS).toISOString(),
    user_agent: s.userAgent,
    ip: s.ip,
    oidc_issuer: s.oidc?.issuer ?? null,
    oidc_subject: s.oidc?.subject ?? null,
  };
  await db.insertInto('sessions').values(row).execute();
  return { secret, session: fromRow(row) };
}

/**
 * The live session a cookie names (sliding its expiry), or null: unknown, revoked, expired, or its user gone or
 * disabled. The session and its user are read in one statement (one round trip on PostgreSQL, on every request).
 */
export async function useSession(db: Queryable, secret: string, now: Date): Promise<Session | null> {
  const row = await db
    .selectFrom('sessions as s')
    .leftJoin('users as u', 'u.name', 's.user_id')
    .selectAll('s')
    .select(['u.name as user_name', 'u.disabled_at as user_disabled_at'])
    .where('s.id', '=', sessionIdOf(secret))
    .executeTakeFirst();
  if (!row || Date.parse(row.expires_at) <= now.getTime()) return null;
  if (row.user_name === null || row.user_disabled_at !== null) return null;
  if (now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
    row.last_seen_at = now.toISOString();
    row.expires_at = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
    await db
      .updateTable('sessions')
      .set({ last_seen_at: row.last_seen_at, expires_at: row.expires_at })
      .where('id', '=', row.id)
      .execute();
  }
  return fromRow(row);
}

/** A user's live sessions, most recently used first. */
export async function listSessions(db: Queryable, userId: string, now: Date): Promise<Session[]> {
  const rows = await db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('expires_at', '>', now.toISOString())
    .orderBy('last_seen_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(fromRow);
}

/** Ends one of the user's sessions; false when it is not theirs (or gone). */
export async function revokeSession(db: Queryable, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Forgets sessions that expired (the sweeper). */
export async function sweepSessions(db: Queryable, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
