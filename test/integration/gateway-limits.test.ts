/** Exact expiry, max downloads, passwords, and statistics that keep bots and partial ranges apart. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { apiPath, FILES_API, type FileEntry, type FileStatsResponse } from '../../common/broker-api.ts';
import { BROWSER_ACCEPT, gatewayFixture, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import { testClock, type TestServer } from '../helpers/server.ts';

const DAY = 24 * 3600 * 1000;

describe('gateway: expiry, limits, passwords, statistics', () => {
  const clock = testClock(new Date('2026-11-24T10:00:00.000Z'));
  let server: TestServer;
  let user: GatewayUser;
  const stats = async (shareId: string) =>
    (await server.call<FileStatsResponse>('GET', apiPath(FILES_API.stats, shareId), user.token)).body;
  const limits = (shareId: string, body: object) =>
    server.call<FileEntry>('PUT', apiPath(FILES_API.limits, shareId), user.token, body);
  const drain = async (res: Response) => Buffer.from(await res.arrayBuffer());

  before(async () => ({ server, user } = await gatewayFixture({ now: clock.now })));
  after(() => server.close());

  it('410 from the exact millisecond of expiry, for the page, the bytes and HEAD', async () => {
    const rec = await user.share('brief.txt', 'short-lived', 'text/plain', '1d');
    assert.equal(rec.expiresAt, new Date(clock.now().getTime() + DAY).toISOString());
    clock.advance(DAY - 1);
    assert.equal((await fetch(server.url + pathOf(rec))).status, 200);
    clock.advance(1);
    for (const init of [{}, { method: 'HEAD' }, { headers: { accept: BROWSER_ACCEPT } }]) {
      const res = await fetch(server.url + pathOf(rec) + '/raw', init);
      assert.equal(res.status, 410);
      await res.arrayBuffer();
    }
    const html = await (await fetch(server.url + pathOf(rec), { headers: { accept: BROWSER_ACCEPT } })).text();
    assert.match(html, /This link has expired/);
    clock.advance(-DAY);
  });

  it('unfurl bots and ranges that do not start at 0 are not downloads; bytes are counted apart', async () => {
    const data = randomBytes(10_000);
    const rec = await user.share('counted.png', data, 'image/png');
    for (const ua of [
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'Twitterbot/1.0',
      'facebookexternalhit/1.1',
      'Mozilla/5.0 (compatible; Discordbot/2.0)',
      'TelegramBot (like TwitterBot)',
      'WhatsApp/2.23.20.0',
      'LinkedInBot/1.0',
      'Mozilla/5.0 (compatible; Googlebot/2.1)',
      'bingbot/2.0',
    ]) {
      await drain(await fetch(`${server.url}${pathOf(rec)}/raw`, { headers: { 'user-agent': ua } }));
    }
    await drain(await fetch(`${server.url}${pathOf(rec)}/raw`, { headers: { range: 'bytes=5000-5999' } }));
    await drain(await fetch(`${server.url}${pathOf(rec)}/raw`, { method: 'HEAD' }));
    await drain(
      await fetch(`${server.url}${pathOf(rec)}/raw`, { headers: { 'user-agent': 'Mozilla/5.0 Firefox/130' } }),
    );
    await drain(await fetch(server.url + pathOf(rec), { headers: { accept: BROWSER_ACCEPT } }));
    await new Promise((r) => setTimeout(r, 50));
    const s = await stats(rec.shareId);
    assert.equal(s.months.length, 1);
    assert.equal(s.months[0]!.month, '2026-11');
    assert.deepEqual(s.totals, { downloads: 1, bytes: 11_000, views: 1, botHits: 9, botBytes: 90_000 });
  });

  it('max downloads: the page shows no preview, the limit is exact, then 410; unfurling the page uses none', async () => {
    const data = randomBytes(3000);
    const rec = await user.share('limited.png', data, 'image/png');
    const set = await limits(rec.shareId, { maxDownloads: 2 });
    assert.equal(set.status, 200);
    assert.equal(set.body.maxDownloads, 2);
    const html = await (await fetch(server.url + pathOf(rec), { headers: { accept: BROWSER_ACCEPT } })).text();
    assert.doesNotMatch(html, /<img/);
    const unfurled = await fetch(server.url + pathOf(rec), { headers: { 'user-agent': 'Discordbot/2.0' } });
    assert.match(await unfurled.text(), /og:title/);
    const got = await Promise.all([1, 2, 3].map(() => fetch(`${server.url}${pathOf(rec)}?download`)));
    const statuses = await Promise.all(got.map(async (r) => [r.status, (await drain(r)).equals(data)] as const));
    assert.deepEqual(statuses.map(([s]) => s).sort(), [200, 200, 410]);
    assert.ok(statuses.filter(([s]) => s === 200).every(([, same]) => same));
    assert.equal((await fetch(server.url + pathOf(rec))).status, 410);
    const page = await fetch(server.url + pathOf(rec), { headers: { accept: BROWSER_ACCEPT } });
    assert.match(await page.text(), /Download limit reached/);
    assert.equal((await limits(rec.shareId, { maxDownloads: null })).body.downloads, 2);
    assert.equal((await fetch(server.url + pathOf(rec))).status, 200, 'lifting the limit opens it again');
  });

  it('password: form, wrong answer, right answer sets a signed cookie that opens page and bytes', async () => {
    const data = randomBytes(500);
    const rec = await user.share('secret.png', data, 'image/png');
    assert.equal((await limits(rec.shareId, { password: 'hunter2 ü' })).body.hasPassword, true);
    const url = server.url + pathOf(rec);
    const form = await fetch(url, { headers: { accept: BROWSER_ACCEPT } });
    assert.equal(form.status, 401);
    const formHtml = await form.text();
    assert.match(formHtml, /<form method="post"/);
    assert.doesNotMatch(formHtml, /og:image|<img/);
    assert.equal((await fetch(`${url}/raw`)).status, 401, 'the bytes too');
    const post = (password: string) =>
      fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: BROWSER_ACCEPT },
        body: new URLSearchParams({ password }).toString(),
      });
    const wrong = await post('hunter3');
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /Wrong password/);
    const right = await post('hunter2 ü');
    assert.equal(right.status, 303);
    assert.equal(right.headers.get('location'), pathOf(rec));
    const setCookie = right.headers.get('set-cookie')!;
    assert.match(
      setCookie,
      new RegExp(`^td_${rec.shareId}=\\d+\\.[\\w-]+; Path=/${rec.shareId}; .*HttpOnly; SameSite=Lax`),
    );
    const cookie = setCookie.split(';')[0]!;
    assert.match(await (await fetch(url, { headers: { accept: BROWSER_ACCEPT, cookie } })).text(), /<img src=/);
    const raw = await fetch(`${url}/raw`, { headers: { cookie } });
    assert.ok((await drain(raw)).equals(data));
    assert.equal(raw.headers.get('cache-control'), 'private, no-store');
    const forged = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    assert.equal((await fetch(`${url}/raw`, { headers: { cookie: forged } })).status, 401);
    await limits(rec.shareId, { password: 'new one' });
    assert.equal((await fetch(`${url}/raw`, { headers: { cookie } })).status, 401, 'a new password voids old cookies');
    clock.advance(DAY + 1);
    await limits(rec.shareId, { password: null });
    assert.equal((await fetch(`${url}/raw`)).status, 200);
    clock.advance(-(DAY + 1));
  });

  it('304 for a matching ETag, 206 for a range; neither is a download', async () => {
    const rec = await user.share('cache.png', randomBytes(4000), 'image/png');
    const first = await fetch(`${server.url}${pathOf(rec)}/raw`);
    await drain(first);
    assert.match(first.headers.get('cache-control')!, /^public, max-age=300$/);
    const etag = first.headers.get('etag')!;
    assert.equal((await fetch(`${server.url}${pathOf(rec)}/raw`, { headers: { 'if-none-match': etag } })).status, 304);
    const part = await fetch(`${server.url}${pathOf(rec)}/raw`, { headers: { range: 'bytes=100-199' } });
    assert.equal(part.status, 206);
    assert.equal((await drain(part)).length, 100);
    assert.equal((await stats(rec.shareId)).totals.downloads, 1);
  });

  it('If-Modified-Since its Last-Modified is 304; one that does not parse is ignored (RFC 9110): 200', async () => {
    const data = randomBytes(3000);
    const rec = await user.share('dated.png', data, 'image/png');
    const raw = `${server.url}${pathOf(rec)}/raw`;
    const first = await fetch(raw);
    await drain(first);
    const lastModified = first.headers.get('last-modified')!;
    assert.ok(!Number.isNaN(Date.parse(lastModified)), lastModified);
    assert.equal((await fetch(raw, { headers: { 'if-modified-since': lastModified } })).status, 304);
    const garbled = await fetch(raw, { headers: { 'if-modified-since': 'not a date' } });
    assert.equal(garbled.status, 200);
    assert.ok((await drain(garbled)).equals(data));
  });
});

describe('gateway: password guessing behind a proxy (TRUST_PROXY_HOPS=1)', () => {
  let server: TestServer;
  let user: GatewayUser;
  before(async () => ({ server, user } = await gatewayFixture({ config: { trustProxyHops: 1 } })));
  after(() => server.close());

  it('ten wrong passwords from one address: that address waits (429, Retry-After), even with the right one; others may try', async () => {
    const rec = await user.share('vault.png', randomBytes(100), 'image/png');
    await server.call('PUT', apiPath(FILES_API.limits, rec.shareId), user.token, { password: 'right one' });
    const post = (password: string, from: string) =>
      fetch(server.url + pathOf(rec), {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: BROWSER_ACCEPT,
          'x-forwarded-for': from,
        },
        body: new URLSearchParams({ password }).toString(),
      });
    for (let i = 0; i < 10; i++) {
      const wrong = await post(`guess ${i}`, '203.0.113.7');
      assert.equal(wrong.status, 401, `attempt ${i + 1}`);
      await wrong.arrayBuffer();
    }
    const blocked = await post('right one', '203.0.113.7');
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 800, blocked.headers.get('retry-after') ?? 'none');
    assert.match(await blocked.text(), /Too many wrong passwords.*Try again in 15 minutes/s);
    assert.equal(blocked.headers.get('set-cookie'), null);
    const other = await post('right one', '198.51.100.2');
    assert.equal(other.status, 303, 'another address is not held back');
  });
});
