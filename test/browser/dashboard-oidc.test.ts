/**
 * OpenID Connect sign-in in Debian's Chromium against a real provider (oidc-provider) that the test starts on
 * loopback: code flow with PKCE, state and nonce (openid-client). A first sign-in creates the user when
 * OIDC_CREATE_USERS allows it and ties the provider's subject to it; a changed e-mail at the provider still reaches
 * that user; another subject with an address already tied to a subject is refused; a wrong e-mail domain and a
 * missing group are refused; with creation off an unknown address is refused, a user whose e-mail is set signs in
 * as that user (tied from then on, whatever their e-mail becomes), and a disabled one is refused. Runs on SQLite
 * and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Provider from 'oidc-provider';
import type { Browser } from 'playwright-core';
import { findIdentity } from '../../server/db/oidc-identities.ts';
import { createUser, findUser, setDisabled } from '../../server/db/users.ts';
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
    // other people of the same provider (other subjects) given addresses that are tied already
    ann2: { email: `ann-${tag}@example.com`, email_verified: true, groups: ['traydrop'] },
    ann3: { email: `ann.new-${tag}@example.com`, email_verified: true, groups: ['traydrop'] },
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
    assert.equal((await findIdentity(open.db, issuer, 'ann'))?.userId, `ann-${tag}`, 'the subject is tied to it');
    const again = await signIn(open, 'ann');
    assert.equal(again.url, `${open.url}/dashboard`, 'the second time finds the same user');
  });

  it('a changed e-mail at the provider reaches the same user: the subject decides, nobody is created', async () => {
    people.ann!.email = `ann.new-${tag}@example.com`;
    const result = await signIn(open, 'ann');
    assert.equal(result.url, `${open.url}/dashboard`, result.text);
    assert.match(result.text, new RegExp(`ann-${tag}`));
    assert.equal(await findUser(open.db, `ann.new-${tag}`), undefined);
    assert.equal((await findIdentity(open.db, issuer, 'ann'))?.email, people.ann!.email, 'the new address noted');
  });

  it('another subject with an address tied to a subject already is refused, not merged nor created', async () => {
    // ann2 has the address ann's user still holds; ann3 the one ann signed in with last
    for (const login of ['ann2', 'ann3']) {
      const result = await signIn(open, login);
      assert.equal(result.heading, 'Not signed in', login);
      assert.match(result.text, /tied to another account at your sign-in provider/, login);
      assert.equal(await findIdentity(open.db, issuer, login), undefined, login);
    }
    assert.equal(await findUser(open.db, `ann-${tag}-2`), undefined);
    assert.equal(await findUser(open.db, `ann.new-${tag}`), undefined);
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
    assert.equal((await findIdentity(closed.db, issuer, 'eve'))?.userId, eveName, 'the first sign-in ties the subject');
    people.eve!.email = `eve.moved-${tag}@example.com`; // no user has it, and creation is off: the subject finds eve
    const moved = await signIn(closed, 'eve');
    assert.equal(moved.url, `${closed.url}/dashboard`, moved.text);
    assert.match(moved.text, new RegExp(eveName));
    await setDisabled(closed.db, eveName, true, new Date());
    const disabled = await signIn(closed, 'eve');
    assert.equal(disabled.heading, 'Not signed in');
    assert.match(disabled.text, /This account is disabled/);
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
