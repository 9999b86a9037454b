/**
 * OpenID Connect sign-in in Debian's Chromium against a real provider (oidc-provider) that the test starts on
 * loopback: code flow with PKCE, state and nonce (openid-client). A first sign-in creates the user when
 * OIDC_CREATE_USERS allows it and ties the provider's subject to it; a changed e-mail at the provider still reaches
 * that user and becomes the user's e-mail, unless another user has it (then both keep the old one); another
 * subject with an address tied to a subject is refused, while the address the user had before is free for a new
 * person; a wrong e-mail domain and a missing group are refused; with creation off an unknown address is refused,
 * a user whose e-mail is set signs in as that user (tied from then on, whatever their e-mail becomes), and a
 * disabled one is refused. Runs on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { findIdentity } from '../../server/db/oidc-identities.ts';
import { createUser, findUser, setDisabled } from '../../server/db/users.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { freePort, startDashboardServer } from '../helpers/dashboard.ts';
import { type OidcIdp, type OidcPerson, oidcConfig, oidcSignIn, startOidcIdp } from '../helpers/oidc-idp.ts';
import { SCREENSHOT_DIR } from '../helpers/renderer-screenshots.ts';
import { type TestServer, uniqueUserId } from '../helpers/server.ts';
import { CHROMIUM_MISSING, launchChromium } from '../helpers/page-browser.ts';

describe('OpenID Connect sign-in in Chromium', { skip: CHROMIUM_MISSING }, () => {
  const tag = uniqueUserId('o').slice(2);
  const people: Record<string, OidcPerson> = {
    ann: { email: `ann-${tag}@example.com`, email_verified: true, groups: ['traydrop', 'staff'] },
    bob: { email: `bob-${tag}@other.org`, email_verified: true, groups: ['traydrop'] },
    carl: { email: `carl-${tag}@example.com`, email_verified: true, groups: ['staff'] },
    dave: { email: `dave-${tag}@example.com`, email_verified: true, groups: ['traydrop'] },
    eve: { email: `eve-${tag}@example.com`, email_verified: true, groups: ['traydrop'] },
    // other people of the same provider (other subjects): ann's first address (free once hers changed), her new one
    ann2: { email: `ann-${tag}@example.com`, email_verified: true, groups: ['traydrop'] },
    ann3: { email: `ann.new-${tag}@example.com`, email_verified: true, groups: ['traydrop'] },
  };
  let issuer: string;
  let idp: OidcIdp;
  let open: TestServer;
  let closed: TestServer;
  let browser: Browser;

  before(async () => {
    const [idpPort, openPort, closedPort] = [await freePort(), await freePort(), await freePort()];
    const clients = [
      { id: 'open', port: openPort },
      { id: 'closed', port: closedPort },
    ];
    idp = await startOidcIdp(idpPort, people, clients);
    issuer = idp.issuer;
    open = await startDashboardServer({
      config: { port: openPort, shareBaseUrl: `http://127.0.0.1:${openPort}`, oidc: oidcConfig(issuer, 'open', true) },
    });
    closed = await startDashboardServer({
      config: {
        port: closedPort,
        shareBaseUrl: `http://127.0.0.1:${closedPort}`,
        oidc: oidcConfig(issuer, 'closed', false),
      },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await open?.close();
    await closed?.close();
    await idp?.close();
  });

  const signIn = (server: TestServer, login: string) => oidcSignIn(browser, issuer, server, login);

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

  it('a changed e-mail at the provider reaches the same user and becomes theirs; nobody is created', async () => {
    people.ann!.email = `ann.new-${tag}@example.com`;
    const result = await signIn(open, 'ann');
    assert.equal(result.url, `${open.url}/dashboard`, result.text);
    assert.match(result.text, new RegExp(`ann-${tag}`));
    assert.equal(await findUser(open.db, `ann.new-${tag}`), undefined);
    assert.equal((await findIdentity(open.db, issuer, 'ann'))?.email, people.ann!.email, 'the new address noted');
    assert.equal((await findUser(open.db, `ann-${tag}`))?.email, people.ann!.email, 'the user’s e-mail follows');
  });

  it('a changed e-mail another user has: the sign-in goes ahead, both keep the old address', async () => {
    const holder = uniqueUserId('held');
    await createUser(open.db, { name: holder, email: `${holder}@example.com` });
    people.ann!.email = `${holder}@example.com`;
    try {
      const result = await signIn(open, 'ann');
      assert.equal(result.url, `${open.url}/dashboard`, result.text);
      assert.match(result.text, new RegExp(`ann-${tag}`), 'the subject decides who signs in');
      assert.equal((await findUser(open.db, `ann-${tag}`))?.email, `ann.new-${tag}@example.com`, 'not taken over');
      assert.equal((await findIdentity(open.db, issuer, 'ann'))?.email, `ann.new-${tag}@example.com`);
      assert.equal((await findUser(open.db, holder))?.email, `${holder}@example.com`, 'the holder keeps it');
    } finally {
      people.ann!.email = `ann.new-${tag}@example.com`;
    }
  });

  it('another subject with an address tied to a subject is refused; the address ann had before is free', async () => {
    // ann3 has the address ann's user and identity hold now: refused, not merged nor created
    const result = await signIn(open, 'ann3');
    assert.equal(result.heading, 'Not signed in');
    assert.match(result.text, /tied to another account at your sign-in provider/);
    assert.equal(await findIdentity(open.db, issuer, 'ann3'), undefined);
    assert.equal(await findUser(open.db, `ann.new-${tag}`), undefined);
    // ann2 has the address ann's user gave up: nobody has it, so ann2 is a new person (a user of their own)
    const fresh = await signIn(open, 'ann2');
    assert.equal(fresh.url, `${open.url}/dashboard`, fresh.text);
    assert.equal((await findIdentity(open.db, issuer, 'ann2'))?.userId, `ann-${tag}-2`);
    assert.equal((await findIdentity(open.db, issuer, 'ann'))?.userId, `ann-${tag}`, 'ann is still ann');
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
