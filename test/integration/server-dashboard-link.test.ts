/**
 * A link's new expiry (PUT /v1/files/:id/expiry): the object's expire tag in RGW is rewritten, and the gateway
 * answers 410 from the new instant on; longer, shorter, never, only within ALLOWED_EXPIRY. Statistics per day
 * (GET /v1/files/:id/daily) add up with the monthly ones, bots apart. On SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectCommand, GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import type { FileEntry, FileStatsResponse } from '../../common/broker-api.ts';
import { type FileDailyStatsResponse } from '../../common/dashboard-api.ts';
import { gatewayUser, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import { startDashboardServer } from '../helpers/dashboard.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { testClock, type TestServer } from '../helpers/server.ts';

const DAY = 86_400_000;
const BOT = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';

describe('changing a link’s expiry', () => {
  const clock = testClock(new Date(Date.now() - 10_000));
  let server: TestServer;
  let user: GatewayUser;
  before(async () => {
    server = await startDashboardServer({ now: clock.now, config: { allowedExpiry: ['1d', '7d', '30d', 'never'] } });
    user = await gatewayUser(server, 'expiry');
  });
  after(() => server?.close());

  const tag = async (key: string) =>
    (await adminS3(server.rgw).send(new GetObjectTaggingCommand({ Bucket: server.rgw.bucket, Key: key }))).TagSet;
  const setExpiry = (shareId: string, expire: string) =>
    server.call<FileEntry & { message?: string }>('PUT', `/v1/files/${shareId}/expiry`, user.token, { expire });
  const status = async (path: string) => (await fetch(`${server.url}${path}/raw`)).status;

  it('shorter, then longer, then never: re-tagged each time, the gateway follows at once', async () => {
    const link = await user.share('report.txt', 'quarterly numbers', 'text/plain', '7d');
    const uploaded = Date.parse(link.uploadedAt);
    const shorter = await setExpiry(link.shareId, '1d');
    assert.equal(shorter.status, 200, JSON.stringify(shorter.body));
    assert.equal(shorter.body.expiresAt, new Date(uploaded + DAY).toISOString(), 'counted from the upload');
    assert.deepEqual(await tag(link.key), [{ Key: 'expire', Value: '1d' }]);
    clock.advance(DAY - 20_000);
    assert.equal(await status(pathOf(link)), 200, 'a moment before the new time');
    clock.advance(20_000);
    assert.equal(await status(pathOf(link)), 410, 'the new time has passed');
    const longer = await setExpiry(link.shareId, '30d');
    assert.equal(longer.body.expiresAt, new Date(uploaded + 30 * DAY).toISOString());
    assert.equal(longer.body.expired, false);
    assert.deepEqual(await tag(link.key), [{ Key: 'expire', Value: '30d' }]);
    assert.equal(await status(pathOf(link)), 200, 'live again');
    const never = await setExpiry(link.shareId, 'never');
    assert.equal(never.body.expiresAt, null);
    assert.equal(never.body.expire, 'never');
    assert.deepEqual(await tag(link.key), [{ Key: 'expire', Value: 'never' }]);
    clock.advance(400 * DAY);
    assert.equal(await status(pathOf(link)), 200);
  });

  it('refused: a value outside ALLOWED_EXPIRY (400), one no server knows (400), an object gone from storage (409)', async () => {
    const link = await user.share('x.txt', 'x', 'text/plain', '7d');
    const notHere = await setExpiry(link.shareId, '365d');
    assert.equal(notHere.status, 400);
    assert.match(notHere.body.message!, /expire "365d" is not allowed by this server; allowed: 1d, 7d, 30d, never/);
    assert.equal((await setExpiry(link.shareId, '2d')).status, 400);
    assert.deepEqual(await tag(link.key), [{ Key: 'expire', Value: '7d' }], 'unchanged');
    await adminS3(server.rgw).send(new DeleteObjectCommand({ Bucket: server.rgw.bucket, Key: link.key }));
    const gone = await setExpiry(link.shareId, '30d');
    assert.equal(gone.status, 409);
    assert.match(gone.body.message!, /no longer in storage/);
  });
});

describe('statistics per day', () => {
  let server: TestServer;
  let user: GatewayUser;
  before(async () => {
    server = await startDashboardServer();
    user = await gatewayUser(server, 'daily');
  });
  after(() => server?.close());

  it('today’s downloads, bytes and bot hits; thirty days, oldest first; the months agree', async () => {
    const body = 'x'.repeat(1000);
    const link = await user.share('numbers.csv', body, 'text/csv');
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${server.url}${pathOf(link)}/raw`)).status, 200);
    const bot = await fetch(`${server.url}${pathOf(link)}/raw`, { headers: { 'user-agent': BOT } });
    assert.equal(bot.status, 200);
    await bot.arrayBuffer();
    const daily = await server.call<FileDailyStatsResponse>('GET', `/v1/files/${link.shareId}/daily`, user.token);
    assert.equal(daily.status, 200);
    assert.equal(daily.body.days.length, 30);
    const today = new Date().toISOString().slice(0, 10);
    assert.equal(daily.body.days.at(-1)!.day, today);
    assert.deepEqual(daily.body.days.at(-1), {
      day: today,
      downloads: 3,
      bytes: 3000,
      views: 0,
      botHits: 1,
      botBytes: 1000,
    });
    assert.ok(daily.body.days.slice(0, -1).every((d) => d.downloads === 0 && d.bytes === 0));
    const months = await server.call<FileStatsResponse>('GET', `/v1/files/${link.shareId}/stats`, user.token);
    assert.equal(months.body.totals.downloads, 3);
    assert.equal(months.body.totals.botBytes, 1000);
  });

  it('another user’s id: 404 on both new routes', async () => {
    const other = await gatewayUser(server, 'other');
    const theirs = await other.share('theirs.txt', 'theirs', 'text/plain');
    assert.equal((await server.call('GET', `/v1/files/${theirs.shareId}/daily`, user.token)).status, 404);
    const put = await server.call('PUT', `/v1/files/${theirs.shareId}/expiry`, user.token, { expire: '1d' });
    assert.equal(put.status, 404);
    const tags = await adminS3(server.rgw).send(
      new GetObjectTaggingCommand({ Bucket: server.rgw.bucket, Key: theirs.key }),
    );
    assert.deepEqual(tags.TagSet, [{ Key: 'expire', Value: '7d' }], 'their object is untouched');
  });
});
