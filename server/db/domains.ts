/** Custom domains: one per user; a domain serves that user's links once it is verified. */
import type { Selectable } from 'kysely';
import type { Queryable } from './open-database.ts';
import type { CustomDomainsTable } from './schema.ts';

export interface CustomDomain {
  userId: string;
  domain: string;
  token: string;
  createdAt: string;
  verifiedAt: string | null;
}

const fromRow = (r: Selectable<CustomDomainsTable>): CustomDomain => ({
  userId: r.user_id,
  domain: r.domain,
  token: r.token,
  createdAt: r.created_at,
  verifiedAt: r.verified_at,
});

export async function domainOfUser(db: Queryable, userId: string): Promise<CustomDomain | null> {
  const row = await db.selectFrom('custom_domains').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** The verified owner of a host name, or null. */
export async function verifiedDomain(db: Queryable, domain: string): Promise<CustomDomain | null> {
  const row = await db
    .selectFrom('custom_domains')
    .selectAll()
    .where('domain', '=', domain)
    .where('verified_at', 'is not', null)
    .executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** Whether some user claimed `domain` with this verification token (verified or not). */
export async function hasDomainToken(db: Queryable, domain: string, token: string): Promise<boolean> {
  const row = await db
    .selectFrom('custom_domains')
    .select('user_id')
    .where('domain', '=', domain)
    .where('token', '=', token)
    .executeTakeFirst();
  return !!row;
}

export async function claimDomain(db: Queryable, d: Omit<CustomDomain, 'verifiedAt'>): Promise<void> {
  await db
    .insertInto('custom_domains')
    .values({ user_id: d.userId, domain: d.domain, token: d.token, created_at: d.createdAt, verified_at: null })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet((eb) => ({
        domain: eb.ref('excluded.domain'),
        token: eb.ref('excluded.token'),
        created_at: eb.ref('excluded.created_at'),
        verified_at: null,
      })),
    )
    .execute();
}

export async function markVerified(db: Queryable, userId: string, at: Date): Promise<void> {
  await db.updateTable('custom_domains').set({ verified_at: at.toISOString() }).where('user_id', '=', userId).execute();
}

export async function removeDomain(db: Queryable, userId: string): Promise<void> {
  await db.deleteFrom('custom_domains').where('user_id', '=', userId).execute();
}
