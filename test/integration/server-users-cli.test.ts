/**
 * `traydrop-server user …` run as a process against a live server's database (SQLite, or PostgreSQL with
 * TRAYDROP_TEST_DATABASE=postgres): create, list and show with the exact JSON shape, quotas with every unit and
 * `none`, a bad size (message, exit 1), disable/enable taking effect at once on the running server, and
 * `token create` refusing an unknown or disabled user without creating anything; `user show` listing OpenID Connect
 * identities and `user unlink-identity` unlinking one (its session ends; unknown ones: a message and exit 1).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { API, type MeResponse } from '../../common/broker-api.ts';
import { linkIdentity } from '../../server/db/oidc-identities.ts';
import { createSession, useSession } from '../../server/db/sessions.ts';
import { findUser, listUsers } from '../../server/db/users.ts';
import { startTestServer, type TestServer, uniqueUserId } from '../helpers/server.ts';

const SERVER_BIN = fileURLToPath(new URL('../../bin/traydrop-server.js', import.meta.url));

const SHAPE = [
  'name',
  'email',
  'role',
  'disabled',
  'storageUsed',
  'storageLimit',
  'transferUsed',
  'transferLimit',
  'maxFileSize',
  'links',
];

describe('traydrop-server user (as a process)', () => {
  let server: TestServer;
  const alice = uniqueUserId('alice');
  const admin = uniqueUserId('boss');

  before(async () => (server = await startTestServer()));
  after(() => server.close());

  function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--no-warnings', SERVER_BIN, ...args],
        { env: { ...process.env, ...server.databaseEnv() } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it('user create, then list --json and show --json in the exact shape', async () => {
    assert.equal((await cli('user', 'create', alice)).code, 0);
    const made = await cli('user', 'create', admin, '--admin', '--email', `${admin}@example.com`);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, new RegExp(`created admin user ${admin}`));

    const list = JSON.parse((await cli('user', 'list', '--json')).stdout) as Record<string, unknown>[];
    for (const entry of list) assert.deepEqual(Object.keys(entry), SHAPE);
    const boss = list.find((u) => u.name === admin);
    assert.deepEqual(boss, {
      name: admin,
      email: `${admin}@example.com`,
      role: 'admin',
      disabled: false,
      storageUsed: 0,
      storageLimit: null,
      transferUsed: 0,
      transferLimit: null,
      maxFileSize: null,
      links: 0,
    });
    const shown = JSON.parse((await cli('user', 'show', alice, '--json')).stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(shown), [...SHAPE, 'identities']);
    assert.deepEqual(shown.identities, []);
    assert.equal(shown.role, 'user');
    assert.match((await cli('user', 'list')).stdout, new RegExp(`^${alice}  user  active`, 'm'));
  });

  it('a second user of the same name, or a taken e-mail, is a message and exit 1', async () => {
    const again = await cli('user', 'create', alice);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`user ${alice} already exists`));
    const taken = await cli('user', 'create', uniqueUserId('x'), '--email', `${admin}@example.com`);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /belongs to user/);
    const bad = await cli('user', 'create', 'Bad/Name');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /invalid user name "Bad\/Name"/);
  });

  it('user quota takes KB/MB/GB/TB as powers of 1000, KiB/MiB/GiB of 1024, and none', async () => {
    const set = await cli('user', 'quota', alice, '--storage', '10GB', '--transfer', '1.5TB', '--max-file', '2GiB');
    assert.equal(set.code, 0, set.stderr);
    let shown = JSON.parse((await cli('user', 'show', alice, '--json')).stdout) as Record<string, number | null>;
    assert.equal(shown.storageLimit, 10_000_000_000);
    assert.equal(shown.transferLimit, 1_500_000_000_000);
    assert.equal(shown.maxFileSize, 2 * 1024 ** 3);
    assert.equal((await cli('user', 'quota', alice, '--transfer', 'none', '--max-file', '500KiB')).code, 0);
    shown = JSON.parse((await cli('user', 'show', alice, '--json')).stdout) as Record<string, number | null>;
    assert.deepEqual([shown.storageLimit, shown.transferLimit, shown.maxFileSize], [10_000_000_000, null, 512_000]);
  });

  it('a bad size is a clear message and exit 1, and changes nothing', async () => {
    const bad = await cli('user', 'quota', alice, '--storage', '10 parsecs');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--storage "10 parsecs" is not a size: write e\.g\. 500MB, 10GB, 2GiB or none/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
    const shown = JSON.parse((await cli('user', 'show', alice, '--json')).stdout) as Record<string, number | null>;
    assert.equal(shown.storageLimit, 10_000_000_000);
  });

  it('token create refuses an unknown user and a disabled one, creating nothing', async () => {
    const before = (await listUsers(server.db)).length;
    const ghost = uniqueUserId('ghost');
    const unknown = await cli('token', 'create', ghost);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, new RegExp(`no such user: ${ghost}`));
    assert.equal((await listUsers(server.db)).length, before, 'no user made on the way');
    assert.equal(
      (await server.db.selectFrom('device_tokens').select('id').where('user_id', '=', ghost).execute()).length,
      0,
    );

    const token = (await cli('token', 'create', alice)).stdout.trim();
    assert.equal((await server.call<MeResponse>('GET', API.me, token)).status, 200);
    assert.equal((await cli('user', 'disable', alice)).code, 0);
    const refused = await cli('token', 'create', alice);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`user ${alice} is disabled; enable it first`));

    // the running server refuses the existing token at once, with a message
    const me = await server.call<{ error: string; message: string }>('GET', API.me, token);
    assert.equal(me.status, 401);
    assert.match(me.body.message, new RegExp(`the account ${alice} is disabled`));
    const shown = JSON.parse((await cli('user', 'show', alice, '--json')).stdout) as { disabled: boolean };
    assert.equal(shown.disabled, true);

    assert.equal((await cli('user', 'enable', alice)).code, 0);
    assert.equal((await server.call('GET', API.me, token)).status, 200);
  });

  it('user show lists OIDC identities; user unlink-identity unlinks one and ends its session', async () => {
    const issuer = 'https://idp.example.com';
    const linked = new Date('2026-12-01T10:00:00.000Z');
    await linkIdentity(server.db, { issuer, subject: 'a-77', userId: alice, email: 'alice@example.com' }, linked);
    const session = await createSession(server.db, {
      userId: alice,
      now: new Date(),
      userAgent: null,
      ip: null,
      oidc: { issuer, subject: 'a-77' },
    });
    const text = await cli('user', 'show', alice);
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /^ {2}identity {2}https:\/\/idp\.example\.com {2}subject a-77 {2}<alice@example\.com> {2}linked 2026-12-01T10:00:00\.000Z, last sign-in 2026-12-01T10:00:00\.000Z$/m,
    );
    const json = JSON.parse((await cli('user', 'show', alice, '--json')).stdout) as { identities: unknown[] };
    assert.deepEqual(json.identities, [
      {
        issuer,
        subject: 'a-77',
        email: 'alice@example.com',
        linkedAt: linked.toISOString(),
        lastSignInAt: linked.toISOString(),
      },
    ]);

    const wrong = await cli('user', 'unlink-identity', alice, '--issuer', issuer, '--subject', 'nope');
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, new RegExp(`${alice} has no identity with subject nope at ${issuer}`));
    const ghost = await cli('user', 'unlink-identity', uniqueUserId('ghost'), '--issuer', issuer, '--subject', 'a-77');
    assert.equal(ghost.code, 1);
    assert.match(ghost.stderr, /no such user/);
    assert.notEqual(await useSession(server.db, session.secret, new Date()), null, 'nothing ended yet');

    const done = await cli('user', 'unlink-identity', alice, '--issuer', issuer, '--subject', 'a-77');
    assert.equal(done.code, 0, done.stderr);
    assert.equal(done.stdout, `unlinked a-77 at ${issuer} from ${alice}; ended 1 session it signed in\n`);
    assert.equal(await useSession(server.db, session.secret, new Date()), null, 'its session ended');
    assert.ok(await findUser(server.db, alice), 'the user stays');
    assert.doesNotMatch((await cli('user', 'show', alice)).stdout, /identity/);
    const again = await cli('user', 'unlink-identity', alice, '--issuer', issuer, '--subject', 'a-77');
    assert.equal(again.code, 1, 'unlinked once only');
  });

  it('unknown sub-commands and misplaced options are usage errors (exit 2)', async () => {
    assert.equal((await cli('user')).code, 2);
    assert.equal((await cli('user', 'frobnicate', alice)).code, 2);
    assert.equal((await cli('user', 'show', alice, '--storage', '1GB')).code, 2);
    assert.equal((await cli('user', 'show')).code, 2);
    assert.equal((await cli('user', 'show', alice, '--issuer', 'https://idp.example.com')).code, 2);
    const half = await cli('user', 'unlink-identity', alice, '--issuer', 'https://idp.example.com');
    assert.equal(half.code, 2);
    assert.match(half.stderr, /user unlink-identity needs --issuer and --subject/);
    const show = await cli('user', 'show', uniqueUserId('nobody'));
    assert.equal(show.code, 1);
    assert.match(show.stderr, /no such user/);
  });
});
