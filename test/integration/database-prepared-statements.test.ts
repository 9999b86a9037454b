/**
 * Named prepared statements on PostgreSQL (server/db/pg-prepared.ts): a statement with parameters is parsed once per
 * connection and then only bound and executed; a connection names at most MAX_NAMED_PER_CONNECTION texts; with
 * DATABASE_PREPARED_STATEMENTS off nothing is named; a connection whose prepared `select *` went stale under another
 * instance's ALTER TABLE is dropped, not reused. PostgreSQL only (SQLite keeps its own statement cache).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { findUploadByShareId } from '../../server/db/uploads.ts';
import { openDatabase, type Database, type Queryable } from '../../server/db/open-database.ts';
import { MAX_NAMED_PER_CONNECTION } from '../../server/db/pg-prepared.ts';
import { findUploadWithOwner } from '../../server/db/with-owner.ts';
import { freshPgDatabase } from '../helpers/pg.ts';

interface Prepared {
  name: string;
  statement: string;
  runs: number;
}

async function prepared(db: Queryable): Promise<Prepared[]> {
  // no parameters: this one is never named itself
  const { rows } = await sql<Prepared>`select name, statement, (generic_plans + custom_plans)::int as runs
    from pg_prepared_statements order by name`.execute(db);
  return rows;
}

const pid = async (db: Queryable): Promise<number> =>
  (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]!.pid;

describe('named prepared statements on PostgreSQL', () => {
  let pgDb: Awaited<ReturnType<typeof freshPgDatabase>>;
  let db: Database;
  before(async () => {
    pgDb = await freshPgDatabase();
    db = await openDatabase({ url: pgDb.url, path: '' });
  });
  after(async () => {
    await db?.destroy();
    await pgDb?.drop();
  });

  it('a statement is parsed once per connection, then run again by name', async () => {
    await db.connection().execute(async (c) => {
      for (let i = 0; i < 3; i++) assert.equal(await findUploadWithOwner(c, 'nosuchlink00'), null);
      const named = (await prepared(c)).filter((p) => p.statement.includes('"uploads"."share_id" = $1'));
      assert.equal(named.length, 1, 'one prepared statement for the three calls');
      assert.match(named[0]!.name, /^td_[A-Za-z0-9_-]{24}$/);
      assert.equal(named[0]!.runs, 3, 'executed three times from one Parse');
    });
  });

  it(`a connection names at most ${MAX_NAMED_PER_CONNECTION} texts; later ones run unnamed and still answer`, async () => {
    await db.connection().execute(async (c) => {
      const before = (await prepared(c)).length;
      for (let i = 0; i < MAX_NAMED_PER_CONNECTION + 20; i++) {
        const { rows } = await sql<{ n: number }>`select ${sql.raw(String(i))} + ${1}::int as n`.execute(c);
        assert.equal(rows[0]!.n, i + 1);
      }
      assert.equal((await prepared(c)).length, Math.max(before, MAX_NAMED_PER_CONNECTION));
    });
  });

  it('with preparedStatements off, nothing is named', async () => {
    const plain = await openDatabase({ url: pgDb.url, path: '', preparedStatements: false });
    try {
      await plain.connection().execute(async (c) => {
        await findUploadWithOwner(c, 'nosuchlink00');
        await findUploadByShareId(c, 'nosuchlink00');
        assert.deepEqual(await prepared(c), []);
      });
    } finally {
      await plain.destroy();
    }
  });

  it('a connection whose prepared select * went stale under an ALTER TABLE is dropped, and the next query works', async () => {
    const fresh = await openDatabase({ url: pgDb.url, path: '' });
    const admin = new pg.Client({ connectionString: pgDb.url });
    await admin.connect();
    try {
      let stalePid = 0;
      const failed = await fresh
        .connection()
        .execute(async (c) => {
          stalePid = await pid(c);
          await findUploadByShareId(c, 'nosuchlink00');
          await admin.query('ALTER TABLE uploads ADD COLUMN prepared_test text');
          await findUploadByShareId(c, 'nosuchlink00');
        })
        .then(
          () => null,
          (error: unknown) => error as { code?: string; message: string },
        );
      assert.equal(failed?.code, '0A000', `the stale plan is refused: ${failed?.message}`);
      assert.equal(await findUploadByShareId(fresh, 'nosuchlink00'), null, 'the next query answers');
      assert.notEqual(await pid(fresh), stalePid, 'on another connection: the stale one was dropped');
    } finally {
      await admin.query('ALTER TABLE uploads DROP COLUMN IF EXISTS prepared_test');
      await admin.end();
      await fresh.destroy();
    }
  });
});
