/**
 * cache-log (server/db/cache-log-seen.ts): the Varnish transactions already booked, kept for a retention window
 */
import { type Migration } from 'kysely';
import type { AnyDb } from './any-db.ts';

export const migration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('cache_log_seen')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('cache_log_seen_at').on('cache_log_seen').column('at').execute();
  },
};
