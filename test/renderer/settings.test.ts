/**
 * The settings window in Chromium, on the app's own main process (startApp with the fake Electron: its IPC
 * guards, validation and handlers, settings store and account; see renderer-app.ts) and the real server:
 * pairing (a wrong token is refused by the real server), expiry rules edited and saved (read back through
 * getSettings, in the app's settings store, and from the server's PUT/GET /v1/settings), per-field errors
 * (client-side and refused by main, e.g. a hotkey taken by another app), custom domain status, folders,
 * keyboard hotkey entry: the keys as pressed on each platform (the page asks main which one it runs on), and
 * CommandOrControl only when the user ticks Cmd/Ctrl.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { FILES_API, type SettingsResponse } from '../../common/broker-api.ts';
import { startRendererApp, type RendererApp } from '../helpers/renderer-app.ts';
import {
  CHROMIUM_MISSING,
  pageProblems,
  startRendererHarness,
  type RendererHarness,
} from '../helpers/renderer-page.ts';
import { saveScreenshot, SCREENSHOT_DIR } from '../helpers/renderer-screenshots.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { defaultHotkeys } from '../../main/settings/index.ts';
import { VERSION } from '../../common/version.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';

const WINDOW = { width: 720, height: 760 };
/**
 * A hotkey another app holds (the fake's globalShortcut refuses it), pressed as Ctrl+Shift+2: none of the
 * app's default hotkeys (Ctrl+Shift+3 to 9 on Linux) uses it.
 */
