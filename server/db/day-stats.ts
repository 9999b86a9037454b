/**
 * Per-file statistics by UTC day, beside the monthly ones (file-stats.ts): the link page's chart of the last
 * 30 days. Written only with the monthly row, by bookStats (stats-buffer.ts), so the two always agree; deleted
 * with the link (uploads.ts).
 */
import { sql } from 'kysely';
import type { StatsDelta } from './file-stats.ts';
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

/** Adds `d` to the link's row of that day (created if absent), unless the link is gone. */
export async function addDayStats(db: Queryable, shareId: string, day: string, d: Required<StatsDelta>): Promise<void> {
  const n = (value: number) => sql<number>`cast(${value} as bigint)`;
  await db
    .insertInto('file_stats_daily')
    .columns(['share_id', 'day', 'downloads', 'bytes', 'views', 'bot_hits', 'bot_bytes'])
    .expression(
      db
        .selectNoFrom((eb) => [
          eb.val(shareId).as('share_id'),
          eb.val(day).as('day'),
          n(d.downloads).as('downloads'),
          n(d.bytes).as('bytes'),
          n(d.views).as('views'),
          n(d.botHits).as('bot_hits'),
          n(d.botBytes).as('bot_bytes'),
        ])
        .where((eb) => eb.exists(eb.selectFrom('uploads').select('share_id').where('share_id', '=', shareId))),
    )
    .onConflict((oc) =>
      oc.columns(['share_id', 'day']).doUpdateSet((eb) => ({
        downloads: eb('file_stats_daily.downloads', '+', eb.ref('excluded.downloads')),
        bytes: eb('file_stats_daily.bytes', '+', eb.ref('excluded.bytes')),
        views: eb('file_stats_daily.views', '+', eb.ref('excluded.views')),
        bot_hits: eb('file_stats_daily.bot_hits', '+', eb.ref('excluded.bot_hits')),
        bot_bytes: eb('file_stats_daily.bot_bytes', '+', eb.ref('excluded.bot_bytes')),
      })),
    )
    .execute();
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
