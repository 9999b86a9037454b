/**
 * An admin's view of a user's OpenID Connect identities, and unlinking one (the admin page, /v1/admin and
 * `traydrop-server user unlink-identity` all call this). Unlinking, in one transaction: the identity row goes, the
 * sessions it signed in end (sessions.oidc_issuer/oidc_subject), and (issuer, subject, user) is remembered in
 * oidc_unlinked so that provider account is never tied back to this user by its e-mail (server/auth/oidc-user.ts).
 * The user, their other sessions, passwords, passkeys and device tokens are left alone.
 */
import { type Database, inTransaction, type Queryable } from './open-database.ts';

export interface IdentityView {
  issuer: string;
  subject: string;
  /** The address the provider gave at the last sign-in. */
  email: string | null;
  linkedAt: string;
  lastSignInAt: string | null;
}

export async function listIdentities(db: Queryable, userId: string): Promise<IdentityView[]> {
  const rows = await db
    .selectFrom('oidc_identities')
    .select(['issuer', 'subject', 'email', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('issuer')
    .orderBy('subject')
    .execute();
  return rows.map((r) => ({
    issuer: r.issuer,
    subject: r.subject,
    email: r.email,
    linkedAt: r.created_at,
    lastSignInAt: r.last_used_at,
  }));
}

/** Unlinks (issuer, subject) from the user; the number of sessions ended, or null when the user has no such identity. */
export async function unlinkIdentity(
  db: Database,
  identity: { userId: string; issuer: string; subject: string },
  now: Date,
): Promise<{ sessionsEnded: number } | null> {
  const { userId, issuer, subject } = identity;
  return inTransaction(db, async (trx) => {
    const removed = await trx
      .deleteFrom('oidc_identities')
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return null;
    await trx
      .insertInto('oidc_unlinked')
      .values({ issuer, subject, user_id: userId, unlinked_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['issuer', 'subject', 'user_id']).doUpdateSet({ unlinked_at: now.toISOString() }))
      .execute();
    const ended = await trx
      .deleteFrom('sessions')
      .where('user_id', '=', userId)
      .where('oidc_issuer', '=', issuer)
      .where('oidc_subject', '=', subject)
      .executeTakeFirst();
    return { sessionsEnded: Number(ended.numDeletedRows) };
  });
}

/** Did an admin unlink this (issuer, subject) from this user? */
export async function wasUnlinkedFrom(
  db: Queryable,
  issuer: string,
  subject: string,
  userId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('oidc_unlinked')
    .select('user_id')
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}
