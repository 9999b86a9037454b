/**
 * share gateway (issue #4): per-link limits, per-month stats, per-user settings, custom domains
 */
import { type Migration, sql } from 'kysely';
import type { AnyDb } from './any-db.ts';

export const migration: Migration = {
  async up(db: AnyDb) {
    // one column per statement: SQLite adds one at a time
    await db.schema.alterTable('uploads').addColumn('max_downloads', 'bigint').execute();
    await db.schema.alterTable('uploads').addColumn('password_hash', 'text').execute();
    await db.schema
      .createIndex('uploads_user_newest')
      .on('uploads')
      .expression(sql`user_id, uploaded_at DESC, share_id DESC`)
      .execute();
    await db.schema
      .createTable('file_stats')
      .addColumn('share_id', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('downloads', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('views', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bot_hits', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bot_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('file_stats_pkey', ['share_id', 'month'])
      .execute();
    await db.schema
      .createTable('user_settings')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('expiry_rules', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('custom_domains')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('verified_at', 'text')
      .execute();
    await db.schema
      .createIndex('custom_domains_verified')
      .on('custom_domains')
      .column('domain')
      .unique()
      .where(sql.ref('verified_at'), 'is not', null)
      .execute();
    await db.schema.createIndex('custom_domains_domain').on('custom_domains').column('domain').execute();
    await db.schema
      .createTable('server_secrets')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};
