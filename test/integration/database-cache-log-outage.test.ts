/**
 * `traydrop-server cache-log` while PostgreSQL is unreachable (server/cli/cache-log-command.ts), through a TCP proxy the
 * test takes down and up: hits read meanwhile wait and are booked once it is back, reading going on; an input that
 * ends while it is still away exits 1 naming the hits not booked, and replaying the same lines later books each once.
 * Any other error (a bug, a table missing) stops it at once with that error, even while no line comes.
 *
 * PostgreSQL only (a database across a network is what goes away), on the shared test cluster whichever pass runs it.
 */
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { runCacheLog } from '../../server/cli/cache-log-command.ts';
import type { Database } from '../../server/db/open-database.ts';
import { findUploadByShareId } from '../../server/db/uploads.ts';
import type { FaultProxy } from '../helpers/fault-proxy.ts';
import { type PgThroughFaultProxy, pgThroughFaultProxy } from '../helpers/pg-through-fault-proxy.ts';
import { waitFor } from '../helpers/wait-for.ts';

const SHARE_ID = 'cachelogdown';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('cache-log while PostgreSQL is away', () => {
  let pg: PgThroughFaultProxy;
  let direct: Database;
  let viaProxy: Database;
  let proxy: FaultProxy;
  let vxid = 1000;
  const start = Date.now() * 1000;
  /** A hit line of a person's whole download, a new transaction each time. */
  const hit = () => `${vxid}\t${start + vxid++}\thit\tGET\t200\t1000\t/${SHARE_ID}/a.bin/raw\t\t127.0.0.1\t-\tcurl/8.0`;
  const counter = async () => (await findUploadByShareId(direct, SHARE_ID))!.downloads;

  before(async () => {
    pg = await pgThroughFaultProxy({ shareId: SHARE_ID, bytes: 1000 });
    ({ direct, viaProxy, proxy } = pg);
  });
  after(() => pg?.close());

  it('hits read while it is away wait, reading goes on, and each is booked once when it is back', async () => {
    let said = '';
    const io = { out: () => {}, err: (t: string) => void (said += t) };
    const input = new PassThrough();
    proxy.down();
    const running = runCacheLog(viaProxy, input, { instance: 'v1' }, io);
    for (let i = 0; i < 3; i++) input.write(`${hit()}\n`);
    await waitFor('a failed attempt', () => (/could not book/.test(said) ? true : undefined));
    for (let i = 0; i < 2; i++) input.write(`${hit()}\n`); // read on while the first batch waits
    await sleep(1200);
    assert.equal(await counter(), 0);
    proxy.up();
    await waitFor('the waiting hits booked', async () => ((await counter()) === 5 ? true : undefined), 10_000);
    input.end(`${hit()}\n`);
    assert.equal(await running, 0);
    assert.equal(await counter(), 6);
    assert.match(said, /booking again after \d+ failed attempts/);
    assert.match(said, /6 lines; 6 hits booked, 0 already booked/);
  });

  it('an input that ends while it is away: exit 1 naming what is not booked; the replay books each once', async () => {
    const lines = [hit(), hit(), hit()].join('\n');
    let said = '';
    const io = { out: () => {}, err: (t: string) => void (said += t) };
    proxy.down();
    assert.equal(await runCacheLog(viaProxy, Readable.from(lines), { instance: 'v1', retrySeconds: 1 }, io), 1);
    assert.match(said, /3 hits not booked: the database did not answer; replay the same lines later/);
    proxy.up();
    assert.equal(await counter(), 6);
    const replay = { out: () => {}, err: () => {} };
    assert.equal(await runCacheLog(viaProxy, Readable.from(`${lines}\n${lines}`), { instance: 'v1' }, replay), 0);
    assert.equal(await counter(), 9, 'three transactions, each once');
  });

  it('an error that is not the database being away stops it at once, even with no line coming', async () => {
    const input = new PassThrough();
    const io = { out: () => {}, err: () => {} };
    await sql`alter table cache_log_seen rename to cache_log_seen_away`.execute(direct);
    try {
      const running = runCacheLog(viaProxy, input, { instance: 'v1' }, io);
      input.write(`${hit()}\n`); // and nothing more: the input stays open
      // not waiting for a line that never comes (nor for the test runner's timeout)
      await assert.rejects(Promise.race([running, sleep(10_000)]), /cache_log_seen/);
    } finally {
      input.end();
      await sql`alter table cache_log_seen_away rename to cache_log_seen`.execute(direct);
    }
  });
});
