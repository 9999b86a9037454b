/**
 * The schema migrations on both databases: a fresh database gets every table; a SQLite file made by the server
 * before the Kysely migrations (PRAGMA user_version, test/helpers/legacy-sqlite-schema.ts) is taken over with
 * its rows, at every version it may have had; both end with the same tables and columns; opening again changes
 * nothing; several instances starting at once on one PostgreSQL database migrate it once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { type Database, openDatabase } from '../../server/db/open-database.ts';
import { MIGRATIONS } from '../../server/db/migrations.ts';
import { TABLE_KEYS } from '../../server/db/schema.ts';
import { findToken } from '../../server/db/tokens.ts';
import { findUploadByShareId } from '../../server/db/uploads.ts';
import { legacyMigrate } from '../helpers/legacy-sqlite-schema.ts';
import { freshPgDatabase } from '../helpers/pg.ts';

const TABLES = Object.keys(TABLE_KEYS).sort();

async function columns(db: Database, postgres: boolean): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const { rows } = postgres
      ? await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = ${table}`.execute(db)
      : await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(db);
    out[table] = rows.map((r) => r.name).sort();
  }
  return out;
}

const ran = async (db: Database) =>
  (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name);

describe('database migrations', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'traydrop-migrations-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a SQLite file made by the old migrations is adopted at each of its versions, rows and all', async () => {
    for (const version of [1, 2, 3]) {
      const path = join(dir, `legacy-${version}.db`);
      const legacy = new DatabaseSync(path);
      legacyMigrate(legacy, version);
      legacy
        .prepare('INSERT INTO device_tokens (id, user_id, token_hash, created_at) VALUES (?, ?, ?, ?)')
        .run('t1', 'alice', (await import('../../server/db/tokens.ts')).hashToken('tdk_old'), '2026-01-01T00:00:00Z');
      legacy
        .prepare(
          `INSERT INTO uploads (share_id, key, user_id, name, bytes, content_type, expire, uploaded_at)
           VALUES ('AAAAAAAAAAAA', 'users/alice/AAAAAAAAAAAA/a.png', 'alice', 'a.png', 5, 'image/png', '7d', 'x')`,
        )
        .run();
      legacy.close();

      const db = await openDatabase(path);
      assert.deepEqual(await ran(db), Object.keys(MIGRATIONS), `version ${version}: every migration done`);
      assert.equal((await findToken(db, 'tdk_old'))?.userId, 'alice', `version ${version}: the token is kept`);
      assert.equal((await findUploadByShareId(db, 'AAAAAAAAAAAA'))?.bytes, 5);
      if (version === 3) {
        const fresh = await openDatabase(join(dir, 'fresh.db'));
        assert.deepEqual(await columns(db, false), await columns(fresh, false), 'the same tables and columns');
        await fresh.destroy();
      }
      await db.destroy();
      const again = await openDatabase(path); // opening again runs nothing
      assert.deepEqual(await ran(again), Object.keys(MIGRATIONS));
      await again.destroy();
    }
  });

  it('a fresh PostgreSQL database gets the same tables and columns as SQLite; two instances starting together migrate once', async () => {
    const pg = await freshPgDatabase();
    try {
      const [a, b] = await Promise.all([
        openDatabase({ url: pg.url, path: '' }),
        openDatabase({ url: pg.url, path: '' }),
      ]);
      assert.deepEqual(await ran(a), Object.keys(MIGRATIONS));
      const sqlite = await openDatabase(':memory:');
      assert.deepEqual(await columns(a, true), await columns(sqlite, false));
      await Promise.all([a.destroy(), b.destroy(), sqlite.destroy()]);
      const again = await openDatabase({ url: pg.url, path: '' });
      assert.deepEqual(await ran(again), Object.keys(MIGRATIONS));
      await again.destroy();
    } finally {
      await pg.drop();
    }
  });
});
