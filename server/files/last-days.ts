/** A link's last 30 UTC days (today included), oldest first, with zeros for days nothing happened. */
import type { DayStatsEntry } from '../../common/dashboard-api.ts';
import type { AppContext } from '../context.ts';
import { dailyStats, dayOf } from '../db/day-stats.ts';

export const CHART_DAYS = 30;

export async function lastDays(ctx: AppContext, shareId: string): Promise<DayStatsEntry[]> {
  await ctx.stats.flush(); // the last second's downloads
  const today = Date.parse(`${dayOf(ctx.now())}T00:00:00Z`);
  const days = Array.from({ length: CHART_DAYS }, (_, i) => dayOf(new Date(today - (CHART_DAYS - 1 - i) * 86_400_000)));
  const rows = new Map((await dailyStats(ctx.db, shareId, days[0]!)).map((r) => [r.day, r]));
  return days.map((day) => rows.get(day) ?? { day, downloads: 0, bytes: 0, views: 0, botHits: 0, botBytes: 0 });
}
