/**
 * Sign-in links and sessions over real sockets, on SQLite and PostgreSQL: a link works once (also under a race),
 * for 60 s; GET never uses it; the session cookie's attributes over http and over https behind a trusted proxy;
 * sessions listed and revoked; the dashboard only on the main share host.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DASHBOARD_API, type SessionListResponse } from '../../common/dashboard-api.ts';
import { claimDomain, markVerified } from '../../server/db/domains.ts';
import { setDisabled } from '../../server/db/users.ts';
import { signInLink, startDashboardServer, webSignIn } from '../helpers/dashboard.ts';
import { rawRequest } from '../helpers/gateway.ts';
import { testClock, type TestServer, uniqueUserId } from '../helpers/server.ts';

describe('dashboard sign-in links and sessions', () => {
  const clock = testClock();
  let server: TestServer;
  let token: string;
  let userId: string;

  before(async () => {
    server = await startDashboardServer({ now: clock.now });
    userId = uniqueUserId('web');
    token = await server.createToken(userId, 'laptop');
  });
  after(() => server?.close());

  it('a device token makes a link on SHARE_BASE_URL; GET shows a button and uses nothing; POST signs in once', async () => {
    const url = await signInLink(server, token);
    assert.match(url, new RegExp(`^${server.url}/dashboard/sign-in/[A-Za-z0-9_-]{43}$`));
    for (let i = 0; i < 2; i++) {
      const page = await fetch(url);
      assert.equal(page.status, 200, 'a preview bot or a prefetch (GET) does not spend the link');
      const html = await page.text();
      assert.match(html, /<form method="post" action="\/dashboard\/sign-in\/[^"]+"><button[^>]*>Sign in<\/button>/);
      assert.doesNotMatch(html, /<script/i);
      assert.match(page.headers.get('content-security-policy')!, /default-src 'none'/);
    }
    const first = await fetch(url, { method: 'POST', redirect: 'manual' });
    assert.equal(first.status, 303);
    assert.equal(first.headers.get('location'), '/dashboard');
    const second = await fetch(url, { method: 'POST', redirect: 'manual' });
    assert.equal(second.status, 410);
    assert.match(await second.text(), /already used/);
    assert.equal((await fetch(url)).status, 410);
  });

  it('cookie over plain http: HttpOnly, SameSite=Lax, Path=/, 30 days, no prefix and no Secure', async () => {
    const { setCookie } = await webSignIn(server, token);
    assert.match(setCookie, /^traydrop_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/);
  });

  it('a link is refused 60 s after it was made (the server clock)', async () => {
    const url = await signInLink(server, token);
    clock.advance(59_000);
    assert.equal((await fetch(url)).status, 200);
    clock.advance(1_000);
    assert.equal((await fetch(url)).status, 410);
    const late = await fetch(url, { method: 'POST', redirect: 'manual' });
    assert.equal(late.status, 410);
    assert.match(await late.text(), /expired/);
  });

  it('twenty browsers racing for one link: exactly one signs in', async () => {
    const url = await signInLink(server, token);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => fetch(url, { method: 'POST', redirect: 'manual' }).then((r) => r.status)),
    );
    assert.deepEqual(
      answers.filter((s) => s === 303),
      [303],
    );
    assert.equal(answers.filter((s) => s === 410).length, 19);
  });

  it('an unknown or malformed link: 404', async () => {
    assert.equal((await fetch(`${server.url}/dashboard/sign-in/${'A'.repeat(43)}`)).status, 404);
    assert.equal((await fetch(`${server.url}/dashboard/sign-in/short`, { method: 'POST' })).status, 404);
  });

  it('a session may not make a sign-in link (only a device token does)', async () => {
    const web = await webSignIn(server, token);
    const res = await fetch(server.url + DASHBOARD_API.signInLink, {
      method: 'POST',
      headers: { cookie: web.cookie, 'x-csrf-token': web.csrf },
    });
    assert.equal(res.status, 403);
  });

  it('sessions are listed with their browser label and revoked; a revoked session is signed out', async () => {
    const own = await server.createToken(uniqueUserId('two'));
    const a = await webSignIn(server, own);
    const b = await webSignIn(server, own);
    const list = (await (
      await fetch(server.url + DASHBOARD_API.sessions, { headers: { cookie: a.cookie } })
    ).json()) as SessionListResponse;
    assert.equal(list.sessions.length, 2);
    assert.deepEqual(
      list.sessions.map((s) => s.browser),
      ['Unknown browser', 'Unknown browser'], // Node's fetch says "node"
    );
    const bId = list.sessions.find((s) => !s.current)!.id;
    const gone = await fetch(`${server.url}/v1/sessions/${bId}`, {
      method: 'DELETE',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    });
    assert.equal(gone.status, 200);
    assert.equal((await fetch(`${server.url}/dashboard`, { headers: { cookie: b.cookie } })).status, 401);
    assert.equal((await fetch(`${server.url}/dashboard`, { headers: { cookie: a.cookie } })).status, 200);
    const again = await fetch(`${server.url}/v1/sessions/${bId}`, {
      method: 'DELETE',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    });
    assert.equal(again.status, 404);
  });

  it('sign out ends the session and clears the cookie', async () => {
    const web = await webSignIn(server, token);
    const out = await fetch(`${server.url}/dashboard/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: web.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: web.csrf }).toString(),
    });
    assert.equal(out.status, 303);
    assert.match(out.headers.get('set-cookie')!, /^traydrop_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/);
    assert.equal((await fetch(`${server.url}/dashboard`, { headers: { cookie: web.cookie } })).status, 401);
  });

  it('disabling the user ends their sessions at once; enabling lets the same session in again', async () => {
    const other = uniqueUserId('gone');
    const otherToken = await server.createToken(other);
    const web = await webSignIn(server, otherToken);
    const dashboard = () => fetch(`${server.url}/dashboard`, { headers: { cookie: web.cookie } });
    assert.equal((await dashboard()).status, 200);
    await setDisabled(server.db, other, true, new Date());
    assert.equal((await dashboard()).status, 401);
    const api = await fetch(`${server.url}/v1/files`, { headers: { cookie: web.cookie } });
    assert.equal(api.status, 401, 'nor does the API take the session');
    await setDisabled(server.db, other, false, new Date());
    assert.equal((await dashboard()).status, 200);
  });

  it('a custom domain, a SHARE_HOSTS alias or another host has no /dashboard (404), and no session counts there', async () => {
    const web = await webSignIn(server, token);
    await claimDomain(server.db, { userId, domain: 'files.example.org', token: 't', createdAt: 'now' });
    await markVerified(server.db, userId, new Date());
    const port = new URL(server.url).port;
    for (const host of ['files.example.org', `localhost:${port}`, 'share.example.test']) {
      for (const path of ['/dashboard', '/dashboard/sessions', `/dashboard/sign-in/${'A'.repeat(43)}`]) {
        const res = await rawRequest(server.url, path, { headers: { host, cookie: web.cookie } });
        assert.equal(res.status, 404, `${host}${path}`);
      }
      const api = await rawRequest(server.url, '/v1/files', { headers: { host, cookie: web.cookie } });
      assert.equal(api.status, 401, `${host}: the session cookie is not a credential there`);
    }
  });
});

describe('the session cookie behind a proxy (TRUST_PROXY_HOPS)', () => {
  for (const hops of [1, 0]) {
    it(`X-Forwarded-Proto: https ${hops ? 'from a trusted proxy: __Host- and Secure' : 'with no trusted proxy: ignored'}`, async () => {
      const server = await startDashboardServer({ config: { trustProxyHops: hops } });
      try {
        const token = await server.createToken(uniqueUserId('proxy'));
        const url = await signInLink(server, token);
        const res = await fetch(url, { method: 'POST', redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
        assert.equal(res.status, 303);
        const setCookie = res.headers.get('set-cookie')!;
        if (hops)
          assert.match(
            setCookie,
            /^__Host-traydrop_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure$/,
          );
        else assert.match(setCookie, /^traydrop_session=[^;]+; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/);
        const secret = setCookie.split(';')[0]!.split('=')[1]!;
        // the __Host- cookie counts only on a request that came over https (as far as a trusted proxy says)
        const secure = `__Host-traydrop_session=${secret}`;
        const overHttps = await fetch(`${server.url}/dashboard`, {
          headers: { 'x-forwarded-proto': 'https', cookie: secure },
        });
        const overHttp = await fetch(`${server.url}/dashboard`, { headers: { cookie: secure } });
        assert.deepEqual([overHttps.status, overHttp.status], hops ? [200, 401] : [401, 401]);
      } finally {
        await server.close();
      }
    });
  }
});
