/**
 * Can the server reach its database right now? One `SELECT 1` at a time, its answer reused for a second (as the
 * storage check does: however often balancers and waiting clients poll /v1/health, the database sees about one query
 * a second from it). Bounded by the pool's connect and statement timeouts (open-database.ts), so the health answer
 * never hangs on a database that is gone.
 */
import { sql } from 'kysely';
import type { Database } from '../db/open-database.ts';

export const DATABASE_CHECK_TTL_MS = 1000;

export type DatabaseCheck = () => Promise<boolean>;

export function databaseCheck(db: Database, now: () => number = Date.now): DatabaseCheck {
  let last: { at: number; ok: boolean } | undefined;
  let inFlight: Promise<boolean> | undefined;
  return () => {
    if (last && now() - last.at < DATABASE_CHECK_TTL_MS) return Promise.resolve(last.ok);
    inFlight ??= sql`select 1`
      .execute(db)
      .then(
        () => true,
        () => false,
      )
      .then((ok) => {
        last = { at: now(), ok };
        inFlight = undefined;
        return ok;
      });
    return inFlight;
  };
}
