/**
 * replacing a shared file under the same link (server/uploads/replace.ts): the link's version and when it last
 * changed, and the replacement a client has started and not yet completed (its size, type, start, and the object
 * as S3 had it then)
 */
import { type Migration } from 'kysely';
import type { AnyDb } from './any-db.ts';

export const migration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable('uploads')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema.alterTable('uploads').addColumn('replaced_at', 'text').execute();
    await db.schema.alterTable('uploads').addColumn('replace_started_at', 'text').execute();
    await db.schema.alterTable('uploads').addColumn('replace_bytes', 'bigint').execute();
    await db.schema.alterTable('uploads').addColumn('replace_type', 'text').execute();
    await db.schema.alterTable('uploads').addColumn('replace_from', 'text').execute();
  },
};
