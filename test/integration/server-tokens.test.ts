/** Device tokens: the CLI that makes and revokes them, and the 401s the server gives. */
import { parsePairLink } from '../../main/app/deep-link.ts';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { API, type ApiError, type MeResponse } from '../../common/broker-api.ts';
import { runServerCli } from '../../server/cli.ts';
import { startTestServer, type TestServer, uniqueUserId } from '../helpers/server.ts';

function captureIo() {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}

describe('device tokens', () => {
  let server: TestServer;
  let logs = '';
  const env = () => server.databaseEnv();
  const user = uniqueUserId('alice');

  before(async () => {
    const stream = new Writable({ write: (chunk, _enc, done) => void ((logs += String(chunk)), done()) });
    server = await startTestServer({ logger: { level: 'trace', stream } });
    assert.equal((await cli('user', 'create', user)).code, 0);
  });
  after(() => server.close());

  async function cli(...argv: string[]) {
    const io = captureIo();
    const code = await runServerCli(argv, env(), io);
    return { code, ...io };
  }

  it('token create prints only the token, and it works', async () => {
    const created = await cli('token', 'create', user, '--label', 'laptop');
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^tdk_[A-Za-z0-9_-]{43}\n$/);
    const token = created.stdout.trim();
    const me = await server.call<MeResponse>('GET', API.me, token);
    assert.equal(me.status, 200);
    assert.equal(me.body.userId, user);
    assert.equal(me.body.shareBaseUrl, server.config.shareBaseUrl);
  });

  it('token create --pair-url prints a traydrop://pair link the desktop app reads back, with a working token', async () => {
    const created = await cli('token', 'create', user, '--pair-url', `${server.url}/`);
    assert.equal(created.code, 0, created.stderr);
    assert.match(
      created.stdout,
      /^traydrop:\/\/pair\?server=http%3A%2F%2F127\.0\.0\.1%3A\d+&token=tdk_[A-Za-z0-9_-]{43}\n$/,
    );
    const link = parsePairLink(created.stdout.trim());
    assert.ok(typeof link === 'object', String(link));
    assert.equal(link.serverUrl, server.url);
    assert.equal((await server.call<MeResponse>('GET', API.me, link.token)).status, 200);
    const bad = await cli('token', 'create', user, '--pair-url', 'ftp://x');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--pair-url must be this server's http\(s\) address/);
    assert.equal((await cli('token', 'list', '--pair-url', server.url)).code, 2);
  });

  it('token list shows id, user, dates and state but never the token', async () => {
    const token = (await cli('token', 'create', user)).stdout.trim();
    await server.call('GET', API.me, token);
    const listed = await cli('token', 'list');
    assert.equal(listed.code, 0);
    assert.ok(!listed.stdout.includes(token), 'token printed by list');
    assert.ok(!listed.stdout.includes(token.slice(4, 20)), 'part of the token printed by list');
    assert.match(listed.stdout, new RegExp(`^[0-9a-f]{12}  ${user}  created \\S+  last used 20\\S+  active`, 'm'));
    assert.match(listed.stdout, /label=laptop/);
  });

  it('token create rejects a bad user id with a clear message', async () => {
    const result = await cli('token', 'create', 'Bad/User');
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /invalid user name "Bad\/User"/);
  });

  it('usage errors exit 2', async () => {
    assert.equal((await cli('token')).code, 2);
    assert.equal((await cli('token', 'create')).code, 2);
    assert.equal((await cli('frobnicate')).code, 2);
    assert.equal((await cli('--nope')).code, 2);
    const help = await cli('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /token create <user>/);
  });

  it('401 for missing, malformed, wrong and revoked tokens, with messages that say what to do', async () => {
    const missing = await server.call<ApiError>('GET', API.me);
    assert.equal(missing.status, 401);
    assert.equal(missing.body.error, 'unauthorized');
    assert.match(missing.body.message, /missing device token.*traydrop login/);

    const malformed = await fetch(server.url + API.me, { headers: { authorization: 'Basic abc' } });
    assert.equal(malformed.status, 401);
    assert.match(((await malformed.json()) as ApiError).message, /expected `Bearer <token>`/);

    const wrong = await server.call<ApiError>('POST', API.credentials, 'tdk_' + 'x'.repeat(43), {});
    assert.equal(wrong.status, 401);
    assert.match(wrong.body.message, /unknown device token; pair again with `traydrop login`/);

    const token = (await cli('token', 'create', user)).stdout.trim();
    assert.equal((await server.call('GET', API.me, token)).status, 200);
    const id = /^([0-9a-f]{12}) /m.exec((await cli('token', 'list')).stdout.split('\n').at(-2)!)![1]!;
    const revoked = await cli('token', 'revoke', id);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, new RegExp(`revoked ${id} \\(${user}\\)`));
    const after = await server.call<ApiError>('POST', API.multipartCreate, token, {});
    assert.equal(after.status, 401);
    assert.equal(after.body.message, 'device token revoked; pair again with `traydrop login`');
    assert.match((await cli('token', 'list')).stdout, new RegExp(`^${id}  .*revoked 20`, 'm'));
  });

  it('token revoke by token works, and an unknown one fails without echoing it', async () => {
    const token = (await cli('token', 'create', user)).stdout.trim();
    assert.equal((await cli('token', 'revoke', token)).code, 0);
    assert.equal((await server.call('GET', API.me, token)).status, 401);
    const unknown = await cli('token', 'revoke', 'tdk_' + 'y'.repeat(43));
    assert.equal(unknown.code, 1);
    assert.ok(!unknown.stderr.includes('yyyy'));
  });

  it('the token never appears in the logs, though request headers are logged', async () => {
    const token = await server.createToken(user);
    await server.call('GET', API.me, token);
    await server.call('GET', API.me, token + 'x');
    await server.call('POST', API.uploads, token, { key: 'nope' });
    assert.match(logs, /"user-agent"/, 'request headers should be logged at trace level');
    assert.match(logs, /"authorization":"\[redacted\]"/);
    assert.ok(!logs.includes(token), 'token found in the logs');
    assert.ok(!logs.includes(token.slice(4)), 'token body found in the logs');
  });
});
