/**
 * A pairing link from the server, accepted: `traydrop-server token create --pair-url` → the link opened on
 * the desktop (second-instance argv) → the app asks → Pair → the token is checked with the real server and
 * stored encrypted, the queue is paired and the user is told who they are now.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pairLink } from '../../common/pair-link.ts';
import { startTestServer, uniqueUserId, type TestServer } from '../helpers/server.ts';
import { startFixture } from './app-fixture.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server?.close());

test('traydrop://pair accepted: the real server checks the token, the app is paired and says so', async () => {
  const fx = await startFixture({ paired: false });
  try {
    const userId = uniqueUserId('link');
    const token = await server.createToken(userId);
    fx.fake.dialogResponse.value = 0; // Pair
    await fx.app.handleArgv(['/opt/Traydrop/traydrop', pairLink(server.url, token)], '/');
    const pairing = await fx.app.settings.pairing();
    assert.deepEqual([pairing?.serverUrl, pairing?.userId, pairing?.token], [server.url, userId, token]);
    assert.equal(fx.app.queue.paired, true);
    assert.ok(existsSync(path.join(fx.dir, 'device-token.enc')), 'stored encrypted');
    assert.equal(existsSync(path.join(fx.dir, 'device-token')), false, 'never in plain text');
    const told = fx.fake.notifications.find((n) => n.title === 'Traydrop is paired');
    assert.match(
      told?.body ?? '',
      new RegExp(`Signed in as ${userId}\\. Links look like ${server.config.shareBaseUrl}/`),
    );
  } finally {
    await fx.close();
  }
});

test('traydrop://pair with a token the server does not know: not paired, and the user is told why', async () => {
  const fx = await startFixture({ paired: false });
  try {
    fx.fake.dialogResponse.value = 0;
    await fx.app.handleArgv(['/opt/Traydrop/traydrop', pairLink(server.url, 'tdk_not-a-real-token-0123456789')], '/');
    assert.equal(await fx.app.settings.pairing(), undefined);
    assert.ok(
      fx.fake.notifications.some(
        (n) => n.title === 'Traydrop: pairing failed' && /rejected the device token/.test(n.body),
      ),
    );
  } finally {
    await fx.close();
  }
});
