/**
 * A link's page in Chromium: the chart's numbers (SVG bars and the table under them) after real downloads and a
 * link-preview bot, Copy link (the one script, from /dashboard/copy.js), a new expiry (the gateway answers 410 at
 * the new time; the object's tag changed in RGW), max downloads and a password, delete; axe light and dark at
 * desktop and phone width. Screenshots into docs/screenshots/ with TRAYDROP_SCREENSHOTS=1.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FileListResponse, UploadRecord } from '../../common/broker-api.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { signInLink, startDashboardServer } from '../helpers/dashboard.ts';
import { gatewayUser, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import { SCREENSHOT_DIR } from '../helpers/renderer-screenshots.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { testClock, type TestServer } from '../helpers/server.ts';
import { makePng } from './fixtures.ts';
import { CHROMIUM_MISSING, launchChromium } from '../helpers/page-browser.ts';

const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const BOT = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';
const DAY = 86_400_000;

describe('a link’s page in Chromium', { skip: CHROMIUM_MISSING }, () => {
  const clock = testClock(new Date(Date.now() - 60_000));
  let server: TestServer;
  let user: GatewayUser;
  let browser: Browser;
  let image: UploadRecord;
  const png = makePng(640, 400);

  before(async () => {
    server = await startDashboardServer({ now: clock.now });
    user = await gatewayUser(server, 'link');
    browser = await launchChromium();
    image = await user.share('sunset-over-the-bay.png', png, 'image/png', '7d');
    for (let i = 0; i < 3; i++) await (await fetch(`${server.url}${pathOf(image)}/raw`)).arrayBuffer();
    await (await fetch(`${server.url}${pathOf(image)}/raw`, { headers: { 'user-agent': BOT } })).arrayBuffer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(shareId: string, options: object = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    await page.goto(await signInLink(server, user.token));
    await Promise.all([page.waitForURL(/\/dashboard$/), page.getByRole('button', { name: 'Sign in' }).click()]);
    assert.equal((await page.goto(`${server.url}/dashboard/files/${shareId}`))?.status(), 200);
    return { context, page };
  }

  it('the chart shows today’s 3 downloads and 1 bot hit, and the bytes; the table repeats them', async () => {
    const { context, page } = await open(image.shareId);
    const today = clock.now().toISOString().slice(0, 10);
    const bar = page.locator(`#downloads-per-day g[data-label="${today}"]`);
    assert.equal(await bar.getAttribute('data-people'), '3');
    assert.equal(await bar.getAttribute('data-bots'), '1');
    assert.equal(await page.locator('#downloads-per-day g').count(), 30);
    const bytes = page.locator(`#bytes-per-day g[data-label="${today}"]`);
    assert.equal(await bytes.getAttribute('data-people'), String(3 * png.length));
    assert.equal(await bytes.getAttribute('data-bots'), String(png.length));
    const month = today.slice(0, 7);
    assert.equal(await page.locator(`#downloads-per-month g[data-label="${month}"]`).getAttribute('data-people'), '3');
    // the people bar is drawn taller than the bot bar (3 against 1)
    const [people, bots] = await Promise.all(
      ['rect.people', 'rect.bots'].map((r) => bar.locator(r).evaluate((e) => Number(e.getAttribute('height')))),
    );
    assert.ok(Math.abs(people! - 3 * bots!) < 0.5, `heights ${people} and ${bots}`);
    await page.locator('#downloads-per-day summary').click();
    const row = page.locator('#downloads-per-day tbody tr', { hasText: today });
    assert.deepEqual(await row.locator('th, td').allInnerTexts(), [today, '3', '1']);
    await context.close();
  });

  it('Copy link puts the link on the clipboard; Open points at it', async () => {
    const { context, page } = await open(image.shareId);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), image.url);
    assert.equal(await page.getByRole('link', { name: 'Open' }).getAttribute('href'), image.url);
    assert.equal(await page.getByLabel('Link', { exact: true }).inputValue(), image.url);
    await context.close();
  });

  it('a new expiry: 1 day after upload; the tag in RGW says 1d and the gateway answers 410 at that time', async () => {
    const link = await user.share('short-lived.txt', 'soon gone', 'text/plain', '30d');
    const { context, page } = await open(link.shareId);
    const uploaded = Date.parse(link.uploadedAt);
    await page.getByLabel('Expires').selectOption('1d');
    await Promise.all([page.waitForURL(/saved=expiry/), page.getByRole('button', { name: 'Change expiry' }).click()]);
    assert.equal(await page.getByRole('status').innerText(), 'The expiry is changed.');
    const tags = await adminS3(server.rgw).send(
      new GetObjectTaggingCommand({ Bucket: server.rgw.bucket, Key: link.key }),
    );
    assert.deepEqual(tags.TagSet, [{ Key: 'expire', Value: '1d' }]);
    const raw = `${server.url}${pathOf(link)}/raw`;
    clock.advance(uploaded + DAY - 1000 - clock.now().getTime());
    assert.equal((await fetch(raw)).status, 200, 'a second before');
    clock.advance(1000);
    assert.equal((await fetch(raw)).status, 410, 'at the new time');
    await page.reload();
    assert.match(await page.locator('.facts').innerText(), /Expired/);
    clock.advance(-(DAY - 1000)); // back to the test's own time for the others
    await context.close();
  });

  it('max downloads and a password are saved, then removed; delete takes the link away', async () => {
    const link = await user.share('guarded.txt', 'secret', 'text/plain');
    const { context, page } = await open(link.shareId);
    await page.getByLabel('Max downloads (empty: no limit)').fill('2');
    await page.getByLabel('Password (empty: none)').fill('open sesame');
    await Promise.all([page.waitForURL(/saved=limits/), page.getByRole('button', { name: 'Save limits' }).click()]);
    const entry = async () =>
      (await server.call<FileListResponse>('GET', '/v1/files?q=guarded', user.token)).body.files[0]!;
    assert.deepEqual([(await entry()).maxDownloads, (await entry()).hasPassword], [2, true]);
    assert.equal((await fetch(`${server.url}${pathOf(link)}/raw`)).status, 401, 'the password guards it now');
    await page.getByLabel('Max downloads (empty: no limit)').fill('');
    await page.getByLabel('Remove the password').check();
    await Promise.all([page.waitForURL(/saved=limits/), page.getByRole('button', { name: 'Save limits' }).click()]);
    assert.deepEqual([(await entry()).maxDownloads, (await entry()).hasPassword], [null, false]);
    await Promise.all([page.waitForURL(/deleted=1/), page.getByRole('button', { name: 'Delete this link' }).click()]);
    assert.equal((await fetch(`${server.url}${pathOf(link)}/raw`)).status, 404);
    await context.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const [size, options] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`axe finds nothing: ${scheme}, ${size} (screenshot)`, async () => {
        const { context, page } = await open(image.shareId, { ...options, colorScheme: scheme });
        await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
        assert.ok(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
          'no sideways scrolling',
        );
        assert.deepEqual(await accessibilityViolations(page), []);
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({
          path: path.join(SCREENSHOT_DIR, `dashboard-link-${scheme}-${size}.png`),
          fullPage: true,
        });
        await context.close();
      });
    }
  }
});
