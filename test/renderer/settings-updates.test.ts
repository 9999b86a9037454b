/**
 * The settings window's Updates section in Chromium, on the app's own main process (startApp with the fake
 * Electron, test/helpers/renderer-app.ts): the checkbox and the feed field show the stored settings, a plain-http
 * feed is refused by main and the reason is shown next to the field (the checkbox is saved all the same), an
 * https feed and "off" are saved in the app's settings store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { startRendererApp, type RendererApp } from '../helpers/renderer-app.ts';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type RendererHarness,
} from '../helpers/renderer-page.ts';

describe('settings window: Updates', { skip: CHROMIUM_MISSING }, () => {
  let harness: RendererHarness;
  let app: RendererApp;

  before(async () => {
    harness = await startRendererHarness();
    app = await startRendererApp(harness);
  });
  after(async () => {
    await app?.close();
    await harness?.close();
  });

  it('shows, checks and saves the update settings', async () => {
    const open = await app.open('settings', { viewport: { width: 720, height: 760 } });
    const { page } = open;
    const enabled = page.getByLabel('Check for updates when Traydrop starts and every 6 hours');
    const feed = page.getByLabel('Update feed', { exact: true });
    assert.equal(await enabled.isChecked(), true, 'on by default');
    assert.equal(await feed.inputValue(), '', 'no feed of its own: the build’s');

    await enabled.uncheck();
    await feed.fill('http://updates.example.org/traydrop/');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction(() => document.querySelector('#save-status')?.textContent?.startsWith('Saved, except'));
    assert.match((await page.locator('[data-error-for="updates.feedUrl"]').textContent()) ?? '', /https:\/\//);
    assert.equal(await feed.getAttribute('aria-invalid'), 'true');
    assert.deepEqual(app.settings().updates, { enabled: false, feedUrl: null }, 'the checkbox is saved all the same');

    await feed.fill('https://updates.example.org/traydrop/');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction(() => document.querySelector('#save-status')?.textContent === 'Saved');
    assert.deepEqual(app.settings().updates, { enabled: false, feedUrl: 'https://updates.example.org/traydrop/' });

    await enabled.check();
    await feed.fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction(() => document.querySelector('#save-status')?.textContent === 'Saved');
    assert.deepEqual(app.settings().updates, { enabled: true, feedUrl: null });
    assert.deepEqual(await accessibilityViolations(page), []);
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });
});
