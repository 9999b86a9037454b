/**
 * A known OpenID Connect identity signs in (server/auth/oidc-user.ts, only with a verified address): the provider's
 * address, when it is not the user's, becomes the user's and the identity's, so the account follows the provider,
 * unless another user has that address. Then both keep the old one (an identity holding another user's address
 * would refuse that user's own first OIDC sign-in) and a warning is logged: accounts are never merged on an e-mail.
 * The sign-in itself goes ahead either way: the subject, not the address, names the user.
 */
import { type OidcIdentity, touchIdentity } from '../db/oidc-identities.ts';
import type { Queryable } from '../db/open-database.ts';
import { setEmailUnlessTaken } from '../db/user-email.ts';
import { findUser } from '../db/users.ts';

export interface WarnLog {
  warn(fields: object, message: string): void;
}

export async function followProviderEmail(
  db: Queryable,
  identity: OidcIdentity,
  email: string,
  now: Date,
  log: WarnLog,
): Promise<void> {
  const user = await findUser(db, identity.userId);
  if (!user || user.email === email) return touchIdentity(db, identity, email, now);
  const result = await setEmailUnlessTaken(db, user.name, email);
  if (result.changed) return touchIdentity(db, identity, email, now);
  log.warn(
    { userId: user.name, issuer: identity.issuer, subject: identity.subject, email, holder: result.holder },
    'OIDC e-mail not taken over: another user has it',
  );
  return touchIdentity(db, identity, identity.email, now);
}
