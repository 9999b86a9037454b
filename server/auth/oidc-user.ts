/**
 * Who an OpenID Connect sign-in is, if the operator's rules let it in (a verified e-mail, an allowed e-mail domain,
 * the required group). The ID token's (issuer, subject) names the user (server/db/oidc-identities.ts): the e-mail
 * may change at the provider, or be given to someone else, and must not decide the account. A subject seen for the
 * first time is tied to the user whose e-mail is the verified address (an existing user's first sign-in), unless
 * another subject of the same issuer holds that address or that user: refused, never merged. An unknown address
 * becomes a new user only with OIDC_CREATE_USERS: named after the address's local part (made to fit the user-name
 * rules, a number added when taken), with the e-mail set, tied to the subject in the same transaction.
 * A subject an admin unlinked from a user (server/db/oidc-unlink.ts) is never tied back to that user by its address.
 * A known subject's verified address, when it is not the user's e-mail, becomes it (oidc-email.ts).
 */
import type { OidcConfig } from '../config.ts';
import { findIdentity, linkIdentity, otherSubjectWith } from '../db/oidc-identities.ts';
import { wasUnlinkedFrom } from '../db/oidc-unlink.ts';
import { type Database, inTransaction, type Queryable } from '../db/open-database.ts';
import { createUser, UserError } from '../db/users.ts';
import { followProviderEmail, type WarnLog } from './oidc-email.ts';
import type { OidcClaims } from './oidc-flow.ts';

export type OidcOutcome = { ok: true; userId: string; created: boolean } | { ok: false; reason: string };

const UNLINKED =
  'This sign-in was unlinked from the account with this e-mail address by the administrator. Ask them to sort it out.';

const TAKEN =
  'This e-mail address is tied to another account at your sign-in provider. Ask the administrator to sort it out.';

function nameFrom(email: string): string {
  const local = email
    .split('@')[0]!
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '-')
    .replace(/^[^a-z0-9]+/, '');
  return (local === '' ? 'user' : local).slice(0, 56);
}

/** A new user for this address, tied to the subject; null when no free name was found. */
async function createFor(trx: Queryable, claims: OidcClaims, email: string, now: Date): Promise<string | null> {
  const base = nameFrom(email);
  for (let n = 1; n < 100; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    try {
      await createUser(trx, { name, email, now });
    } catch (error) {
      if (!(error instanceof UserError) || !/already exists/.test(error.message)) throw error;
      continue;
    }
    if (!(await linkIdentity(trx, { issuer: claims.issuer, subject: claims.subject, userId: name, email }, now)))
      throw new UserError('tied meanwhile'); // by a sign-in racing this one: nothing of this one is kept
    return name;
  }
  return null;
}

export async function oidcUser(
  db: Database,
  config: OidcConfig,
  claims: OidcClaims,
  now: Date,
  log: WarnLog,
): Promise<OidcOutcome> {
  const { email, issuer, subject } = claims;
  if (!email || !claims.emailVerified) return { ok: false, reason: 'The provider gave no verified e-mail address.' };
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (config.emailDomains.length > 0 && !config.emailDomains.includes(domain))
    return { ok: false, reason: `Addresses at ${domain} may not sign in here.` };
  if (config.requiredGroup !== undefined && !claims.groups.includes(config.requiredGroup))
    return { ok: false, reason: 'Your account is not in the group that may sign in here.' };

  const identity = await findIdentity(db, issuer, subject);
  if (identity) {
    await followProviderEmail(db, identity, email, now, log);
    return { ok: true, userId: identity.userId, created: false };
  }
  if ((await otherSubjectWith(db, issuer, subject, email)) !== undefined) return { ok: false, reason: TAKEN };

  const known = await db.selectFrom('users').select('name').where('email', '=', email).executeTakeFirst();
  if (known) {
    if (await wasUnlinkedFrom(db, issuer, subject, known.name)) return { ok: false, reason: UNLINKED };
    if (await linkIdentity(db, { issuer, subject, userId: known.name, email }, now))
      return { ok: true, userId: known.name, created: false };
    // a racing first sign-in of this same subject tied it first: fine; anything else is another subject's
    const raced = await findIdentity(db, issuer, subject);
    return raced ? { ok: true, userId: raced.userId, created: false } : { ok: false, reason: TAKEN };
  }
  if (!config.createUsers)
    return { ok: false, reason: 'No Traydrop user has this e-mail address. Ask the administrator to add you.' };
  try {
    const name = await inTransaction(db, (trx) => createFor(trx, claims, email, now));
    if (name === null) return { ok: false, reason: 'No free user name was found for this address.' };
    return { ok: true, userId: name, created: true };
  } catch (error) {
    // a sign-in racing this one created the user or tied the subject first: what it did stands, this one retries
    if (error instanceof UserError)
      return { ok: false, reason: 'Another sign-in was setting up this account at the same moment. Sign in again.' };
    throw error;
  }
}
