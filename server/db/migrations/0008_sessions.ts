/**
 * the dashboard (issue #16): browser sessions and one-time sign-in links from a device (server/auth/session*.ts),
 * statistics per day, and the files list's sorts by size and by downloads
 */
import { type Migration, PostgresAdapter, sql } from 'kysely';
import type { AnyDb } from './any-db.ts';

export const migration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('user_agent', 'text')
      .addColumn('ip', 'text')
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id', 'last_seen_at']).execute();
    await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
    await db.schema
      .createTable('sign_in_links')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('sign_in_links_created').on('sign_in_links').column('created_at').execute();
    // the link page's chart of the last 30 days (server/db/day-stats.ts): file_stats' counters per UTC day
    await db.schema
      .createTable('file_stats_daily')
      .addColumn('share_id', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('downloads', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('views', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bot_hits', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bot_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('file_stats_daily_pk', ['share_id', 'day'])
      .execute();
    // the dashboard's other sorts of the files list (server/db/file-list.ts): a keyset per sort, per user
    await db.schema
      .createIndex('uploads_user_largest')
      .on('uploads')
      .expression(sql`user_id, bytes DESC, share_id DESC`)
      .execute();
    await db.schema
      .createIndex('uploads_user_most_downloaded')
      .on('uploads')
      .expression(sql`user_id, downloads DESC, share_id DESC`)
      .execute();
    // PostgreSQL: a trigram index for the name search (a LIKE '%…%' that matches few of a user's million links
    // would read them all). pg_trgm is a trusted extension: a user who may create objects in the database may
    // create it. Without it (not installed, or no right to create it) the search works and is slower: said in
    // docs/dashboard.md, and never a failed start.
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      const { rows } = await sql<{ ok: boolean }>`SELECT (
          EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')
          OR (EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm')
              AND has_database_privilege(current_database(), 'CREATE'))) AS ok`.execute(db);
      if (rows[0]?.ok) {
        await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
        await sql`CREATE INDEX uploads_name_trgm ON uploads USING gin (lower(name) gin_trgm_ops)`.execute(db);
      }
    }
  },
};
