/**
 * The real electron-updater (AppImage updater, generic provider), driven through main/app/updates/ under the fake
 * Electron, against a feed served on 127.0.0.1 (test/helpers/update-feed.ts). electron-updater skips every check
 * in an unpackaged app; the checker is given `dev: true` (its forceDevUpdateConfig, what TRAYDROP_DEV_UPDATE_CONFIG
 * turns on) and an app-update.yml written here, as electron-builder writes one into a packaged app's resources.
 * Its HTTP goes through the fake's net.request (node:http underneath), in its own session partition.
 *
 * A newer version is found, downloaded, its sha512 checked, and ready; the same version is "none"; a feed that
 * 404s, is not YAML, names no version or gives a wrong sha512 fails with a reason a person can read.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { createUpdateChecker } from '../../main/app/updates/update-checker.ts';
import type { UpdateState } from '../../main/app/updates/update-state.ts';
import {
  LINUX_CHANNEL_FILE,
  release,
  sha512,
  startFeedServer,
  useUpdateFeed,
  writeUpdateConfig,
} from '../helpers/update-feed.ts';
import { fakeElectron } from './fake-electron.ts';

const updateFeed = useUpdateFeed();

/** A checker as updates.ts makes one, in a fresh home (its own download cache), recording every state. */
async function checker(feedUrl: string | null = null) {
  const home = await mkdtemp(path.join(updateFeed.root, 'home-'));
  const fake = fakeElectron();
  const states: UpdateState[] = [];
  const logs: string[] = [];
  const c = createUpdateChecker({
    electron: fake.electron,
    platform: 'linux',
    env: {},
    home,
    userDataDir: path.join(home, 'config'),
    configFile: updateFeed.configFile,
    dev: true,
    feedUrl,
    log: (line) => logs.push(line),
  });
  c.onChange((s) => states.push(s));
  const pending = path.join(home, '.cache', 'traydrop-updater', 'pending');
  return { c, fake, states, logs, home, pending };
}

test('a newer version: checking → available → downloading → ready; the file downloaded is the one the feed hashed', async () => {
  const v = release('0.2.0');
  updateFeed.feed.serve(v.files);
  const { c, fake, states, pending } = await checker();
  assert.deepEqual(c.state(), { kind: 'idle' });
  const result = await c.check();
  assert.deepEqual(result, { kind: 'ready', version: '0.2.0' });
  assert.deepEqual(
    states.map((s) => s.kind).filter((k, i, all) => k !== all[i - 1]),
    ['checking', 'available', 'downloading', 'ready'],
  );
  assert.ok(
    states.some((s) => s.kind === 'downloading' && s.version === '0.2.0' && s.percent === 100),
    'progress up to 100 %',
  );
  assert.deepEqual(await readFile(path.join(pending, v.name)), v.artifact, 'the AppImage, whole, in the cache');
  assert.equal(updateFeed.feed.requests[0], `/${LINUX_CHANNEL_FILE}`);
  assert.ok(updateFeed.feed.requests.includes(`/${v.name}`), updateFeed.feed.requests.join(' '));
  // through Electron's net in electron-updater's own session: the default one cancels every http(s) request
  assert.ok(fake.netRequests.length >= 2);
  assert.ok(fake.netRequests.every((r) => r.partition === 'electron-updater'));
  // once ready, another check asks nothing
  const before = updateFeed.feed.requests.length;
  assert.deepEqual(await c.check(), { kind: 'ready', version: '0.2.0' });
  assert.equal(updateFeed.feed.requests.length, before);
});

test('the same version: none, and nothing is downloaded', async () => {
  const v = release('0.0.0-test'); // the fake's app.getVersion()
  updateFeed.feed.serve(v.files);
  const { c } = await checker();
  assert.deepEqual(await c.check(), { kind: 'none', version: '0.0.0-test' });
  assert.deepEqual(updateFeed.feed.requests, [`/${LINUX_CHANNEL_FILE}`]);
});

test('a feed without the channel file (404): failed, saying which file', async () => {
  updateFeed.feed.serve({});
  const { c, logs } = await checker();
  assert.deepEqual(await c.check(), { kind: 'failed', reason: `the feed has no ${LINUX_CHANNEL_FILE} (HTTP 404)` });
  assert.ok(
    logs.some((l) => l.includes('HTTP 404')),
    'and it is logged',
  );
});

test('a channel file that is not YAML, or names no version: failed with the reason', async () => {
  updateFeed.feed.serve({ [LINUX_CHANNEL_FILE]: { body: 'version: [0.2.0\nfiles: {{{' } });
  assert.deepEqual(await (await checker()).c.check(), {
    kind: 'failed',
    reason: `the feed’s ${LINUX_CHANNEL_FILE} is not valid YAML`,
  });
  updateFeed.feed.serve({ [LINUX_CHANNEL_FILE]: { body: '<html>a login page</html>\n' } });
  assert.deepEqual(await (await checker()).c.check(), {
    kind: 'failed',
    reason: 'the feed names no valid version (undefined)',
  });
});

test('a wrong sha512: failed, and the download is not kept', async () => {
  const other = release('0.2.0');
  const v = release('0.2.0', { sha512: sha512(other.artifact) });
  updateFeed.feed.serve(v.files);
  const { c, states, pending } = await checker();
  const result = await c.check();
  assert.deepEqual(result, {
    kind: 'failed',
    reason: 'the download does not match the sha512 the feed gives; it was deleted, not installed',
  });
  assert.ok(
    states.some((s) => s.kind === 'available'),
    'it was found before it failed',
  );
  assert.ok(updateFeed.feed.requests.includes(`/${v.name}`), 'and downloaded');
  const left = existsSync(pending) ? await readdir(pending) : [];
  assert.deepEqual(
    left.filter((f) => f.endsWith('.AppImage')),
    [],
    'nothing that could be installed is left',
  );
});

test('the feedUrl setting overrides the URL of app-update.yml', async () => {
  const dead = await startFeedServer();
  await dead.close(); // a port nobody listens on any more
  const elsewhere = path.join(updateFeed.root, 'dead-app-update.yml');
  await writeUpdateConfig(elsewhere, dead.url);
  updateFeed.feed.serve(release('0.0.0-test').files);
  const { c } = await checker(updateFeed.feed.url);
  assert.equal((await c.check()).kind, 'none');
  assert.deepEqual(updateFeed.feed.requests, [`/${LINUX_CHANNEL_FILE}`]);
  // and the file's URL is what it uses without the setting: here, a port that refuses
  const fake = fakeElectron();
  const fromFile = createUpdateChecker({
    electron: fake.electron,
    platform: 'linux',
    env: {},
    home: updateFeed.root,
    userDataDir: path.join(updateFeed.root, 'config-dead'),
    configFile: elsewhere,
    dev: true,
    feedUrl: null,
    log: () => undefined,
  });
  const failed = await fromFile.check();
  assert.equal(failed.kind, 'failed');
  assert.match((failed as { reason: string }).reason, /^cannot reach the feed \(ECONNREFUSED\)$/);
});
