/**
 * The files list's name search with and without the name index (server/db/name-search.ts): for tricky names and
 * texts (unicode, %, _, quotes, backslashes, 1–2 characters, a word most names hold) every page and every cursor
 * is the same both ways, in each sort. On SQLite also: the FTS5 index follows inserts, deletes and renames through
 * its triggers, migration 0013 fills it for the links already there, and it is used only when it pays. On the
 * database itself (SQLite, or PostgreSQL with TRAYDROP_TEST_DATABASE=postgres).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Migrator } from 'kysely';
import type { FileSort } from '../../common/file-query.ts';
import { listUploads } from '../../server/db/file-list.ts';
import { MAX_INDEXED_CANDIDATES, nameFilter } from '../../server/db/name-search.ts';
import { migrationProvider } from '../../server/db/migrations.ts';
import { connectDatabase, type Database, isPostgres, openDatabase } from '../../server/db/open-database.ts';
import { deleteUploadRow, insertUpload } from '../../server/db/uploads.ts';
import { freshPgDatabase, testDatabaseKind } from '../helpers/pg.ts';

const USER = 'searcher';
const OTHER = 'someone-else';
const TRICKY = [
  'Ünïcode Straße.png',
  'ünïcode straße (lower).png',
  '日本語のファイル.txt',
  '🎉party🎉.gif',
  'Holiday_50 100%.png',
  'Holiday 50 1000.png',
  '100% done.pdf',
  'under_score.txt',
  'underXscore.txt',
  '"quoted" name.txt',
  "it's mine.txt",
  'back\\slash.txt',
  'AB.txt',
  'x',
];
/** More names holding "report" than the index is used for: the common-word path. */
const COMMON = MAX_INDEXED_CANDIDATES + 200;
const TEXTS = [
  'ünï',
  'ÜNÏ',
  'straße',
  'STRASSE',
  '日本',
  '日本語',
  'のファイル',
  '🎉',
  '🎉pa',
  'party🎉',
  '100%',
  '%',
  '%.',
  '_',
  '_50',
  'r_s',
  '"',
  '"quoted"',
  '""',
  "it's",
  "'",
  '\\',
  'k\\s',
  'ab',
  'a',
  'X',
  'report',
  'REPORT',
  'report-77',
  'eport-100',
  'nothing-like-this',
  'AND',
  'OR x',
  '*',
  'NEAR(a b)',
  'name:x',
  '   ',
  'g .',
  '\uD83D',
  'a\u0000bc',
  'x'.repeat(200),
];

function row(shareId: string, userId: string, name: string, i: number) {
  return {
    share_id: shareId,
    key: `users/${userId}/${shareId}/${i}`,
    user_id: userId,
    name,
    // few distinct sizes and download counts, so the sorts' ties are broken by share id
    bytes: 1000 + (i % 5),
    content_type: 'application/octet-stream',
    expire: '7d' as const,
    // some uploads share an instant: the date sort's ties too
    uploaded_at: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 1000).toISOString(),
    expires_at: null,
    upload_id: null,
    downloads: i % 4,
  };
}

