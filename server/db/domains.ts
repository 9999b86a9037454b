/** Custom domains: one per user; a domain serves that user's links once it is verified. */
import type { Database } from './open-database.ts';

export interface CustomDomain {
  userId: string;
  domain: string;
  token: string;
  createdAt: string;
  verifiedAt: string | null;
}

interface DomainRow {
  user_id: string;
  domain: string;
  token: string;
  created_at: string;
  verified_at: string | null;
}

const fromRow = (r: DomainRow): CustomDomain => ({
  userId: r.user_id,
  domain: r.domain,
  token: r.token,
  createdAt: r.created_at,
  verifiedAt: r.verified_at,
});

export function domainOfUser(db: Database, userId: string): CustomDomain | null {
  const row = db.prepare('SELECT * FROM custom_domains WHERE user_id = ?').get(userId) as DomainRow | undefined;
  return row ? fromRow(row) : null;
}

/** The verified owner of a host name, or null. */
export function verifiedDomain(db: Database, domain: string): CustomDomain | null {
  const row = db.prepare('SELECT * FROM custom_domains WHERE domain = ? AND verified_at IS NOT NULL').get(domain) as
    DomainRow | undefined;
  return row ? fromRow(row) : null;
}

/** Whether some user claimed `domain` with this verification token (verified or not). */
export function hasDomainToken(db: Database, domain: string, token: string): boolean {
  return !!db.prepare('SELECT 1 FROM custom_domains WHERE domain = ? AND token = ?').get(domain, token);
}

export function claimDomain(db: Database, d: Omit<CustomDomain, 'verifiedAt'>): void {
  db.prepare(
    `INSERT INTO custom_domains (user_id, domain, token, created_at, verified_at) VALUES (?, ?, ?, ?, NULL)
     ON CONFLICT (user_id) DO UPDATE SET domain = excluded.domain, token = excluded.token,
       created_at = excluded.created_at, verified_at = NULL`,
  ).run(d.userId, d.domain, d.token, d.createdAt);
}

export function markVerified(db: Database, userId: string, at: Date): void {
  db.prepare('UPDATE custom_domains SET verified_at = ? WHERE user_id = ?').run(at.toISOString(), userId);
}

export function removeDomain(db: Database, userId: string): void {
  db.prepare('DELETE FROM custom_domains WHERE user_id = ?').run(userId);
}
