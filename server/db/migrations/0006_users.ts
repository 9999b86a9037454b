/**
 * issue #16: users with a role and plan limits, the monthly transfer booked per user, and downloads in flight.
 * Every user name already in use (tokens, links, reservations, settings, domains) becomes a user.
 */
import { type Migration, sql } from 'kysely';
import type { AnyDb } from './any-db.ts';

export const migration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('users')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text')
      .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('disabled_at', 'text')
      .addColumn('storage_limit', 'bigint')
      .addColumn('transfer_limit', 'bigint')
      .addColumn('max_file_size', 'bigint')
      .addColumn('last_active_at', 'text')
      .execute();
    // NULLs never collide in a unique index, on either database: only e-mails that are set must differ
    await db.schema.createIndex('users_email').on('users').column('email').unique().execute();
    await db.schema
      .createTable('user_transfer')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('user_transfer_pkey', ['user_id', 'month'])
      .execute();
    await db.schema
      .createTable('transfer_holds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('transfer_holds_user').on('transfer_holds').columns(['user_id', 'month']).execute();
    await db.schema.createIndex('reservations_user').on('reservations').column('user_id').execute();
    const now = new Date().toISOString();
    await sql`INSERT INTO users (name, role, created_at)
      SELECT user_id, 'user', ${now} FROM (
        SELECT user_id FROM device_tokens UNION SELECT user_id FROM uploads UNION SELECT user_id FROM reservations
        UNION SELECT user_id FROM pending_multipart UNION SELECT user_id FROM user_settings
        UNION SELECT user_id FROM custom_domains
      ) AS known`.execute(db);
  },
};
