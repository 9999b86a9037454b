/**
 * Rewrites a link's password hash in place, only if it is still the one that was checked: an upgrade to
 * today's scrypt parameters must not overwrite a password the owner changed meanwhile.
 */
import type { Database } from './open-database.ts';

/** True when the row held `from` and now holds `to`. */
export function replacePasswordHash(db: Database, shareId: string, from: string, to: string): boolean {
  const result = db
    .prepare('UPDATE uploads SET password_hash = ? WHERE share_id = ? AND password_hash = ?')
    .run(to, shareId, from);
  return Number(result.changes) > 0;
}
