/**
 * The admin page, Devices, Usage and Settings in Debian's Chromium (playwright-core) through the real server,
 * RGW and database: an admin sets a quota on the page and the user's next reservation is refused with 413, creates
 * a user, makes them admin and back, and invites one (the link copied, then used in a fresh browser); a
 * non-admin gets 404 on every admin page and form (and on /v1/admin through the same session); a device is paired
 * (the QR code, screenshotted from the page, decoded by zbarimg, is the pairing link, and its token works) and
 * revoked (401 after); the usage bars show the numbers /v1/me reports, and over the limit in words; settings change
 * the expiry rules the app's GET /v1/settings returns, and a custom domain is verified by the real HTTP check.
 * Axe light and dark at desktop and phone width; screenshots into docs/screenshots/ with TRAYDROP_SCREENSHOTS=1.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_API, adminPath } from '../../common/admin-api.ts';
import { API, FILES_API, type MeResponse, type SettingsResponse } from '../../common/broker-api.ts';
import type { QuotaRefusal } from '../../common/quota-refusal.ts';
import { createUser, findUser, setQuota } from '../../server/db/users.ts';
import { httpVerifier } from '../../server/domains/verify.ts';
import { accessibilityViolations } from '../helpers/accessibility.ts';
import { signInLink, startDashboardServer } from '../helpers/dashboard.ts';
import { gatewayUser, type GatewayUser } from '../helpers/gateway.ts';
import { SCREENSHOT_DIR } from '../helpers/renderer-screenshots.ts';
import { command, skipUnless } from '../helpers/requirements.ts';
import { newKey, type TestServer, uniqueUserId } from '../helpers/server.ts';
import { CHROMIUM_MISSING, launchChromium } from '../helpers/page-browser.ts';

const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe('admin, devices, usage and settings in Chromium', { skip: CHROMIUM_MISSING }, () => {
  let server: TestServer;
  let browser: Browser;
  let adminToken: string;
  let user: GatewayUser;
  let dir: string;

  before(async () => {
    // the real HTTP check, with the domain resolving to this machine: the server answers its own token URL
    const toThisServer = {
      name: 'http',
      verify: (domain: string, token: string) =>
        httpVerifier({
          port: Number(new URL(server.url).port),
          resolveAll: async () => [{ address: '127.0.0.1', family: 4 }],
          isAllowedAddress: (address: string) => address === '127.0.0.1',
        }).verify(domain, token),
    };
    server = await startDashboardServer({ domainVerifiers: [toThisServer] });
    const adminName = uniqueUserId('admin');
    await createUser(server.db, { name: adminName, role: 'admin', email: `${adminName}@example.test` });
    adminToken = await server.createToken(adminName, 'Admin laptop');
    user = await gatewayUser(server, 'member');
    await user.share('report.pdf', 'r'.repeat(4000), 'application/pdf');
    await user.share('photo.png', 'p'.repeat(2000), 'image/png');
    const big = await gatewayUser(server, 'heavy');
    await big.share('video.mp4', 'v'.repeat(9000), 'video/mp4');
    browser = await launchChromium();
    dir = mkdtempSync(path.join(tmpdir(), 'traydrop-admin-'));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function signedIn(token: string, options: object = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    assert.equal((await page.goto(await signInLink(server, token)))?.status(), 200);
    await Promise.all([
      page.waitForURL(`${server.url}/dashboard`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    return { context, page };
  }

  async function audit(page: Page, name: string) {
    assert.deepEqual(await accessibilityViolations(page), [], `${name}: axe finds nothing`);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled', fullPage: true });
  }

  const reserve = (token: string, userId: string, bytes: number) =>
    server.call<QuotaRefusal>('POST', API.reserve, token, {
      key: newKey(userId, 'big.bin'),
      expire: '7d',
      contentType: 'application/octet-stream',
      bytes,
    });

  it('an admin sets a quota on the page; the user’s next reservation over it is refused with 413', async () => {
    const { context, page } = await signedIn(adminToken);
    await page.getByRole('link', { name: 'Admin' }).click();
    assert.equal(await page.title(), 'Admin · Traydrop');
    const row = page.locator(`tr[data-user="${user.userId}"]`);
    assert.equal(await row.locator('td.storage').innerText(), '6.0 KB (no limit)');
    assert.equal(await row.locator('td.links').innerText(), '2');
    await row.getByRole('link', { name: user.userId }).click();
    await page.getByLabel('Storage', { exact: true }).fill('10KB');
    await page.getByLabel('Transfer a month').fill('1GiB');
    await page.getByRole('button', { name: 'Save limits' }).click();
    assert.equal(await page.getByRole('status').innerText(), 'Limits saved.');
    assert.equal(await page.locator('#storage .value').innerText(), '6.0 KB of 10 KB (60%)');
    assert.equal(await page.getByLabel('Transfer a month').inputValue(), '1GiB', 'shown as it reads back');
    const refused = await reserve(user.token, user.userId, 4001);
    assert.equal(refused.status, 413);
    assert.equal(refused.body.error, 'quota_exceeded');
    assert.equal(refused.body.limit, 10_000);
    assert.equal((await reserve(user.token, user.userId, 3000)).status, 200, 'what fits is still reserved');
    // a size that is not one: the page says why, nothing changes
    await page.goBack();
    await page.getByLabel('Storage', { exact: true }).fill('plenty');
    await page.getByRole('button', { name: 'Save limits' }).click();
    assert.match(await page.locator('main').innerText(), /"plenty" is not a size/);
    const me = await server.call<MeResponse>('GET', API.me, user.token);
    assert.equal(me.body.usage?.storageLimit, 10_000);
    await context.close();
  });

  it('an admin revokes another user’s token and disables and enables the account', async () => {
    const u = await gatewayUser(server, 'target');
    const { context, page } = await signedIn(adminToken);
    await page.goto(`${server.url}/dashboard/admin/users/${u.userId}`);
    const tokenId = await page.locator('tr[data-token]').first().getAttribute('data-token');
    await page
      .locator(`tr[data-token="${tokenId}"]`)
      .getByRole('button', { name: /^Revoke/ })
      .click();
    assert.equal(await page.getByRole('status').innerText(), 'Device token revoked.');
    assert.equal((await server.call('GET', API.me, u.token)).status, 401);
    const second = await server.createToken(u.userId);
    await page.getByRole('button', { name: 'Disable account' }).click();
    assert.equal((await server.call('GET', API.me, second)).status, 401);
    await page.getByRole('button', { name: 'Enable account' }).click();
    assert.equal((await server.call('GET', API.me, second)).status, 200);
    await context.close();
  });

  it('an admin creates a user on the page, makes them admin and takes the role back', async () => {
    const { context, page } = await signedIn(adminToken);
    await page.goto(`${server.url}/dashboard/admin`);
    const name = uniqueUserId('newcomer');
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('E-mail (optional)').fill(`${name}@example.test`);
    await Promise.all([
      page.waitForURL(`${server.url}/dashboard/admin/users/${name}?done=created`),
      page.getByRole('button', { name: 'Create user' }).click(),
    ]);
    assert.equal(await page.getByRole('status').innerText(), 'User created.');
    const made = await findUser(server.db, name);
    assert.equal(made?.role, 'user');
    assert.equal(made?.email, `${name}@example.test`);
    await page.getByRole('button', { name: 'Make admin' }).click();
    assert.equal(await page.getByRole('status').innerText(), 'Role changed.');
    assert.equal(await page.locator('h1').innerText(), `${name} (admin)`);
    assert.equal((await findUser(server.db, name))?.role, 'admin');
    await page.getByRole('button', { name: 'Remove admin role' }).click();
    assert.equal(await page.getByRole('status').innerText(), 'Role changed.');
    assert.equal((await findUser(server.db, name))?.role, 'user');
    // a taken name: the page says why, nothing else is made
    await page.goto(`${server.url}/dashboard/admin`);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Create user' }).click();
    assert.match(await page.locator('main').innerText(), /already exists/);
    await context.close();
  });

  it('invite: the link shown once with Copy, opened in a fresh browser, makes the admin account it promised', async () => {
    const { context, page } = await signedIn(adminToken, {
      ...DESKTOP,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await page.goto(`${server.url}/dashboard/admin`);
    const form = page.locator('form[action="/dashboard/admin/invites"]');
    await form.getByLabel('The link works for').selectOption('1d');
    await form.getByLabel('Admin').check();
    const before = Date.now();
    await form.getByRole('button', { name: 'Create invite link' }).click();
    assert.equal(await page.locator('h1').innerText(), 'Invite link');
    const link = await page.getByLabel('Invite link').inputValue();
    assert.match(link, new RegExp(`^${server.url}/dashboard/invite/[A-Za-z0-9_-]{43}$`));
    assert.match(
      await page.locator('main').innerText(),
      /one admin account, works once, and expires in 24 hours \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)\. It is shown only this once\./,
    );
    const copy = page.getByRole('button', { name: 'Copy link' });
    await copy.click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    const row = await server.db
      .selectFrom('invites')
      .select(['role', 'expires_at'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(row.role, 'admin');
    const ttl = Date.parse(row.expires_at) - before;
    assert.ok(ttl > 86_400_000 - 60_000 && ttl <= 86_400_000 + 1000, `1 day (${ttl} ms)`);
    await context.close();

    const fresh = await browser.newContext(DESKTOP);
    const invited = await fresh.newPage();
    assert.equal((await invited.goto(link))?.status(), 200);
    const name = uniqueUserId('invited');
    await invited.getByLabel('User name').fill(name);
    await invited.getByLabel('Password (at least 12 characters').fill('a long and memorable passphrase');
    await invited.getByRole('button', { name: 'Create account', exact: true }).click();
    await invited.waitForLoadState();
    assert.equal(await invited.locator('h1').innerText(), `Welcome, ${name}`);
    assert.equal((await findUser(server.db, name))?.role, 'admin', 'the role the invite was made with');
    const again = await browser.newContext(DESKTOP);
    assert.equal((await (await again.newPage()).goto(link))?.status(), 410, 'used once');
    await again.close();
    await fresh.close();
  });

  it('a non-admin gets 404 on every admin page, form and /v1/admin route, and no Admin link', async () => {
    const { context, page } = await signedIn(user.token);
    assert.equal(await page.getByRole('link', { name: 'Admin' }).count(), 0);
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const other = uniqueUserId('someone');
    for (const p of ['/dashboard/admin', `/dashboard/admin/users/${user.userId}`, `/dashboard/admin/users/${other}`])
      assert.equal((await page.goto(`${server.url}${p}`))?.status(), 404, p);
    const forms = [
      '/dashboard/admin/users',
      `/dashboard/admin/users/${user.userId}/quota`,
      `/dashboard/admin/users/${user.userId}/role-admin`,
      `/dashboard/admin/users/${user.userId}/disable`,
      `/dashboard/admin/users/${user.userId}/enable`,
      `/dashboard/admin/users/${user.userId}/tokens/abcdefabcdef/revoke`,
      '/dashboard/admin/invites',
    ];
    const invites = async () => (await server.db.selectFrom('invites').select('hash').execute()).length;
    const invitesBefore = await invites();
    for (const p of forms) {
      const res = await page.request.post(`${server.url}${p}`, {
        form: { _csrf: csrf, name: other, storage: 'none' },
        maxRedirects: 0,
      });
      assert.equal(res.status(), 404, p);
    }
    const api = await page.request.get(`${server.url}${ADMIN_API.users}`);
    assert.equal(api.status(), 404);
    const invite = await page.request.post(`${server.url}${ADMIN_API.invites}`, {
      data: { admin: true },
      headers: { 'x-csrf-token': csrf },
    });
    assert.equal(invite.status(), 404);
    assert.equal(await invites(), invitesBefore, 'no invite was made');
    const put = await page.request.put(`${server.url}${adminPath(ADMIN_API.role, user.userId)}`, {
      data: { role: 'admin' },
      headers: { 'x-csrf-token': csrf },
    });
    assert.equal(put.status(), 404);
    const me = await server.call<MeResponse>('GET', API.me, user.token);
    assert.equal(me.body.usage?.storageLimit, 10_000, 'nothing changed');
    // signed out: 404 too, not a sign-in prompt
    const anonymous = await browser.newContext();
    assert.equal((await (await anonymous.newPage()).goto(`${server.url}/dashboard/admin`))?.status(), 404);
    await anonymous.close();
    await context.close();
  });

  it(
    'pair a device: the QR code decodes (zbarimg) to the pairing link, whose token works; revoke it: 401',
    { skip: skipUnless(command('zbarimg', 'zbar-tools')) },
    async () => {
      const u = await gatewayUser(server, 'pairs');
      const { context, page } = await signedIn(u.token);
      await page.getByRole('link', { name: 'Devices' }).click();
      await page.getByLabel('Device name (optional)').fill('Phone');
      await page.getByRole('button', { name: 'Pair a device' }).click();
      const link = await page.locator('#pair-link').inputValue();
      assert.match(link, /^traydrop:\/\/pair\?server=/);
      const png = path.join(dir, 'qr.png');
      await page.getByRole('img', { name: 'QR code of the pairing link' }).screenshot({ path: png });
      const decoded = execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8' }).trim();
      assert.equal(decoded, link, 'the QR code says the pairing link');
      const url = new URL(decoded);
      assert.equal(url.searchParams.get('server'), server.url);
      const token = url.searchParams.get('token')!;
      assert.equal((await server.call<MeResponse>('GET', API.me, token)).body.userId, u.userId);
      await page.getByRole('link', { name: 'Done' }).click();
      const rows = page.locator('tbody tr');
      assert.equal(await rows.count(), 2);
      assert.match(await rows.first().innerText(), /Phone/);
      await page.getByRole('button', { name: 'Revoke Phone' }).click();
      assert.equal(await page.locator('tbody tr').count(), 1);
      assert.equal((await server.call('GET', API.me, token)).status, 401, 'the revoked token is refused');
      assert.equal((await server.call('GET', API.me, u.token)).status, 200, 'the other device still works');
      await context.close();
    },
  );

  it('usage bars show the numbers /v1/me reports, and over the limit in words', async () => {
    const u = await gatewayUser(server, 'usage');
    await u.share('a.bin', 'a'.repeat(3000), 'application/octet-stream');
    await setQuota(server.db, u.userId, { storageLimit: 12_000, transferLimit: 5_000_000_000, maxFileSize: 2e9 });
    const { context, page } = await signedIn(u.token);
    await page.getByRole('link', { name: 'Usage' }).click();
    const me = (await server.call<MeResponse>('GET', API.me, u.token)).body.usage!;
    assert.equal(me.storageUsed, 3000);
    assert.equal(await page.locator('#storage .value').innerText(), '3.0 KB of 12 KB (25%)');
    assert.equal(await page.locator('#storage rect.used').getAttribute('width'), '25');
    assert.equal(await page.locator('#transfer .value').innerText(), '0 B of 5.0 GB (0%)');
    assert.match(await page.locator('#max-file').innerText(), /2\.0 GB/);
    assert.equal(await page.locator('.over-text').count(), 0);
    await setQuota(server.db, u.userId, { storageLimit: 2000 });
    await page.reload();
    assert.equal(await page.locator('#storage .value').innerText(), '3.0 KB of 2.0 KB (100%)');
    assert.match(await page.locator('#storage .state').innerText(), /^Over the limit: new uploads are refused/);
    await setQuota(server.db, u.userId, { storageLimit: null, transferLimit: 0 });
    await page.reload();
    assert.equal(await page.locator('#storage .value').innerText(), '3.0 KB (no limit)');
    assert.match(
      await page.locator('#transfer .state').innerText(),
      /^Over the limit: your links are unavailable \(429\)/,
    );
    await context.close();
  });

  it('settings change the expiry rules the app reads from GET /v1/settings; a bad rule says why; a domain is verified', async () => {
    const u = await gatewayUser(server, 'rules');
    const { context, page } = await signedIn(u.token);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Default', { exact: true }).selectOption('7d');
    await page.getByLabel('Screenshots').selectOption('1d');
    await page.getByLabel('Recordings').selectOption('');
    await page.getByLabel(/By extension/).fill('mp4=90d\n.PNG = 30d');
    await page.getByRole('button', { name: 'Save settings' }).click();
    assert.equal(await page.getByRole('status').innerText(), 'Settings saved.');
    const app = await server.call<SettingsResponse>('GET', FILES_API.settings, u.token);
    assert.deepEqual(app.body.expiryRules, {
      default: '7d',
      byKind: { screenshot: '1d' },
      byExtension: { mp4: '90d', png: '30d' },
    });
    await page.getByLabel(/By extension/).fill('mp4 for a week');
    await page.getByRole('button', { name: 'Save settings' }).click();
    assert.match(await page.locator('main').innerText(), /"mp4 for a week" is not a rule/);
    const unchanged = await server.call<SettingsResponse>('GET', FILES_API.settings, u.token);
    assert.deepEqual(unchanged.body.expiryRules, app.body.expiryRules);
    await page.goto(`${server.url}/dashboard/settings`);
    await page.getByLabel(/Domain for your links/).fill('files.example.test');
    await page.getByRole('button', { name: 'Save settings' }).click();
    assert.match(await page.locator('#domain-state').innerText(), /files\.example\.test: not verified yet/);
    const withDomain = await server.call<SettingsResponse>('GET', FILES_API.settings, u.token);
    assert.equal(withDomain.body.customDomain, 'files.example.test');
    assert.equal(withDomain.body.domainStatus?.verified, false);
    await page.getByRole('button', { name: 'Verify files.example.test' }).click();
    assert.equal(await page.getByRole('status').innerText(), 'Domain verified: your links use it now.');
    assert.match(await page.locator('#domain-state').innerText(), /files\.example\.test: verified/);
    const verified = await server.call<SettingsResponse>('GET', FILES_API.settings, u.token);
    assert.equal(verified.body.domainStatus?.verified, true);
    assert.equal(verified.body.shareBaseUrl, 'https://files.example.test');
    await context.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const [size, options] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`axe finds nothing: ${scheme}, ${size} (screenshots)`, async () => {
        const { context, page } = await signedIn(adminToken, { ...options, colorScheme: scheme });
        const shots: [string, string][] = [
          ['admin', '/dashboard/admin'],
          ['admin-user', `/dashboard/admin/users/${user.userId}`],
          ['settings', '/dashboard/settings'],
          ['devices', '/dashboard/devices'],
        ];
        for (const [name, p] of shots) {
          await page.goto(`${server.url}${p}`);
          if (size === 'phone')
            assert.ok(
              await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
              `${name}: no sideways scrolling at 375 px`,
            );
          await audit(page, `dashboard-${name}-${scheme}-${size}`);
        }
        await page.getByLabel('Device name (optional)').fill(`Tablet ${scheme} ${size}`);
        await Promise.all([
          page.waitForURL(/\/dashboard\/devices\/pair$/),
          page.getByLabel('Device name (optional)').press('Enter'),
        ]);
        await audit(page, `dashboard-pair-${scheme}-${size}`);
        await page.goto(`${server.url}/dashboard/admin`);
        await page.getByRole('button', { name: 'Create invite link' }).click();
        await audit(page, `dashboard-invite-link-${scheme}-${size}`);
        await context.close();
        // Usage as a user with limits: bars, not just text
        await setQuota(server.db, user.userId, { storageLimit: 10_000, transferLimit: 1024 ** 3 });
        const member = await signedIn(user.token, { ...options, colorScheme: scheme });
        await member.page.goto(`${server.url}/dashboard/usage`);
        assert.match(await member.page.locator('#storage .value').innerText(), / of 10 KB \(\d+%\)$/);
        await audit(member.page, `dashboard-usage-${scheme}-${size}`);
        await member.context.close();
      });
    }
  }
});
