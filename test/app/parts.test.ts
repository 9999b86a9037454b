/** Pure parts of the glue: argv and traydrop:// parsing, the tray template, the token vault, the zip writer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAppArgv } from '../../main/app/argv.ts';
import { parsePairLink } from '../../main/app/deep-link.ts';
import { zipFolder } from '../../main/app/files/zip-folder.ts';
import { recordingRegion } from '../../main/app/flows/recording-flow.ts';
import { SettingsStore } from '../../main/app/settings-store.ts';
import { trayMenuTemplate, trayTooltip, type TrayActions } from '../../main/app/tray/menu-template.ts';
import { command, skipUnless } from '../helpers/requirements.ts';
import { fakeElectron } from './fake-electron.ts';
import { idleTrayState } from '../helpers/tray-state.ts';

test('argv: the words after the executable (dev prefix and Chromium switches ignored)', () => {
  assert.deepEqual(parseAppArgv(['/usr/bin/traydrop', 'capture', 'region'], '/'), { type: 'capture', mode: 'region' });
  assert.deepEqual(parseAppArgv(['/usr/bin/traydrop', 'drop'], '/'), { type: 'drop' });
  assert.deepEqual(parseAppArgv(['electron', '/src/dist/app/main.js', '--x=1', 'record', 'stop'], '/'), {
    type: 'record',
    action: 'stop',
  });
  assert.deepEqual(parseAppArgv(['t', 'record', 'start', 'region'], '/'), {
    type: 'record',
    action: 'start',
    mode: 'region',
  });
  assert.deepEqual(parseAppArgv(['t', 'record', 'start', 'screen', '--microphone'], '/'), {
    type: 'record',
    action: 'start',
    mode: 'screen',
    microphone: true,
  });
  assert.deepEqual(parseAppArgv(['t', 'record', 'start', '--no-microphone'], '/'), {
    type: 'record',
    action: 'start',
    mode: 'screen',
    microphone: false,
  });
  assert.deepEqual(parseAppArgv(['t', 'share', 'a.png', '/x/b.mp4'], '/home/u'), {
    type: 'share',
    files: ['/home/u/a.png', '/x/b.mp4'],
  });
  assert.equal(parseAppArgv(['t'], '/'), undefined);
  assert.equal(parseAppArgv(['t', '--hidden'], '/'), undefined);
  assert.equal(parseAppArgv(['t', 'capture', 'all'], '/')?.type, 'invalid');
  assert.equal(parseAppArgv(['t', 'share'], '/')?.type, 'invalid');
  assert.deepEqual(
    parseAppArgv(['t', 'traydrop://pair?server=https%3A%2F%2Ft.example.com%2F&token=tok_12345678'], '/'),
    {
      type: 'pair',
      link: { serverUrl: 'https://t.example.com', token: 'tok_12345678' },
    },
  );
});

test('traydrop:// links: only pair, only http(s) servers without credentials, a real token', () => {
  assert.match(parsePairLink('traydrop://open?x=1') as string, /unknown action/);
  assert.match(parsePairLink('traydrop://pair?server=file:///etc&token=abcdefgh') as string, /http/);
  assert.match(parsePairLink('traydrop://pair?server=https://a:b@t.example&token=abcdefgh') as string, /password/);
  assert.match(parsePairLink('traydrop://pair?server=https://t.example&token=short') as string, /token/);
  assert.match(parsePairLink('https://pair') as string, /not a traydrop/);
});

const calls: string[] = [];
const actions = (): TrayActions =>
  new Proxy({} as TrayActions, {
    get:
      (_t, name) =>
      (...args: unknown[]) =>
        calls.push([String(name), ...args].join(' ')),
  });
const state = idleTrayState({ recent: [{ name: 'a.png', url: 'https://s.example/1/a.png' }], platform: 'darwin' });

test('tray template: recording swaps in Stop, progress in the tooltip, recent items copy, no drop window item on macOS', () => {
  const a = actions();
  const idle = trayMenuTemplate(state, a);
  assert.equal(
    idle.find((i) => i.id === 'toggleDropWindow'),
    undefined,
  );
  const recent = idle.find((i) => i.id === 'recent')!.submenu as Electron.MenuItemConstructorOptions[];
  (recent[0]!.click as unknown as () => void)();
  assert.deepEqual(calls, ['copyLink https://s.example/1/a.png']);
  const rec = trayMenuTemplate({ ...state, recording: true }, a);
  assert.ok(rec.some((i) => i.id === 'stopRecording'));
  assert.ok(!rec.some((i) => i.id === 'recordScreen'));
  assert.equal(rec.find((i) => i.id === 'captureScreen')!.enabled, false);
  assert.equal(
    trayTooltip({ ...state, progress: { percent: 42, active: 2, waiting: 0 } }),
    'Traydrop: uploading 2 files, 42%',
  );
  assert.equal(trayTooltip({ ...state, paired: false }), 'Traydrop: not paired (open Settings)');
});

test('region recording: DIP selection → ffmpeg pixels (X11 adds the display origin × scale)', () => {
  const displays = [
    { id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 }, scaleFactor: 2 },
    { id: 2, bounds: { x: 1280, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 },
  ];
  assert.deepEqual(recordingRegion({ x: 10, y: 10, width: 100, height: 50 }, displays, 'linux'), {
    x: 20,
    y: 20,
    width: 200,
    height: 100,
  });
  assert.deepEqual(recordingRegion({ x: 1300, y: 0, width: 64, height: 64 }, displays, 'linux'), {
    x: 1300,
    y: 0,
    width: 64,
    height: 64,
  });
  assert.deepEqual(recordingRegion({ x: 1300, y: 0, width: 64, height: 64 }, displays, 'darwin'), {
    x: 20,
    y: 0,
    width: 64,
    height: 64,
  });
  assert.throws(
    () => recordingRegion({ x: 5000, y: 0, width: 10, height: 10 }, displays, 'linux'),
    /not on any display/,
  );
});

test('settings store: the token is stored encrypted, shared pairing goes to config.json, no keyring → refused', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-store-'));
  try {
    const fake = fakeElectron();
    const store = await SettingsStore.open({
      dir,
      platform: 'linux',
      home: dir,
      safeStorage: fake.electron.safeStorage,
    });
    await store.setPairing({
      serverUrl: 'https://t.example',
      userId: 'u9',
      shareBaseUrl: 'https://s.example',
      token: 'secret-token-1',
    });
    const enc = await readFile(path.join(dir, 'device-token.enc'), 'utf8');
    assert.ok(!enc.includes('secret-token-1'));
    assert.equal((await store.pairing())?.token, 'secret-token-1');
    const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
    assert.deepEqual(
      [config.serverUrl, config.userId, config.shareBaseUrl],
      ['https://t.example', 'u9', 'https://s.example'],
    );
    assert.equal(store.get().userId, 'u9');
    // expiry rules saved in the app are the CLI's too
    await store.save({ expiryRules: { default: '7d', byKind: {}, byExtension: {} } });
    assert.equal(JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')).expiryRules.default, '7d');
    await store.clearPairing();
    assert.equal(await store.pairing(), undefined);

    fake.secure.backend = 'basic_text';
    await assert.rejects(
      store.setPairing({
        serverUrl: 'https://t.example',
        userId: 'u',
        shareBaseUrl: 'https://s',
        token: 'tok-xyz-123',
      }),
      /no keyring/,
    );
    fake.secure.encryption = false;
    await assert.rejects(
      store.setPairing({
        serverUrl: 'https://t.example',
        userId: 'u',
        shareBaseUrl: 'https://s',
        token: 'tok-xyz-123',
      }),
      /no secure storage/,
    );
    await assert.rejects(readFile(path.join(dir, 'device-token.enc')), /ENOENT/);
    await assert.rejects(readFile(path.join(dir, 'device-token')), /ENOENT/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('zip of a dropped folder: readable by unzip, names UTF-8, contents intact', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'traydrop-zip-'));
  try {
    const folder = path.join(root, 'Fotos 2026');
    await mkdir(path.join(folder, 'sub'), { recursive: true });
    await writeFile(path.join(folder, 'a.txt'), 'hello\n');
    await writeFile(path.join(folder, 'sub', 'ü.bin'), Buffer.alloc(200_000, 7));
    const zip = path.join(root, 'out.zip');
    assert.equal(await zipFolder(folder, zip), 2);
    await assert.rejects(zipFolder(folder, zip), /EEXIST/);
    const unzip = spawnSync('unzip', ['-t', zip], { encoding: 'utf8' });
    if (unzip.error) return t.skip(skipUnless(command('unzip')) || String(unzip.error));
    assert.equal(unzip.status, 0, unzip.stdout);
    assert.match(unzip.stdout, /Fotos 2026\/sub\/ü\.bin/);
    const a = spawnSync('unzip', ['-p', zip, 'Fotos 2026/a.txt'], { encoding: 'utf8' });
    assert.equal(a.stdout, 'hello\n');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
