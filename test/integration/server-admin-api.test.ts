/**
 * /v1/admin and /v1/devices against the real server, RGW and database (SQLite, or PostgreSQL with
 * TRAYDROP_TEST_DATABASE=postgres): a non-admin gets 404 on every admin route (also with a valid body, and also
 * as a session); an admin's quota (parsed as `user quota` parses it) makes the user's next reservation 413;
 * disable, role, totals; any user's tokens listed and revoked (then 401); a user's own devices listed, revoked
 * (401 after), another user's device id 404; pairing makes a working token inside a traydrop://pair link;
 * invites (a one-time link, admin or not, with its expiry); a user's OpenID Connect identities listed and one
 * unlinked (its session ends, the user's other session stays), a forged unlink refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ADMIN_API,
  type AdminInviteResponse,
  type AdminTotalsResponse,
  type AdminUnlinkResponse,
  type AdminUserDetail,
  type AdminUserEntry,
  type AdminUserListResponse,
  adminPath,
  type DeviceEntry,
  type DeviceListResponse,
  type DevicePairResponse,
  DEVICES_API,
} from '../../common/admin-api.ts';
import { API, type MeResponse } from '../../common/broker-api.ts';
import type { QuotaRefusal } from '../../common/quota-refusal.ts';
import { inviteState } from '../../server/db/invites.ts';
import { linkIdentity } from '../../server/db/oidc-identities.ts';
import { createSession } from '../../server/db/sessions.ts';
import { createUser } from '../../server/db/users.ts';
import { startDashboardServer, webSignIn } from '../helpers/dashboard.ts';
import { gatewayUser } from '../helpers/gateway.ts';
import { newKey, type TestServer, uniqueUserId } from '../helpers/server.ts';

const reserve = (server: TestServer, token: string, userId: string, bytes: number) =>
  server.call<QuotaRefusal>('POST', API.reserve, token, {
    key: newKey(userId, 'big.bin'),
    expire: '7d',
    contentType: 'application/octet-stream',
    bytes,
  });

describe('admin and devices API', () => {
  let server: TestServer;
  let adminName: string;
  let adminToken: string;

  before(async () => {
    server = await startDashboardServer();
    adminName = uniqueUserId('boss');
    await createUser(server.db, { name: adminName, role: 'admin' });
    adminToken = await server.createToken(adminName, 'admin laptop');
  });
  after(() => server.close());

  it('a non-admin gets 404 on every admin route, with a device token and with a session', async () => {
    const u = await gatewayUser(server, 'plain');
    const other = await gatewayUser(server, 'other');
    const otherTokens = await server.call<{ tokens: DeviceEntry[] }>(
      'GET',
      adminPath(ADMIN_API.tokens, other.userId),
      adminToken,
    );
    const tokenId = otherTokens.body.tokens[0]!.id;
    const routes: [string, string, unknown?][] = [
      ['GET', ADMIN_API.users],
      ['POST', ADMIN_API.users, { name: uniqueUserId('x') }],
      ['GET', adminPath(ADMIN_API.user, other.userId)],
      ['PUT', adminPath(ADMIN_API.quota, other.userId), { storage: '1GB' }],
      ['PUT', adminPath(ADMIN_API.quota, u.userId), { storage: 'none' }],
      ['PUT', adminPath(ADMIN_API.disabled, other.userId), { disabled: true }],
      ['PUT', adminPath(ADMIN_API.role, u.userId), { role: 'admin' }],
      ['GET', adminPath(ADMIN_API.tokens, other.userId)],
      ['DELETE', adminPath(ADMIN_API.token, tokenId)],
      ['DELETE', `${adminPath(ADMIN_API.identities, other.userId)}?issuer=https://idp.test&subject=s`],
      ['GET', ADMIN_API.totals],
      ['POST', ADMIN_API.invites, { admin: true }],
      ['POST', ADMIN_API.invites, { expires: 'forever' }],
      ['PUT', adminPath(ADMIN_API.quota, other.userId), { bad: 'body' }],
    ];
    for (const [method, path, body] of routes) {
      const res = await server.call(method, path, u.token, body);
      assert.equal(res.status, 404, `${method} ${path} as a plain user`);
    }
    const web = await webSignIn(server, u.token);
    for (const [method, path, body] of routes) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie: web.cookie, 'x-csrf-token': web.csrf, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      assert.equal(res.status, 404, `${method} ${path} as a plain user's session`);
    }
    // nothing changed: still a user, no limit, the other's token works
    const me = await server.call<AdminUserEntry>('GET', adminPath(ADMIN_API.user, u.userId), adminToken);
    assert.equal(me.body.role, 'user');
    assert.equal(me.body.storageLimit, null);
    assert.equal((await server.call('GET', API.me, other.token)).status, 200);
    const invites = await server.db.selectFrom('invites').select('hash').execute();
    assert.equal(invites.length, 0, 'no invite was made');
  });

  it('invites: a one-time link on the main share host, admin or not, 1h to 90d; a bad expiry is a 400', async () => {
    const before = Date.now();
    const made = await server.call<AdminInviteResponse>('POST', ADMIN_API.invites, adminToken, {
      admin: true,
      expires: '30d',
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.role, 'admin');
    const secret = new RegExp(`^${server.config.shareBaseUrl}/dashboard/invite/([A-Za-z0-9_-]{43})$`).exec(
      made.body.url,
    )?.[1];
    assert.ok(secret, made.body.url);
    const ttl = Date.parse(made.body.expiresAt) - before;
    assert.ok(ttl >= 30 * 86_400_000 && ttl < 30 * 86_400_000 + 60_000, 'expires in 30 days');
    assert.equal(await inviteState(server.db, secret, new Date()), 'ok');
    assert.equal((await fetch(made.body.url)).status, 200, 'the invite page opens');
    const plain = await server.call<AdminInviteResponse>('POST', ADMIN_API.invites, adminToken, {});
    assert.equal(plain.status, 201);
    assert.equal(plain.body.role, 'user');
    const week = Date.parse(plain.body.expiresAt) - before;
    assert.ok(week >= 7 * 86_400_000 && week < 7 * 86_400_000 + 60_000, '7 days when not said');
    for (const expires of ['forever', '91d', '30m', '0h']) {
      const bad = await server.call<{ message: string }>('POST', ADMIN_API.invites, adminToken, { expires });
      assert.equal(bad.status, 400, expires);
      assert.match(bad.body.message, /expires must be hours or days from 1h to 90d/);
    }
  });

  it('an admin sets a quota the way `user quota` reads it; the next reservation over it is refused with 413', async () => {
    const u = await gatewayUser(server, 'quota');
    const set = await server.call<AdminUserEntry>('PUT', adminPath(ADMIN_API.quota, u.userId), adminToken, {
      storage: '1MB',
      transfer: '2GiB',
      maxFile: '',
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.storageLimit, 1_000_000);
    assert.equal(set.body.transferLimit, 2 * 1024 ** 3);
    assert.equal(set.body.maxFileSize, null, 'a blank field leaves the limit');
    const refused = await reserve(server, u.token, u.userId, 1_000_001);
    assert.equal(refused.status, 413);
    assert.equal(refused.body.error, 'quota_exceeded');
    assert.equal(refused.body.limit, 1_000_000);
    assert.equal((await reserve(server, u.token, u.userId, 999_000)).status, 200);
    const me = await server.call<MeResponse>('GET', API.me, u.token);
    assert.equal(me.body.usage?.storageLimit, 1_000_000);
    const bad = await server.call<{ message: string }>('PUT', adminPath(ADMIN_API.quota, u.userId), adminToken, {
      storage: 'lots',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /is not a size: write e\.g\. 500MB/);
    const none = await server.call<AdminUserEntry>('PUT', adminPath(ADMIN_API.quota, u.userId), adminToken, {
      storage: 'none',
    });
    assert.equal(none.body.storageLimit, null);
    assert.equal(none.body.transferLimit, 2 * 1024 ** 3);
    const unknown = await server.call('PUT', adminPath(ADMIN_API.quota, 'nobody-here'), adminToken, { storage: '1GB' });
    assert.equal(unknown.status, 404);
  });

  it('create, disable (tokens 401), enable, make admin; an admin cannot disable or demote themselves', async () => {
    const name = uniqueUserId('made');
    const made = await server.call<AdminUserEntry>('POST', ADMIN_API.users, adminToken, {
      name,
      email: `${name}@example.test`,
    });
    assert.equal(made.status, 201);
    assert.equal(made.body.role, 'user');
    const again = await server.call<{ message: string }>('POST', ADMIN_API.users, adminToken, { name });
    assert.equal(again.status, 400);
    assert.match(again.body.message, /already exists/);
    const badName = await server.call('POST', ADMIN_API.users, adminToken, { name: 'Not OK' });
    assert.equal(badName.status, 400);

    const token = await server.createToken(name);
    const off = await server.call<AdminUserEntry>('PUT', adminPath(ADMIN_API.disabled, name), adminToken, {
      disabled: true,
    });
    assert.equal(off.body.disabled, true);
    assert.equal((await server.call('GET', API.me, token)).status, 401);
    await server.call('PUT', adminPath(ADMIN_API.disabled, name), adminToken, { disabled: false });
    assert.equal((await server.call('GET', API.me, token)).status, 200);
    const promoted = await server.call<AdminUserEntry>('PUT', adminPath(ADMIN_API.role, name), adminToken, {
      role: 'admin',
    });
    assert.equal(promoted.body.role, 'admin');
    assert.equal((await server.call('GET', ADMIN_API.totals, token)).status, 200, 'the new admin may use it');

    const self = await server.call<{ message: string }>('PUT', adminPath(ADMIN_API.disabled, adminName), adminToken, {
      disabled: true,
    });
    assert.equal(self.status, 400);
    assert.match(self.body.message, /your own account/);
    const demote = await server.call('PUT', adminPath(ADMIN_API.role, adminName), adminToken, { role: 'user' });
    assert.equal(demote.status, 400);
  });

  it('users list and totals count storage, links and active users', async () => {
    const u = await gatewayUser(server, 'big');
    await u.share('a.txt', 'x'.repeat(5000), 'text/plain');
    await u.share('b.txt', 'y'.repeat(3000), 'text/plain');
    const list = await server.call<AdminUserListResponse>('GET', ADMIN_API.users, adminToken);
    const row = list.body.users.find((e) => e.name === u.userId)!;
    assert.equal(row.storageUsed, 8000);
    assert.equal(row.links, 2);
    assert.ok(row.lastActiveAt, 'the token was used');
    const totals = await server.call<AdminTotalsResponse>('GET', ADMIN_API.totals, adminToken);
    assert.equal(
      totals.body.storageUsed,
      list.body.users.reduce((t, e) => t + e.storageUsed, 0),
    );
    assert.equal(totals.body.users, list.body.users.length);
    assert.ok(totals.body.activeUsers >= 1 && totals.body.activeUsers <= totals.body.users);
    assert.equal(totals.body.largest[0]!.storageUsed, Math.max(...list.body.users.map((e) => e.storageUsed)));
  });

  it('any user’s tokens, listed and revoked by an admin: the token then gets 401', async () => {
    const u = await gatewayUser(server, 'tok');
    const second = await server.createToken(u.userId, 'phone');
    const list = await server.call<{ tokens: DeviceEntry[] }>('GET', adminPath(ADMIN_API.tokens, u.userId), adminToken);
    assert.equal(list.body.tokens.length, 2);
    const phone = list.body.tokens.find((t) => t.label === 'phone')!;
    const revoked = await server.call('DELETE', adminPath(ADMIN_API.token, phone.id), adminToken);
    assert.equal(revoked.status, 200);
    assert.equal((await server.call('GET', API.me, second)).status, 401);
    assert.equal((await server.call('GET', API.me, u.token)).status, 200, 'the other token still works');
    assert.equal((await server.call('DELETE', adminPath(ADMIN_API.token, 'abcdefabcdef'), adminToken)).status, 404);
  });

  it('the admin and devices forms refuse a cross-site post without the CSRF token (403, nothing changed)', async () => {
    const u = await gatewayUser(server, 'forged');
    const web = await webSignIn(server, adminToken);
    const forged = (path: string, form: Record<string, string>) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: web.cookie, origin: 'https://evil.example' },
        body: new URLSearchParams(form),
      });
    assert.equal((await forged(`/dashboard/admin/users/${u.userId}/quota`, { storage: '1B' })).status, 403);
    assert.equal((await forged(`/dashboard/admin/users/${u.userId}/disable`, {})).status, 403);
    assert.equal((await forged('/dashboard/devices/pair', { label: 'evil' })).status, 403);
    const entry = await server.call<AdminUserEntry>('GET', adminPath(ADMIN_API.user, u.userId), adminToken);
    assert.equal(entry.body.storageLimit, null);
    assert.equal(entry.body.disabled, false);
    const devices = await server.call<DeviceListResponse>('GET', DEVICES_API.devices, adminToken);
    assert.ok(!devices.body.devices.some((d) => d.label === 'evil'));
    // with the page's token the same form works
    const ok = await fetch(`${server.url}/dashboard/admin/users/${u.userId}/quota`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: web.cookie },
      body: new URLSearchParams({ _csrf: web.csrf, storage: '5GB' }),
    });
    assert.equal(ok.status, 303);
    const after = await server.call<AdminUserEntry>('GET', adminPath(ADMIN_API.user, u.userId), adminToken);
    assert.equal(after.body.storageLimit, 5e9);
  });

  it('a user’s OIDC identities in their detail; unlinking one ends its session, not the user’s other one', async () => {
    const u = await gatewayUser(server, 'oidc');
    const issuer = 'https://idp.example.com/realms/x';
    const linkedAt = new Date();
    assert.ok(
      await linkIdentity(server.db, { issuer, subject: 'sub-1', userId: u.userId, email: 'o@example.com' }, linkedAt),
    );
    const viaOidc = await createSession(server.db, {
      userId: u.userId,
      now: new Date(),
      userAgent: null,
      ip: null,
      oidc: { issuer, subject: 'sub-1' },
    });
    const other = await webSignIn(server, u.token);
    const detail = await server.call<AdminUserDetail>('GET', adminPath(ADMIN_API.user, u.userId), adminToken);
    assert.deepEqual(detail.body.identities, [
      {
        issuer,
        subject: 'sub-1',
        email: 'o@example.com',
        linkedAt: linkedAt.toISOString(),
        lastSignInAt: linkedAt.toISOString(),
      },
    ]);
    const path = (subject: string) =>
      `${adminPath(ADMIN_API.identities, u.userId)}?${new URLSearchParams({ issuer, subject })}`;
    assert.equal((await server.call('DELETE', path('sub-2'), adminToken)).status, 404, 'not this user’s identity');
    const sessionPage = (cookie: string) => fetch(`${server.url}/dashboard`, { headers: { cookie } });
    assert.equal((await sessionPage(`traydrop_session=${viaOidc.secret}`)).status, 200);
    const unlinked = await server.call<AdminUnlinkResponse>('DELETE', path('sub-1'), adminToken);
    assert.equal(unlinked.status, 200);
    assert.deepEqual(unlinked.body, { unlinked: true, user: u.userId, sessionsEnded: 1 });
    assert.equal((await sessionPage(`traydrop_session=${viaOidc.secret}`)).status, 401, 'its session ended');
    assert.equal((await sessionPage(other.cookie)).status, 200, 'the user’s other session did not');
    assert.equal((await server.call('GET', API.me, u.token)).status, 200, 'nor their device');
    const after = await server.call<AdminUserDetail>('GET', adminPath(ADMIN_API.user, u.userId), adminToken);
    assert.deepEqual(after.body.identities, []);
    assert.equal(after.body.disabled, false);
    assert.equal((await server.call('DELETE', path('sub-1'), adminToken)).status, 404, 'only once');
    assert.equal((await server.call('DELETE', adminPath(ADMIN_API.identities, u.userId), adminToken)).status, 400);
  });

  it('a forged unlink (no CSRF token, another origin) is refused with 403 and unlinks nothing', async () => {
    const u = await gatewayUser(server, 'oidc2');
    const issuer = 'https://idp.example.com';
    await linkIdentity(server.db, { issuer, subject: 'forged', userId: u.userId, email: null }, new Date());
    const web = await webSignIn(server, adminToken);
    const forged = await fetch(`${server.url}/dashboard/admin/users/${u.userId}/identities/unlink`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: web.cookie, origin: 'https://evil.example' },
      body: new URLSearchParams({ issuer, subject: 'forged' }),
    });
    assert.equal(forged.status, 403);
    const api = await fetch(
      `${server.url}${adminPath(ADMIN_API.identities, u.userId)}?${new URLSearchParams({ issuer, subject: 'forged' })}`,
      { method: 'DELETE', headers: { cookie: web.cookie, origin: 'https://evil.example' } },
    );
    assert.equal(api.status, 403);
    const detail = await server.call<AdminUserDetail>('GET', adminPath(ADMIN_API.user, u.userId), adminToken);
    assert.equal(detail.body.identities.length, 1);
  });

  it('devices: own list, revoke (401 after), another user’s id 404; pairing makes a working token', async () => {
    const u = await gatewayUser(server, 'dev');
    const other = await gatewayUser(server, 'dev2');
    const paired = await server.call<DevicePairResponse>('POST', DEVICES_API.pair, u.token, { label: 'Work laptop' });
    assert.equal(paired.status, 200);
    const link = new URL(paired.body.pairLink);
    assert.equal(link.protocol, 'traydrop:');
    assert.equal(link.searchParams.get('server'), server.url);
    const newToken = link.searchParams.get('token')!;
    const me = await server.call<MeResponse>('GET', API.me, newToken);
    assert.equal(me.body.userId, u.userId);
    assert.match(paired.body.qrSvg, /^<svg [^>]*viewBox="0 0 \d+ \d+"/);

    const list = await server.call<DeviceListResponse>('GET', DEVICES_API.devices, u.token);
    assert.deepEqual(
      list.body.devices.map((d) => d.label),
      ['Work laptop', null],
    );
    assert.equal(list.body.devices.find((d) => d.current)?.label, null, 'the token asking is marked');
    const otherList = await server.call<DeviceListResponse>('GET', DEVICES_API.devices, other.token);
    const otherId = otherList.body.devices[0]!.id;
    assert.equal((await server.call('DELETE', adminPath(DEVICES_API.device, otherId), u.token)).status, 404);
    assert.equal((await server.call('GET', API.me, other.token)).status, 200, 'another user’s token untouched');

    const mine = list.body.devices.find((d) => d.label === 'Work laptop')!;
    assert.equal((await server.call('DELETE', adminPath(DEVICES_API.device, mine.id), u.token)).status, 200);
    assert.equal((await server.call('GET', API.me, newToken)).status, 401);
    const after = await server.call<DeviceListResponse>('GET', DEVICES_API.devices, u.token);
    assert.equal(after.body.devices.length, 1, 'a revoked device leaves the list');
    const tooLong = await server.call('POST', DEVICES_API.pair, u.token, { label: 'x'.repeat(81) });
    assert.equal(tooLong.status, 400);
  });
});
