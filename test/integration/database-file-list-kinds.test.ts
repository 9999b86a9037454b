/**
 * The files list's kind filter when a kind is rare (server/db/file-list.ts): more links than the keyset reads nearby,
 * a handful of audio links among the oldest, none of video, pdf every thousandth, images so many that their part of
 * the kind index is too large for the narrow read, text dense at the top, and content types in odd case (which
 * SQLite's LIKE files under their kind and PostgreSQL's does not). Every page, in every sort and page size, with and
 * without a state and a name, is compared with the same list computed here from all the rows. On the database
 * itself (SQLite, or PostgreSQL with TRAYDROP_TEST_DATABASE=postgres).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FILE_KINDS, type FileKind, type FileSort } from '../../common/file-query.ts';
import type { Database } from '../../server/db/open-database.ts';
import { allPages, expectedIds, listDatabase, type ListRow } from '../helpers/file-list-fixture.ts';
import { testDatabaseKind } from '../helpers/pg.ts';

const USER = 'kinds';
const LINKS = 14_000;
const NOW = new Date('2026-12-06T12:00:00.000Z');

type Row = ListRow;

/** i = 0 is the oldest link. */
function contentType(i: number): string {
  if (i === 2 || i === 3 || i === 500 || i === 2500) return 'audio/mpeg';
  if (i === 4) return 'Audio/Ogg';
  if (i === 8) return 'Application/PDF';
  if (i === 9) return 'IMAGE/PNG';
  if (i % 1000 === 7) return 'application/pdf';
  if (i >= 13_500) return i % 13 === 0 ? 'text/html; charset=utf-8' : 'text/plain';
  if (i % 5 === 1) return 'application/zip';
  return 'image/png';
}

function makeRows(): Row[] {
  return Array.from({ length: LINKS }, (_, i) => {
    const shareId = `K${String(i).padStart(11, '0')}`;
    // the 100 oldest expired, every 1500th never expires, the rest live
    const expiresAt =
      i < 100 ? new Date(NOW.getTime() - 1000 * i) : i % 1500 === 0 ? null : new Date(NOW.getTime() + 86_400_000);
    return {
      share_id: shareId,
      key: `users/${USER}/${shareId}/f`,
      user_id: USER,
      name: i % 7 === 0 ? `Seven-${i}.txt` : `file-${i}.bin`,
      bytes: 100 + (i % 9),
      content_type: contentType(i),
      expire: '7d',
      uploaded_at: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 2) * 1000).toISOString(),
      expires_at: expiresAt?.toISOString() ?? null,
      upload_id: null,
      downloads: i % 5,
    };
  });
}

/** The kind as the filter's SQL decides it: SQLite's LIKE ignores ASCII case, PostgreSQL's does not. */
function kindOf(contentType: string, caseless: boolean): FileKind {
  if (contentType === 'application/pdf') return 'pdf';
  const type = caseless ? contentType.toLowerCase() : contentType;
  for (const kind of ['image', 'video', 'audio', 'text'] as const) if (type.startsWith(`${kind}/`)) return kind;
  return 'other';
}

type State = 'live' | 'expired' | undefined;

function expected(rows: Row[], kind: FileKind, state: State, sort: FileSort, q: string, caseless: boolean): string[] {
  const now = NOW.toISOString();
  const expired = (r: Row) => r.expires_at !== null && r.expires_at <= now;
  const keep = (r: Row) =>
    kindOf(r.content_type, caseless) === kind &&
    (state === undefined || (state === 'expired') === expired(r)) &&
    r.name.toLowerCase().includes(q.toLowerCase());
  return expectedIds(rows, keep, sort);
}

describe('rare kinds in the files list', () => {
  let db: Database;
  let rows: Row[];
  let close = async () => {};
  const caseless = testDatabaseKind() !== 'postgres';

  before(async () => {
    rows = makeRows();
    ({ db, close } = await listDatabase(rows));
  });
  after(() => close());

  it('has the shape the test is about', () => {
    const count = (kind: FileKind) => rows.filter((r) => kindOf(r.content_type, caseless) === kind).length;
    assert.equal(count('video'), 0);
    assert.equal(count('audio'), caseless ? 5 : 4);
    assert.ok(count('image') > 10_000, 'images: more than the narrow read takes');
    assert.ok(count('pdf') >= 13 && count('pdf') <= 14);
  });

  it('gives every page of each kind, in each sort and page size, with and without a state and a name', async () => {
    for (const kind of FILE_KINDS)
      for (const state of [undefined, 'live', 'expired'] as const)
        for (const sort of ['date', 'size', 'downloads'] as const)
          for (const q of ['', 'seven'])
            for (const limit of kind === 'image' || kind === 'other' ? [50, 1000] : [3, 50]) {
              const want = expected(rows, kind, state, sort, q, caseless);
              const filter = { kind, sort, now: NOW, ...(state ? { state } : {}), ...(q ? { q } : {}) };
              const got = await allPages(db, USER, limit, filter);
              assert.deepEqual(got, want, `kind=${kind} state=${state} sort=${sort} q=${q} limit=${limit}`);
            }
  });
});
