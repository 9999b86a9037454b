/**
 * upload-only tokens (issue #16): a token's kind; every token made before is a device token
 */
import { type Migration } from 'kysely';
import type { AnyDb } from './any-db.ts';

export const migration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable('device_tokens')
      .addColumn('kind', 'text', (c) => c.notNull().defaultTo('device'))
      .execute();
  },
};
