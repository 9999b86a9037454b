/**
 * Passkeys in Debian's Chromium with the DevTools protocol's virtual authenticator (ctap2, internal transport,
 * resident keys, user verification): register from the Passkeys page, a second passkey on another
 * authenticator, sign in with one (no name typed: discoverable), an answer replayed (challenge gone) and a counter
 * that goes back (cloned key) refused, rename and remove, another user's passkey ids answer 404; axe light and
 * dark at desktop and phone width on the Passkeys and sign-in pages (screenshots with TRAYDROP_SCREENSHOTS=1).
 * The server's SHARE_BASE_URL is http://localhost:<port>: WebAuthn refuses IP addresses as RP IDs.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { listPasskeys } from '../../server/db/passkeys.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { freePort, signInLink, startDashboardServer } from '../helpers/dashboard.ts';
import { SCREENSHOT_DIR } from '../helpers/renderer-screenshots.ts';
import { type TestServer, uniqueUserId } from '../helpers/server.ts';
import { CHROMIUM_MISSING, launchChromium } from '../helpers/page-browser.ts';

const DESKTOP = { viewport: { width: 1280, height: 860 } };
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

async function addAuthenticator(cdp: CDPSession): Promise<string> {
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return authenticatorId;
}

describe('passkeys in Chromium', { skip: CHROMIUM_MISSING }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    server = await startDashboardServer({ config: { port, shareBaseUrl: base } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(token: string, options: object = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    await page.goto(await signInLink(server, token));
    await Promise.all([page.waitForURL(`${base}/dashboard`), page.getByRole('button', { name: 'Sign in' }).click()]);
    return { context, page };
  }

  async function addPasskey(page: Page, name: string) {
    await page.goto(`${base}/dashboard/passkeys`);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await Promise.all([
      page.waitForURL(`${base}/dashboard/passkeys?added=1`),
      page.getByRole('button', { name: 'Add a passkey' }).click(),
    ]);
  }

  async function audit(page: Page, name: string) {
    assert.deepEqual(await accessibilityViolations(page), [], `${name}: axe finds nothing`);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
  }

  it('register two, sign in with one, replay and a cloned counter refused, rename, remove, not another user’s', async () => {
    const userId = uniqueUserId('pk');
    const token = await server.createToken(userId);
    const { context, page } = await signedIn(token);
    const cdp = await context.newCDPSession(page);
    const first = await addAuthenticator(cdp);
    await addPasskey(page, 'Laptop');
    assert.match(await page.getByRole('status').first().innerText(), /Passkey added/);
    // a second authenticator for the second passkey (the first would refuse: it already holds one for this user)
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: first });
    await addAuthenticator(cdp);
    await addPasskey(page, 'Phone');
    const keys = await listPasskeys(server.db, userId);
    assert.deepEqual(
      keys.map((k) => k.name),
      ['Laptop', 'Phone'],
    );

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${base}/dashboard/sign-in`);
    let posted: string | null = null;
    page.on('request', (r) => {
      if (r.url() === `${base}/dashboard/passkey-sign-in`) posted = r.postData();
    });
    await Promise.all([
      page.waitForURL(`${base}/dashboard`),
      page.getByRole('button', { name: 'Sign in with a passkey' }).click(),
    ]);
    assert.equal(await page.title(), 'Files · Traydrop');
    const phone = (await listPasskeys(server.db, userId)).find((k) => k.name === 'Phone')!;
    assert.ok(phone.lastUsedAt, 'the passkey used is marked');
    assert.ok(phone.counter > 0, 'the virtual authenticator counts');

    assert.ok(posted, 'the page posted an answer');
    const replay = await fetch(`${base}/dashboard/passkey-sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: posted,
    });
    assert.equal(replay.status, 401, 'the same answer again: its challenge is gone');
    assert.equal(replay.headers.get('set-cookie'), null);

    // a stored counter ahead of the authenticator's: what a cloned key looks like
    await server.db.updateTable('passkeys').set({ counter: 1_000_000 }).where('id', '=', phone.id).execute();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${base}/dashboard/sign-in`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByText(/Not signed in: .*counter/i).waitFor();
    assert.equal(page.url(), `${base}/dashboard/sign-in`);

    const again = await signedIn(token);
    await again.page.goto(`${base}/dashboard/passkeys`);
    await again.page.getByLabel('Name of Laptop').fill('Work laptop');
    await again.page.getByRole('button', { name: 'Rename' }).first().click();
    await again.page.getByRole('button', { name: 'Remove Phone' }).click();
    await again.page.waitForLoadState();
    assert.deepEqual(
      (await listPasskeys(server.db, userId)).map((k) => k.name),
      ['Work laptop'],
    );

    // another user: the same ids answer 404 and change nothing
    const other = await server.createToken(uniqueUserId('pk-other'));
    const intruder = await signedIn(other);
    const laptop = (await listPasskeys(server.db, userId))[0]!;
    for (const action of ['remove', 'rename']) {
      const res = await intruder.page.request.post(
        `${base}/dashboard/passkeys/${encodeURIComponent(laptop.id)}/${action}`,
        {
          form: { name: 'mine now' },
          headers: { origin: base },
        },
      );
      assert.equal(res.status(), 404, action);
    }
    assert.deepEqual(
      (await listPasskeys(server.db, userId)).map((k) => k.name),
      ['Work laptop'],
    );
    await intruder.context.close();
    await again.context.close();
    await context.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const [size, options] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`axe finds nothing: ${scheme}, ${size} (screenshots)`, async () => {
        const token = await server.createToken(uniqueUserId('pk-axe'));
        const { context, page } = await signedIn(token, { ...options, colorScheme: scheme });
        await addAuthenticator(await context.newCDPSession(page));
        await addPasskey(page, 'Laptop');
        if (size === 'phone')
          assert.ok(
            await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
            'no sideways scrolling at 375 px',
          );
        await audit(page, `dashboard-passkeys-${scheme}-${size}`);
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.goto(`${base}/dashboard/sign-in`);
        await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
        await audit(page, `dashboard-sign-in-page-${scheme}-${size}`);
        await context.close();
      });
    }
  }
});
