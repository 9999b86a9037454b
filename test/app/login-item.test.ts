/**
 * "Launch at login" through the glue, with the fake Electron: on Linux the saveSettings IPC writes and removes
 * the freedesktop autostart entry in the home / XDG_CONFIG_HOME the app was given (never this machine's own
 * ~/.config); on macOS app.setLoginItemSettings still does the work. The entry's format is checked in
 * test/unit/linux-autostart.test.ts.
 */
import { APP_INSTANCE_FILE, type AppInstance } from '../../main/config/app-instance.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ipcChannel, type Settings } from '../../common/ipc-contract.ts';
import { startApp } from '../../main/app/start-app.ts';
import { startFixture } from './app-fixture.ts';
import { fakeElectron } from './fake-electron.ts';

const ENTRY = path.join('autostart', 'traydrop.desktop');
const execOf = (text: string) => /^Exec=(.*)$/m.exec(text)?.[1];
const realEntry = path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), ENTRY);
const realBefore = existsSync(realEntry);

test('linux: saveSettings on writes <home>/.config/autostart/traydrop.desktop, off removes it', async () => {
  const fx = await startFixture();
  const home = path.dirname(fx.dir); // the fixture's temporary root is the app's home
  const file = path.join(home, '.config', ENTRY);
  try {
    await assert.rejects(stat(file), { code: 'ENOENT' }, 'off at start: no entry');
    const saved = (await fx.invoke('saveSettings', [{ launchAtLogin: true }])) as { errors: Record<string, string> };
    assert.deepEqual(saved.errors, {});
    const text = await readFile(file, 'utf8');
    assert.equal(execOf(text), '/opt/Traydrop/traydrop'); // the fixture's launchCommand
    assert.match(text, /^X-Traydrop-Autostart=true$/m);
    assert.match(text, /^X-GNOME-Autostart-enabled=true$/m);
    await fx.invoke('saveSettings', [{ launchAtLogin: false }]);
    await assert.rejects(stat(file), { code: 'ENOENT' }, 'off: removed');
    assert.deepEqual(
      fx.fake.notifications.filter((n) => /login/i.test(n.title)),
      [],
      'nothing to tell when it works',
    );
  } finally {
    await fx.close();
  }
  assert.equal(existsSync(realEntry), realBefore, "this machine's own autostart folder was not touched");
});

test('linux: XDG_CONFIG_HOME and an AppImage: the entry starts $APPIMAGE, quoted', async (t) => {
  const xdg = await mkdtemp(path.join(os.tmpdir(), 'traydrop-xdg-'));
  t.after(() => rm(xdg, { recursive: true, force: true }));
  const appImage = '/home/u/My Apps/Traydrop 0.1.0.AppImage';
  const fx = await startFixture({ env: { DISPLAY: ':99', XDG_CONFIG_HOME: xdg, APPIMAGE: appImage } });
  try {
    await fx.invoke('saveSettings', [{ launchAtLogin: true }]);
    assert.equal(execOf(await readFile(path.join(xdg, ENTRY), 'utf8')), `"${appImage}"`);
    assert.equal(existsSync(path.join(path.dirname(fx.dir), '.config', ENTRY)), false, 'not in ~/.config');
    await fx.invoke('saveSettings', [{ launchAtLogin: false }]);
    assert.equal(existsSync(path.join(xdg, ENTRY)), false);
    // the traydrop:// handler and the CLI's way to start the app also outlive the AppImage's temporary mount
    assert.deepEqual(fx.fake.app.protocol, [['traydrop', appImage, []]]);
    const instance = JSON.parse(await readFile(path.join(fx.dir, APP_INSTANCE_FILE), 'utf8')) as AppInstance;
    assert.deepEqual(instance.command, [appImage]);
  } finally {
    await fx.close();
  }
});

