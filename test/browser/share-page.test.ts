/**
 * Share pages in Debian's Chromium (playwright-core): previews show, downloads work, HTML and SVG
 * never run as pages on the share domain. Screenshots (phone, light and dark) go to docs/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { UploadRecord } from '../../common/broker-api.ts';
import { apiPath, FILES_API } from '../../common/broker-api.ts';
import { gatewayFixture, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import type { TestServer } from '../helpers/server.ts';
import { makePdf, makePng, makeWebm } from './fixtures.ts';
import { CHROMIUM_MISSING, launchChromium } from '../helpers/page-browser.ts';

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe('share pages in Chromium', { skip: CHROMIUM_MISSING }, () => {
  let server: TestServer;
  let user: GatewayUser;
  let browser: Browser;
  const png = makePng(640, 400);
  const files: Record<string, UploadRecord> = {};

  before(async () => {
    ({ server, user } = await gatewayFixture());
    browser = await launchChromium();
    files.image = await user.share('sunset-over-the-bay.png', png, 'image/png');
    files.pdf = await user.share('report.pdf', makePdf(), 'application/pdf');
    files.html = await user.share('page.html', "<script>document.title='pwned'</script><h1>hi</h1>", 'text/html');
    files.svg = await user.share(
      'logo.svg',
      `<svg xmlns="http://www.w3.org/2000/svg" onload="document.title='pwned';alert(1)"><script>document.title='pwned'</script><circle r="9"/></svg>`,
      'image/svg+xml',
    );
    const webm = makeWebm();
    if (webm) files.video = await user.share('screen-recording.webm', webm, 'video/webm');
    files.code = await user.share(
      'server.ts',
      readFileSync(fileURLToPath(new URL('../../server/app.ts', import.meta.url))),
      'text/plain',
    );
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
    const context = await browser.newContext({
      ...PHONE,
      colorScheme: options.colorScheme ?? 'light',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.on('dialog', (d) => assert.fail(`a dialog opened: ${d.message()}`));
    const res = await page.goto(server.url + path);
    assert.equal(res?.status(), 200);
    return page;
  }

  it('image: the preview shows, the download button saves the same bytes; screenshots light and dark', async () => {
    const page = await open(pathOf(files.image!));
    const img = page.locator('.preview img');
    await img.waitFor();
    await page.waitForFunction(() => (document.querySelector('.preview img') as HTMLImageElement).complete);
    assert.ok((await img.evaluate((el: HTMLImageElement) => el.naturalWidth)) === 640);
    assert.equal(await page.title(), 'sunset-over-the-bay.png');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'sunset-over-the-bay.png');
    assert.ok(readFileSync((await download.path())!).equals(png));
    await page.screenshot({ path: `${DOCS}share-page-light.png`, fullPage: true });
    const dark = await open(pathOf(files.image!), { colorScheme: 'dark' });
    await dark.waitForFunction(() => (document.querySelector('.preview img') as HTMLImageElement).complete);
    const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(14, 17, 22)', 'dark theme follows prefers-color-scheme');
    await dark.screenshot({ path: `${DOCS}share-page-dark.png`, fullPage: true });
    await page.context().close();
    await dark.context().close();
  });

  it('video: the player loads the clip (metadata, real dimensions)', async (t) => {
    if (!files.video) return t.skip('ffmpeg not available to make a clip');
    const page = await open(pathOf(files.video));
    await page.waitForFunction(() => (document.querySelector('video') as HTMLVideoElement).readyState >= 1, null, {
      timeout: 10_000,
    });
    assert.equal(await page.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth), 320);
    await page.context().close();
  });

  it('PDF: a download button and an Open link; the download is byte-identical', async () => {
    const page = await open(pathOf(files.pdf!));
    assert.equal(await page.getByRole('link', { name: 'Open' }).getAttribute('href'), `${pathOf(files.pdf!)}/raw`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download' }).click(),
    ]);
    assert.ok(readFileSync((await download.path())!).equals(makePdf()));
    await page.context().close();
  });

  for (const which of ['html', 'svg'] as const) {
    it(`${which}: never rendered as a page; the source shows as text, the bytes only download`, async () => {
      const file = files[which]!;
      const page = await open(pathOf(file), { colorScheme: 'dark' });
      assert.equal(await page.title(), file.name, 'no script ran on the share page');
      assert.match(await page.locator('pre').innerText(), /document\.title='pwned'/);
      assert.equal(await page.locator('svg, iframe, object, embed, img').count(), 0);
      if (which === 'html') await page.screenshot({ path: `${DOCS}share-page-html-dark.png`, fullPage: true });
      // the raw URL opened directly: a download, never a document
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.goto(`${server.url}${pathOf(file)}/raw`).catch(() => null),
      ]);
      assert.equal(download.suggestedFilename(), file.name);
      assert.equal(await page.title(), file.name);
      const raw = await page.request.get(`${server.url}${pathOf(file)}/raw`);
      assert.equal(raw.headers()['content-type'], 'text/plain; charset=utf-8');
      assert.match(raw.headers()['content-disposition']!, /^attachment/);
      await page.context().close();
    });
  }

  it('code: an escaped preview; screenshot of a password form too', async () => {
    const page = await open(pathOf(files.code!), { colorScheme: 'dark' });
    assert.match(await page.locator('pre').innerText(), /export async function buildApp/);
    await page.screenshot({ path: `${DOCS}share-page-code-dark.png` });
    await server.call('PUT', apiPath(FILES_API.limits, files.image!.shareId), user.token, { password: 'open sesame' });
    const context = await browser.newContext({ ...PHONE, colorScheme: 'light' });
    const form = await context.newPage();
    assert.equal((await form.goto(server.url + pathOf(files.image!)))?.status(), 401);
    await form.fill('input[type=password]', 'open sesame');
    await Promise.all([form.waitForURL(server.url + pathOf(files.image!)), form.click('button[type=submit]')]);
    await form.waitForFunction(() => (document.querySelector('.preview img') as HTMLImageElement | null)?.complete);
    assert.ok((await form.locator('.preview img').evaluate((el: HTMLImageElement) => el.naturalWidth)) > 0);
    await context.close();
  });
});
