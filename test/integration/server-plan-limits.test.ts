/**
 * Plan limits against the real server, RGW and database (SQLite, or PostgreSQL with TRAYDROP_TEST_DATABASE=postgres):
 * parallel reservations racing for the last bytes of a storage quota (only as many as fit win), the max file size,
 * multipart uploads and credentials refused where the plan says so, an object bigger than reserved deleted when it
 * is recorded, a disabled user's links answering 404 (not 410), and parallel downloads crossing the monthly
 * transfer limit (the last one admitted may finish past it; none starts after), then 429 with Retry-After, and the
 * page's tags still for unfurl bots.
 */
import assert from 'node:assert/strict';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { after, before, describe, it } from 'node:test';
import { API, type CredentialsResponse, type MeResponse } from '../../common/broker-api.ts';
import type { QuotaRefusal } from '../../common/quota-refusal.ts';
import { setDisabled, setQuota } from '../../server/db/users.ts';
import { BROWSER_ACCEPT, gatewayUser, pathOf, rawRequest } from '../helpers/gateway.ts';
import { s3WithCredentials } from '../helpers/rgw.ts';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait-for.ts';

const reserveBody = (key: string, bytes: number) => ({
  key,
  expire: '7d',
  contentType: 'application/octet-stream',
  bytes,
});

