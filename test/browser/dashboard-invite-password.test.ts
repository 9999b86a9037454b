/**
 * Invites and password sign-in in Debian's Chromium (playwright-core): an invite printed by
 * `traydrop-server user invite` (as a process) opened, a taken name refused, the account made, the first
 * device's pair link and login command shown; sign out, sign in with the password, then ten wrong passwords and
 * the lockout page (429); the Password page. The axe audit (WCAG 2.2 AA) of the new pages light and dark at
 * desktop and phone width; screenshots into docs/screenshots/ with TRAYDROP_SCREENSHOTS=1.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { startDashboardServer } from '../helpers/dashboard.ts';
import { SCREENSHOT_DIR } from '../helpers/renderer-screenshots.ts';
import { testClock, type TestServer, uniqueUserId } from '../helpers/server.ts';
import { CHROMIUM_MISSING, launchChromium } from '../helpers/page-browser.ts';

const DESKTOP = { viewport: { width: 1280, height: 860 } };
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const SERVER_BIN = fileURLToPath(new URL('../../bin/traydrop-server.js', import.meta.url));
const PASSWORD = 'a long and memorable passphrase';

describe('invites and passwords in Chromium', { skip: CHROMIUM_MISSING }, () => {
  const clock = testClock();
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startDashboardServer({ now: clock.now });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  function invite(): Promise<string> {
    const env = { ...process.env, ...server.databaseEnv(), SHARE_BASE_URL: server.url };
    return new Promise((resolve, reject) =>
      execFile(process.execPath, ['--no-warnings', SERVER_BIN, 'user', 'invite'], { env }, (error, stdout, stderr) =>
        error ? reject(new Error(stderr)) : resolve(stdout.trim()),
      ),
    );
  }

  async function audit(page: Page, name: string) {
    assert.deepEqual(await accessibilityViolations(page), [], `${name}: axe finds nothing`);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
  }

  async function fill(page: Page, fields: Record<string, string>, button: string) {
    for (const [label, value] of Object.entries(fields)) await page.getByLabel(label).fill(value);
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.waitForLoadState();
  }

  it('invite → a taken name refused → account, first device shown → sign out → password → lockout', async () => {
    const taken = uniqueUserId('taken');
    await server.createToken(taken);
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    assert.equal((await page.goto(await invite()))?.status(), 200);
    await fill(page, { 'User name': taken, 'Password (at least 12 characters': PASSWORD }, 'Create account');
    assert.match(await page.getByRole('alert').innerText(), /is taken/);

    const name = uniqueUserId('newbie');
    await fill(page, { 'User name': name, 'Password (at least 12 characters': PASSWORD }, 'Create account');
    assert.equal(await page.locator('h1').innerText(), `Welcome, ${name}`);
    const pair = await page.getByRole('link', { name: 'Pair the Traydrop app' }).getAttribute('href');
    const token = await page.locator('code.secret').innerText();
    assert.equal(pair, `traydrop://pair?server=${encodeURIComponent(server.url)}&token=${token}`);
    assert.match(await page.locator('main').innerText(), new RegExp(`traydrop login ${server.url} ${token}`));
    const me = await server.call<{ userId: string }>('GET', '/v1/me', token);
    assert.equal(me.status, 200);

    await page.getByRole('link', { name: 'Go to your files' }).click();
    await page.waitForURL(`${server.url}/dashboard`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('h1').innerText(), /not signed in/);
    await page.getByRole('link', { name: 'sign in with your password' }).click();
    await fill(page, { 'User name': name, Password: PASSWORD }, 'Sign in');
    assert.equal(page.url(), `${server.url}/dashboard`);
    assert.equal(await page.title(), 'Files · Traydrop');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${server.url}/dashboard/sign-in`);
    for (let i = 0; i < 10; i++) {
      await fill(page, { 'User name': name, Password: `not it, try ${i}` }, 'Sign in');
      assert.match(await page.getByRole('alert').innerText(), /Wrong user name or password/);
    }
    const locked = page.waitForResponse((r) => r.request().method() === 'POST');
    await fill(page, { 'User name': name, Password: PASSWORD }, 'Sign in');
    const answer = await locked;
    assert.equal(answer.status(), 429);
    assert.ok(Number(answer.headers()['retry-after']) > 0);
    assert.match(await page.getByRole('alert').innerText(), /Too many wrong passwords/);
    await context.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const [size, options] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`axe finds nothing on the new pages: ${scheme}, ${size} (screenshots)`, async () => {
        clock.advance(15 * 60_000); // a new window for the address's tries
        const context = await browser.newContext({ ...options, colorScheme: scheme });
        const page = await context.newPage();
        await page.goto(await invite());
        await audit(page, `dashboard-invite-${scheme}-${size}`);
        const name = uniqueUserId('axe');
        await fill(page, { 'User name': name, 'Password (at least 12 characters': PASSWORD }, 'Create account');
        if (size === 'phone')
          assert.ok(
            await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
            'no sideways scrolling at 375 px',
          );
        await audit(page, `dashboard-invite-done-${scheme}-${size}`);
        await page.goto(`${server.url}/dashboard/password`);
        await audit(page, `dashboard-password-${scheme}-${size}`);
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.goto(`${server.url}/dashboard/sign-in`);
        await fill(page, { 'User name': name, Password: 'wrong wrong wrong' }, 'Sign in');
        await audit(page, `dashboard-password-sign-in-${scheme}-${size}`);
        await context.close();
      });
    }
  }
});
