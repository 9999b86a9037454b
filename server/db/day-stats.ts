/**
 * Per-file statistics by UTC day, beside the monthly ones (file-stats.ts): the link page's chart of the last
 * 30 days. Written only with the monthly row, by bookStats (stats-tally.ts), so the two always agree; deleted
 * with the link (uploads.ts).
 */
import type { Queryable } from './open-database.ts';

export const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

export interface DayStats {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  downloads: number;
  bytes: number;
  views: number;
  botHits: number;
  botBytes: number;
}

/** The link's days from `fromDay` on, oldest first (days without a row had nothing). */
export async function dailyStats(db: Queryable, shareId: string, fromDay: string): Promise<DayStats[]> {
  const rows = await db
    .selectFrom('file_stats_daily')
    .selectAll()
    .where('share_id', '=', shareId)
    .where('day', '>=', fromDay)
    .orderBy('day')
    .execute();
  return rows.map((r) => ({
    day: r.day,
    downloads: r.downloads,
    bytes: r.bytes,
    views: r.views,
    botHits: r.bot_hits,
    botBytes: r.bot_bytes,
  }));
}
