/**
 * Adds a statistics delta to a link's row of one period (its month in file_stats, its day in file_stats_daily),
 * created if absent, unless the link is gone: a link deleted meanwhile gets no statistics back. One statement for
 * both tables (they differ only in name and period column), written as SQL because Kysely's typed insert is per
 * table; the upsert is the same on SQLite and PostgreSQL (SQLite needs the WHERE to read ON CONFLICT as the upsert).
 */
import { sql } from 'kysely';
import type { StatsDelta } from './file-stats.ts';
import type { Queryable } from './open-database.ts';

const TABLES = { month: 'file_stats', day: 'file_stats_daily' } as const;

export async function addPeriodStats(
  db: Queryable,
  period: keyof typeof TABLES,
  shareId: string,
  value: string,
  d: Required<StatsDelta>,
): Promise<void> {
  const table = sql.table(TABLES[period]);
  const column = sql.ref(period);
  const n = (v: number) => sql`cast(${v} as bigint)`;
  const add = (c: string) => sql`${sql.ref(c)} = ${table}.${sql.ref(c)} + excluded.${sql.ref(c)}`;
  await sql`
    insert into ${table} (share_id, ${column}, downloads, bytes, views, bot_hits, bot_bytes)
    select ${shareId}, ${value}, ${n(d.downloads)}, ${n(d.bytes)}, ${n(d.views)}, ${n(d.botHits)}, ${n(d.botBytes)}
    where exists (select 1 from uploads where share_id = ${shareId})
    on conflict (share_id, ${column}) do update set
      ${sql.join(['downloads', 'bytes', 'views', 'bot_hits', 'bot_bytes'].map(add))}`.execute(db);
}
