/**
 * OpenID Connect sign-in in Debian's Chromium against a real provider (oidc-provider) that the test starts on
 * loopback: code flow with PKCE, state and nonce (openid-client). A first sign-in creates the user when
 * OIDC_CREATE_USERS allows it; a wrong e-mail domain and a missing group are refused; with creation off an
 * unknown address is refused and a user whose e-mail is set signs in as that user. Runs on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Provider from 'oidc-provider';
import type { Browser } from 'playwright-core';
import { createUser, findUser } from '../../server/db/users.ts';
import type { OidcConfig } from '../../server/config.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { freePort, startDashboardServer } from '../helpers/dashboard.ts';
import { SCREENSHOT_DIR } from '../helpers/renderer-screenshots.ts';
import { type TestServer, uniqueUserId } from '../helpers/server.ts';
import { CHROMIUM_MISSING, launchChromium } from '../helpers/page-browser.ts';

const SECRET = 'a-client-secret-long-enough-for-hs256-0123456789';

describe('OpenID Connect sign-in in Chromium', { skip: CHROMIUM_MISSING }, () => {
  const tag = uniqueUserId('o').slice(2);
  const people: Record<string, { email: string; email_verified: boolean; groups: string[] }> = {
    ann: { email: `ann-${tag}@example.com`, email_verified: true, groups: ['traydrop', 'staff'] },
    bob: { email: `bob-${tag}@other.org`, email_verified: true, groups: ['traydrop'] },
    carl: { email: `carl-${tag}@example.com`, email_verified: true, groups: ['staff'] },
    dave: { email: `dave-${tag}@example.com`, email_verified: true, groups: ['traydrop'] },
    eve: { email: `eve-${tag}@example.com`, email_verified: true, groups: ['traydrop'] },
  };
  let issuer: string;
  let idp: Server;
  let open: TestServer;
  let closed: TestServer;
  let browser: Browser;

  before(async () => {
    const [idpPort, openPort, closedPort] = [await freePort(), await freePort(), await freePort()];
    issuer = `http://127.0.0.1:${idpPort}`;
    const client = (id: string, port: number) => ({
      client_id: id,
      client_secret: SECRET,
      redirect_uris: [`http://127.0.0.1:${port}/dashboard/oidc/callback`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    });
    const provider = new Provider(issuer, {
      clients: [client('open', openPort), client('closed', closedPort)],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['groups'] },
      conformIdTokenClaims: false,
      findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, ...people[id] }) }),
      features: { devInteractions: { enabled: true } },
    });
    idp = createServer(provider.callback());
    await new Promise<void>((resolve) => idp.listen(idpPort, '127.0.0.1', resolve));
    const oidc = (clientId: string, createUsers: boolean): OidcConfig => ({
      issuer,
      clientId,
      clientSecret: SECRET,
      emailDomains: ['example.com'],
      requiredGroup: 'traydrop',
      groupsClaim: 'groups',
      createUsers,
    });
    open = await startDashboardServer({
      config: { port: openPort, shareBaseUrl: `http://127.0.0.1:${openPort}`, oidc: oidc('open', true) },
    });
    closed = await startDashboardServer({
      config: { port: closedPort, shareBaseUrl: `http://127.0.0.1:${closedPort}`, oidc: oidc('closed', false) },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await open?.close();
    await closed?.close();
    await new Promise((resolve) => idp?.close(resolve));
  });

  /** Signs in at `server` as `login` through the provider's pages; returns the page's URL, title and heading. */
  async function signIn(server: TestServer, login: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/dashboard/sign-in`);
    await page.getByRole('link', { name: 'Sign in with your organisation' }).click();
    await page.waitForURL((url) => url.href.startsWith(issuer));
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('any');
    await page.locator('button[type=submit]').click();
    await page.waitForLoadState();
    if (page.url().startsWith(issuer)) await page.locator('button[type=submit]').click(); // consent
    await page.waitForURL((url) => url.href.startsWith(server.url));
    await page.waitForLoadState();
    const result = { url: page.url(), title: await page.title(), heading: await page.locator('h1').innerText() };
    const text = await page.locator('body').innerText();
    await context.close();
    return { ...result, text };
  }

  it('a first sign-in creates the user (named after the address) when allowed', async () => {
    const result = await signIn(open, 'ann');
    assert.equal(result.url, `${open.url}/dashboard`, result.text);
    assert.equal(result.title, 'Files · Traydrop');
    const user = await findUser(open.db, `ann-${tag}`);
    assert.equal(user?.email, people.ann!.email);
    const again = await signIn(open, 'ann');
    assert.equal(again.url, `${open.url}/dashboard`, 'the second time finds the same user');
  });

  it('a wrong e-mail domain and a missing group are refused, and nobody is created', async () => {
    const bob = await signIn(open, 'bob');
    assert.equal(bob.heading, 'Not signed in');
    assert.match(bob.text, /Addresses at other\.org may not sign in here/);
    const carl = await signIn(open, 'carl');
    assert.match(carl.text, /not in the group/);
    assert.equal(await findUser(open.db, `bob-${tag}`), undefined);
    assert.equal(await findUser(open.db, `carl-${tag}`), undefined);
  });

  it('with creation off an unknown address is refused; a user whose e-mail is set signs in', async () => {
    const dave = await signIn(closed, 'dave');
    assert.match(dave.text, /No Traydrop user has this e-mail address/);
    assert.equal(await findUser(closed.db, `dave-${tag}`), undefined);
    const eveName = uniqueUserId('eve');
    await createUser(closed.db, { name: eveName, email: people.eve!.email });
    const eve = await signIn(closed, 'eve');
    assert.equal(eve.url, `${closed.url}/dashboard`, eve.text);
    assert.match(eve.text, new RegExp(eveName));
  });

  for (const scheme of ['light', 'dark'] as const)
    it(`axe finds nothing on the sign-in page with the organisation's button and on a refusal: ${scheme}`, async () => {
      const context = await browser.newContext({ colorScheme: scheme });
      const page = await context.newPage();
      await page.goto(`${open.url}/dashboard/sign-in`);
      await page.getByRole('link', { name: 'Sign in with your organisation' }).waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `dashboard-sign-in-oidc-${scheme}.png`) });
      await page.goto(`${open.url}/dashboard/oidc/callback?code=x&state=y`);
      assert.deepEqual(await accessibilityViolations(page), []);
      await context.close();
    });

  it('a callback with no flow of its own (a forged or replayed answer) is refused', async () => {
    const res = await fetch(`${open.url}/dashboard/oidc/callback?code=abc&state=xyz`);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /did not start here/);
  });
});
