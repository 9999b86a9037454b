/**
 * wrong-password counts in the database, so every instance sees the same ones (they were in memory)
 */
import { type Migration } from 'kysely';
import type { AnyDb } from './any-db.ts';

export const migration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('password_attempts')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'bigint', (c) => c.notNull())
      .addColumn('since', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('password_attempts_since').on('password_attempts').column('since').execute();
  },
};
