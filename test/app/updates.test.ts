/**
 * Updates as the app runs them (main/app/updates/updates.ts) with the real electron-updater under the fake
 * Electron and a feed on 127.0.0.1: automatic checks on their schedule only while enabled (turned off: not one
 * request), the tray's "Check for updates" item through startApp, its label following the state, and the
 * notifications (ready; up to date and failed when the person asked).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { DEV_UPDATE_CONFIG_ENV, updateSource } from '../../main/app/updates/update-source.ts';
import { startUpdates } from '../../main/app/updates/updates.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { LINUX_CHANNEL_FILE, release, useUpdateFeed } from '../helpers/update-feed.ts';
import { startFixture } from './app-fixture.ts';
import { fakeElectron } from './fake-electron.ts';

const updateFeed = useUpdateFeed();

function controller(enabled: boolean, schedule = { firstMs: 30, everyMs: 60 }) {
  const fake = fakeElectron();
  const notes: string[] = [];
  let changes = 0;
  const updates = startUpdates({
    electron: fake.electron,
    source: { configFile: updateFeed.configFile, dev: true },
    settings: { enabled, feedUrl: null },
    platform: 'linux',
    env: {},
    home: updateFeed.root,
    userDataDir: path.join(updateFeed.root, 'config'),
    notifier: { info: (title) => void notes.push(title), error: (what) => void notes.push(`error: ${what}`) },
    changed: () => void changes++,
    log: () => undefined,
    schedule,
  });
  return { updates, notes, changes: () => changes };
}

test('turned off: no request at all, however long it runs; turned on: checks start, then repeat', async () => {
  updateFeed.feed.serve(release('0.0.0-test').files);
  const { updates, changes } = controller(false);
  try {
    assert.deepEqual(updates.state(), { kind: 'off', reason: 'turned off in Settings' });
    await sleep(400); // the first check would be at 30 ms, then every 60 ms
    assert.deepEqual(updateFeed.feed.requests, [], 'not one request');
    assert.deepEqual(await updates.checkNow(), { kind: 'off', reason: 'turned off in Settings' }, 'not even asked');
    assert.deepEqual(updateFeed.feed.requests, []);

    updates.apply({ enabled: true, feedUrl: null });
    assert.equal(changes(), 1, 'the tray is told');
    assert.deepEqual(updates.state(), { kind: 'idle' });
    // three checks done, each saying "none" (between two checks; one may be under way at any moment)
    await waitFor(
      'three automatic checks',
      () => (updateFeed.feed.requests.length >= 3 && updates.state().kind === 'none' ? true : undefined),
      3000,
      5,
    );
    assert.ok(updateFeed.feed.requests.every((r) => r === `/${LINUX_CHANNEL_FILE}`));

    updates.apply({ enabled: false, feedUrl: null });
    // a check in flight may still land, later on a loaded machine: wait for 300 ms without a request (a schedule still
    // running asks every 60 ms, so this never comes), then for more than six periods
    let seen = -1;
    let since = Date.now();
    await waitFor(
      'no request for 300 ms',
      () => {
        const now = updateFeed.feed.requests.length;
        if (now !== seen) [seen, since] = [now, Date.now()];
        return Date.now() - since >= 300 ? true : undefined;
      },
      5000,
      20,
    );
    const count = updateFeed.feed.requests.length;
    await sleep(400);
    assert.equal(updateFeed.feed.requests.length, count, 'off again: no more checks');
  } finally {
    updates.stop();
  }
});

test('an automatic check is quiet unless an update is ready; one the person asks for says how it ended', async () => {
  const { updates, notes } = controller(true, { firstMs: 60_000, everyMs: 60_000 });
  try {
    updateFeed.feed.serve(release('0.0.0-test').files);
    assert.equal((await updates.checkNow()).kind, 'none');
    updateFeed.feed.serve({});
    assert.equal((await updates.checkNow()).kind, 'failed');
    updateFeed.feed.serve(release('0.2.0').files);
    assert.deepEqual(await updates.checkNow(), { kind: 'ready', version: '0.2.0' });
    assert.deepEqual(notes, [
      'Traydrop is up to date',
      'error: update check failed',
      'Traydrop 0.2.0 is ready to install',
    ]);
  } finally {
    updates.stop();
  }
});

test('where updates cannot work, the source says why (and nothing is created)', () => {
  const base = { resourcesPath: '/opt/Traydrop/resources', platform: 'linux' as const, exists: () => true };
  assert.match((updateSource({ ...base, packaged: false, env: {} }) as { off: string }).off, /not a packaged build/);
  assert.match(
    (updateSource({ ...base, packaged: true, env: {} }) as { off: string }).off,
    /installed from a package/,
    'a .deb (no $APPIMAGE)',
  );
  assert.match(
    (
      updateSource({ ...base, packaged: true, env: { APPIMAGE: '/x.AppImage' }, exists: () => false }) as {
        off: string;
      }
    ).off,
    /packaged without an update feed/,
  );
  assert.deepEqual(updateSource({ ...base, packaged: true, env: { APPIMAGE: '/x.AppImage' } }), {
    configFile: '/opt/Traydrop/resources/app-update.yml',
    dev: false,
  });
  assert.deepEqual(updateSource({ ...base, platform: 'win32', packaged: true, env: {} }), {
    configFile: path.join('/opt/Traydrop/resources', 'app-update.yml'),
    dev: false,
  });
  assert.deepEqual(
    updateSource({ ...base, packaged: false, env: { [DEV_UPDATE_CONFIG_ENV]: updateFeed.configFile } }),
    {
      configFile: updateFeed.configFile,
      dev: true,
    },
  );
});

const updateItem = (fx: Awaited<ReturnType<typeof startFixture>>) =>
  fx.fake.menus.at(-1)!.template.find((i) => i.id === 'update');

test('the tray: "Check for updates" runs a check, and its label follows the state up to "restart to install"', async () => {
  updateFeed.feed.serve(release('0.0.0-test').files);
  const fx = await startFixture({ env: { DISPLAY: ':99', [DEV_UPDATE_CONFIG_ENV]: updateFeed.configFile } });
  try {
    assert.equal(updateItem(fx)?.label, 'Check for updates');
    assert.deepEqual(updateFeed.feed.requests, [], 'no check before the first one is due');
    (updateItem(fx)!.click as () => void)();
    await waitFor('up to date', () => (updateItem(fx)?.label === 'Check for updates (up to date)' ? true : undefined));
    assert.deepEqual(updateFeed.feed.requests, [`/${LINUX_CHANNEL_FILE}`]);
    assert.equal(fx.fake.notifications.at(-1)?.title, 'Traydrop is up to date');

    updateFeed.feed.serve({});
    (updateItem(fx)!.click as () => void)();
    await waitFor('failed', () =>
      updateItem(fx)?.label === 'Check for updates (the last check failed)' ? true : undefined,
    );
    assert.deepEqual(fx.fake.notifications.at(-1), {
      title: 'Traydrop: update check failed',
      body: `the feed has no ${LINUX_CHANNEL_FILE} (HTTP 404).`,
    });

    updateFeed.feed.serve(release('0.2.0').files);
    (updateItem(fx)!.click as () => void)();
    await waitFor('ready', () => (fx.app.updates.state().kind === 'ready' ? true : undefined));
    const labels = fx.fake.menus.map((m) => m.template.find((i) => i.id === 'update')?.label);
    assert.ok(labels.includes('Update 0.2.0 found, downloading…'), labels.join(' | '));
    assert.equal(updateItem(fx)?.label, 'Update 0.2.0 ready — restart to install');
    assert.equal(updateItem(fx)?.enabled, true);
    assert.equal(fx.fake.notifications.at(-1)?.title, 'Traydrop 0.2.0 is ready to install');

    // "restart to install": the lock is let go for the new version, then quitAndInstall. Here the install is made
    // to refuse before it touches anything (electron-updater checks $APPIMAGE is an absolute path first): the app
    // says why, takes the lock back and keeps running
    const locks: string[] = [];
    const app = fx.fake.electron.app as unknown as Record<string, unknown>;
    app.releaseSingleInstanceLock = () => void locks.push('release');
    app.requestSingleInstanceLock = () => (locks.push('request'), true);
    const appImage = process.env.APPIMAGE;
    process.env.APPIMAGE = 'relative/Traydrop.AppImage';
    try {
      (updateItem(fx)!.click as () => void)();
    } finally {
      process.env.APPIMAGE = appImage;
    }
    assert.deepEqual(locks, ['release', 'request']);
    assert.match((fx.app.updates.state() as { reason: string }).reason, /APPIMAGE env is not a valid absolute path/);
    assert.equal(updateItem(fx)?.label, 'Check for updates (the last check failed)');
    assert.equal(fx.fake.app.quitCalls, 0, 'still running');
  } finally {
    await fx.close();
  }
});

test('the settings: turned off, the tray has no update item and nothing is asked; a plain-http feed is refused', async () => {
  updateFeed.feed.serve(release('0.2.0').files);
  const fx = await startFixture({
    env: { DISPLAY: ':99', [DEV_UPDATE_CONFIG_ENV]: updateFeed.configFile },
    settings: { updates: { enabled: false, feedUrl: null } },
  });
  try {
    assert.equal(updateItem(fx), undefined);
    const saved = (await fx.invoke('saveSettings', [
      { updates: { enabled: true, feedUrl: 'http://updates.example.org/' } },
    ])) as {
      errors: Record<string, string>;
      settings: { updates: unknown };
    };
    assert.match(saved.errors['updates.feedUrl'] ?? '', /https:\/\//);
    assert.deepEqual(saved.settings.updates, { enabled: true, feedUrl: null }, 'the rest is saved');
    assert.equal(updateItem(fx)?.label, 'Check for updates', 'turned on: the item is back');
    await fx.invoke('saveSettings', [{ updates: { enabled: false } }]);
    assert.equal(updateItem(fx), undefined);
    assert.deepEqual(updateFeed.feed.requests, []);
  } finally {
    await fx.close();
  }
});
