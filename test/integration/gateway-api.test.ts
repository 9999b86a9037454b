/** The app API: own files (paged, newest first), delete, statistics and settings. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import {
  apiPath,
  FILES_API,
  type FileListResponse,
  type SettingsResponse,
  type UploadRecord,
} from '../../common/broker-api.ts';
import { DEFAULT_EXPIRY_RULES } from '../../common/expiry-rules.ts';
import { gatewayFixture, gatewayUser, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import { listTokens, TOUCH_EVERY_MS } from '../../server/db/tokens.ts';
import { findUser } from '../../server/db/users.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { testClock, type TestServer } from '../helpers/server.ts';

describe('gateway: the app API', () => {
  const clock = testClock();
  let server: TestServer;
  let user: GatewayUser;
  let other: GatewayUser;
  const shared: UploadRecord[] = [];

  before(async () => {
    ({ server, user } = await gatewayFixture({ now: clock.now }));
    other = await gatewayUser(server, 'other');
    for (let i = 0; i < 5; i++) {
      shared.push(await user.share(`file-${i}.txt`, `content ${i}`, 'text/plain'));
      clock.advance(1000);
    }
    await other.share('not-yours.txt', 'x', 'text/plain');
  });
  after(() => server.close());

  it('lists own files newest first, in pages, with stats, limits and expiry', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res: { status: number; body: FileListResponse } = await server.call<FileListResponse>(
        'GET',
        FILES_API.files + query,
        user.token,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      seen.push(...res.body.files.map((f) => f.name));
      cursor = res.body.nextCursor;
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, ['file-4.txt', 'file-3.txt', 'file-2.txt', 'file-1.txt', 'file-0.txt']);
    const first = (await server.call<FileListResponse>('GET', FILES_API.files, user.token)).body.files[0]!;
    assert.equal(first.url, `https://share.example.test/${first.shareId}/file-4.txt`);
    assert.equal(first.downloads, 0);
    assert.equal(first.bytesServed, 0);
    assert.equal(first.maxDownloads, null);
    assert.equal(first.hasPassword, false);
    assert.equal(first.expired, false);
    assert.equal((await server.call('GET', `${FILES_API.files}?limit=500`, user.token)).status, 400);
    assert.equal((await server.call('GET', FILES_API.files)).status, 401);
  });

  it('lists each file with the bytes served from it in all months, read with its page', async () => {
    const served = shared[1]!;
    const res = await fetch(server.url + pathOf(served));
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'content 1');
    // an earlier month's row too: the list sums them
    await server.db
      .insertInto('file_stats')
      .values({
        share_id: served.shareId,
        month: '2020-01',
        downloads: 1,
        bytes: 1000,
        views: 0,
        bot_hits: 0,
        bot_bytes: 0,
      })
      .execute();
    const files = (await server.call<FileListResponse>('GET', FILES_API.files, user.token)).body.files;
    const byName = new Map(files.map((f) => [f.name, f]));
    assert.equal(byName.get('file-1.txt')!.bytesServed, 1000 + 'content 1'.length);
    assert.equal(byName.get('file-1.txt')!.downloads, 1);
    assert.equal(byName.get('file-2.txt')!.bytesServed, 0);
  });

  it("keeps a device token's last use to the minute: a busy device does not write its row on every request", async () => {
    const busy = await gatewayUser(server, 'busy');
    const lastUsed = async (): Promise<string | null> =>
      (await listTokens(server.db)).find((t) => t.userId === busy.userId)!.lastUsedAt;
    const lastActive = async (): Promise<string | null> => (await findUser(server.db, busy.userId))!.lastActiveAt;
    const first = await lastUsed();
    assert.equal(first, clock.now().toISOString());
    const active = await lastActive();
    assert.equal(active, clock.now().toISOString(), "the user's activity with it");
    clock.advance(TOUCH_EVERY_MS - 1000);
    assert.equal((await server.call('GET', FILES_API.files, busy.token)).status, 200);
    assert.equal(await lastUsed(), first, 'used again within the minute: the row is left alone');
    assert.equal(await lastActive(), active, "and the user's row too");
    clock.advance(2000);
    assert.equal((await server.call('GET', FILES_API.files, busy.token)).status, 200);
    assert.equal(await lastUsed(), clock.now().toISOString());
    assert.equal(await lastActive(), clock.now().toISOString());
  });

  it("delete removes the object and the row; the link answers 404; others' files are out of reach", async () => {
    const victim = shared[0]!;
    const byOther = await server.call('DELETE', apiPath(FILES_API.file, victim.shareId), other.token);
    assert.equal(byOther.status, 404);
    assert.equal((await server.call('GET', apiPath(FILES_API.stats, victim.shareId), other.token)).status, 404);
    assert.equal((await fetch(server.url + pathOf(victim))).status, 200);
    const res = await server.call('DELETE', apiPath(FILES_API.file, victim.shareId), user.token);
    assert.equal(res.status, 200);
    await assert.rejects(
      adminS3(server.rgw).send(new HeadObjectCommand({ Bucket: server.config.s3Bucket, Key: victim.key })),
    );
    assert.equal((await fetch(server.url + pathOf(victim))).status, 404);
    assert.equal((await server.call('DELETE', apiPath(FILES_API.file, victim.shareId), user.token)).status, 404);
  });

  it('settings: default rules, then the same rules back after a PUT; bad rules are a 400', async () => {
    const initial = await server.call<SettingsResponse>('GET', FILES_API.settings, user.token);
    assert.deepEqual(initial.body, {
      expiryRules: DEFAULT_EXPIRY_RULES,
      customDomain: null,
      shareBaseUrl: 'https://share.example.test',
      domainStatus: null,
    });
    const rules = { default: '7d', byKind: { screenshot: '1d' }, byExtension: { mp4: '90d' } };
    const put = await server.call<SettingsResponse>('PUT', FILES_API.settings, user.token, {
      expiryRules: rules,
      customDomain: null,
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(
      (await server.call<SettingsResponse>('GET', FILES_API.settings, user.token)).body.expiryRules,
      rules,
    );
    const otherView = await server.call<SettingsResponse>('GET', FILES_API.settings, other.token);
    assert.deepEqual(otherView.body.expiryRules, DEFAULT_EXPIRY_RULES, 'settings are per user');
    for (const expiryRules of [{ default: '2d' }, { default: '7d', byExtension: { 'a/b': '1d' } }, null]) {
      const bad = await server.call('PUT', FILES_API.settings, user.token, { expiryRules, customDomain: null });
      assert.equal(bad.status, 400, JSON.stringify(expiryRules));
    }
  });
});
