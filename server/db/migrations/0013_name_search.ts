/**
 * the files list (server/db/file-list.ts). "limited" (every allowed download used) is rare, and read along a sort's
 * full index it walks all of a user's rows to find none: a partial index per sort holds only the links with a
 * download limit, on both databases; live and expired, which depend on the time, get an index of the expiry. The
 * name search on SQLite (server/db/name-search.ts): an FTS5 index of the names with the trigram tokenizer (any 3
 * characters of a name find it, in any case), kept by triggers on uploads. Contentless, so the names are not stored
 * twice; its rowids are those of upload_name_ids, whose INTEGER PRIMARY KEY never changes (uploads' own rowid may,
 * on VACUUM, since its key is text). Filled here for the links already there. PostgreSQL has had its trigram index
 * since 0008_sessions.
 */
import { type Migration, PostgresAdapter, sql } from 'kysely';
import type { AnyDb } from './any-db.ts';

export const migration: Migration = {
  async up(db: AnyDb) {
    for (const [index, column] of [
      ['uploads_limited_newest', 'uploaded_at'],
      ['uploads_limited_largest', 'bytes'],
      ['uploads_limited_most_downloaded', 'downloads'],
    ] as const)
      await db.schema
        .createIndex(index)
        .on('uploads')
        .expression(sql`user_id, ${sql.ref(column)} DESC, share_id DESC`)
        .where(sql.ref('max_downloads'), 'is not', null)
        .execute();
    // live and expired as ranges (server/db/file-list.ts expiryRange): a link that never expires sorts last
    await db.schema
      .createIndex('uploads_user_expiry')
      .on('uploads')
      .expression(sql`user_id, (coalesce(expires_at, '9999-12-31T23:59:59.999Z'))`)
      .execute();
    if (db.getExecutor().adapter instanceof PostgresAdapter) return;
    await sql`CREATE TABLE upload_name_ids (id INTEGER PRIMARY KEY, share_id TEXT NOT NULL UNIQUE)`.execute(db);
    await sql`CREATE VIRTUAL TABLE upload_names USING fts5(
        name, content='', contentless_delete=1, tokenize='trigram case_sensitive 0')`.execute(db);
    // a row replaced by INSERT OR REPLACE fires no DELETE trigger: the insert clears what its share id left first
    await sql`CREATE TRIGGER upload_names_insert AFTER INSERT ON uploads BEGIN
        DELETE FROM upload_names WHERE rowid = (SELECT id FROM upload_name_ids WHERE share_id = new.share_id);
        DELETE FROM upload_name_ids WHERE share_id = new.share_id;
        INSERT INTO upload_name_ids (share_id) VALUES (new.share_id);
        INSERT INTO upload_names (rowid, name)
          VALUES ((SELECT id FROM upload_name_ids WHERE share_id = new.share_id), new.name);
      END`.execute(db);
    await sql`CREATE TRIGGER upload_names_delete AFTER DELETE ON uploads BEGIN
        DELETE FROM upload_names WHERE rowid = (SELECT id FROM upload_name_ids WHERE share_id = old.share_id);
        DELETE FROM upload_name_ids WHERE share_id = old.share_id;
      END`.execute(db);
    await sql`CREATE TRIGGER upload_names_update AFTER UPDATE OF share_id, name ON uploads BEGIN
        DELETE FROM upload_names WHERE rowid = (SELECT id FROM upload_name_ids WHERE share_id = old.share_id);
        DELETE FROM upload_name_ids WHERE share_id = old.share_id;
        INSERT INTO upload_name_ids (share_id) VALUES (new.share_id);
        INSERT INTO upload_names (rowid, name)
          VALUES ((SELECT id FROM upload_name_ids WHERE share_id = new.share_id), new.name);
      END`.execute(db);
    await sql`INSERT INTO upload_name_ids (share_id) SELECT share_id FROM uploads`.execute(db);
    await sql`INSERT INTO upload_names (rowid, name)
        SELECT i.id, u.name FROM upload_name_ids i JOIN uploads u ON u.share_id = i.share_id`.execute(db);
  },
};
