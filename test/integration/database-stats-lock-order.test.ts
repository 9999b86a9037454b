/**
 * cache-log and the gateways write the same statistics rows of one PostgreSQL (server/db/stats-tally.ts): a batch of
 * cache hits and a gateway's flush over the same links must both be written, never deadlock. The flush is held open
 * between its two steps (the links' rows, then the owner's monthly transfer) while cache-log books hits of two links
 * in the log's order, the later link first: booked line by line, cache-log took the owner's transfer row before the
 * rows the flush held, and PostgreSQL aborted one of them ("deadlock detected"; the cluster test lost a cache-log
 * that way). Then a deadlock made on purpose: cache-log keeps the batch PostgreSQL rolled back, books it on the next
 * try, and each line once.
 *
 * PostgreSQL only (row locks and deadlocks are the point), on the shared test cluster whichever pass runs it.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { runCacheLog } from '../../server/cli/cache-log-command.ts';
import { bookOnce, type SeenBooking } from '../../server/db/cache-log-seen.ts';
import { monthlyStats } from '../../server/db/file-stats.ts';
import { type Database, inTransaction, openDatabase } from '../../server/db/open-database.ts';
import { bookStats } from '../../server/db/stats-tally.ts';
import { bookServedBytes } from '../../server/db/transfer.ts';
import { findUploadByShareId, insertUpload } from '../../server/db/uploads.ts';
import { freshPgDatabase } from '../helpers/pg.ts';
import { waitFor } from '../helpers/wait-for.ts';

const A = 'lockorderAAA';
const B = 'lockorderBBB';
const USER = 'lock-order-user';
const AT = new Date();
const MONTH = AT.toISOString().slice(0, 7);
const one = { downloads: 1, bytes: 100, views: 0, botHits: 0, botBytes: 0 };

describe('statistics writers on one PostgreSQL take row locks in one order', () => {
  let dropDatabase: () => Promise<void>;
  let db: Database;

  /** Sessions of this database waiting for a row lock, other than the one asking. */
  const waitingForLock = async (): Promise<number> => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`.execute(db);
    return rows[0]!.n;
  };
  const stored = async (shareId: string) => ({
    downloads: (await monthlyStats(db, shareId))[0]?.downloads ?? 0,
    counter: (await findUploadByShareId(db, shareId))!.downloads,
  });
  const transfer = async () =>
    Number(
      (
        await db
          .selectFrom('user_transfer')
          .select('bytes')
          .where('user_id', '=', USER)
          .where('month', '=', MONTH)
          .executeTakeFirst()
      )?.bytes ?? 0,
    );

  before(async () => {
    const pg = await freshPgDatabase();
    dropDatabase = pg.drop;
    db = await openDatabase({ url: pg.url, path: '' });
    for (const shareId of [A, B]) {
      await insertUpload(db, {
        shareId,
        key: `users/${USER}/${shareId}/a.bin`,
        userId: USER,
        name: 'a.bin',
        bytes: 100,
        contentType: 'application/octet-stream',
        expire: '7d',
        uploadedAt: AT.toISOString(),
        expiresAt: null,
        uploadId: null,
      });
      // the rows exist already, as on a link downloaded before: every writer updates (and locks) them
      await bookStats(db, shareId, AT, one);
    }
    await bookServedBytes(db, [{ shareId: A, month: MONTH, bytes: 200 }]);
  });
  after(async () => {
    await db?.destroy();
    await dropDatabase?.();
  });

  it('a batch of hits of two links and a flush holding the first link: both written, each once', async () => {
    const before = { a: await stored(A), b: await stored(B), transfer: await transfer() };
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const hasLocked = new Promise<void>((resolve) => (locked = resolve));
    // a gateway's flush of one download of A, as stats-tally.ts writes it, paused between the link's rows and the
    // owner's transfer row
    const flush = inTransaction(db, async (trx) => {
      await bookStats(trx, A, AT, one);
      locked();
      await released;
      await bookServedBytes(trx, [{ shareId: A, month: MONTH, bytes: 100 }]);
    });
    await hasLocked;
    // the log's order: B's hit, then A's
    const hits: SeenBooking[] = [B, A].map((shareId, i) => ({
      key: `lock-order ${Date.now()} ${i}`,
      shareId,
      at: AT,
      download: true,
      delta: { downloads: 1, bytes: 100, botHits: 0, botBytes: 0 },
    }));
    const booking = bookOnce(db, hits, new Date(), 3600_000);
    await waitFor('the batch waiting for the rows the flush holds', async () =>
      (await waitingForLock()) === 1 ? true : undefined,
    );
    release();
    const [flushed, booked] = await Promise.allSettled([flush, booking]);
    assert.equal(flushed.status, 'fulfilled', String((flushed as PromiseRejectedResult).reason));
    assert.equal(booked.status, 'fulfilled', String((booked as PromiseRejectedResult).reason));
    assert.deepEqual((booked as PromiseFulfilledResult<unknown>).value, { booked: 2, duplicates: 0, stale: 0 });
    assert.deepEqual(await stored(A), { downloads: before.a.downloads + 2, counter: before.a.counter + 1 });
    assert.deepEqual(await stored(B), { downloads: before.b.downloads + 1, counter: before.b.counter + 1 });
    assert.equal(await transfer(), before.transfer + 300);
  });

  it('a batch PostgreSQL rolls back to end a deadlock is kept and booked on the next try, each line once', async () => {
    const before = { a: await stored(A), transfer: await transfer() };
    const start = Date.now() * 1000;
    const lines = [1, 2].map(
      (vxid) => `${vxid}\t${start + vxid}\thit\tGET\t200\t100\t/${A}/a.bin/raw\t\t127.0.0.1\t-\tcurl/8.0`,
    );
    const key = (vxid: number) => `deadlock ${start + vxid} ${vxid}`;
    let said = '';
    const io = { out: () => {}, err: (t: string) => void (said += t) };
    const input = new PassThrough();
    let ended!: () => void;
    const end = new Promise<void>((resolve) => (ended = resolve));
    // another session holds the second line's key; once cache-log holds the first and waits for the second, it asks
    // for the first: a cycle. Its own detector waits 10 s, cache-log's 1 s: cache-log's batch is the one rolled back.
    const other = inTransaction(db, async (trx) => {
      await sql`set local deadlock_timeout = '10s'`.execute(trx);
      await trx
        .insertInto('cache_log_seen')
        .values({ key: key(2), at: AT.toISOString() })
        .execute();
      const running = runCacheLog(db, input, { instance: 'deadlock' }, io);
      input.write(`${lines.join('\n')}\n`);
      await waitFor('cache-log waiting for the key held here', async () =>
        (await waitingForLock()) === 1 ? true : undefined,
      );
      await trx
        .insertInto('cache_log_seen')
        .values({ key: key(1), at: AT.toISOString() })
        .execute();
      ended();
      throw Object.assign(new Error('rolled back on purpose'), { running });
    }).catch((error: Error & { running?: Promise<number> }) => {
      if (!error.running) throw error;
      return error.running;
    });
    try {
      await end;
      await waitFor('the batch tried again', () => (/booking again/.test(said) ? true : undefined), 10_000);
    } finally {
      input.end();
    }
    assert.equal(await other, 0, said);
    assert.match(said, /could not book \(deadlock detected\); keeping the lines/);
    assert.match(said, /2 lines; 2 hits booked, 0 already booked/);
    assert.deepEqual(await stored(A), { downloads: before.a.downloads + 2, counter: before.a.counter + 2 });
    assert.equal(await transfer(), before.transfer + 200);
  });
});
