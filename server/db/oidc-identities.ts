/**
 * OpenID Connect identities: the provider's (issuer, subject) → a user. The subject is what the provider promises
 * never to change or give to someone else; the e-mail is neither, so it only finds the user the first time.
 * One identity per user and issuer (a unique key): linking a second subject to a user fails instead of merging.
 */
import type { Queryable } from './open-database.ts';

export interface OidcIdentity {
  issuer: string;
  subject: string;
  userId: string;
  email: string | null;
}

export async function findIdentity(db: Queryable, issuer: string, subject: string): Promise<OidcIdentity | undefined> {
  const row = await db
    .selectFrom('oidc_identities')
    .select(['issuer', 'subject', 'user_id', 'email'])
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row && { issuer: row.issuer, subject: row.subject, userId: row.user_id, email: row.email };
}

/**
 * Is another subject of this issuer already tied to this e-mail: the identity of the user who has the address,
 * or an identity that last signed in with it? Its subject, or undefined.
 */
export async function otherSubjectWith(
  db: Queryable,
  issuer: string,
  subject: string,
  email: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('oidc_identities as i')
    .leftJoin('users as u', 'u.name', 'i.user_id')
    .select('i.subject')
    .where('i.issuer', '=', issuer)
    .where('i.subject', '!=', subject)
    .where((eb) => eb.or([eb('i.email', '=', email), eb('u.email', '=', email)]))
    .executeTakeFirst();
  return row?.subject;
}

/**
 * Ties (issuer, subject) to the user. False when it could not be: that subject is tied already (to anyone), or the
 * user already has another subject of this issuer; ON CONFLICT DO NOTHING, so racing sign-ins never both win.
 */
export async function linkIdentity(db: Queryable, identity: OidcIdentity, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('oidc_identities')
    .values({
      issuer: identity.issuer,
      subject: identity.subject,
      user_id: identity.userId,
      email: identity.email,
      created_at: now.toISOString(),
      last_used_at: now.toISOString(),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('subject')
    .executeTakeFirst();
  return row !== undefined;
}

/** Notes a sign-in, and the e-mail to keep for it (the provider's, unless another user has it: oidc-email.ts). */
export async function touchIdentity(
  db: Queryable,
  identity: OidcIdentity,
  email: string | null,
  now: Date,
): Promise<void> {
  await db
    .updateTable('oidc_identities')
    .set({ email, last_used_at: now.toISOString() })
    .where('issuer', '=', identity.issuer)
    .where('subject', '=', identity.subject)
    .execute();
}