async function fill(db: Database): Promise<void> {
  const rows = [
    ...TRICKY.map((name, i) => row(`T${String(i).padStart(11, '0')}`, USER, name, i)),
    ...TRICKY.map((name, i) => row(`O${String(i).padStart(11, '0')}`, OTHER, name, i)),
    ...Array.from({ length: COMMON }, (_, i) => row(`R${String(i).padStart(11, '0')}`, USER, `Report-${i}.pdf`, i)),
  ];
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('uploads')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Every page of a search: the share ids in order and each page's cursor. */
async function pages(db: Database, q: string, sort: FileSort, nameIndex: boolean, limit = 7) {
  const ids: string[] = [];
  const cursors: (string | null)[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 10_000; n++) {
    const page = await listUploads(db, USER, limit, cursor, { q, sort, nameIndex });
    ids.push(...page.files.map((f) => f.shareId));
    cursors.push(page.nextCursor);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { ids, cursors };
}

describe('name search with and without the name index', () => {
  let dir: string;
  let db: Database;
  let drop: () => Promise<void> = async () => {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'traydrop-name-search-'));
    if (testDatabaseKind() === 'postgres') {
      const pg = await freshPgDatabase();
      db = await openDatabase({ url: pg.url, path: '' });
      drop = () => pg.drop();
    } else db = await openDatabase(join(dir, 's.db'));
    await fill(db);
  });
  after(async () => {
    await db.destroy();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same pages and cursors for every tricky text, in each sort', async () => {
    for (const q of TEXTS)
      for (const sort of ['date', 'size', 'downloads'] as const) {
        const limit = q.toLowerCase().includes('report') ? 400 : 3;
        const withIndex = await pages(db, q, sort, true, limit);
        const without = await pages(db, q, sort, false, limit);
        assert.deepEqual(withIndex, without, `q=${JSON.stringify(q)} sort=${sort}`);
      }
  });

  it('finds what it should: literal % _ and quotes, unicode in its own case, any ASCII case', async () => {
    const names = async (q: string) => {
      const { ids } = await pages(db, q, 'date', true, 1000);
      const byId = new Map(TRICKY.map((name, i) => [`T${String(i).padStart(11, '0')}`, name]));
      return ids.map((id) => byId.get(id) ?? 'report').sort();
    };
    assert.deepEqual(await names('_50 100%'), ['Holiday_50 100%.png']);
    assert.deepEqual(await names('100%'), ['100% done.pdf', 'Holiday_50 100%.png']);
    assert.deepEqual(await names('r_s'), ['under_score.txt']);
    assert.deepEqual(await names('"quoted"'), ['"quoted" name.txt']);
    assert.deepEqual(await names("it's"), ["it's mine.txt"]);
    assert.deepEqual(await names('k\\s'), ['back\\slash.txt']);
    assert.deepEqual(await names('straße'), ['Ünïcode Straße.png', 'ünïcode straße (lower).png']);
    assert.deepEqual(await names('のファイル'), ['日本語のファイル.txt']);
    assert.deepEqual(await names('🎉pa'), ['🎉party🎉.gif']);
    assert.deepEqual(await names('ab'), ['AB.txt']);
    assert.deepEqual(await names('NAME:X'), []);
    assert.deepEqual(await names('x\u0000'), [], 'no name holds a NUL (PostgreSQL refused it: an error before)');
    assert.equal((await names('REPORT')).length, COMMON);
    assert.deepEqual(await names('report-77.'), ['report']);
    assert.equal((await names('x')).length, 8, 'the seven .txt names and x');
  });

  it('uses the trigram index for texts of 3+ characters only, at once on SQLite when few names hold it', async () => {
    const plan = async (q: string) => (await nameFilter(db, q)).plan;
    const sqlite = !isPostgres(db);
    // PostgreSQL: pg_trgm's index once the rows nearby did not fill the page, whatever the text
    assert.equal(await plan('straße'), sqlite ? 'candidates' : 'nearby-then-candidates');
    assert.equal(await plan('report-77'), sqlite ? 'candidates' : 'nearby-then-candidates');
    assert.equal(await plan('ab'), 'keyset', '2 characters: LIKE alone');
    assert.equal(await plan('report'), 'nearby-then-candidates', `more than ${MAX_INDEXED_CANDIDATES} names hold it`);
  });

  it('follows inserts, deletes and renames (SQLite: through the triggers)', async () => {
    const found = async (q: string) => (await pages(db, q, 'date', true)).ids;
    await insertUpload(db, {
      shareId: 'N00000000001',
      key: `users/${USER}/N00000000001/n`,
      userId: USER,
      name: 'Quarterly Zeppelin.mp4',
      bytes: 5,
      contentType: 'video/mp4',
      expire: '7d',
      uploadedAt: new Date().toISOString(),
      expiresAt: null,
      uploadId: null,
    });
    assert.deepEqual(await found('zeppelin'), ['N00000000001']);
    await db
      .updateTable('uploads')
      .set({ name: 'Annual Airship.mp4' })
      .where('share_id', '=', 'N00000000001')
      .execute();
    assert.deepEqual(await found('zeppelin'), []);
    assert.deepEqual(await found('airship'), ['N00000000001']);
    await deleteUploadRow(db, 'N00000000001');
    assert.deepEqual(await found('airship'), []);
    if (!isPostgres(db)) {
      const { rows } = await db.executeQuery<{ n: number }>({
        sql: 'SELECT (SELECT count(*) FROM upload_name_ids) - (SELECT count(*) FROM uploads) AS n',
        parameters: [],
        query: { kind: 'RawNode' },
      } as never);
      assert.equal(rows[0]!.n, 0, 'one index entry per link, none left behind');
    }
  });
});

describe('migration 0013_name_search', () => {
  it('runs on a database with links, and (SQLite) indexes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'traydrop-name-search-migration-'));
    const pg = testDatabaseKind() === 'postgres' ? await freshPgDatabase() : null;
    const target = { url: pg?.url, path: join(dir, 'm.db') };
    const before = connectDatabase(target);
    try {
      const { error } = await new Migrator({ db: before, provider: migrationProvider }).migrateTo('0012_thumbnails');
      assert.ifError(error);
      await before
        .insertInto('uploads')
        .values([row('M00000000001', USER, 'Old Gazebo.png', 1), row('M00000000002', USER, 'old notes.txt', 2)])
        .execute();
    } finally {
      await before.destroy();
    }
    const db = await openDatabase(target);
    try {
      assert.equal(
        (await nameFilter(db, 'gazebo')).plan,
        pg ? 'nearby-then-candidates' : 'candidates',
        'an index is used',
      );
      assert.deepEqual((await pages(db, 'GAZEBO', 'date', true)).ids, ['M00000000001']);
      assert.deepEqual((await pages(db, 'old ', 'date', true)).ids, ['M00000000002', 'M00000000001']);
    } finally {
      await db.destroy();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
