/**
 * the files list's kind filter (server/db/file-list.ts kindKey): a kind the user has few of (audio among a million
 * images) was found by walking all of their rows. An index on (user, the kind as a word) makes each kind one
 * equality, under any collation; lower() so it holds every row the filter's LIKE matches on either database. The
 * text must stay the same as file-list.ts's KIND_KEY, or neither database would match the two.
 */
import { type Migration, sql } from 'kysely';
import type { AnyDb } from './any-db.ts';

export const migration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createIndex('uploads_user_kind')
      .on('uploads')
      .expression(
        sql`user_id, (CASE WHEN lower(content_type) = 'application/pdf' THEN 'pdf' WHEN substr(lower(content_type), 1, 6) = 'image/' THEN 'image' WHEN substr(lower(content_type), 1, 6) = 'video/' THEN 'video' WHEN substr(lower(content_type), 1, 6) = 'audio/' THEN 'audio' WHEN substr(lower(content_type), 1, 5) = 'text/' THEN 'text' ELSE 'other' END)`,
      )
      .execute();
  },
};