const TAKEN_ACCELERATOR = 'Control+Shift+2';
const TAKEN_KEYS = 'Control+Shift+2';
type Platform = 'darwin' | 'linux' | 'win32';
/** A key event as a platform's Chromium delivers it but Playwright's keyboard cannot type (⌥J is "∆" on a Mac). */
interface KeyInit {
  key: string;
  code: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
}

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
    token = await server.createToken(userId);
  });
  after(async () => {
    await app?.close();
    await harness?.close();
    await server?.close();
  });

  /** The settings page on the app's handlers, told by getPlatform that it runs on `platform` (main here is Linux). */
  const openAs = (platform: Platform, colorScheme: 'light' | 'dark' = 'light') =>
    harness.open(
      'settings',
      { ...app.api('settings'), getPlatform: async () => platform },
      { viewport: WINDOW, colorScheme },
    );
  const hotkeyField = (open: { page: Page }, label: string) => open.page.getByLabel(label, { exact: true });
  const portableBox = (open: { page: Page }, label: string) =>
    open.page.getByRole('checkbox', { name: new RegExp(`^${label}: Cmd/Ctrl`) });
  const dispatchKey = (field: Locator, init: KeyInit) =>
    field.evaluate(
      (el, i) => el.dispatchEvent(new KeyboardEvent('keydown', { ...i, bubbles: true, cancelable: true })),
      init,
    );
  const saveAndWait = async (open: { page: Page }) => {
    await open.page.getByRole('button', { name: 'Save' }).click();
    await open.page.waitForFunction(() => document.querySelector('#save-status')?.textContent === 'Saved');
  };

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
    const field = page.getByLabel('Capture window', { exact: true });
    await field.focus();
    await page.keyboard.press(TAKEN_KEYS);
    assert.equal(await field.inputValue(), TAKEN_ACCELERATOR);
    await page.getByLabel('Record region', { exact: true }).focus();
    await page.keyboard.press('Alt+Shift+KeyR');
    assert.equal(await page.getByLabel('Record region', { exact: true }).inputValue(), 'Alt+Shift+R');
    await page.getByLabel('Upload clipboard', { exact: true }).focus();
    await page.keyboard.press('Backspace');
    assert.equal(await page.getByLabel('Upload clipboard', { exact: true }).inputValue(), '', 'Backspace clears');

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

  it("the page asks main for the platform: Linux's Super is Super, not Ctrl", async () => {
    assert.equal(await app.call('settings', 'getPlatform'), 'linux');
    await assert.rejects(
      (app.api('settings').getPlatform as (...a: unknown[]) => Promise<unknown>)('darwin'),
      /expected 0 arguments/,
    );
    const open = await app.open('settings', { viewport: WINDOW });
    assert.ok(
      open.calls.some(([method]) => method === 'getPlatform'),
      'the platform comes through the contract',
    );
    const field = hotkeyField(open, 'Record region');
    await field.focus();
    await open.page.keyboard.press('Meta+KeyK');
    assert.equal(await field.inputValue(), 'Super+K');
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('screenshots, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const open = await app.open('settings', { viewport: WINDOW, colorScheme });
      await open.page.getByLabel('Capture window', { exact: true }).focus();
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

  it('About: the version and the log folder from main; the button opens the folder, or says why not', async () => {
    const open = await app.open('settings', { viewport: WINDOW });
    const { page } = open;
    const about = page.getByRole('region', { name: 'About' });
    const folder = path.join(app.root, 'home', '.config', 'Traydrop', 'logs');
    await page.locator('#about-log-folder:not(:empty)').waitFor();
    assert.equal(await about.locator('#about-version').textContent(), '0.0.0-test', "the fake's app.getVersion()");
    assert.equal(await about.locator('#about-log-folder').textContent(), folder, "the fake's app.getPath('logs')");
    assert.ok(
      open.calls.some(([method]) => method === 'getAbout'),
      'through the contract',
    );

    await about.getByRole('button', { name: 'Open log folder' }).click();
    await waitFor('shell.openPath', () => (app.fake.openedPaths.length > 0 ? true : undefined));
    assert.deepEqual(app.fake.openedPaths, [folder]);
    assert.equal(await page.locator('#log-folder-error').textContent(), '');

    const openPath = app.fake.electron.shell.openPath;
    app.fake.electron.shell.openPath = async () => 'No application knows how to open folders';
    try {
      await about.getByRole('button', { name: 'Open log folder' }).click();
      await page.locator('#log-folder-error:not(:empty)').waitFor();
      assert.match(
        (await page.locator('#log-folder-error').textContent()) ?? '',
        /^Could not open it: .*No application knows how to open folders/,
      );
    } finally {
      app.fake.electron.shell.openPath = openPath;
    }
    assert.deepEqual(await accessibilityViolations(page), []);
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('screenshots of About, light and dark', async () => {
    // a folder as a user's Linux desktop has it, not the test's temp folder
    const about = async () => ({ version: VERSION, logFolder: '/home/alice/.config/Traydrop/logs' });
    for (const colorScheme of ['light', 'dark'] as const) {
      const open = await harness.open(
        'settings',
        { ...app.api('settings'), getAbout: about },
        { viewport: WINDOW, colorScheme },
      );
      await open.page.locator('#about-log-folder:not(:empty)').waitFor();
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await open.page.locator('section[aria-labelledby="h-about"]').screenshot({
        path: path.join(SCREENSHOT_DIR, `settings-about-${colorScheme}.png`),
        animations: 'disabled',
        caret: 'hide',
      });
      assert.deepEqual(await accessibilityViolations(open.page), [], colorScheme);
      await open.close();
    }
  });

  it('macOS: Ctrl+Shift+4 is saved as Control (not the system screenshot key Cmd+Shift+4), Cmd as Command', async () => {
    const open = await openAs('darwin');
    // Chromium on a Mac: Ctrl is ctrlKey, Cmd is metaKey
    await hotkeyField(open, 'Capture region').focus();
    await open.page.keyboard.press('Control+Shift+Digit4');
    assert.equal(await hotkeyField(open, 'Capture region').inputValue(), 'Control+Shift+4');
    assert.equal(await portableBox(open, 'Capture region').isDisabled(), true, "a Mac's Ctrl has no Cmd/Ctrl choice");
    assert.equal(await portableBox(open, 'Capture region').isChecked(), false);

    await hotkeyField(open, 'Capture screen').focus();
    await open.page.keyboard.press('Meta+Shift+Digit3');
    assert.equal(await hotkeyField(open, 'Capture screen').inputValue(), 'Command+Shift+3');
    assert.equal(await portableBox(open, 'Capture screen').isChecked(), false, 'CommandOrControl only when chosen');

    // the explicit choice: Cmd here, Ctrl on Windows and Linux
    await hotkeyField(open, 'Capture window').focus();
    await open.page.keyboard.press('Meta+Alt+Shift+Digit5');
    assert.equal(await hotkeyField(open, 'Capture window').inputValue(), 'Command+Alt+Shift+5');
    await portableBox(open, 'Capture window').check();
    assert.equal(await hotkeyField(open, 'Capture window').inputValue(), 'CommandOrControl+Alt+Shift+5');

    // Option makes event.key a special character (⌥J is "∆"): the key is J
    await dispatchKey(hotkeyField(open, 'Record screen'), { key: '∆', code: 'KeyJ', metaKey: true, altKey: true });
    assert.equal(await hotkeyField(open, 'Record screen').inputValue(), 'Command+Alt+J');

    await saveAndWait(open);
    const saved = app.settings().hotkeys;
    assert.equal(saved.captureRegion, 'Control+Shift+4');
    assert.equal(saved.captureScreen, 'Command+Shift+3');
    assert.equal(saved.captureWindow, 'CommandOrControl+Alt+Shift+5');
    assert.equal(saved.recordScreen, 'Command+Alt+J');
    // after the save the form shows what was saved, the choice with it
    assert.equal(await portableBox(open, 'Capture window').isChecked(), true);
    assert.deepEqual(await accessibilityViolations(open.page), []);
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('Linux: Super+K is saved as Super+K, Ctrl as Control; letters by their label on a German layout', async () => {
    const open = await openAs('linux');
    await hotkeyField(open, 'Capture region').focus();
    await open.page.keyboard.press('Meta+KeyK');
    assert.equal(await hotkeyField(open, 'Capture region').inputValue(), 'Super+K');
    assert.equal(await portableBox(open, 'Capture region').isDisabled(), true);

    await hotkeyField(open, 'Capture screen').focus();
    await open.page.keyboard.press('Control+Alt+KeyK');
    assert.equal(await hotkeyField(open, 'Capture screen').inputValue(), 'Control+Alt+K');
    await portableBox(open, 'Capture screen').check();
    assert.equal(await hotkeyField(open, 'Capture screen').inputValue(), 'CommandOrControl+Alt+K');
    await portableBox(open, 'Capture screen').uncheck();
    assert.equal(await hotkeyField(open, 'Capture screen').inputValue(), 'Control+Alt+K');

    // QWERTZ: the key labelled Z is where US keyboards have Y (code KeyY); Electron's "Z" on Linux is the Z label
    await dispatchKey(hotkeyField(open, 'Record screen'), { key: 'Z', code: 'KeyY', ctrlKey: true, shiftKey: true });
    assert.equal(await hotkeyField(open, 'Record screen').inputValue(), 'Control+Shift+Z');

    await saveAndWait(open);
    const saved = app.settings().hotkeys;
    assert.equal(saved.captureRegion, 'Super+K');
    assert.equal(saved.captureScreen, 'Control+Alt+K');
    assert.equal(saved.recordScreen, 'Control+Shift+Z');
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('Windows: the Windows key is saved as Super, Ctrl as Control', async () => {
    const open = await openAs('win32');
    await hotkeyField(open, 'Capture region').focus();
    await open.page.keyboard.press('Meta+Shift+KeyS');
    assert.equal(await hotkeyField(open, 'Capture region').inputValue(), 'Shift+Super+S');
    await hotkeyField(open, 'Capture screen').focus();
    await open.page.keyboard.press('Control+Shift+Digit3');
    assert.equal(await hotkeyField(open, 'Capture screen').inputValue(), 'Control+Shift+3');
    assert.equal(await portableBox(open, 'Capture screen').isDisabled(), false);

    await saveAndWait(open);
    const saved = app.settings().hotkeys;
    assert.equal(saved.captureRegion, 'Shift+Super+S');
    assert.equal(saved.captureScreen, 'Control+Shift+3');
    assert.deepEqual(await pageProblems(open), []);
    await open.close();
  });

  it('screenshots of the hotkeys on a Mac, light and dark: Ctrl, Cmd, and Cmd/Ctrl ticked', async () => {
    await app.call('settings', 'saveSettings', { hotkeys: defaultHotkeys('darwin') });
    for (const colorScheme of ['light', 'dark'] as const) {
      const open = await openAs('darwin', colorScheme);
      await hotkeyField(open, 'Capture region').focus();
      await open.page.keyboard.press('Control+Shift+Digit4');
      await hotkeyField(open, 'Capture window').focus();
      await open.page.keyboard.press('Meta+Shift+Digit5');
      assert.equal(await portableBox(open, 'Capture screen').isChecked(), true, 'the default is CommandOrControl');
      const section = open.page.locator('section[aria-labelledby="h-hotkeys"]');
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await section.screenshot({
        path: path.join(SCREENSHOT_DIR, `settings-hotkeys-${colorScheme}.png`),
        animations: 'disabled',
        caret: 'hide',
      });
      assert.deepEqual(await accessibilityViolations(open.page), []);
      await open.close();
    }
  });
});
