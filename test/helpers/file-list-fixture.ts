/**
 * What the files-list tests that compare every page with a list computed in JS share (database-file-list-states,
 * database-file-list-kinds): a database of their rows (SQLite, or PostgreSQL with TRAYDROP_TEST_DATABASE=postgres),
 * the expected order of a sort, and every page read through the cursors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileSort } from '../../common/file-query.ts';
import { listUploads } from '../../server/db/file-list.ts';
import { type Database, openDatabase } from '../../server/db/open-database.ts';
import { freshPgDatabase, testDatabaseKind } from './pg.ts';

/** An uploads row as these tests write it. */
export interface ListRow {
  share_id: string;
  key: string;
  user_id: string;
  name: string;
  bytes: number;
  content_type: string;
  expire: '7d';
  uploaded_at: string;
  expires_at: string | null;
  upload_id: null;
  downloads: number;
  max_downloads?: number | null;
}

/** A fresh database holding `rows`; close() removes it. */
export async function listDatabase(rows: ListRow[]): Promise<{ db: Database; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'traydrop-file-list-'));
  let drop = async () => {};
  let db: Database;
  if (testDatabaseKind() === 'postgres') {
    const pg = await freshPgDatabase();
    db = await openDatabase({ url: pg.url, path: '' });
    drop = () => pg.drop();
  } else db = await openDatabase(join(dir, 'list.db'));
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('uploads')
      .values(rows.slice(i, i + 500))
      .execute();
  return {
    db,
    async close() {
      await db.destroy();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The share ids of the rows `keep` accepts, in the list's order for `sort` (then share id, both descending). */
export function expectedIds(rows: ListRow[], keep: (r: ListRow) => boolean, sort: FileSort): string[] {
  const value = (r: ListRow) => (sort === 'date' ? r.uploaded_at : sort === 'size' ? r.bytes : r.downloads);
  return rows
    .filter(keep)
    .sort((a, b) => (value(a) < value(b) ? 1 : value(a) > value(b) ? -1 : a.share_id < b.share_id ? 1 : -1))
    .map((r) => r.share_id);
}

/** Every page of the list for `filter`, `limit` a page, followed through the cursors. */
export async function allPages(
  db: Database,
  user: string,
  limit: number,
  filter: Parameters<typeof listUploads>[4],
): Promise<string[]> {
  const got: string[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 1000; n++) {
    const page = await listUploads(db, user, limit, cursor, filter);
    got.push(...page.files.map((f) => f.shareId));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return got;
}