describe('plan limits', () => {
  let server: TestServer;

  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('parallel reservations racing for the last bytes of a storage quota: only those that fit win', async () => {
    const u = await gatewayUser(server, 'race');
    await setQuota(server.db, u.userId, { storageLimit: 1000 });
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        server.call<QuotaRefusal>('POST', API.reserve, u.token, reserveBody(newKey(u.userId, 'f.bin'), 300)),
      ),
    );
    const won = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 413);
    assert.equal(won.length, 3, 'three of 300 bytes fit in 1000');
    assert.equal(refused.length, 5);
    for (const r of refused) {
      assert.deepEqual(Object.keys(r.body).sort(), ['error', 'limit', 'message', 'needed', 'used']);
      assert.equal(r.body.error, 'quota_exceeded');
      assert.equal(r.body.limit, 1000);
      assert.equal(r.body.used, 900, 'used counts the reservations in flight');
      assert.equal(r.body.needed, 300);
      assert.equal(r.body.message, 'over your storage limit (900 B of 1.0 KB used; this file needs 300 B)');
    }
    const me = await server.call<MeResponse>('GET', API.me, u.token);
    assert.equal(me.body.usage?.storageUsed, 900);
    assert.equal(me.body.usage?.storageLimit, 1000);
  });

  it('the max file size: 413 file_too_large at the reservation; no multipart upload for a key not reserved', async () => {
    const u = await gatewayUser(server, 'maxfile');
    await setQuota(server.db, u.userId, { maxFileSize: 100 });
    const key = newKey(u.userId, 'big.iso');
    const big = await server.call<QuotaRefusal>('POST', API.reserve, u.token, reserveBody(key, 101));
    assert.equal(big.status, 413);
    assert.equal(big.body.error, 'file_too_large');
    assert.deepEqual([big.body.limit, big.body.needed], [100, 101]);
    assert.match(big.body.message, /too large for your plan \(101 B; the largest file you may share is 100 B\)/);

    const create = { key, contentType: 'application/octet-stream', expire: '7d' };
    const unreserved = await server.call<{ error: string }>('POST', API.multipartCreate, u.token, create);
    assert.equal(unreserved.status, 409);
    assert.equal(unreserved.body.error, 'not_reserved');
    const small = newKey(u.userId, 'small.bin');
    assert.equal((await server.call('POST', API.reserve, u.token, reserveBody(small, 100))).status, 200);
    const made = await server.call<{ uploadId: string }>('POST', API.multipartCreate, u.token, {
      ...create,
      key: small,
    });
    assert.equal(made.status, 200);
    await server.call('POST', API.multipartAbort, u.token, { key: small, uploadId: made.body.uploadId });
  });

  it('an object bigger than reserved beyond the quota is deleted when recorded, and gets no link', async () => {
    const u = await gatewayUser(server, 'liar');
    await setQuota(server.db, u.userId, { storageLimit: 1000 });
    const creds = (await server.call<CredentialsResponse>('POST', API.credentials, u.token, {})).body;
    const s3 = s3WithCredentials(server.rgw, creds);
    const key = newKey(u.userId, 'liar.bin');
    assert.equal((await server.call('POST', API.reserve, u.token, reserveBody(key, 10))).status, 200);
    await s3.send(
      new PutObjectCommand({ Bucket: creds.bucket, Key: key, Body: Buffer.alloc(1500, 7), Tagging: 'expire=7d' }),
    );
    const report = await server.call<QuotaRefusal>('POST', API.uploads, u.token, { key });
    assert.equal(report.status, 413);
    assert.equal(report.body.error, 'quota_exceeded');
    assert.equal(report.body.needed, 1500);
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: creds.bucket, Key: key })), /NotFound|404/);
    const shareId = key.split('/')[2]!;
    assert.equal((await rawRequest(server.url, `/${shareId}/liar.bin`)).status, 404);
    const me = await server.call<MeResponse>('GET', API.me, u.token);
    assert.equal(me.body.usage?.storageUsed, 0, 'its reservation is gone too');

    // within what was reserved and the quota, the same path records the link
    const fine = await u.share('fine.bin', Buffer.alloc(900, 1), 'application/octet-stream');
    assert.equal(fine.bytes, 900);
    // with the quota used up, no more credentials
    await setQuota(server.db, u.userId, { storageLimit: 900 });
    const denied = await server.call<QuotaRefusal>('POST', API.credentials, u.token, {});
    assert.equal(denied.status, 413);
    assert.equal(denied.body.error, 'quota_exceeded');
  });

  it("a disabled user's links answer 404, not 410, at once; enabled again they work", async () => {
    const u = await gatewayUser(server, 'off');
    const rec = await u.share('a.txt', 'hello', 'text/plain');
    assert.equal((await rawRequest(server.url, `${pathOf(rec)}/raw`)).status, 200);
    await setDisabled(server.db, u.userId, true, new Date());
    for (const path of [pathOf(rec), `${pathOf(rec)}/raw`, `/${rec.shareId}`]) {
      assert.equal((await rawRequest(server.url, path)).status, 404, path);
      assert.equal((await rawRequest(server.url, path, { headers: { accept: BROWSER_ACCEPT } })).status, 404, path);
    }
    assert.equal((await server.call('GET', API.me, u.token)).status, 401);
    await setDisabled(server.db, u.userId, false, new Date());
    assert.equal((await rawRequest(server.url, `${pathOf(rec)}/raw`)).status, 200);
  });

  it('parallel downloads crossing the transfer limit: the last admitted may finish past it, none starts after', async () => {
    const u = await gatewayUser(server, 'transfer');
    const size = 100_000;
    const rec = await u.share('t.bin', Buffer.alloc(size, 3), 'application/octet-stream');
    await setQuota(server.db, u.userId, { transferLimit: 250_000 });
    const results = await Promise.all(Array.from({ length: 7 }, () => rawRequest(server.url, `${pathOf(rec)}/raw`)));
    const served = results.filter((r) => r.status === 200);
    assert.equal(served.length, 3, 'downloads start while under 250 kB: 0, 100 and 200 kB used');
    for (const r of served) assert.equal(r.body.length, size, 'each admitted download finishes whole');
    const refused = results.filter((r) => r.status === 429);
    assert.equal(refused.length, 4);

    // each hold goes once its download's bytes are booked
    await waitFor('the transfer holds to be released', async () => {
      const held = await server.db.selectFrom('transfer_holds').select('id').where('user_id', '=', u.userId).execute();
      return held.length === 0 ? true : undefined;
    });
    const me = await server.call<MeResponse>('GET', API.me, u.token);
    assert.equal(me.body.usage?.transferUsed, 3 * size, 'every byte served is booked');
    assert.equal(me.body.usage?.transferLimit, 250_000);

    const now = new Date();
    const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    const later = await rawRequest(server.url, `${pathOf(rec)}/raw`);
    assert.equal(later.status, 429);
    const retryAfter = Number(later.headers['retry-after']);
    assert.ok(Math.abs(retryAfter - (nextMonth - now.getTime()) / 1000) < 60, `Retry-After ${retryAfter}`);
    const page = await rawRequest(server.url, pathOf(rec), { headers: { accept: BROWSER_ACCEPT } });
    assert.equal(page.status, 429);
    assert.match(page.body.toString(), /This file is unavailable until 1 [A-Z][a-z]+ 20\d\d/);
    assert.ok(page.headers['retry-after']);
    const bot = await rawRequest(server.url, pathOf(rec), { headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0' } });
    assert.equal(bot.status, 200, 'unfurl bots still get the page');
    assert.match(bot.body.toString(), /<meta property="og:title" content="t\.bin"/);
    const text = await u.share('notes.txt', 'the secret words', 'text/plain');
    const textBot = await rawRequest(server.url, pathOf(text), { headers: { 'user-agent': 'Slackbot 1.0' } });
    assert.equal(textBot.status, 200);
    assert.match(textBot.body.toString(), /<meta property="og:title" content="notes\.txt"/);
    assert.doesNotMatch(textBot.body.toString(), /secret words/, 'the page shows nothing of the file past the limit');

    await setQuota(server.db, u.userId, { transferLimit: null });
    assert.equal((await rawRequest(server.url, `${pathOf(rec)}/raw`)).status, 200, 'no limit, no refusal');
    const textPage = await rawRequest(server.url, pathOf(text), { headers: { 'user-agent': 'Slackbot 1.0' } });
    assert.match(textPage.body.toString(), /secret words/, 'under no limit the page shows the text again');
  });
});
