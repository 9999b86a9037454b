/**
 * Who an OpenID Connect sign-in is: the user whose e-mail is the provider's verified e-mail, if the operator's rules
 * let it in (an allowed e-mail domain, the required group). An unknown e-mail becomes a new user only with
 * OIDC_CREATE_USERS: named after the address's local part (made to fit the user-name rules, a number added when
 * taken), with the e-mail set so the next sign-in finds it.
 */
import type { OidcConfig } from '../config.ts';
import type { Queryable } from '../db/open-database.ts';
import { createUser, UserError } from '../db/users.ts';
import type { OidcClaims } from './oidc-flow.ts';

export type OidcOutcome = { ok: true; userId: string; created: boolean } | { ok: false; reason: string };

function nameFrom(email: string): string {
  const local = email
    .split('@')[0]!
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '-')
    .replace(/^[^a-z0-9]+/, '');
  return (local === '' ? 'user' : local).slice(0, 56);
}

export async function oidcUser(db: Queryable, config: OidcConfig, claims: OidcClaims, now: Date): Promise<OidcOutcome> {
  const { email } = claims;
  if (!email || !claims.emailVerified) return { ok: false, reason: 'The provider gave no verified e-mail address.' };
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (config.emailDomains.length > 0 && !config.emailDomains.includes(domain))
    return { ok: false, reason: `Addresses at ${domain} may not sign in here.` };
  if (config.requiredGroup !== undefined && !claims.groups.includes(config.requiredGroup))
    return { ok: false, reason: 'Your account is not in the group that may sign in here.' };
  const known = await db.selectFrom('users').select('name').where('email', '=', email).executeTakeFirst();
  if (known) return { ok: true, userId: known.name, created: false };
  if (!config.createUsers)
    return { ok: false, reason: 'No Traydrop user has this e-mail address. Ask the administrator to add you.' };
  const base = nameFrom(email);
  for (let n = 1; n < 100; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    try {
      await createUser(db, { name, email, now });
      return { ok: true, userId: name, created: true };
    } catch (error) {
      if (!(error instanceof UserError) || !/already exists/.test(error.message)) throw error;
    }
  }
  return { ok: false, reason: 'No free user name was found for this address.' };
}
