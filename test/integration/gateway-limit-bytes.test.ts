/**
 * Issue #13 item 1: a link with max downloads counts the file's bytes handed out, whoever asks (a bot's
 * User-Agent changes nothing) and however (whole, `bytes=1-`, suffix, several ranges, HEAD then Range);
 * only the visitor who booked the download may resume it. Bots are a statistics label (isbot), nothing more.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  apiPath,
  FILES_API,
  type FileEntry,
  type FileListResponse,
  type FileStatsResponse,
  type UploadRecord,
} from '../../common/broker-api.ts';
import { BROWSER_ACCEPT, gatewayFixture, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import { testClock, type TestServer } from '../helpers/server.ts';

const SLACKBOT = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';
const HEADLESS = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0';
const HOUR = 3600 * 1000;

describe('gateway: the bytes of a limited link are counted whoever asks, however', () => {
  const clock = testClock(new Date('2026-11-24T10:00:00.000Z'));
  let server: TestServer;
  let user: GatewayUser;

  before(async () => ({ server, user } = await gatewayFixture({ now: clock.now })));
  after(() => server.close());

  /** Shares random bytes with max downloads `max`; returns the record, the bytes and the /raw URL. */
  async function limited(name: string, size: number, max = 1, type = 'application/octet-stream') {
    const data = randomBytes(size);
    const rec = await user.share(name, data, type);
    const set = await server.call<FileEntry>('PUT', apiPath(FILES_API.limits, rec.shareId), user.token, {
      maxDownloads: max,
    });
    assert.equal(set.status, 200);
    return { rec, data, raw: `${server.url}${pathOf(rec)}/raw` };
  }

  /** The link's own download counter (what max downloads is checked against). */
  async function linkDownloads(rec: UploadRecord): Promise<number> {
    const list = await server.call<FileListResponse>('GET', `${FILES_API.files}?limit=200`, user.token);
    return list.body.files.find((f) => f.shareId === rec.shareId)!.downloads;
  }

  /** Monthly statistics; bytes are booked when a response closes, a moment after the client has them. */
  const stats = async (rec: UploadRecord) => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return (await server.call<FileStatsResponse>('GET', apiPath(FILES_API.stats, rec.shareId), user.token)).body.totals;
  };

  const get = async (url: string, headers: Record<string, string> = {}, method = 'GET') => {
    const res = await fetch(url, { method, headers });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };

  it('Slackbot ×3 on a max-downloads-1 link: one download, then 410, for it and for anyone', async () => {
    const { rec, data, raw } = await limited('once.bin', 5000);
    const first = await get(raw, { 'user-agent': SLACKBOT });
    assert.equal(first.status, 200);
    assert.ok(first.body.equals(data));
    assert.equal((await get(raw, { 'user-agent': SLACKBOT })).status, 410);
    assert.equal((await get(`${server.url}${pathOf(rec)}?download`, { 'user-agent': 'Slackbot' })).status, 410);
    assert.equal((await get(`${raw}?download`)).status, 410, 'the one download is spent, by whoever took it');
    assert.equal(await linkDownloads(rec), 1);
  });

  it('Range: bytes=1- books the download; a second range or a whole GET is refused', async () => {
    const { rec, data, raw } = await limited('tail.bin', 4000);
    const part = await get(raw, { range: 'bytes=1-' });
    assert.equal(part.status, 206);
    assert.ok(part.body.equals(data.subarray(1)));
    assert.equal((await get(raw, { range: 'bytes=1-' })).status, 410);
    assert.equal((await get(raw, { range: 'bytes=2000-2999' })).status, 410);
    assert.equal((await get(raw)).status, 410);
    assert.equal(await linkDownloads(rec), 1);
  });

  it('a suffix range (bytes=-<size>) books the download', async () => {
    const { rec, data, raw } = await limited('suffix.bin', 3000);
    const whole = await get(raw, { range: `bytes=-${data.length}` });
    assert.equal(whole.status, 206);
    assert.ok(whole.body.equals(data));
    assert.equal((await get(raw, { range: `bytes=-${data.length}` })).status, 410);
    assert.equal((await get(raw, { range: 'bytes=-10' })).status, 410);
    assert.equal(await linkDownloads(rec), 1);
  });

  it('several ranges (served whole) book the download', async () => {
    const { rec, data, raw } = await limited('multi.bin', 3000);
    const whole = await get(raw, { range: 'bytes=5-6,8-' });
    assert.equal(whole.status, 200);
    assert.ok(whole.body.equals(data));
    assert.equal((await get(raw, { range: 'bytes=1-2,-5' })).status, 410);
    assert.equal(await linkDownloads(rec), 1);
  });

  it('HEAD gives headers only and books nothing; the Range after it books', async () => {
    const { rec, data, raw } = await limited('head.bin', 3000);
    for (const _ of [1, 2]) {
      const head = await get(raw, {}, 'HEAD');
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('content-length'), String(data.length));
      assert.equal(head.headers.get('set-cookie'), null);
    }
    assert.equal(await linkDownloads(rec), 0);
    const part = await get(raw, { range: 'bytes=100-' });
    assert.equal(part.status, 206);
    assert.ok(part.body.equals(data.subarray(100)));
    assert.equal(await linkDownloads(rec), 1);
    assert.equal((await get(raw, { range: 'bytes=100-' })).status, 410);
    assert.equal((await get(raw, {}, 'HEAD')).status, 410);
  });

  it('the visitor who booked resumes an interrupted download without a second booking; nobody else can', async () => {
    const { rec, data, raw } = await limited('big.bin', 2 * 1024 * 1024);
    const res = await fetch(raw);
    assert.equal(res.status, 200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    assert.match(
      setCookie,
      new RegExp(
        `^tdr_${rec.shareId}=\\d+\\.[\\w-]+; Path=/${rec.shareId}; Max-Age=3600; HttpOnly; SameSite=Lax; Secure$`,
      ),
    );
    const cookie = setCookie.split(';')[0]!;
    const reader = res.body!.getReader();
    const start = Buffer.from((await reader.read()).value!);
    await reader.cancel(); // the connection drops part-way
    assert.ok(start.length < data.length);
    const etag = res.headers.get('etag')!;
    const rest = await get(raw, { cookie, range: `bytes=${start.length}-`, 'if-range': etag });
    assert.equal(rest.status, 206);
    assert.ok(Buffer.concat([start, rest.body]).equals(data), 'resumed bytes complete the file');
    assert.equal(rest.headers.get('set-cookie'), null, 'a resume does not extend the pass');
    assert.equal((await get(raw, { cookie, range: 'bytes=0-99' })).status, 206, 'seeking again is the same download');
    assert.equal(await linkDownloads(rec), 1);

    assert.equal((await get(raw, { range: `bytes=${start.length}-` })).status, 410, 'a stranger');
    const forged = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    assert.equal((await get(raw, { cookie: forged, range: 'bytes=10-' })).status, 410, 'a forged pass');
    const other = await limited('other.bin', 100);
    const otherRes = await get(other.raw);
    const otherCookie = otherRes.headers.get('set-cookie')!.split(';')[0]!.replace(other.rec.shareId, rec.shareId);
    assert.equal((await get(raw, { cookie: otherCookie, range: 'bytes=10-' })).status, 410, "another link's pass");
    clock.advance(HOUR + 1);
    assert.equal((await get(raw, { cookie, range: 'bytes=10-' })).status, 410, 'an expired pass');
    clock.advance(-(HOUR + 1));
    assert.equal(await linkDownloads(rec), 1);
  });

  it('password links are unchanged for bots: the form, never the page, the tags or the bytes', async () => {
    const data = randomBytes(800);
    const rec = await user.share('locked.png', data, 'image/png');
    await server.call('PUT', apiPath(FILES_API.limits, rec.shareId), user.token, { password: 'pw', maxDownloads: 3 });
    const url = server.url + pathOf(rec);
    for (const ua of [SLACKBOT, 'facebookexternalhit/1.1', 'Twitterbot/1.0', HEADLESS]) {
      const page = await get(url, { 'user-agent': ua });
      assert.equal(page.status, 401, ua);
      assert.doesNotMatch(page.body.toString(), /og:image|og:video|twitter:image|<img|<video/);
      for (const [path, headers] of [
        ['/raw', {}],
        ['?download', {}],
        ['/raw', { range: 'bytes=1-' }],
      ] as const) {
        const res = await get(url + path, { 'user-agent': ua, ...headers });
        assert.equal(res.status, 401, `${ua} ${path}`);
        assert.ok(!res.body.includes(data.subarray(0, 32)));
      }
    }
    assert.equal(await linkDownloads(rec), 0);
  });

  it('the page of a limited link, for a bot: its OpenGraph tags, no URL that serves bytes, no booking', async () => {
    for (const [name, type] of [
      ['photo.png', 'image/png'],
      ['clip.mp4', 'video/mp4'],
      ['song.mp3', 'audio/mpeg'],
      ['notes.txt', 'text/plain'],
    ] as const) {
      const { rec } = await limited(name, 2000, 1, type);
      for (const ua of [SLACKBOT, 'facebookexternalhit/1.1', 'Mozilla/5.0 (compatible; Discordbot/2.0)']) {
        const page = await get(server.url + pathOf(rec), { 'user-agent': ua });
        assert.equal(page.status, 200, `${name} ${ua}`);
        const html = page.body.toString();
        assert.match(html, /<meta property="og:title" content="[^"]+">/);
        assert.doesNotMatch(html, /og:image|og:video|og:audio|twitter:image|<img|<video|<audio|<pre|preload/, name);
        assert.doesNotMatch(html, /content="[^"]*\/raw/, name);
      }
      const browser = await get(server.url + pathOf(rec), { accept: BROWSER_ACCEPT });
      assert.doesNotMatch(browser.body.toString(), /<img|<video|<audio|preload|<pre/, name);
      assert.equal(await linkDownloads(rec), 0, `${name}: the page books nothing`);
    }
  });

  it('statistics: isbot labels bots apart from people; the label never spares the limit', async () => {
    const data = randomBytes(1000);
    const rec = await user.share('counted.bin', data, 'application/octet-stream');
    const raw = `${server.url}${pathOf(rec)}/raw`;
    for (const ua of [HEADLESS, SLACKBOT, 'Google-PageRenderer Google (+https://developers.google.com/+/web/snippet/)'])
      await get(raw, { 'user-agent': ua });
    for (const ua of [
      'curl/8.5.0',
      'Wget/1.21.4',
      'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0',
    ])
      await get(raw, { 'user-agent': ua });
    assert.deepEqual(await stats(rec), { downloads: 3, bytes: 3000, views: 0, botHits: 3, botBytes: 3000 });

    const lim = await limited('bot-limited.bin', 1000);
    assert.equal((await get(lim.raw, { 'user-agent': HEADLESS })).status, 200);
    assert.equal((await get(lim.raw)).status, 410);
    assert.equal(await linkDownloads(lim.rec), 1, 'the bot spent the download');
    assert.deepEqual(await stats(lim.rec), { downloads: 0, bytes: 0, views: 0, botHits: 1, botBytes: 1000 });
  });
});
