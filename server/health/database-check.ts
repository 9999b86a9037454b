/**
 * Can the server reach its database right now? One `SELECT 1` at a time, its answer reused for a second (as the
 * storage check does: however often balancers and waiting clients poll /v1/health, the database sees about one query
 * a second from it). No only when the query fails (refused, cut, a connect that timed out: open-database.ts). A query
 * that is merely slow, waiting behind a burst of requests for one of the pool's connections, is a busy instance and
 * not a missing database: after 3 s the last answer stands, so a balancer does not take every busy instance out at
 * once, and a stuck check is never the one every later caller waits for.
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
      const lastOk = last?.ok ?? true;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(lastOk), CHECK_TIMEOUT_MS)));
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
