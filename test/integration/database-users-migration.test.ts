/**
 * 0006_users on a database made at the schema before it (0001–0005), on SQLite and on PostgreSQL: every user name
 * already in use (tokens, links, reservations, settings, domains) becomes a user with role 'user' and no limits,
 * each once, and the rows it came from are untouched.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Migrator } from 'kysely';
import { connectDatabase, type Database, migrateDatabase } from '../../server/db/open-database.ts';
import { migrationProvider } from '../../server/db/migrations.ts';
import { hashToken } from '../../server/db/tokens.ts';
import { findUser, listUsers } from '../../server/db/users.ts';
import { freshPgDatabase } from '../helpers/pg.ts';

async function fillAtPreviousSchema(db: Database): Promise<void> {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0005_cache_log_seen');
  if (error) throw error;
  const at = '2026-11-01T00:00:00.000Z';
  await db
    .insertInto('device_tokens')
    .values([
      { id: 't1', user_id: 'alice', token_hash: hashToken('tdk_a1'), created_at: at },
      { id: 't2', user_id: 'alice', token_hash: hashToken('tdk_a2'), created_at: at },
      { id: 't3', user_id: 'bob', token_hash: hashToken('tdk_b'), created_at: at, revoked_at: at },
    ])
    .execute();
  const link = { name: 'a.png', bytes: 5, content_type: 'image/png', expire: '7d' as const, uploaded_at: at };
  await db
    .insertInto('uploads')
    .values({ share_id: 'AAAAAAAAAAAA', key: 'users/carol/AAAAAAAAAAAA/a.png', user_id: 'carol', ...link })
    .execute();
  await db
    .insertInto('reservations')
    .values({
      share_id: 'BBBBBBBBBBBB',
      key: 'users/dave/BBBBBBBBBBBB/b.png',
      user_id: 'dave',
      name: 'b.png',
      bytes: 9,
      content_type: 'image/png',
      expire: '1d',
      created_at: at,
    })
    .execute();
  await db.insertInto('user_settings').values({ user_id: 'erin', expiry_rules: '[]' }).execute();
  await db
    .insertInto('custom_domains')
    .values({ user_id: 'frank', domain: 'f.example', token: 'x', created_at: at })
    .execute();
}

async function checkUsers(db: Database): Promise<void> {
  await migrateDatabase(db);
  const users = await listUsers(db);
  assert.deepEqual(
    users.map((u) => u.name),
    ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'],
    'each name in use is a user, once',
  );
  for (const u of users) {
    assert.equal(u.role, 'user');
    assert.equal(u.disabledAt, null);
    assert.deepEqual([u.storageLimit, u.transferLimit, u.maxFileSize, u.email], [null, null, null, null]);
    assert.ok(!Number.isNaN(Date.parse(u.createdAt)));
  }
  assert.equal((await db.selectFrom('device_tokens').select('id').execute()).length, 3, 'tokens untouched');
  assert.equal((await findUser(db, 'carol'))?.name, 'carol');
  assert.equal(await findUser(db, 'nobody'), undefined);
}

describe('migration 0006_users from the schema before it', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'traydrop-users-migration-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('SQLite: the names in use become users', async () => {
    const db = connectDatabase(join(dir, 'before.db'));
    try {
      await fillAtPreviousSchema(db);
      await checkUsers(db);
    } finally {
      await db.destroy();
    }
  });

  it('PostgreSQL: the names in use become users', async () => {
    const pg = await freshPgDatabase();
    const db = connectDatabase({ url: pg.url, path: '' });
    try {
      await fillAtPreviousSchema(db);
      await checkUsers(db);
    } finally {
      await db.destroy();
      await pg.drop();
    }
  });
});
