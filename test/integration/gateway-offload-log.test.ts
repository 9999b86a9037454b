/**
 * With the bytes offloaded to nginx (gateway-offload.test.ts), the statistics and the plan's transfer stay exact: the
 * gateway books downloads and bot hits before any byte, and hands its transfer hold over; `traydrop-server cache-log
 * --format nginx-offload` (a process, nginx's real access log on its stdin) books the bytes nginx sent and drops the
 * holds in the same transaction, each line once (a replay books nothing). The same requests straight to the gateway
 * (piped, offload not asked) give the same totals.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { apiPath, FILES_API, type FileStatsResponse } from '../../common/broker-api.ts';
import { transferUsed } from '../../server/db/usage.ts';
import { setQuota } from '../../server/db/users.ts';
import { cacheLogProcess } from '../helpers/cache-log-process.ts';
import { gatewayUser, type GatewayUser, pathOf, rawRequest } from '../helpers/gateway.ts';
import { startNginxBefore, type StartedProxy } from '../helpers/proxy-stack.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait-for.ts';

const SECRET = 'offload-secret-for-the-tests-0123';
const PERSON = { 'user-agent': 'curl/8.0' };
const BOT = { 'user-agent': 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)' };

/** `traydrop-server cache-log --format nginx-offload` on `lines`; its stderr summary. */
const cacheLog = (database: Record<string, string>, lines: string): Promise<string> =>
  cacheLogProcess(database, lines, ['--format', 'nginx-offload', '--instance', 'nginx-a']);

describe('offloaded bytes booked from nginx’s log: statistics and transfer exact, once', () => {
  let server: TestServer;
  let user: GatewayUser;
  let nginx: StartedProxy & { log: string };
  const totals = async (shareId: string) =>
    (await server.call<FileStatsResponse>('GET', apiPath(FILES_API.stats, shareId), user.token)).body.totals;
  const holds = async () =>
    (await server.db.selectFrom('transfer_holds').select('bytes').where('user_id', '=', user.userId).execute()).map(
      (h) => Number(h.bytes),
    );
  const served = async () =>
    Number(
      (
        await server.db
          .selectFrom('user_transfer')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('bytes'), eb.lit(0)).as('b'))
          .where('user_id', '=', user.userId)
          .executeTakeFirstOrThrow()
      ).b,
    );
  /** The same visits: two people's downloads, a range, a bot, a HEAD. */
  const visit = async (base: string, raw: string) => {
    for (const headers of [PERSON, PERSON, { ...PERSON, range: 'bytes=100-199' }, BOT])
      assert.ok([200, 206].includes((await rawRequest(base, raw, { headers })).status));
    assert.equal((await rawRequest(base, raw, { method: 'HEAD', headers: PERSON })).status, 200);
  };

  before(async () => {
    server = await startTestServer({
      config: { bytesOffload: { secret: SECRET, prefix: '/_traydrop_storage', minBytes: 0 } },
    });
    user = await gatewayUser(server, 'offlog');
    await setQuota(server.db, user.userId, { transferLimit: 50_000_000 });
    nginx = await startNginxBefore(server, SECRET);
  });
  after(async () => {
    await nginx?.stop();
    await server?.close();
  });

  it('books bytes and settles holds from the log; totals equal the piped ones; a replay books nothing', async () => {
    const size = 300_000;
    const data = randomBytes(size);
    const offloaded = await user.share('via-nginx.bin', data, 'application/octet-stream');
    const piped = await user.share('via-gateway.bin', data, 'application/octet-stream');
    const limited = await user.share('once.bin', data, 'application/octet-stream');
    await server.call('PUT', apiPath(FILES_API.limits, limited.shareId), user.token, { maxDownloads: 1 });

    await visit(nginx.url, `${pathOf(offloaded)}/raw`);
    await visit(server.url, `${pathOf(piped)}/raw`);
    assert.equal((await rawRequest(nginx.url, `${pathOf(limited)}/raw`, { headers: PERSON })).status, 200);
    const expectedBytes = 2 * size + 100;

    // before the log: the gateway booked downloads and bot hits, no bytes; the holds still count against the plan
    const early = await totals(offloaded.shareId);
    assert.deepEqual(early, { downloads: 2, bytes: 0, views: 0, botHits: 1, botBytes: 0 });
    const pipedBytes = expectedBytes + size;
    await waitFor('the piped bytes booked', async () => ((await served()) === pipedBytes ? true : undefined));
    await waitFor('the piped holds released', async () => ((await holds()).length === 5 ? true : undefined));
    assert.deepEqual(
      (await holds()).sort((a, b) => a - b),
      [100, size, size, size, size],
      'the offloaded downloads’ holds, handed over',
    );
    assert.equal(await transferUsed(server.db, user.userId, new Date()), pipedBytes + 100 + 4 * size);

    await waitFor('nginx to log the last response', async () =>
      readFileSync(nginx.log, 'utf8').includes(limited.shareId) ? true : undefined,
    );
    const log = readFileSync(nginx.log, 'utf8');
    const first = await cacheLog(server.databaseEnv(), log);
    assert.match(first, /5 offloaded responses booked, 0 already booked/, first);
    const booked = await totals(offloaded.shareId);
    assert.deepEqual(booked, { downloads: 2, bytes: expectedBytes, views: 0, botHits: 1, botBytes: size });
    assert.deepEqual(booked, await totals(piped.shareId), 'the same as the gateway piping the same requests');
    assert.deepEqual(await totals(limited.shareId), { downloads: 1, bytes: size, views: 0, botHits: 0, botBytes: 0 });
    assert.deepEqual(await holds(), [], 'every hold settled by its line');
    assert.equal(await served(), 2 * (expectedBytes + size) + size);
    assert.equal(await transferUsed(server.db, user.userId, new Date()), await served());

    const replay = await cacheLog(server.databaseEnv(), log);
    assert.match(replay, /0 offloaded responses booked, 5 already booked \(replayed\)/, replay);
    assert.deepEqual(await totals(offloaded.shareId), booked);
    assert.equal(await served(), 2 * (expectedBytes + size) + size);
  });
});
