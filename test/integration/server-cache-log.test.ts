/**
 * `traydrop-server cache-log`: the real varnishncsa (docs/deploy/varnishncsa.format) read from the real Varnish in front
 * of a real gateway, piped into the real command. Hits are booked into the same statistics as the gateway's (people's
 * downloads and bytes, bots apart), misses are not (the gateway counted them), and replaying the same lines books
 * nothing more; a vxid seen again after a Varnish restart (another request time) is a new transaction.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { apiPath, FILES_API, type FileListResponse, type FileStatsResponse } from '../../common/broker-api.ts';
import { runCacheLog } from '../../server/cli/cache-log-command.ts';
import { cacheLogProcess } from '../helpers/cache-log-process.ts';
import { gatewayUser, type GatewayUser, pathOf, rawRequest } from '../helpers/gateway.ts';
import { startVarnish, type StartedProxy } from '../helpers/proxy-stack.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { freePort } from './queue-fixtures.ts';

const run = promisify(execFile);
const FORMAT_FILE = fileURLToPath(new URL('../../docs/deploy/varnishncsa.format', import.meta.url));

describe('cache-log: cache hits booked into the statistics, exactly once', () => {
  let server: TestServer;
  let user: GatewayUser;
  let varnish: StartedProxy & { name: string };

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    rawRequest(varnish.url, path, { method, headers });
  const totals = async (shareId: string) =>
    (await server.call<FileStatsResponse>('GET', apiPath(FILES_API.stats, shareId), user.token)).body.totals;
  const listed = async (shareId: string) =>
    (await server.call<FileListResponse>('GET', FILES_API.files, user.token)).body.files.find(
      (f) => f.shareId === shareId,
    );

  before(async () => {
    const port = await freePort();
    server = await startTestServer({ config: { cachePurgeUrls: [`http://127.0.0.1:${port}`] } });
    user = await gatewayUser(server, 'cl');
    varnish = await startVarnish({ backend: new URL(server.url).host, port });
  });
  after(async () => {
    await varnish?.stop();
    await server?.close();
  });

  it('books hits (people and bots apart), not misses, and a replay books nothing', async () => {
    const data = randomBytes(50_000);
    const rec = await user.share('hot.png', data, 'image/png');
    const raw = `${pathOf(rec)}/raw`;
    const person = { 'user-agent': 'curl/8.0' };
    assert.equal((await get(raw, person)).headers['x-cache'], 'MISS'); // the gateway books this one
    for (let i = 0; i < 3; i++) assert.equal((await get(raw, person)).headers['x-cache'], 'HIT');
    const bot = { 'user-agent': 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)' };
    assert.equal((await get(raw, bot)).headers['x-cache'], 'HIT');
    assert.equal((await get(raw, { ...person, range: 'bytes=100-199' })).status, 206); // bytes, not a download
    assert.equal((await get(raw, person, 'HEAD')).headers['x-cache'], 'HIT'); // no bytes: nothing
    const before = await totals(rec.shareId);
    assert.deepEqual(
      { downloads: before.downloads, bytes: before.bytes, botHits: before.botHits },
      { downloads: 1, bytes: 50_000, botHits: 0 },
    );

    // varnishncsa sees a transaction once Varnish has logged its end: the count only grows, up to the 7 sent
    let stdout = '';
    const logged = () =>
      stdout
        .split('\n')
        .filter((l) => l.includes(rec.shareId))
        .join('\n');
    await waitFor(
      'the 7 requests in the shared log',
      async () => {
        stdout = (await run('varnishncsa', ['-n', varnish.name, '-d', '-f', FORMAT_FILE])).stdout;
        return logged().split('\n').length >= 7 ? true : undefined;
      },
      10_000,
      50,
    ).catch((error: Error) => assert.fail(`${error.message}: ${stdout}`));
    const mine = logged();
    assert.equal(mine.split('\n').length, 7, stdout);
    assert.match(mine.split('\n')[0]!, /^\d+\t\d{16}\tmiss\tGET\t200\t50000\t\//, 'vxid, µs time, handling…');

    const first = await cacheLogProcess(server.databaseEnv(), `${mine}\n`);
    assert.match(first, /5 hits booked, 0 already booked/);
    const booked = await totals(rec.shareId);
    assert.deepEqual(booked, {
      downloads: 1 + 3,
      bytes: 50_000 * 4 + 100,
      views: 0,
      botHits: 1,
      botBytes: 50_000,
    });
    assert.equal((await listed(rec.shareId))?.downloads, 4, "the link's own counter too");

    const replay = await cacheLogProcess(server.databaseEnv(), `${mine}\n`);
    assert.match(replay, /0 hits booked, 5 already booked \(replayed\)/);
    assert.deepEqual(await totals(rec.shareId), booked);
  });

  it('keys on instance, time and vxid: a restarted Varnish reusing a vxid is booked; old lines are refused', async () => {
    const rec = await user.share('keyed.png', randomBytes(1000), 'image/png');
    const at = Date.now() * 1000;
    const line = (vxid: number, usec: number) =>
      `${vxid}\t${usec}\thit\tGET\t200\t1000\t/${rec.shareId}/keyed.png/raw\t\t127.0.0.1\t-\tcurl/8.0`;
    const io = { out: () => {}, err: () => {} };
    const input = [line(32770, at), line(32770, at + 1500), line(32770, at), line(5, at - 49 * 3600e6), 'garbage'];
    assert.equal(await runCacheLog(server.db, Readable.from(input.join('\n')), {}, io), 0);
    assert.equal((await totals(rec.shareId)).downloads, 2, 'two transactions; the third line repeats the first');
    // the same lines from another Varnish instance are other transactions
    let summary = '';
    const io2 = { out: () => {}, err: (t: string) => void (summary += t) };
    await runCacheLog(server.db, Readable.from(input.join('\n')), { instance: 'varnish-b' }, io2);
    assert.equal((await totals(rec.shareId)).downloads, 4);
    assert.match(
      summary,
      /2 hits booked, 1 already booked \(replayed\), 1 older than 48 h \(refused\), 0 not bookable hits, 1 unreadable/,
    );
  });

  it('two cache-log runs on the same lines at once book each transaction once (on PostgreSQL: two connections)', async () => {
    const rec = await user.share('twice.png', randomBytes(1000), 'image/png');
    const at = Date.now() * 1000;
    const lines = Array.from(
      { length: 40 },
      (_, i) => `${100 + i}\t${at + i}\thit\tGET\t200\t1000\t/${rec.shareId}/twice.png/raw\t\t127.0.0.1\t-\tcurl/8.0`,
    ).join('\n');
    const io = { out: () => {}, err: () => {} };
    await Promise.all([
      runCacheLog(server.db, Readable.from(lines), {}, io),
      runCacheLog(server.db, Readable.from(lines), {}, io),
      cacheLogProcess(server.databaseEnv(), `${lines}\n`),
    ]);
    const booked = await totals(rec.shareId);
    assert.equal(booked.downloads, 40);
    assert.equal(booked.bytes, 40_000);
    assert.equal((await listed(rec.shareId))?.downloads, 40, "the link's own counter too");
  });
});
