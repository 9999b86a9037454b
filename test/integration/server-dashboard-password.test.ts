/**
 * Invites and password sign-in over real sockets, on SQLite and PostgreSQL (TRAYDROP_TEST_DATABASE=postgres):
 * `traydrop-server user invite` as a process prints a link that makes one account (bad and taken names refused
 * with the invite kept, once under a race, expiry, --admin), pairs a first device with a working token; password
 * sign-in with the limits (10 wrong per name and per address per 15 minutes, then 429 + Retry-After, unknown names
 * counted alike), a forged cross-site post refused, the password page (CSRF, current password), PASSWORD_SIGN_IN=false.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { API } from '../../common/broker-api.ts';
import { passwordHashOf } from '../../server/db/user-passwords.ts';
import { findUser } from '../../server/db/users.ts';
import { startDashboardServer, webSignIn } from '../helpers/dashboard.ts';
import { testClock, type TestServer, uniqueUserId } from '../helpers/server.ts';

const SERVER_BIN = fileURLToPath(new URL('../../bin/traydrop-server.js', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const QUARTER = 15 * 60_000;

function cli(server: TestServer, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, ...server.databaseEnv(), SHARE_BASE_URL: server.config.shareBaseUrl };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--no-warnings', SERVER_BIN, ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function invite(server: TestServer, ...args: string[]): Promise<string> {
  const made = await cli(server, 'user', 'invite', ...args);
  assert.equal(made.code, 0, made.stderr);
  const url = made.stdout.trim();
  assert.match(url, new RegExp(`^${server.url}/dashboard/invite/[A-Za-z0-9_-]{43}$`));
  return url;
}

const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', redirect: 'manual', headers, body: new URLSearchParams(fields) });

describe('invites and password sign-in', () => {
  const clock = testClock();
  let server: TestServer;

  before(async () => (server = await startDashboardServer({ now: clock.now })));
  after(() => server?.close());

  it('an invite: GET spends nothing; bad, taken names and short passwords refused with the invite kept; then one account', async () => {
    const url = await invite(server);
    const taken = uniqueUserId('taken');
    await server.createToken(taken);
    for (let i = 0; i < 2; i++) {
      const page = await fetch(url);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<input name="password" type="password" autocomplete="new-password"/);
    }
    const bad = await post(url, { name: 'Not A Name!', password: PASSWORD });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /That name cannot be used: use 1-63 lower-case letters/);
    const clash = await post(url, { name: taken, password: PASSWORD });
    assert.equal(clash.status, 400);
    assert.match(await clash.text(), /is taken\. Pick another one/);
    const short = await post(url, { name: uniqueUserId('new'), password: 'short' });
    assert.equal(short.status, 400);
    assert.match(await short.text(), /at least 12 characters/);

    const name = uniqueUserId('invited');
    const made = await post(url, { name, password: PASSWORD });
    assert.equal(made.status, 200);
    const html = await made.text();
    const token = /<code class="secret">(tdk_[A-Za-z0-9_-]+)<\/code>/.exec(html)?.[1];
    assert.ok(token, 'the page shows the first device token');
    assert.ok(html.includes(`href="traydrop://pair?server=${encodeURIComponent(server.url)}&amp;token=${token}"`));
    assert.ok(html.includes(`traydrop login ${server.url} ${token}`));
    const me = await server.call<{ userId: string }>('GET', API.me, token);
    assert.equal(me.status, 200, 'the first device token works');
    const cookie = made.headers.get('set-cookie')!.split(';')[0]!;
    assert.equal((await fetch(`${server.url}/dashboard`, { headers: { cookie } })).status, 200, 'signed in');
    const user = await findUser(server.db, name);
    assert.equal(user?.role, 'user');
    assert.match((await passwordHashOf(server.db, name))!, /^scrypt\$131072\$8\$1\$/);

    const again = await post(url, { name: uniqueUserId('second'), password: PASSWORD });
    assert.equal(again.status, 410);
    assert.match(await again.text(), /already used/);
    assert.equal((await fetch(url)).status, 410);
    assert.equal((await fetch(`${server.url}/dashboard/invite/${'A'.repeat(43)}`)).status, 404);
  });

  it('an invite works once under a race, --admin makes an admin, and it expires', async () => {
    const url = await invite(server, '--admin', '--expires', '2h');
    const names = [uniqueUserId('race'), uniqueUserId('race'), uniqueUserId('race'), uniqueUserId('race')];
    const answers = await Promise.all(names.map((name) => post(url, { name, password: PASSWORD })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 410, 410, 410]);
    const winner = names[answers.findIndex((a) => a.status === 200)]!;
    assert.equal((await findUser(server.db, winner))?.role, 'admin');
    for (const name of names) if (name !== winner) assert.equal(await findUser(server.db, name), undefined);

    const soon = await invite(server, '--expires', '1h');
    clock.advance(2 * 3_600_000); // the command's clock is the real one; the server's is the test's, an hour on from it
    const late = await post(soon, { name: uniqueUserId('late'), password: PASSWORD });
    assert.equal(late.status, 410);
    assert.match(await late.text(), /expired/);

    const wrong = await cli(server, 'user', 'invite', '--expires', '3w');
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--expires must be hours or days from 1h to 90d/);
  });

  it('password sign-in: right once, wrong 401; 10 wrong for one name then 429 with Retry-After, even for the right one', async () => {
    clock.advance(QUARTER);
    const name = uniqueUserId('pw');
    const url = await invite(server);
    assert.equal((await post(url, { name, password: PASSWORD })).status, 200);
    const signIn = `${server.url}/dashboard/sign-in`;
    const page = await (await fetch(signIn)).text();
    assert.match(page, /<input name="password" type="password" autocomplete="current-password"/);

    const ok = await post(signIn, { name, password: PASSWORD });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/dashboard');
    assert.match(
      ok.headers.get('set-cookie')!,
      /^traydrop_session=[A-Za-z0-9_-]{43}; Path=\/;.*HttpOnly; SameSite=Lax/,
    );

    // another address (X-Forwarded-For is not believed: TRUST_PROXY_HOPS is 0) is the same address: one budget
    for (let i = 0; i < 10; i++) {
      const wrong = await post(
        signIn,
        { name, password: `wrong-${i}-password` },
        { 'x-forwarded-for': `198.51.100.${i}` },
      );
      assert.equal(wrong.status, 401, `try ${i + 1}`);
      assert.match(await wrong.text(), /Wrong user name or password/);
    }
    const locked = await post(signIn, { name, password: PASSWORD });
    assert.equal(locked.status, 429);
    const retry = Number(locked.headers.get('retry-after'));
    assert.ok(retry > 0 && retry <= 900, `Retry-After ${retry}`);
    assert.equal(locked.headers.get('set-cookie'), null);

    clock.advance(QUARTER);
    assert.equal((await post(signIn, { name, password: PASSWORD })).status, 303, 'the window has passed');
  });

  it('unknown names count like known ones: 10 wrong from one address lock that address for every name', async () => {
    clock.advance(QUARTER);
    const signIn = `${server.url}/dashboard/sign-in`;
    for (let i = 0; i < 10; i++)
      assert.equal((await post(signIn, { name: uniqueUserId('ghost'), password: 'nothing-at-all' })).status, 401);
    const name = uniqueUserId('real');
    await server.createToken(name);
    const locked = await post(signIn, { name, password: 'anything-else' });
    assert.equal(locked.status, 429);
    assert.ok(Number(locked.headers.get('retry-after')) > 0);
  });

  it('a sign-in form posted from another site is refused (login CSRF) and counts nothing', async () => {
    clock.advance(QUARTER);
    const forged = await post(
      `${server.url}/dashboard/sign-in`,
      { name: 'x', password: 'y' },
      { origin: 'https://evil.example' },
    );
    assert.equal(forged.status, 403);
    const url = await invite(server);
    const forgedInvite = await post(
      url,
      { name: uniqueUserId('evil'), password: PASSWORD },
      { origin: 'https://evil.example' },
    );
    assert.equal(forgedInvite.status, 403);
    assert.equal((await fetch(url)).status, 200, 'the invite is still usable');
  });

  it('the password page: set with the CSRF token, change needs the current password, remove', async () => {
    clock.advance(QUARTER);
    const name = uniqueUserId('setter');
    const token = await server.createToken(name);
    const web = await webSignIn(server, token);
    const page = await fetch(`${server.url}/dashboard/password`, { headers: { cookie: web.cookie } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /You have no password/);
    const noCsrf = await post(`${server.url}/dashboard/password`, { password: PASSWORD }, { cookie: web.cookie });
    assert.equal(noCsrf.status, 403);
    assert.equal(await passwordHashOf(server.db, name), undefined);

    const form = { _csrf: web.csrf, password: PASSWORD };
    const set = await post(`${server.url}/dashboard/password`, form, { cookie: web.cookie });
    assert.equal(set.status, 200);
    assert.match(await set.text(), /Password set\./);
    assert.equal((await post(`${server.url}/dashboard/sign-in`, { name, password: PASSWORD })).status, 303);

    const change = { _csrf: web.csrf, current: 'not the password', password: 'another long passphrase' };
    const refused = await post(`${server.url}/dashboard/password`, change, { cookie: web.cookie });
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /current password is wrong/);
    const changed = await post(
      `${server.url}/dashboard/password`,
      { ...change, current: PASSWORD },
      { cookie: web.cookie },
    );
    assert.equal(changed.status, 200);
    assert.equal(
      (await post(`${server.url}/dashboard/sign-in`, { name, password: 'another long passphrase' })).status,
      303,
    );

    const removed = await post(
      `${server.url}/dashboard/password/remove`,
      { _csrf: web.csrf, current: 'another long passphrase' },
      { cookie: web.cookie },
    );
    assert.equal(removed.status, 200);
    assert.equal(await passwordHashOf(server.db, name), undefined);
    assert.equal(
      (await post(`${server.url}/dashboard/sign-in`, { name, password: 'another long passphrase' })).status,
      401,
    );
  });

  it('an invite with no password makes an account that signs in with a passkey or a device only', async () => {
    const name = uniqueUserId('keyonly');
    const made = await post(await invite(server), { name, password: '' });
    assert.equal(made.status, 200);
    assert.match(await made.text(), /href="\/dashboard\/passkeys">Add a passkey/);
    assert.equal(await passwordHashOf(server.db, name), undefined);
  });

  it('a disabled user cannot sign in with the right password', async () => {
    clock.advance(QUARTER);
    const name = uniqueUserId('gone');
    assert.equal((await post(await invite(server), { name, password: PASSWORD })).status, 200);
    assert.equal((await cli(server, 'user', 'disable', name)).code, 0);
    assert.equal((await post(`${server.url}/dashboard/sign-in`, { name, password: PASSWORD })).status, 401);
  });
});

describe('PASSWORD_SIGN_IN=false', () => {
  let server: TestServer;
  before(async () => (server = await startDashboardServer({ config: { passwordSignIn: false } })));
  after(() => server?.close());

  it('no password form, the sign-in POST and the password page answer 404, an invite makes an account without one', async () => {
    const page = await (await fetch(`${server.url}/dashboard/sign-in`)).text();
    assert.doesNotMatch(page, /type="password"/);
    assert.match(page, /traydrop dashboard/);
    assert.equal((await post(`${server.url}/dashboard/sign-in`, { name: 'a', password: 'b' })).status, 404);
    const web = await webSignIn(server, await server.createToken(uniqueUserId('nopw')));
    assert.equal((await fetch(`${server.url}/dashboard/password`, { headers: { cookie: web.cookie } })).status, 404);
    const url = await invite(server);
    assert.doesNotMatch(await (await fetch(url)).text(), /type="password"/);
    const name = uniqueUserId('nopw');
    const made = await post(url, { name, password: 'a password sent anyway' });
    assert.equal(made.status, 200);
    assert.match(await made.text(), /href="\/dashboard\/passkeys">Add a passkey/);
    assert.ok(await findUser(server.db, name));
    assert.equal(await passwordHashOf(server.db, name), undefined, 'no password stored');
  });
});
