/**
 * The files list's states when they are sparse (server/db/file-list.ts): more links than the keyset reads nearby,
 * the few expired ones the oldest, a few at their download limit, so live, expired and limited are each read the
 * narrow way on some pages and along the keyset on others. Every page, in every sort, with and without a name, is
 * compared with the same list computed here from all the rows. On the database itself (SQLite, or PostgreSQL with
 * TRAYDROP_TEST_DATABASE=postgres).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FileSort, FileState } from '../../common/file-query.ts';
import type { Database } from '../../server/db/open-database.ts';
import { allPages, expectedIds, listDatabase, type ListRow } from '../helpers/file-list-fixture.ts';

const USER = 'lister';
const LINKS = 6000;
const NOW = new Date('2026-12-06T12:00:00.000Z');
/** Two days on: all have expired but the three that never do (live is sparse, expired dense). */
const LATER = new Date(NOW.getTime() + 2 * 86_400_000);

type Row = ListRow;

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
  const limited = (r: Row) => r.max_downloads != null && r.downloads >= r.max_downloads;
  const keep = (r: Row) =>
    (state === 'expired' ? expired(r) : state === 'limited' ? !expired(r) && limited(r) : !expired(r) && !limited(r)) &&
    r.name.toLowerCase().includes(q.toLowerCase());
  return expectedIds(rows, keep, sort);
}

describe('sparse states in the files list', () => {
  let db: Database;
  let rows: Row[];
  let close = async () => {};

  before(async () => {
    rows = makeRows();
    ({ db, close } = await listDatabase(rows));
  });
  after(() => close());

  it('gives every page of live, expired and limited, in each sort and page size, with and without a name', async () => {
    for (const at of [NOW, LATER])
      for (const state of ['expired', 'limited', 'live'] as const)
        for (const sort of ['date', 'size', 'downloads'] as const)
          for (const q of ['', 'seven'])
            for (const limit of [7, 1000]) {
              const want = expected(rows, at, state, sort, q);
              const got = await allPages(db, USER, limit, { state, sort, now: at, ...(q ? { q } : {}) });
              const what = `at=${at.toISOString()} state=${state} sort=${sort} q=${q} limit=${limit}`;
              assert.deepEqual(got, want, what);
              if (!q && !(at === LATER && state === 'limited'))
                assert.ok(want.length > 0, `${what}: matches some links`);
            }
  });
});
