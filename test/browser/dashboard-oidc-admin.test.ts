/**
 * The admin and OpenID Connect identities in Debian's Chromium, against a real provider (oidc-provider) on loopback
 * and the real server and database (SQLite, or PostgreSQL with TRAYDROP_TEST_DATABASE=postgres): a person signs in
 * with the provider; the admin sees the identity on the user's page, asks to unlink it, cancels once, then unlinks;
 * the session it signed in ends at once while the user's other session and the account stay; the same provider
 * account signing in again does not reach that user (refused with the same address, a user of its own with a new
 * one). An admin who unlinks the identity they signed in with lands on the sign-in page, signed out. A non-admin
 * gets 404 on the unlink page and form. Axe light and dark, desktop and phone width, on the
 * user's page with an identity and on the confirm page; screenshots with TRAYDROP_SCREENSHOTS=1.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findIdentity } from '../../server/db/oidc-identities.ts';
import { createUser, findUser } from '../../server/db/users.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { freePort, signInLink, startDashboardServer, webSignIn } from '../helpers/dashboard.ts';
import { type OidcIdp, type OidcPerson, oidcConfig, oidcSignIn, startOidcIdp } from '../helpers/oidc-idp.ts';
import { SCREENSHOT_DIR } from '../helpers/renderer-screenshots.ts';
import { type TestServer, uniqueUserId } from '../helpers/server.ts';
import { CHROMIUM_MISSING, launchChromium } from '../helpers/page-browser.ts';

const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe('the admin unlinks an OpenID Connect identity in Chromium', { skip: CHROMIUM_MISSING }, () => {
  const tag = uniqueUserId('i').slice(2);
  const people: Record<string, OidcPerson> = {
    fay: { email: `fay-${tag}@example.com`, email_verified: true, groups: ['traydrop'] },
    gil: { email: `gil-${tag}@example.com`, email_verified: true, groups: ['traydrop'] },
    ida: { email: `ida-${tag}@example.com`, email_verified: true, groups: ['traydrop'] },
  };
  const fay = `fay-${tag}`;
  const gil = `gil-${tag}`;
  let idp: OidcIdp;
  let server: TestServer;
  let browser: Browser;
  let adminToken: string;

  before(async () => {
    const [idpPort, port] = [await freePort(), await freePort()];
    idp = await startOidcIdp(idpPort, people, [{ id: 'traydrop', port }]);
    server = await startDashboardServer({
      config: { port, shareBaseUrl: `http://127.0.0.1:${port}`, oidc: oidcConfig(idp.issuer, 'traydrop', true) },
    });
    const adminName = uniqueUserId('admin');
    await createUser(server.db, { name: adminName, role: 'admin' });
    adminToken = await server.createToken(adminName, 'Admin laptop');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await idp?.close();
  });

  async function signedIn(token: string, options: object = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    await page.goto(await signInLink(server, token));
    await Promise.all([
      page.waitForURL(`${server.url}/dashboard`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    return { context, page };
  }

  /** Signs in with the provider; the browser context stays open (its session cookie in it). */
  async function oidcSession(login: string): Promise<BrowserContext> {
    let kept: BrowserContext | undefined;
    const result = await oidcSignIn(browser, idp.issuer, server, login, (context) => (kept = context));
    assert.equal(result.url, `${server.url}/dashboard`, result.text);
    return kept!;
  }

  const unlinkButton = (page: Page, subject: string) =>
    page.getByRole('button', { name: `Unlink ${subject} at ${idp.issuer}` });

  it('the admin sees the identity, cancels once, unlinks it: its session ends, the user and other session stay', async () => {
    const fayOidc = await oidcSession('fay');
    const fayToken = await server.createToken(fay, 'Fay laptop');
    const fayOther = await webSignIn(server, fayToken);
    const dashboard = async (context: BrowserContext) =>
      (await (await context.newPage()).goto(`${server.url}/dashboard`))?.status();
    assert.equal(await dashboard(fayOidc), 200);

    const { context, page } = await signedIn(adminToken);
    await page.goto(`${server.url}/dashboard/admin`);
    await page.locator(`tr[data-user="${fay}"]`).getByRole('link', { name: fay }).click();
    const row = page.locator('tr[data-identity="fay"]');
    assert.match(
      await row.innerText(),
      new RegExp(`${idp.issuer.replace(/[.]/g, '\\.')}\\s+fay\\s+fay-${tag}@example\\.com`),
    );

    await unlinkButton(page, 'fay').click();
    assert.equal(await page.locator('h1').innerText(), 'Unlink a sign-in identity?');
    await page.getByRole('link', { name: 'Cancel' }).click();
    assert.equal(await page.locator('h1').innerText(), fay);
    assert.equal(await page.locator('tr[data-identity="fay"]').count(), 1, 'cancel changes nothing');
    assert.equal(await dashboard(fayOidc), 200);

    await unlinkButton(page, 'fay').click();
    await page.getByRole('button', { name: 'Unlink', exact: true }).click();
    assert.equal(
      await page.getByRole('status').innerText(),
      'Sign-in identity unlinked; the sessions it signed in have ended.',
    );
    assert.equal(await page.locator('tr[data-identity]').count(), 0);
    assert.match(await page.locator('main').innerText(), /No sign-in identities/);
    assert.equal(await dashboard(fayOidc), 401, 'the session the identity signed in has ended');
    const other = await fetch(`${server.url}/dashboard`, { headers: { cookie: fayOther.cookie } });
    assert.equal(other.status, 200, 'the user’s other session is still there');
    const user = await findUser(server.db, fay);
    assert.equal(user?.disabledAt, null, 'the user is neither disabled nor removed');
    assert.equal(await findIdentity(server.db, idp.issuer, 'fay'), undefined);
    await fayOidc.close();
    await context.close();
  });

  it('the same provider account signing in again does not reach the old user', async () => {
    const same = await oidcSignIn(browser, idp.issuer, server, 'fay');
    assert.equal(same.heading, 'Not signed in');
    assert.match(same.text, /unlinked from the account with this e-mail address by the administrator/);
    assert.equal(await findIdentity(server.db, idp.issuer, 'fay'), undefined, 'not tied back by the address');
    people.fay!.email = `fay.moved-${tag}@example.com`;
    const moved = await oidcSignIn(browser, idp.issuer, server, 'fay');
    assert.equal(moved.url, `${server.url}/dashboard`, moved.text);
    assert.equal((await findIdentity(server.db, idp.issuer, 'fay'))?.userId, `fay.moved-${tag}`, 'a user of its own');
    assert.doesNotMatch(moved.text, new RegExp(`\\b${fay}\\b`));
    assert.equal((await findUser(server.db, fay))?.email, `fay-${tag}@example.com`, 'the old user is untouched');
  });

  it('an admin who unlinks the identity they signed in with is signed out, onto the sign-in page', async () => {
    const ida = uniqueUserId('ida');
    await createUser(server.db, { name: ida, role: 'admin', email: people.ida!.email });
    const context = await oidcSession('ida');
    const page = await context.newPage();
    await page.goto(`${server.url}/dashboard/admin/users/${ida}`);
    await unlinkButton(page, 'ida').click();
    await Promise.all([
      page.waitForURL(`${server.url}/dashboard/sign-in`),
      page.getByRole('button', { name: 'Unlink', exact: true }).click(),
    ]);
    assert.equal(await findIdentity(server.db, idp.issuer, 'ida'), undefined);
    assert.equal((await page.goto(`${server.url}/dashboard`))?.status(), 401, 'signed out');
    assert.equal((await findUser(server.db, ida))?.role, 'admin', 'still an admin');
    await context.close();
  });

  it('a non-admin gets 404 on the unlink page and form, and nothing is unlinked', async () => {
    await (await oidcSession('gil')).close();
    const gilToken = await server.createToken(gil, 'Gil laptop');
    const web = await webSignIn(server, gilToken);
    const query = new URLSearchParams({ issuer: idp.issuer, subject: 'gil' });
    const page = await fetch(`${server.url}/dashboard/admin/users/${gil}/identities/unlink?${query}`, {
      headers: { cookie: web.cookie },
    });
    assert.equal(page.status, 404);
    const form = await fetch(`${server.url}/dashboard/admin/users/${gil}/identities/unlink`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: web.cookie },
      body: new URLSearchParams({ _csrf: web.csrf, issuer: idp.issuer, subject: 'gil' }),
    });
    assert.equal(form.status, 404);
    assert.equal((await findIdentity(server.db, idp.issuer, 'gil'))?.userId, gil);
  });

  for (const scheme of ['light', 'dark'] as const)
    for (const [size, options] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const)
      it(`axe finds nothing on the user's identities and the confirm page: ${scheme}, ${size}`, async () => {
        const { context, page } = await signedIn(adminToken, { ...options, colorScheme: scheme });
        await page.goto(`${server.url}/dashboard/admin/users/${gil}`);
        await unlinkButton(page, 'gil').waitFor();
        for (const name of ['admin-user-identities', 'admin-unlink-identity']) {
          if (name === 'admin-unlink-identity') await unlinkButton(page, 'gil').click();
          if (size === 'phone')
            assert.ok(
              await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
              `${name}: no sideways scrolling at 375 px`,
            );
          assert.deepEqual(await accessibilityViolations(page), [], `${name}: axe finds nothing`);
          mkdirSync(SCREENSHOT_DIR, { recursive: true });
          const file = path.join(SCREENSHOT_DIR, `dashboard-${name}-${scheme}-${size}.png`);
          await page.screenshot({ path: file, animations: 'disabled', fullPage: true });
        }
        await context.close();
      });
});
