/**
 * Every link of one user out of the caches at once: when the user is disabled (their links answer 404 from now
 * on) or crosses the monthly transfer limit (429). One BAN per link and cache (purge.ts), eight links at a time;
 * nothing to do without CACHE_PURGE_URLS.
 */
import type { ServerConfig } from '../config.ts';
import type { Queryable } from '../db/open-database.ts';
import { purgeLink, type PurgeLog } from './purge.ts';

const AT_ONCE = 8;

export async function purgeUserLinks(
  ctx: { config: Pick<ServerConfig, 'cachePurgeUrls'>; db: Queryable },
  userId: string,
  log: PurgeLog,
): Promise<number> {
  if (ctx.config.cachePurgeUrls.length === 0) return 0;
  const rows = await ctx.db.selectFrom('uploads').select('share_id').where('user_id', '=', userId).execute();
  const ids = rows.map((r) => r.share_id);
  const workers = Array.from({ length: Math.min(AT_ONCE, ids.length) }, async () => {
    for (let id = ids.pop(); id !== undefined; id = ids.pop()) await purgeLink(ctx, id, log);
  });
  await Promise.all(workers);
  return rows.length;
}
