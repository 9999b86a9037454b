/**
 * The statistics buffer when the connection dies around COMMIT (server/db/stats-buffer.ts), on the real PostgreSQL,
 * through a TCP proxy that loses exactly the right packet: COMMIT reached the server but its answer was lost (the
 * counts are in; the next flush learns so from pg_xact_status and writes nothing again), COMMIT never arrived (the
 * server rolled back; the next flush writes the counts), and the database refusing before anything was written (the
 * counts wait in the buffer). Each time the counts end up in the database exactly once.
 *
 * PostgreSQL only (pg_xact_status is the point), on the shared test cluster whichever pass runs it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { monthlyStats } from '../../server/db/file-stats.ts';
import type { Database } from '../../server/db/open-database.ts';
import { StatsBuffer } from '../../server/db/stats-buffer.ts';
import { findUploadByShareId } from '../../server/db/uploads.ts';
import type { FaultProxy } from '../helpers/fault-proxy.ts';
import { type PgThroughFaultProxy, pgThroughFaultProxy } from '../helpers/pg-through-fault-proxy.ts';
import { waitFor } from '../helpers/wait-for.ts';

const SHARE_ID = 'doubtdoubt12';
const AT = new Date('2026-12-06T12:00:00Z');

describe('statistics flushes whose connection dies around COMMIT (PostgreSQL)', () => {
  let pg: PgThroughFaultProxy;
  let direct: Database;
  let viaProxy: Database;
  let proxy: FaultProxy;
  let stats: StatsBuffer;
  const errors: unknown[] = [];

  /** What the database holds for the link: its month's downloads and bytes, and its own counter. */
  const stored = async () => {
    const month = (await monthlyStats(direct, SHARE_ID))[0];
    const counter = (await findUploadByShareId(direct, SHARE_ID))!.downloads;
    return { downloads: month?.downloads ?? 0, bytes: month?.bytes ?? 0, counter };
  };
  const oneDownload = () => {
    stats.add(SHARE_ID, AT, { downloads: 1, bytes: 100 });
    stats.countDownload(SHARE_ID);
  };
  /** The next flushes until one succeeds (a transaction the server has not yet ended is asked about again). */
  const flushed = () =>
    waitFor('a flush that succeeds', () =>
      stats.flush().then(
        () => true,
        () => undefined,
      ),
    );
  const isCommit = (chunk: Buffer) => /commit/i.test(chunk.toString('latin1'));

  before(async () => {
    pg = await pgThroughFaultProxy({ shareId: SHARE_ID, bytes: 100 });
    ({ direct, viaProxy, proxy } = pg);
    stats = new StatsBuffer(viaProxy, { flushMs: 60_000, onError: (e) => errors.push(e), onRecovered: () => {} });
  });
  after(() => pg?.close());

  it('COMMIT arrived, its answer was lost: in doubt, then found committed and not written again', async () => {
    oneDownload();
    let committing: number | undefined;
    proxy.configure({
      tap: (chunk, direction, connection) => {
        if (direction === 'up' && isCommit(chunk)) committing = connection;
        else if (direction === 'down' && connection === committing) {
          setImmediate(() => proxy.down()); // the answer to COMMIT never comes: the connection dies
          return 'hold';
        }
      },
    });
    await assert.rejects(stats.flush());
    assert.deepEqual(stats.pending, { rows: 0, inDoubt: true });
    proxy.configure({});
    proxy.up();
    assert.deepEqual(await stored(), { downloads: 1, bytes: 100, counter: 1 }, 'the server committed it');
    await flushed();
    assert.deepEqual(stats.pending, { rows: 0, inDoubt: false });
    assert.deepEqual(await stored(), { downloads: 1, bytes: 100, counter: 1 }, 'and it was not written twice');
  });

  it('COMMIT never arrived: in doubt, then found rolled back and written by the next flush', async () => {
    oneDownload();
    proxy.configure({
      tap: (chunk, direction) => {
        if (direction !== 'up' || !isCommit(chunk)) return;
        setImmediate(() => proxy.down());
        return 'hold';
      },
    });
    await assert.rejects(stats.flush());
    assert.deepEqual(stats.pending, { rows: 0, inDoubt: true });
    proxy.configure({});
    proxy.up();
    assert.deepEqual(await stored(), { downloads: 1, bytes: 100, counter: 1 }, 'nothing of it is in');
    oneDownload(); // counted meanwhile: written together with the rolled-back batch
    await flushed();
    assert.deepEqual(stats.pending, { rows: 0, inDoubt: false });
    assert.deepEqual(await stored(), { downloads: 3, bytes: 300, counter: 3 });
  });

  it('the database unreachable before anything is written: the counts wait in the buffer', async () => {
    proxy.down();
    oneDownload();
    await assert.rejects(stats.flush());
    assert.deepEqual(stats.pending, { rows: 2, inDoubt: false }, 'a month row and a counter, held');
    proxy.up();
    await flushed();
    assert.deepEqual(await stored(), { downloads: 4, bytes: 400, counter: 4 });
    assert.ok(errors.length >= 1, 'the failures were reported');
  });
});
