/**
 * server-made thumbnails (server/thumbnails/): one row per link, so each is made once and a failure is not retried;
 * the sweep looks for recent uploads without one and recent rows without their upload, through the two indexes
 */
import { type Migration } from 'kysely';
import type { AnyDb } from './any-db.ts';

export const migration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('thumbnails')
      .addColumn('share_id', 'text', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('bytes', 'bigint')
      .addColumn('made_at', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('thumbnails_made_at').on('thumbnails').column('made_at').execute();
    await db.schema.createIndex('uploads_uploaded_at').on('uploads').column('uploaded_at').execute();
  },
};
