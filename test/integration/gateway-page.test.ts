/** The share page: previews, OpenGraph/Twitter tags, CSP, and active content never rendered. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { BROWSER_ACCEPT, gatewayFixture, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import type { TestServer } from '../helpers/server.ts';

describe('gateway: share page', () => {
  let server: TestServer;
  let user: GatewayUser;
  const page = (path: string, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { headers: { accept: BROWSER_ACCEPT, ...headers } });

  before(async () => ({ server, user } = await gatewayFixture()));
  after(() => server.close());

  it('an image: preview, OpenGraph and Twitter tags, strict CSP without script, nosniff', async () => {
    const rec = await user.share('holiday.png', randomBytes(2000), 'image/png');
    const res = await page(pathOf(rec));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /style-src 'nonce-[A-Za-z0-9+/=]+'/);
    assert.doesNotMatch(csp, /script-src|unsafe-inline/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const html = await res.text();
    assert.doesNotMatch(html, /<script/i);
    const canonical = `https://share.example.test/${rec.shareId}/holiday.png`;
    assert.match(html, new RegExp(`<meta property="og:url" content="${canonical}">`));
    assert.match(html, new RegExp(`<meta property="og:image" content="${canonical}/raw">`));
    assert.match(html, /<meta property="og:title" content="holiday.png">/);
    assert.match(html, /<meta name="twitter:card" content="summary_large_image">/);
    assert.match(html, new RegExp(`<img src="/${rec.shareId}/holiday.png/raw"`));
    assert.match(html, /href="[^"]+\/raw\?download" download>Download</);
  });

  it('video and audio get players and og:video; unknown binaries a download button only', async () => {
    const video = await user.share('clip.mp4', randomBytes(500), 'video/mp4');
    const html = await (await page(pathOf(video))).text();
    assert.match(html, /<video src="[^"]+\/raw" controls/);
    assert.match(html, /<meta property="og:video" content="https:\/\/share.example.test\/[^"]+\/clip.mp4\/raw">/);
    assert.match(html, /og:type" content="video.other"/);
    const audio = await user.share('song.mp3', randomBytes(500), 'audio/mpeg');
    assert.match(await (await page(pathOf(audio))).text(), /<audio src=/);
    const zip = await user.share('bundle.zip', randomBytes(500), 'application/zip');
    const zipHtml = await (await page(pathOf(zip))).text();
    assert.doesNotMatch(zipHtml, /<(img|video|audio|pre)\b/);
    assert.match(zipHtml, /Download/);
  });

  it('text gets an escaped preview of its first 64 KiB only', async () => {
    const rec = await user.share('notes.txt', `<b>&"hi"</b>\n${'x'.repeat(100_000)}`, 'text/plain');
    const html = await (await page(pathOf(rec))).text();
    assert.match(html, /<pre>&lt;b&gt;&amp;&quot;hi&quot;&lt;\/b&gt;\nxxx/);
    const pre = /<pre>([\s\S]*?)<\/pre>/.exec(html)![1]!;
    assert.ok(pre.length < 66 * 1024, `preview is ${pre.length} chars`);
    assert.match(html, /preview shows the beginning/);
  });

  for (const [name, type, body] of [
    ['page.html', 'text/html', '<script>document.title="pwned"</script><h1>hi</h1>'],
    ['logo.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>'],
    ['feed.xml', 'application/xml', '<?xml version="1.0"?><a onclick="x">y</a>'],
    ['app.js', 'text/javascript', 'if (1 < 2) alert("</pre><script>x</script>")'],
  ] as const) {
    it(`${name}: the page shows only escaped source and a download; the bytes are text/plain attachments`, async () => {
      const rec = await user.share(name, body, type);
      const html = await (await page(pathOf(rec))).text();
      assert.ok(!html.includes(body), 'the markup is never in the page as markup');
      assert.doesNotMatch(html, /og:image|<img|<iframe|<object|<embed/);
      assert.match(html, /<pre>[^<]*&lt;/);
      for (const path of [`${pathOf(rec)}/raw`, pathOf(rec), `${pathOf(rec)}?download`]) {
        const raw = await fetch(server.url + path);
        assert.equal(await raw.text(), body);
        assert.match(raw.headers.get('content-disposition')!, /^attachment;/, path);
        assert.equal(raw.headers.get('content-type'), 'text/plain; charset=utf-8', path);
        assert.equal(raw.headers.get('x-content-type-options'), 'nosniff');
        assert.match(raw.headers.get('content-security-policy')!, /sandbox/);
      }
    });
  }

  it('unfurl bots get the page (with tags) even when they accept anything; ?download and /raw give bytes', async () => {
    const data = randomBytes(1234);
    const rec = await user.share('shot.png', data, 'image/png');
    const bot = await fetch(server.url + pathOf(rec), { headers: { 'user-agent': 'Twitterbot/1.0', accept: '*/*' } });
    assert.match(await bot.text(), /og:image/);
    for (const suffix of ['/raw', '?download', '/raw?download']) {
      const res = await page(pathOf(rec) + suffix);
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(data), suffix);
      assert.match(res.headers.get('content-disposition')!, suffix.includes('download') ? /^attachment/ : /^inline/);
    }
  });

  it('HEAD of the page answers headers only', async () => {
    const rec = await user.share('head.png', randomBytes(10), 'image/png');
    const res = await fetch(server.url + pathOf(rec), { method: 'HEAD', headers: { accept: BROWSER_ACCEPT } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    assert.equal((await res.arrayBuffer()).byteLength, 0);
  });

  it('404 and 410 are clean pages for browsers, one line for scripts', async () => {
    const missing = await page('/AAAAAAAAAAAA/none.png');
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /<h1>No such link<\/h1>/);
    assert.match(missing.headers.get('content-security-policy')!, /default-src 'none'/);
    const plain = await fetch(`${server.url}/AAAAAAAAAAAA/none.png`);
    assert.equal(await plain.text(), 'No such link.\n');
  });
});
