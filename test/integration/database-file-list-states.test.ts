/**
 * The files list's states when they are sparse (server/db/file-list.ts): more links than the keyset reads nearby,
 * the few expired ones the oldest, a few at their download limit, so live, expired and limited are each read the
 * narrow way on some pages and along the keyset on others. Every page, in every sort, with and without a name, is
 * compared with the same list computed here from all the rows. On the database itself (SQLite, or PostgreSQL with
 * TRAYDROP_TEST_DATABASE=postgres).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FileSort, FileState } from '../../common/file-query.ts';
import { listUploads } from '../../server/db/file-list.ts';
import { type Database, openDatabase } from '../../server/db/open-database.ts';
import { freshPgDatabase, testDatabaseKind } from '../helpers/pg.ts';

const USER = 'lister';
const LINKS = 6000;
const NOW = new Date('2026-12-06T12:00:00.000Z');
/** Two days on: all have expired but the three that never do (live is sparse, expired dense). */
const LATER = new Date(NOW.getTime() + 2 * 86_400_000);

interface Row {
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
  max_downloads: number | null;
}

function makeRows(): Row[] {
  return Array.from({ length: LINKS }, (_, i) => {
    const shareId = `L${String(i).padStart(11, '0')}`;
    // at NOW: the 12 oldest expired, one of them exactly now; at LATER: all but 3000 and 4500, 1500 exactly then.
    // Every 500th has a download limit, reached by every other one of them.
    const expiresAt =
      i < 12
        ? new Date(NOW.getTime() - 1000 * i)
        : i === 1500
          ? LATER
          : i % 1500 === 0
            ? null
            : new Date(NOW.getTime() + 86_400_000);
    return {
      share_id: shareId,
      key: `users/${USER}/${shareId}/f`,
      user_id: USER,
      name: i % 7 === 0 ? `Seven-${i}.txt` : `file-${i}.bin`,
      bytes: 100 + (i % 9),
      content_type: 'text/plain',
      expire: '7d',
      uploaded_at: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 2) * 1000).toISOString(),
      expires_at: expiresAt?.toISOString() ?? null,
      upload_id: null,
      downloads: i % 1000 === 250 ? 4 : i % 5,
      max_downloads: i % 500 === 250 ? (i % 1000 === 250 ? 4 : 9) : null,
    };
  });
}

function expected(rows: Row[], at: Date, state: FileState, sort: FileSort, q: string): string[] {
  const now = at.toISOString();
  const expired = (r: Row) => r.expires_at !== null && r.expires_at <= now;
  const limited = (r: Row) => r.max_downloads !== null && r.downloads >= r.max_downloads;
  const keep = (r: Row) =>
    (state === 'expired' ? expired(r) : state === 'limited' ? !expired(r) && limited(r) : !expired(r) && !limited(r)) &&
    r.name.toLowerCase().includes(q.toLowerCase());
  const value = (r: Row) => (sort === 'date' ? r.uploaded_at : sort === 'size' ? r.bytes : r.downloads);
  return rows
    .filter(keep)
    .sort((a, b) => (value(a) < value(b) ? 1 : value(a) > value(b) ? -1 : a.share_id < b.share_id ? 1 : -1))
    .map((r) => r.share_id);
}

describe('sparse states in the files list', () => {
  let dir: string;
  let db: Database;
  let rows: Row[];
  let drop: () => Promise<void> = async () => {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'traydrop-file-list-'));
    if (testDatabaseKind() === 'postgres') {
      const pg = await freshPgDatabase();
      db = await openDatabase({ url: pg.url, path: '' });
      drop = () => pg.drop();
    } else db = await openDatabase(join(dir, 'l.db'));
    rows = makeRows();
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('uploads')
        .values(rows.slice(i, i + 500))
        .execute();
  });
  after(async () => {
    await db.destroy();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every page of live, expired and limited, in each sort and page size, with and without a name', async () => {
    for (const at of [NOW, LATER])
      for (const state of ['expired', 'limited', 'live'] as const)
        for (const sort of ['date', 'size', 'downloads'] as const)
          for (const q of ['', 'seven'])
            for (const limit of [7, 1000]) {
              const want = expected(rows, at, state, sort, q);
              const got: string[] = [];
              let cursor: string | undefined;
              for (let n = 0; n < 1000; n++) {
                const page = await listUploads(db, USER, limit, cursor, { state, sort, now: at, ...(q ? { q } : {}) });
                got.push(...page.files.map((f) => f.shareId));
                if (!page.nextCursor) break;
                cursor = page.nextCursor;
              }
              const what = `at=${at.toISOString()} state=${state} sort=${sort} q=${q} limit=${limit}`;
              assert.deepEqual(got, want, what);
              if (!q && !(at === LATER && state === 'limited'))
                assert.ok(want.length > 0, `${what}: matches some links`);
            }
  });
});
