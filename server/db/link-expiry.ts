/**
 * Shortening a link's expiry (PUT /v1/files/:shareId/limits `expiresAt`). Only ever earlier: the object's lifecycle
 * tag still removes it on the original schedule, so a later expiry would promise what S3 will not keep. Its own module
 * so the data layer's other files stay as they are.
 */
import type { Database } from './open-database.ts';

/** Sets the expiry to `at` when the link has none or a later one; true when it changed. */
export function shortenExpiry(db: Database, shareId: string, at: Date): boolean {
  const iso = at.toISOString();
  const result = db
    .prepare('UPDATE uploads SET expires_at = ? WHERE share_id = ? AND (expires_at IS NULL OR expires_at > ?)')
    .run(iso, shareId, iso);
  return Number(result.changes) > 0;
}
