/**
 * Two server instances on one PostgreSQL database behave as one server: a link with max-downloads 1 is served
 * exactly once however many requests race over both; wrong passwords are counted together (the 11th from one
 * client gets 429, whichever instance it reaches); and a job under a job lock runs on one instance at a time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiPath, FILES_API } from '../../common/broker-api.ts';
import { withJobLock } from '../../server/db/job-lock.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { sweepExpiredRows } from '../../server/maintenance/sweep.ts';
import { AttemptLimiter } from '../../server/share/attempt-limiter.ts';
import { gatewayUser, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import { freshPgDatabase } from '../helpers/pg.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe('two instances on one PostgreSQL database', () => {
  let pg: Awaited<ReturnType<typeof freshPgDatabase>>;
  let a: TestServer;
  let b: TestServer;
  let user: GatewayUser;
  before(async () => {
    pg = await freshPgDatabase();
    a = await startTestServer({ databaseUrl: pg.url });
    b = await startTestServer({ databaseUrl: pg.url });
    user = await gatewayUser(a);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await pg?.drop();
  });

  it('max-downloads 1: of 30 parallel downloads over both instances, exactly one is served', async () => {
    const rec = await user.share('once.bin', Buffer.alloc(50_000, 7), 'application/octet-stream');
    const set = await b.call('PUT', apiPath(FILES_API.limits, rec.shareId), user.token, { maxDownloads: 1 });
    assert.equal(set.status, 200);
    const statuses = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const res = await fetch(`${(i % 2 ? a : b).url}${pathOf(rec)}/raw`);
        await res.arrayBuffer();
        return res.status;
      }),
    );
    assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(' '));
    assert.equal(statuses.filter((s) => s === 410).length, 29, statuses.join(' '));
  });

  it('wrong passwords are counted across instances: the 11th from one client waits (429)', async () => {
    const rec = await user.share('locked.txt', 'secret', 'text/plain');
    assert.equal(
      (await a.call('PUT', apiPath(FILES_API.limits, rec.shareId), user.token, { password: 'right' })).status,
      200,
    );
    const guess = async (server: TestServer, password: string) => {
      const res = await fetch(`${server.url}${pathOf(rec)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ password }).toString(),
        redirect: 'manual',
      });
      await res.arrayBuffer();
      return res.status;
    };
    for (let i = 0; i < 10; i++) assert.equal(await guess(i % 2 ? a : b, `wrong ${i}`), 401, `try ${i + 1}`);
    assert.equal(await guess(a, 'wrong 11'), 429);
    assert.equal(await guess(b, 'right'), 429, 'the other instance knows it too');
  });

  it('a job under the job lock runs on one instance; the other skips it until it is done', async () => {
    const [one, two] = [await openDatabase({ url: pg.url, path: '' }), await openDatabase({ url: pg.url, path: '' })];
    try {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const first = withJobLock(one, 'expired-rows', () => {
        holding(); // the first one holds the lock now
        return gate.then(() => 'first');
      });
      await held;
      const ctxTwo = { db: two, passwordAttempts: new AttemptLimiter(two), now: () => new Date() };
      assert.equal(await sweepExpiredRows(ctxTwo), null, 'skipped: the other instance runs it');
      assert.deepEqual(await withJobLock(two, 'reconcile', async () => 'other job'), { ran: true, value: 'other job' });
      release();
      assert.deepEqual(await first, { ran: true, value: 'first' });
      assert.equal(typeof (await sweepExpiredRows(ctxTwo)), 'number', 'free again');
    } finally {
      await Promise.all([one.destroy(), two.destroy()]);
    }
  });
});
