/**
 * Can the server reach its database right now? One `SELECT 1` at a time, its answer reused for a second (as the
 * storage check does: however often balancers and waiting clients poll /v1/health, the database sees about one query
 * a second from it). Given up after 3 s (a connection gone silent, no reset) so the health answer never hangs and a
 * stuck check is never the one every later caller waits for.
 */
import { sql } from 'kysely';
import type { Database } from '../db/open-database.ts';

export const DATABASE_CHECK_TTL_MS = 1000;
const CHECK_TIMEOUT_MS = 3000;

export type DatabaseCheck = () => Promise<boolean>;

export function databaseCheck(db: Database, now: () => number = Date.now): DatabaseCheck {
  let last: { at: number; ok: boolean } | undefined;
  let inFlight: Promise<boolean> | undefined;
  return () => {
    if (last && now() - last.at < DATABASE_CHECK_TTL_MS) return Promise.resolve(last.ok);
    inFlight ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS)));
      const answered = sql`select 1`.execute(db).then(
        () => true,
        () => false,
      );
      const ok = await Promise.race([answered, late]);
      clearTimeout(timer);
      last = { at: now(), ok };
      inFlight = undefined;
      return ok;
    })();
    return inFlight;
  };
}
