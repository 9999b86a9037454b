/**
 * Can the server reach its database right now? A `SELECT 1` through cachedCheck: about one query a second however
 * often balancers and waiting clients poll /v1/health; no only when the query fails (refused, cut, a connect that
 * timed out: open-database.ts). A query that is merely slow, waiting behind a burst of requests for one of the pool's
 * connections, is a busy instance and not a missing database: the last answer stands, so a balancer does not take
 * every busy instance out at once, and a stuck check is never the one every later caller waits for.
 */
import { sql } from 'kysely';
import type { Database } from '../db/open-database.ts';
import { type Check, CHECK_TTL_MS, cachedCheck } from './cached-check.ts';

export const DATABASE_CHECK_TTL_MS = CHECK_TTL_MS;

export function databaseCheck(db: Database, now?: () => number): Check {
  const probe = () =>
    sql`select 1`.execute(db).then(
      () => true,
      () => false,
    );
  return cachedCheck(probe, now);
}
