/**
 * The admin page's users list (and `user list`) in a fixed number of statements, on the database itself (SQLite, or
 * PostgreSQL with TRAYDROP_TEST_DATABASE=postgres): every statement is counted through a Kysely plugin. One user
 * and twenty users cost the same one statement, and the list says exactly what summarizeUser says user by user:
 * live links only, fresh reservations only, this month's booked transfer and fresh holds only.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { adminEntries, adminEntry } from '../../server/admin/user-entries.ts';
import { type Database, openDatabase } from '../../server/db/open-database.ts';
import { upsertReservation } from '../../server/db/reservations.ts';
import { insertUpload } from '../../server/db/uploads.ts';
import { RESERVATION_HOLD_MS, TRANSFER_HOLD_MS } from '../../server/db/usage.ts';
import { createUser, listUsers, setDisabled, setQuota } from '../../server/db/users.ts';
import { freshPgDatabase, testDatabaseKind } from '../helpers/pg.ts';

/** `db` as it is, and a count of the statements run through `counted`. */
function statementCounter(db: Database): { counted: Database; take(): number } {
  let n = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      n++;
      return args.result;
    },
  };
  return {
    counted: db.withPlugin(plugin),
    take: () => {
      const seen = n;
      n = 0;
      return seen;
    },
  };
}

describe('admin users list in a fixed number of statements', () => {
  let dir: string;
  let db: Database;
  let drop: () => Promise<void> = async () => {};
  const now = new Date('2026-12-06T12:00:00.000Z');
  const ago = (ms: number): string => new Date(now.getTime() - ms).toISOString();

  /** User number i with a usage of its own: links live and expired, reservations fresh and stale, transfer. */
  async function addUser(i: number): Promise<void> {
    const name = `u${String(i).padStart(2, '0')}`;
    await createUser(db, { name, email: `${name}@example.com`, role: i % 5 === 0 ? 'admin' : 'user', now });
    if (i % 4 === 1) await setQuota(db, name, { storageLimit: 10_000 * i, transferLimit: 5000, maxFileSize: 99 });
    if (i % 7 === 3) await setDisabled(db, name, true, now);
    for (let k = 0; k < i % 6; k++) {
      const shareId = `${name}L${String(k).padStart(8, '0')}`;
      await insertUpload(db, {
        shareId,
        key: `users/${name}/${shareId}/f.bin`,
        userId: name,
        name: 'f.bin',
        bytes: 5_000_000_000 + 1000 * i + k, // above 2^32: bigint on PostgreSQL
        contentType: 'application/octet-stream',
        expire: '7d',
        uploadedAt: ago(86_400_000),
        // live: no expiry, or later than now; the third one has expired
        expiresAt: k === 2 ? ago(1000) : k % 2 ? null : new Date(now.getTime() + 3_600_000).toISOString(),
        uploadId: null,
      });
    }
    for (const [n, createdAt] of [
      [0, ago(60_000)],
      [1, ago(RESERVATION_HOLD_MS + 1000)], // stale: holds nothing
    ] as const)
      if (i % 3 !== 2 || n === 1) {
        const shareId = `${name}R${String(n).padStart(8, '0')}`;
        await upsertReservation(db, {
          shareId,
          key: `users/${name}/${shareId}/r.bin`,
          userId: name,
          name: 'r.bin',
          bytes: 70 + i,
          contentType: 'application/octet-stream',
          expire: '1d',
          createdAt,
        });
      }
    if (i % 2 === 0)
      await db
        .insertInto('user_transfer')
        .values({ user_id: name, month: '2026-12', bytes: 3000 + i })
        .execute();
    await db.insertInto('user_transfer').values({ user_id: name, month: '2026-11', bytes: 1_000_000 }).execute();
    const holds = [
      { id: `${name}-h1`, month: '2026-12', bytes: 11 * i, created_at: ago(60_000) },
      { id: `${name}-h2`, month: '2026-12', bytes: 500, created_at: ago(TRANSFER_HOLD_MS + 1000) }, // stale
      { id: `${name}-h3`, month: '2026-11', bytes: 600, created_at: ago(60_000) }, // last month
    ];
    if (i % 3 === 0)
      await db
        .insertInto('transfer_holds')
        .values(holds.map((h) => ({ ...h, user_id: name })))
        .execute();
  }

  /** What the page showed before: summarizeUser's three statements for each user. */
  async function oneByOne(): Promise<Awaited<ReturnType<typeof adminEntries>>> {
    const entries = [];
    for (const user of await listUsers(db)) entries.push(await adminEntry(db, user, now));
    return entries;
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'traydrop-admin-list-'));
    if (testDatabaseKind() === 'postgres') {
      const pg = await freshPgDatabase();
      db = await openDatabase({ url: pg.url, path: '' });
      drop = () => pg.drop();
    } else db = await openDatabase(join(dir, 'a.db'));
  });
  after(async () => {
    await db?.destroy();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('1 user and 20 users cost the same statements, and the list says what summarizeUser says', async () => {
    const { counted, take } = statementCounter(db);
    await addUser(1);
    take();
    const one = await adminEntries(counted, now);
    const forOne = take();
    assert.equal(one.length, 1);
    assert.deepEqual(one, await oneByOne());
    for (let i = 2; i <= 20; i++) await addUser(i);
    take();
    const twenty = await adminEntries(counted, now);
    const forTwenty = take();
    assert.equal(twenty.length, 20);
    assert.equal(forTwenty, forOne, `statements for 20 users (${forTwenty}) as for 1 (${forOne})`);
    assert.equal(forOne, 1, 'one statement');
    await oneByOne();
    assert.ok(take() === 0, 'the counter saw only its own database'); // oneByOne ran on db, not counted
    assert.deepEqual(twenty, await oneByOne(), 'the same entries as user by user');
    // the data really varies: links, storage from reservations, transfer from holds, limits, disabled users
    const u12 = twenty.find((e) => e.name === 'u12')!;
    assert.deepEqual(
      [u12.links, u12.storageUsed, u12.transferUsed, u12.role],
      [0, 82, 3012 + 132, 'user'],
      'u12: no links, a fresh reservation; booked + a fresh hold',
    );
    const u05 = twenty.find((e) => e.name === 'u05')!;
    assert.equal(u05.links, 4);
    assert.equal(u05.role, 'admin');
    assert.equal(u05.storageLimit, 50_000);
    assert.ok(twenty.some((e) => e.disabled));
    assert.deepEqual(
      twenty.map((e) => e.name),
      [...twenty.map((e) => e.name)].sort(),
    );
  });
});