test('linux: when the entry cannot be written the user is told', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'traydrop-xdg-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const notAFolder = path.join(root, 'config-home');
  await writeFile(notAFolder, 'a file where the config folder should be');
  const fx = await startFixture({ env: { DISPLAY: ':99', XDG_CONFIG_HOME: notAFolder } });
  try {
    const saved = (await fx.invoke('saveSettings', [{ launchAtLogin: true }])) as { settings: Settings };
    assert.equal(saved.settings.launchAtLogin, true, 'the setting itself is saved');
    const told = fx.fake.notifications.filter((n) => n.title === 'Traydrop: launch at login');
    assert.equal(told.length, 1);
    assert.match(told[0]!.body, /^could not turn it on: .*config-home\/autostart\/traydrop\.desktop: .*ENOTDIR/);
  } finally {
    await fx.close();
  }
});

test("linux: the user's own traydrop.desktop is left alone, and the user is told why on a change", async () => {
  const fx = await startFixture();
  const file = path.join(path.dirname(fx.dir), '.config', ENTRY);
  const theirs = '[Desktop Entry]\nType=Application\nName=Traydrop\nExec=/opt/Traydrop/traydrop --mine\n';
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, theirs);
    await fx.invoke('saveSettings', [{ launchAtLogin: true }]);
    await fx.invoke('saveSettings', [{ launchAtLogin: false }]);
    assert.equal(await readFile(file, 'utf8'), theirs);
    const told = fx.fake.notifications.filter((n) => n.title === 'Launch at login');
    assert.equal(told.length, 2);
    assert.match(told[0]!.body, /traydrop\.desktop is not Traydrop's, so it was left as it is/);
  } finally {
    await fx.close();
  }
});

/** startApp without the fixture, for another platform or settings already saved. */
async function startPlain(platform: NodeJS.Platform, settings: Record<string, unknown>) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'traydrop-login-'));
  const dir = path.join(root, 'config');
  const distDir = path.join(root, 'dist');
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'settings.json'),
    JSON.stringify({ capturesFolder: path.join(root, 'captures'), ...settings }),
  );
  const fake = fakeElectron();
  const app = await startApp({
    electron: fake.electron,
    distDir,
    argv: ['/opt/Traydrop/traydrop'],
    cwd: root,
    env: {},
    platform,
    home: root,
    pid: process.pid,
    launchCommand: ['/usr/lib/electron/electron', '/src/traydrop/dist/app/main.js'],
    configDir: dir,
    watch: async () => ({ caughtUp: Promise.resolve(), close: async () => undefined }),
    log: () => undefined,
  });
  assert.ok(app);
  const saveSettings = (patch: Record<string, unknown>) => {
    const handler = fake.handlers.get(ipcChannel('saveSettings'))!;
    const url = pathToFileURL(path.join(distDir, 'renderer', 'settings', 'index.html')).href;
    return handler({ senderFrame: { url, parent: null }, sender: { id: 1 } }, patch);
  };
  return {
    fake,
    root,
    saveSettings,
    close: async () => {
      await app.shutdown();
      await rm(root, { recursive: true, force: true });
    },
  };
}

test('darwin: setLoginItemSettings does it, and no autostart entry is written', async () => {
  const mac = await startPlain('darwin', {});
  try {
    assert.deepEqual(mac.fake.app.loginItem, { openAtLogin: false }, 'applied at start');
    await mac.saveSettings({ launchAtLogin: true });
    assert.deepEqual(mac.fake.app.loginItem, { openAtLogin: true });
    assert.equal(existsSync(path.join(mac.root, '.config', ENTRY)), false);
    await mac.saveSettings({ launchAtLogin: false });
    assert.deepEqual(mac.fake.app.loginItem, { openAtLogin: false });
  } finally {
    await mac.close();
  }
});

test('linux: on in settings.json already: the entry is written at start (development command)', async () => {
  const linux = await startPlain('linux', { launchAtLogin: true });
  try {
    const text = await readFile(path.join(linux.root, '.config', ENTRY), 'utf8');
    assert.equal(execOf(text), '/usr/lib/electron/electron /src/traydrop/dist/app/main.js');
  } finally {
    await linux.close();
  }
});
