/**
 * The settings window in Chromium, on the app's own main process (startApp with the fake Electron: its IPC
 * guards, validation and handlers, settings store and account; see renderer-app.ts) and the real server:
 * pairing (a wrong token is refused by the real server), expiry rules edited and saved (read back through
 * getSettings, in the app's settings store, and from the server's PUT/GET /v1/settings), per-field errors
 * (client-side and refused by main, e.g. a hotkey taken by another app), custom domain status, folders,
 * keyboard hotkey entry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FILES_API, type SettingsResponse } from '../../common/broker-api.ts';
import { startRendererApp, type RendererApp } from '../helpers/renderer-app.ts';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type RendererHarness,
} from '../helpers/renderer-page.ts';
import { saveScreenshot } from '../helpers/renderer-screenshots.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';

const WINDOW = { width: 720, height: 760 };
/**
 * A hotkey another app holds (the fake's globalShortcut refuses it), pressed as Ctrl+Shift+2: none of the
 * app's default hotkeys (Ctrl+Shift+3 to 9 on Linux) uses it.
 */
const TAKEN_ACCELERATOR = 'CommandOrControl+Shift+2';
const TAKEN_KEYS = 'Control+Shift+2';

describe("settings window on the app's own IPC handlers, the real core and server", { skip: CHROMIUM_MISSING }, () => {
  let server: TestServer;
  let app: RendererApp;
  let harness: RendererHarness;
  let userId: string;
  let token: string;

  before(async () => {
    server = await startTestServer();
    harness = await startRendererHarness();
    app = await startRendererApp(harness);
    app.fake.taken.add(TAKEN_ACCELERATOR);
    userId = uniqueUserId('settings');
    token = server.createToken(userId);
  });
  after(async () => {
    await app?.close();
    await harness?.close();
    await server?.close();
  });

  it('pairs with the server: a wrong token is refused, the right one shows who we are', async () => {
    const open = await app.open('settings', { viewport: WINDOW });
    const { page } = open;
    assert.equal(await page.locator('#paired').isVisible(), false);
    await page.getByLabel('Server URL').fill(server.url);
    await page.getByLabel('Pairing token').fill('not-a-real-token');
    await page.getByRole('button', { name: 'Pair', exact: true }).click();
    await page.locator('#pair-error:not(:empty)').waitFor();
    assert.match((await page.locator('#pair-error').textContent()) ?? '', /token|401|unauthori/i);

    await page.getByLabel('Pairing token').fill(token);
    await page.getByLabel('Pairing token').press('Enter');
    await page.locator('#paired').waitFor();
    // the app's settingsChanged (the pairing stored) can show the paired panel before pair() answers with the links'
    // address: wait for the answer
    await page.waitForFunction(() => document.querySelector('#save-status')?.textContent === 'Paired');
    assert.equal(await page.locator('#paired-user').textContent(), userId);
    assert.equal(await page.locator('#paired-server').textContent(), server.url);
    assert.match((await page.locator('#share-base').textContent()) ?? '', /share\.example\.test/);
    assert.equal(app.settings().userId, userId);
    assert.equal(await page.getByLabel('Pairing token').isVisible(), false, 'the token field is gone');
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('expiry rules: default, per kind and per extension are validated, saved and read back', async () => {
    const open = await app.open('settings', { viewport: WINDOW });
    const { page } = open;
    await page.getByLabel('Default expiry').selectOption('7d');
    await page.getByLabel('Screenshots expiry').selectOption('90d');
    await page.getByLabel('Recordings expiry').selectOption('1d');
    await page.getByLabel('Other files expiry').selectOption('');

    // a bad extension is refused in place, nothing is added
    await page.getByLabel('New extension', { exact: true }).fill('no way');
    await page.getByRole('button', { name: 'Add rule' }).click();
    assert.match((await page.locator('#ext-error').textContent()) ?? '', /1 to 16 letters or digits/);
    assert.equal(await page.getByLabel('New extension', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#ext-rules tr').count(), 0);

    for (const [ext, expiry] of [
      ['.MP4', '1d'],
      ['png', 'never'],
      ['zip', '365d'],
    ] as const) {
      await page.getByLabel('New extension', { exact: true }).fill(ext);
      await page.getByLabel('Expiry for the new extension').selectOption(expiry);
      await page.getByLabel('New extension', { exact: true }).press('Enter');
    }
    assert.deepEqual(
      await page.locator('#ext-rules tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ext'))),
      ['mp4', 'png', 'zip'],
    );
    assert.equal(await page.locator('#ext-error').textContent(), '');
    await page.getByRole('button', { name: 'Remove the rule for .png' }).click();
    await page.locator('#ext-rule-zip').selectOption('90d');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction(() => document.querySelector('#save-status')?.textContent === 'Saved');

    const expected = {
      default: '7d',
      byKind: { screenshot: '90d', recording: '1d' },
      byExtension: { mp4: '1d', zip: '90d' },
    };
    assert.deepEqual(app.settings().expiryRules, expected, "in the app's settings store");
    assert.deepEqual((await app.call('settings', 'getSettings')).expiryRules, expected, 'through getSettings');
    const remote = await server.call<SettingsResponse>('GET', FILES_API.settings, token);
    assert.deepEqual(remote.body.expiryRules, expected, 'synced to the server');

    // a fresh window shows what was saved
    const again = await app.open('settings', { viewport: WINDOW });
    assert.equal(await again.page.getByLabel('Default expiry').inputValue(), '7d');
    assert.equal(await again.page.getByLabel('Screenshots expiry').inputValue(), '90d');
    assert.equal(await again.page.getByLabel('Other files expiry').inputValue(), '');
    assert.equal(await again.page.locator('#ext-rule-mp4').inputValue(), '1d');
    await again.close();
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('per-field errors: bad numbers stop the save in place; a hotkey taken by another app is shown inline', async () => {
    const open = await app.open('settings', { viewport: WINDOW });
    const { page } = open;
    const saves = () => open.calls.filter(([m]) => m === 'saveSettings').length;

    await page.getByLabel('Frames per second').fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.match((await page.locator('[data-error-for="recording.fps"]').textContent()) ?? '', /1 to 60/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'rec-fps', 'focus goes to the bad field');
    assert.equal(saves(), 0, 'nothing sent');
    await page.getByLabel('Frames per second').fill('24');

    // hotkeys are entered by pressing them
    const field = page.getByLabel('Capture window');
    await field.focus();
    await page.keyboard.press(TAKEN_KEYS);
    assert.equal(await field.inputValue(), TAKEN_ACCELERATOR);
    await page.getByLabel('Record region').focus();
    await page.keyboard.press('Alt+Shift+KeyR');
    assert.equal(await page.getByLabel('Record region').inputValue(), 'Alt+Shift+R');
    await page.getByLabel('Upload clipboard').focus();
    await page.keyboard.press('Backspace');
    assert.equal(await page.getByLabel('Upload clipboard').inputValue(), '', 'Backspace clears');

    await page.getByLabel('Domain', { exact: true }).fill('files.example.org');
    await page.getByLabel('Keep local copies', { exact: true }).selectOption('delete-after-upload');
    await page.getByText('Also make a GIF').click();
    await page.getByLabel('Record the microphone').check();
    await page.getByRole('button', { name: 'Choose…' }).first().click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction(() => document.querySelector('#save-status')?.textContent?.startsWith('Saved, except'));

    assert.match((await page.locator('#hotkey-captureWindow-error').textContent()) ?? '', /taken by another app/i);
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.match((await page.locator('#summary').textContent()) ?? '', /One setting was not saved/);
    assert.equal(app.settings().recording.fps, 24);
    assert.equal(app.settings().recording.gif, true);
    assert.equal(app.settings().recording.microphone, true);
    assert.equal(app.settings().retention, 'delete-after-upload');
    assert.equal(app.settings().hotkeys.recordRegion, 'Alt+Shift+R');
    assert.equal(app.settings().hotkeys.uploadClipboard, '');
    assert.match(app.settings().capturesFolder, /Chosen captures$/);
    assert.equal(app.settings().customDomain, 'files.example.org');

    // the domain is claimed on the server and waits for verification
    await page.waitForFunction(() => document.querySelector('#domain-status')?.textContent === 'pending');
    assert.match((await page.locator('#domain-instructions').textContent()) ?? '', /_traydrop\.files\.example\.org/);
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('screenshots, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const open = await app.open('settings', { viewport: WINDOW, colorScheme });
      await open.page.getByLabel('Capture window').focus();
      await open.page.keyboard.press(TAKEN_KEYS);
      await open.page.getByRole('button', { name: 'Save' }).click();
      await open.page.waitForFunction(() => document.querySelector('#save-status')?.textContent?.startsWith('Saved'));
      // the whole form in one picture: a window as tall as the page (the Save bar sticks to its bottom)
      const height = await open.page.evaluate(() => document.documentElement.scrollHeight);
      await open.page.setViewportSize({ width: WINDOW.width, height });
      await saveScreenshot(open.page, `settings-${colorScheme}`);
      assert.deepEqual(await accessibilityViolations(open.page), []);
      await open.close();
    }
  });
});
