/**
 * Per-file statistics by calendar month (UTC): downloads and bytes served to people, page views,
 * and bots apart (server/share/bots.ts: a statistics label, never a limit).
 */
import type { MonthStats } from '../../common/broker-api.ts';
import type { Queryable } from './open-database.ts';

/** What one request adds to a file's month: any of the counters. */
export type StatsDelta = Partial<Omit<MonthStats, 'month'>>;

export const monthOf = (date: Date): string => date.toISOString().slice(0, 7);

/** Newest month first. */
export async function monthlyStats(db: Queryable, shareId: string): Promise<MonthStats[]> {
  const rows = await db
    .selectFrom('file_stats')
    .selectAll()
    .where('share_id', '=', shareId)
    .orderBy('month', 'desc')
    .execute();
  return rows.map((r) => ({
    month: r.month,
    downloads: r.downloads,
    bytes: r.bytes,
    views: r.views,
    botHits: r.bot_hits,
    botBytes: r.bot_bytes,
  }));
}

export function totalStats(months: MonthStats[]): Omit<MonthStats, 'month'> {
  const sum = { downloads: 0, bytes: 0, views: 0, botHits: 0, botBytes: 0 };
  for (const m of months) {
    sum.downloads += m.downloads;
    sum.bytes += m.bytes;
    sum.views += m.views;
    sum.botHits += m.botHits;
    sum.botBytes += m.botBytes;
  }
  return sum;
}
