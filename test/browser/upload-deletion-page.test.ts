/**
 * The deletion URL of POST /v1/upload in Debian's Chromium, as ShareX opens it: the confirmation page passes the
 * axe audit light and dark on a phone's width, its button deletes under the page's strict CSP (a form, no script),
 * and the link answers 404 after. Screenshots: docs/screenshots/upload-deletion-{light,dark}.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { saveScreenshot } from '../helpers/renderer-screenshots.ts';
import { startTestServer, type TestServer, uniqueUserId } from '../helpers/server.ts';
import { makePng } from './fixtures.ts';
import { CHROMIUM_MISSING, launchChromium } from '../helpers/page-browser.ts';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe('the deletion page in Chromium', { skip: CHROMIUM_MISSING }, () => {
  let server: TestServer;
  let browser: Browser;
  let token: string;

  before(async () => {
    server = await startTestServer();
    token = await server.createToken(uniqueUserId('sharex'));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function upload(name: string): Promise<{ url: string; deletion_url: string }> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(makePng(320, 200))]), name);
    const response = await fetch(`${server.url}/v1/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    assert.equal(response.status, 200);
    return (await response.json()) as { url: string; deletion_url: string };
  }

  const local = (url: string): string => server.url + new URL(url).pathname;

  async function open(url: string, colorScheme: 'light' | 'dark'): Promise<Page> {
    const page = await (await browser.newContext({ ...PHONE, colorScheme })).newPage();
    const response = await page.goto(local(url));
    assert.equal(response?.status(), 200);
    return page;
  }

  it('asks, passes the audit light and dark, and its button deletes the link', async () => {
    const { url, deletion_url } = await upload('screenshot-2026-12-06.png');
    for (const scheme of ['light', 'dark'] as const) {
      const page = await open(deletion_url, scheme);
      assert.equal(await page.title(), 'Delete screenshot-2026-12-06.png?');
      await page.getByRole('heading', { name: 'Delete screenshot-2026-12-06.png?' }).waitFor();
      assert.deepEqual(await accessibilityViolations(page), [], `axe, ${scheme}`);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, scheme === 'dark' ? 'rgb(14, 17, 22)' : 'rgb(246, 247, 249)', `${scheme} theme`);
      await saveScreenshot(page, `upload-deletion-${scheme}`);
      await page.context().close();
    }
    assert.equal((await fetch(`${local(url)}/raw`)).status, 200, 'looking at the page deletes nothing');

    const page = await open(deletion_url, 'light');
    await Promise.all([page.waitForURL(local(deletion_url)), page.getByRole('button', { name: 'Delete' }).click()]);
    await page.getByRole('heading', { name: 'screenshot-2026-12-06.png is deleted' }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), []);
    assert.equal((await fetch(`${local(url)}/raw`)).status, 404, 'the link is gone');
    const again = await page.goto(local(deletion_url));
    assert.equal(again?.status(), 404, 'the deletion URL ends with its link');
    await page.context().close();
  });
});
