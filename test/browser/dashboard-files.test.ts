/**
 * The dashboard in Debian's Chromium (playwright-core), signed in the way a user does: `traydrop dashboard
 * --print` run as a process against the real server, the link opened, the button pressed. Then the files list
 * (search, paging, server-made thumbnails and kind icons, uploads in flight through the real multipart API, bulk
 * delete through the real delete path), a forged cross-origin form post (403, nothing deleted), sessions, sign out; the axe audit (WCAG 2.2 AA) light and dark at desktop and phone width.
 * Screenshots into docs/screenshots/ with TRAYDROP_SCREENSHOTS=1.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { UploadRecord } from '../../common/broker-api.ts';
import { findThumbnail } from '../../server/db/thumbnails.ts';
import { insertUpload } from '../../server/db/uploads.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { startDashboardServer } from '../helpers/dashboard.ts';
import { gatewayUser, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import { startUpload } from '../helpers/in-flight.ts';
import { SCREENSHOT_DIR } from '../helpers/renderer-screenshots.ts';
import { adminS3 } from '../helpers/rgw.ts';
import { runCli } from '../helpers/run-cli.ts';
import { newShareId, type TestServer } from '../helpers/server.ts';
import { makePdf, makePng } from './fixtures.ts';
import { CHROMIUM_MISSING, launchChromium } from '../helpers/page-browser.ts';

const DESKTOP = { viewport: { width: 1280, height: 860 } };
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe('the dashboard in Chromium', { skip: CHROMIUM_MISSING }, () => {
  let server: TestServer;
  let user: GatewayUser;
  let browser: Browser;
  let dir: string;
  let configDir: string;
  const shared: Record<string, UploadRecord> = {};

  before(async () => {
    // no background sweep: the list itself queues the thumbnails it finds missing
    server = await startDashboardServer({ thumbnailSweepMs: 0 });
    user = await gatewayUser(server, 'dash');
    browser = await launchChromium();
    dir = mkdtempSync(path.join(tmpdir(), 'traydrop-dashboard-'));
    configDir = path.join(dir, 'profile');
    const login = await runCli(['login', server.url, '-'], {
      configDir,
      input: `${user.token}\n`,
      env: { TRAYDROP_TOKEN_STORAGE: 'file' },
    });
    assert.equal(login.code, 0, login.stderr);
    // sixty older links straight into the index (the list only reads it), then real files on top
    const now = Date.now();
    for (let i = 0; i < 60; i++) {
      const shareId = newShareId();
      await insertUpload(server.db, {
        shareId,
        key: `users/${user.userId}/${shareId}/notes-${i}.txt`,
        userId: user.userId,
        name: i % 20 === 0 ? `invoice-${i}.pdf` : `notes-${i}.txt`,
        bytes: 2_000 + i * 300,
        contentType: i % 20 === 0 ? 'application/pdf' : 'text/plain',
        expire: '30d',
        uploadedAt: new Date(now - 86_400_000 * 2 - i * 3_600_000).toISOString(),
        expiresAt: new Date(now + 86_400_000 * 20 - i * 3_600_000).toISOString(),
        uploadId: null,
      });
    }
    shared.image = await user.share('sunset-over-the-bay.png', makePng(640, 400), 'image/png');
    shared.pdf = await user.share('quarterly-report.pdf', makePdf(), 'application/pdf');
    shared.a = await user.share('delete-me-a.txt', 'a', 'text/plain');
    shared.b = await user.share('delete-me-b.txt', 'b', 'text/plain');
    shared.keep = await user.share('keep-me.txt', 'keep', 'text/plain');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** `traydrop dashboard --print`, as a process: the link on stdout. */
  async function cliLink(): Promise<string> {
    const run = await runCli(['dashboard', '--print'], { configDir, env: { TRAYDROP_TOKEN_STORAGE: 'file' } });
    assert.equal(run.code, 0, run.stderr);
    const url = run.stdout.trim();
    assert.match(url, new RegExp(`^${server.url}/dashboard/sign-in/[A-Za-z0-9_-]{43}$`));
    return url;
  }

  async function signedIn(options: object = DESKTOP): Promise<{ context: BrowserContext; page: Page; link: string }> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const link = await cliLink();
    assert.equal((await page.goto(link))?.status(), 200);
    await Promise.all([
      page.waitForURL(`${server.url}/dashboard`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    return { context, page, link };
  }

  async function waitForThumbnail(shareId: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const row = await findThumbnail(server.db, shareId);
      if (row?.state === 'done') return;
      assert.ok(Date.now() < deadline, `thumbnail of ${shareId}: ${row?.state ?? 'no row'} after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function audit(page: Page, name: string) {
    assert.deepEqual(await accessibilityViolations(page), [], `${name}: axe finds nothing`);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
  }

  it('sign in from the CLI’s link; the cookie is HttpOnly and SameSite=Lax; the link works once', async () => {
    const { context, page, link } = await signedIn();
    assert.equal(await page.title(), 'Files · Traydrop');
    const [cookie] = await context.cookies();
    assert.equal(cookie?.name, 'traydrop_session');
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, 'Lax');
    assert.equal(cookie?.secure, false, 'plain http: no Secure (it would be dropped)');
    assert.ok(cookie!.expires * 1000 > Date.now() + 29 * 86_400_000, '30 days');
    // the same link in a fresh browser: already used
    const other = await browser.newContext();
    const again = await other.newPage();
    assert.equal((await again.goto(link))?.status(), 410);
    assert.match(await again.locator('h1').innerText(), /already used/);
    await other.close();
    await context.close();
  });

  it('files list: newest first with size, kind, expiry and state; search by name; paging by cursor', async () => {
    const { context, page } = await signedIn();
    const names = await page.locator('table.files td.name > a').allInnerTexts();
    assert.equal(names.length, 50, 'a page of 50');
    assert.deepEqual(names.slice(0, 5), [
      'keep-me.txt',
      'delete-me-b.txt',
      'delete-me-a.txt',
      'quarterly-report.pdf',
      'sunset-over-the-bay.png',
    ]);
    const imageRow = page.locator('tr', { has: page.getByRole('link', { name: 'sunset-over-the-bay.png' }) });
    assert.match(await imageRow.innerText(), /64\.\d KB|\d+(\.\d)? KB/);
    assert.match(await imageRow.innerText(), /image/);
    assert.match(await imageRow.innerText(), /in 7 days/);
    assert.match(await imageRow.innerText(), /Live/);
    // no thumbnail row yet (the sweep is off): the kind's icon, and the page queued the thumbnail in the background
    const pdfRow = page.locator('tr', { has: page.getByRole('link', { name: 'quarterly-report.pdf' }) });
    assert.equal(await pdfRow.locator('td.preview [data-kind="pdf"] svg').count(), 1, 'a PDF shows its icon');
    assert.equal(await pdfRow.locator('img').count(), 0);
    await waitForThumbnail(shared.image!.shareId);
    await page.reload();
    // the server-made thumbnail (640x400 → 480x300 WebP), read from this origin by the owner's session, lazily
    const thumb = imageRow.locator('img.thumb');
    assert.equal(await thumb.getAttribute('alt'), 'Thumbnail of sunset-over-the-bay.png');
    assert.equal(await thumb.getAttribute('loading'), 'lazy');
    assert.equal(await thumb.getAttribute('src'), `/v1/files/${shared.image!.shareId}/thumbnail`);
    await page.waitForFunction(() => {
      const img = document.querySelector('img.thumb') as HTMLImageElement | null;
      return img?.complete && img.naturalWidth > 0;
    });
    assert.deepEqual(
      await thumb.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight, img.width, img.height]),
      [480, 300, 48, 48],
    );
    assert.equal(await pdfRow.locator('td.preview [data-kind="pdf"] svg').count(), 1, 'still the icon');
    await Promise.all([page.waitForURL(/cursor=/), page.getByRole('link', { name: 'Next page' }).click()]);
    const rest = await page.locator('table.files td.name > a').allInnerTexts();
    assert.equal(rest.length, 15, '65 links: 50 + 15');
    assert.equal(new Set([...names, ...rest]).size, 65);
    assert.equal(await page.getByRole('link', { name: 'Next page' }).count(), 0);
    await page.getByRole('link', { name: 'First page' }).click();
    await page.getByLabel('Name').fill('INVOICE');
    await Promise.all([page.waitForURL(/q=INVOICE/), page.getByRole('button', { name: 'Show' }).click()]);
    assert.deepEqual(await page.locator('table.files td.name > a').allInnerTexts(), [
      'invoice-0.pdf',
      'invoice-20.pdf',
      'invoice-40.pdf',
    ]);
    await page.getByLabel('Name').fill('');
    await page.getByLabel('Kind').selectOption('pdf');
    await page.getByLabel('Sort').selectOption('size');
    await Promise.all([page.waitForURL(/sort=size/), page.getByRole('button', { name: 'Show' }).click()]);
    assert.deepEqual(await page.locator('table.files td.name > a').allInnerTexts(), [
      'invoice-40.pdf',
      'invoice-20.pdf',
      'invoice-0.pdf',
      'quarterly-report.pdf',
    ]);
    await context.close();
  });

  it('uploading: a multipart upload reserved and not completed is listed as uploading, then live once completed', async () => {
    const clip = await startUpload(server, user, 'screen-recording.mp4', Buffer.alloc(48_000, 7), 'video/mp4');
    const still = await startUpload(server, user, 'big-export.zip', Buffer.alloc(120_000, 3), 'application/zip');
    const { context, page } = await signedIn();
    const rows = page.locator('tr.in-flight');
    assert.equal(await rows.count(), 2, 'first in the list');
    const row = rows.filter({ hasText: 'screen-recording.mp4' });
    assert.match(await row.innerText(), /\b48 KB\b/);
    assert.match(await row.innerText(), /Started just now/);
    assert.equal(await row.locator('.state.uploading').innerText(), 'Uploading');
    assert.equal(await row.getByRole('link').count(), 0, 'no link to open yet');
    assert.equal(await row.getByRole('checkbox').count(), 0, 'nothing to select');
    await page.getByLabel('State').selectOption('uploading');
    await Promise.all([page.waitForURL(/state=uploading/), page.getByRole('button', { name: 'Show' }).click()]);
    assert.deepEqual(await page.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.className)), [
      'in-flight',
      'in-flight',
    ]);
    const done = await clip.finish();
    await page.reload();
    assert.equal(await page.locator('tr.in-flight').count(), 1, 'the other one is still uploading');
    await page.getByLabel('State').selectOption('live');
    await Promise.all([page.waitForURL(/state=live/), page.getByRole('button', { name: 'Show' }).click()]);
    const live = page.locator('tr', { has: page.getByRole('link', { name: 'screen-recording.mp4' }) });
    assert.equal(await live.locator('.state').innerText(), 'Live');
    assert.equal(await page.locator('tr.in-flight').count(), 0);
    assert.equal((await fetch(`${server.url}${pathOf(done)}/raw`)).status, 200, 'the link works');
    assert.ok(still.key, 'big-export.zip stays in flight for the screenshots');
    await context.close();
  });

  it('bulk delete: the links answer 404, their objects are gone from RGW, the others stay', async () => {
    const { context, page } = await signedIn();
    await page.getByLabel('Select delete-me-a.txt').check();
    await page.getByLabel('Select delete-me-b.txt').check();
    await Promise.all([page.waitForURL(/deleted=2/), page.getByRole('button', { name: 'Delete selected' }).click()]);
    assert.equal(await page.getByRole('status').innerText(), 'Deleted 2 links.');
    const names = await page.locator('table.files td.name > a').allInnerTexts();
    assert.ok(
      !names.includes('delete-me-a.txt') && !names.includes('delete-me-b.txt') && names.includes('keep-me.txt'),
    );
    const s3 = adminS3(server.rgw);
    for (const gone of [shared.a!, shared.b!]) {
      assert.equal((await fetch(server.url + pathOf(gone))).status, 404, `${gone.name}: link gone`);
      await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: server.rgw.bucket, Key: gone.key })), /NotFound/);
    }
    assert.equal((await fetch(`${server.url}${pathOf(shared.keep!)}/raw`)).status, 200);
    await context.close();
  });

  describe('a forged form post from another origin', () => {
    let evil: Server;
    let evilPort: number;
    before(async () => {
      // the attacker's page: a form that posts to the dashboard's bulk delete, without the CSRF token
      evil = createServer((req, res) => {
        const target = new URL(req.url!, 'http://x').searchParams.get('target')!;
        res.setHeader('content-type', 'text/html');
        res.end(`<!doctype html><title>Win a prize</title>
<form method="post" action="${target}"><input type="hidden" name="id" value="${shared.keep!.shareId}">
<button>Claim</button></form>`);
      });
      await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
      evilPort = (evil.address() as { port: number }).port;
    });
    after(() => new Promise<void>((resolve) => evil.close(() => resolve())));

    for (const host of ['127.0.0.1', 'localhost']) {
      const site =
        host === '127.0.0.1'
          ? 'same site, other port: the cookie goes along'
          : 'another site: SameSite=Lax keeps the cookie home';
      it(`from http://${host}:<port> (${site}): refused, nothing deleted`, async () => {
        const { context, page } = await signedIn();
        const target = `${server.url}/dashboard/files/delete`;
        await page.goto(`http://${host}:${evilPort}/?target=${encodeURIComponent(target)}`);
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.url() === target),
          page.getByRole('button', { name: 'Claim' }).click(),
        ]);
        assert.equal(response.status(), host === '127.0.0.1' ? 403 : 401);
        assert.equal(
          (await fetch(`${server.url}${pathOf(shared.keep!)}/raw`)).status,
          200,
          'keep-me.txt is still there',
        );
        await context.close();
      });
    }
  });

  it('sessions: this browser is listed; revoking another signs it out; sign out', async () => {
    const first = await signedIn();
    const second = await signedIn();
    await second.page.getByRole('link', { name: 'Sessions' }).click();
    const rows = second.page.locator('tbody tr');
    assert.ok((await rows.count()) >= 2);
    assert.match(await second.page.locator('tbody tr', { hasText: 'this browser' }).innerText(), /Chrome on Linux/);
    // revoke the first browser's session (the newest other one: it signed in just before)
    const others = second.page.locator('tbody tr', { hasNotText: 'this browser' });
    await Promise.all([second.page.waitForURL(/\/dashboard\/sessions$/), others.first().getByRole('button').click()]);
    assert.equal((await first.page.reload())?.status(), 401);
    assert.match(await first.page.locator('h1').innerText(), /not signed in/);
    await Promise.all([
      second.page.waitForURL(`${server.url}/dashboard`),
      second.page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
    assert.match(await second.page.locator('h1').innerText(), /not signed in/);
    assert.deepEqual(await second.context.cookies(), [], 'the cookie is gone');
    await first.context.close();
    await second.context.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const [size, options] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`axe finds nothing: ${scheme}, ${size} (screenshots)`, async () => {
        const { context, page } = await signedIn({ ...options, colorScheme: scheme });
        await page.waitForFunction(() => [...document.images].every((i) => i.complete));
        if (size === 'phone')
          assert.ok(
            await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
            'no sideways scrolling at 375 px',
          );
        await audit(page, `dashboard-files-${scheme}-${size}`);
        await page.goto(`${server.url}/dashboard/sessions`);
        await audit(page, `dashboard-sessions-${scheme}-${size}`);
        const link = await cliLink();
        await page.goto(link);
        await audit(page, `dashboard-sign-in-${scheme}-${size}`);
        await context.close();
      });
    }
  }
});
