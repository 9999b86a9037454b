/**
 * settings.json as a conf store (what electron-store opens in the app): migrations from the older formats, the
 * JSON Schema on read and write, and opening a damaged or newer file without losing what the user wrote.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  defaultSettings,
  openSettings,
  readSettings,
  SETTINGS_FORMAT,
  SettingsTooNewError,
  upgradeStoredSettings,
} from '../../main/settings/index.ts';

const info = { platform: 'linux' as const, home: '/home/ann' };

async function withDir(run: (dir: string, file: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-settings-'));
  try {
    await run(dir, path.join(dir, 'settings.json'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const readJson = async (file: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

test('format 0 (flat, no version): earlyCopy per kind, hotkeys.region renamed, retentionDays; written as 2.0.0', async () => {
  await withDir(async (dir, file) => {
    const legacy = {
      earlyCopy: false,
      hotkeys: { region: 'Alt+F2' },
      retentionDays: 7,
      serverUrl: 'https://t.example',
    };
    await writeFile(file, JSON.stringify(legacy));
    const { settings, problems, fresh } = openSettings(dir, info);
    assert.deepEqual(problems, {});
    assert.equal(fresh, false);
    assert.deepEqual(settings.earlyCopy, { screenshot: false, recording: false, file: false });
    assert.equal(settings.hotkeys.captureRegion, 'Alt+F2');
    assert.equal(settings.hotkeys.captureScreen, defaultSettings(info).hotkeys.captureScreen);
    assert.deepEqual(settings.retention, { days: 7 });
    assert.equal(settings.serverUrl, 'https://t.example');
    const stored = await readJson(file);
    assert.deepEqual(stored.__internal__, { migrations: { version: SETTINGS_FORMAT } });
    assert.equal('retentionDays' in stored, false);
    assert.deepEqual(stored.retention, { days: 7 });
  });
});

test('format 1 (the envelope our own store wrote) is unwrapped with every value kept', async () => {
  await withDir(async (dir, file) => {
    const body = { ...defaultSettings(info), zipFolders: false, customDomain: 'files.example.org', userId: 'u1' };
    body.naming.screenshot = 'shot {date}';
    await writeFile(file, JSON.stringify({ version: 1, settings: body }));
    const { settings, problems } = openSettings(dir, info);
    assert.deepEqual(problems, {});
    assert.deepEqual(settings, body);
    const stored = await readJson(file);
    assert.equal('settings' in stored || 'version' in stored, false, 'the envelope is gone');
    assert.equal(stored.zipFolders, false);
  });
});

test('a file from a newer format is refused with words and left untouched', async () => {
  await withDir(async (dir, file) => {
    for (const newer of [
      { ...defaultSettings(info), __internal__: { migrations: { version: '3.0.0' } } },
      { version: 2, settings: {} },
    ]) {
      const text = JSON.stringify(newer);
      await writeFile(file, text);
      assert.throws(() => openSettings(dir, info), SettingsTooNewError);
      assert.throws(() => openSettings(dir, info), /newer Traydrop.*update Traydrop/);
      assert.equal(await readFile(file, 'utf8'), text);
    }
  });
  assert.throws(() => upgradeStoredSettings({ version: 5, settings: {} }), SettingsTooNewError);
});

test('a fresh store is the defaults, written 0600; the CLI reader does not create the file', async () => {
  await withDir(async (dir, file) => {
    assert.deepEqual(readSettings(dir, info), defaultSettings(info));
    assert.equal(existsSync(file), false);
    const { settings, fresh, conf } = openSettings(dir, info);
    assert.equal(fresh, true);
    assert.deepEqual(settings, defaultSettings(info));
    assert.deepEqual(JSON.parse(JSON.stringify(conf.store)), defaultSettings(info));
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(openSettings(dir, info).fresh, false);
  });
});

test('the CLI reader: the same migrations and checks, and it never writes', async () => {
  await withDir(async (dir, file) => {
    const legacy = JSON.stringify({ earlyCopy: false, capturesFolder: 'relative', zipFolders: false });
    await writeFile(file, legacy);
    const settings = readSettings(dir, info);
    assert.deepEqual(settings.earlyCopy, { screenshot: false, recording: false, file: false });
    assert.equal(settings.capturesFolder, '/home/ann/Pictures/Traydrop');
    assert.equal(settings.zipFolders, false);
    assert.equal(await readFile(file, 'utf8'), legacy);

    const current = openSettings(dir, info).settings; // now conf's own file, with __internal__
    assert.deepEqual(readSettings(dir, info), current);
    await writeFile(file, '{not json');
    assert.deepEqual(readSettings(dir, info), defaultSettings(info));
    assert.equal(await readFile(file, 'utf8'), '{not json');
    await writeFile(file, JSON.stringify({ __internal__: { migrations: { version: '9.0.0' } } }));
    assert.throws(() => readSettings(dir, info), SettingsTooNewError);
  });
});

test('the JSON Schema guards every write: a wrong type or range is refused and the file keeps its value', async () => {
  await withDir(async (dir, file) => {
    const { conf } = openSettings(dir, info);
    // what a bug (or a careless future field) could try to write, untyped on purpose
    const untyped = conf as unknown as { set(key: string, value: unknown): void };
    assert.throws(
      () => untyped.set('recording', { gif: true, gifMaxMegabytes: 10, fps: 500 }),
      /schema violation.*fps/,
    );
    assert.throws(() => untyped.set('retention', { days: 0 }), /schema violation/);
    assert.throws(() => untyped.set('expiryRules', { default: '2d', byKind: {}, byExtension: {} }), /schema violation/);
    assert.throws(() => untyped.set('hotkeys', { captureScreen: 'F1' }), /schema violation/);
    assert.throws(() => untyped.set('surprise', 1), /schema violation/);
    assert.equal(((await readJson(file)).recording as { fps: number }).fps, 30);
    conf.set('zipFolders', false);
    assert.equal((await readJson(file)).zipFolders, false);
  });
});

test('a hand-edited file: fields of the wrong type or not allowed fall back to defaults, the rest is kept', async () => {
  await withDir(async (dir, file) => {
    const good = { ...defaultSettings(info), zipFolders: false, launchAtLogin: true };
    const edited = {
      ...good,
      recording: { gif: true, gifMaxMegabytes: 10, fps: 500 }, // schema: fps ≤ 60
      earlyCopy: 'yes', // schema: an object
      bogus: 1, // schema: unknown key
      __internal__: { migrations: { version: SETTINGS_FORMAT } },
    };
    await writeFile(file, JSON.stringify(edited));
    const { settings, problems } = openSettings(dir, info);
    assert.deepEqual(Object.keys(problems).sort(), ['bogus', 'earlyCopy', 'recording.fps']);
    assert.equal(settings.recording.fps, 30);
    assert.equal(settings.recording.gif, true, 'the valid parts of recording are kept');
    assert.deepEqual(settings.earlyCopy, defaultSettings(info).earlyCopy);
    assert.equal(settings.zipFolders, false);
    assert.equal(settings.launchAtLogin, true);
    const stored = await readJson(file);
    assert.equal('bogus' in stored, false);
    assert.deepEqual(openSettings(dir, info).problems, {}, 'the repair was written');
  });
});

test('a file from before the microphone setting keeps every recording field, quietly gets the new one off', async () => {
  await withDir(async (dir, file) => {
    const { microphone: _new, ...before } = defaultSettings(info).recording;
    const older = {
      ...defaultSettings(info),
      recording: { ...before, gif: true, fps: 24 },
      __internal__: { migrations: { version: SETTINGS_FORMAT } },
    };
    await writeFile(file, JSON.stringify(older));
    const { settings, problems } = openSettings(dir, info);
    assert.deepEqual(problems, {}, 'nothing the user set was refused: no "settings were reset" notice');
    assert.deepEqual(settings.recording, { gif: true, gifMaxMegabytes: 10, fps: 24, microphone: false });
    assert.deepEqual((await readJson(file)).recording, settings.recording, 'written back whole');
    assert.deepEqual(readSettings(dir, info).recording, settings.recording);
  });
});

test('values the schema allows but the settings window refuses are repaired the same way', async () => {
  await withDir(async (dir, file) => {
    const edited = { ...defaultSettings(info), capturesFolder: 'relative/folder', zipFolders: false };
    edited.naming.screenshot = '{bogus}';
    await writeFile(file, JSON.stringify(edited));
    const { settings, problems } = openSettings(dir, info);
    assert.deepEqual(Object.keys(problems).sort(), ['capturesFolder', 'naming.screenshot']);
    assert.equal(settings.capturesFolder, '/home/ann/Pictures/Traydrop');
    assert.equal(settings.naming.screenshot, defaultSettings(info).naming.screenshot);
    assert.equal(settings.zipFolders, false);
    assert.equal((await readJson(file)).capturesFolder, '/home/ann/Pictures/Traydrop');
  });
});

test('a file that is not JSON is kept beside it, and the defaults are used', async () => {
  await withDir(async (dir, file) => {
    await writeFile(file, '{"zipFolders": false,');
    const { settings, problems } = openSettings(dir, info);
    assert.deepEqual(settings, defaultSettings(info));
    assert.match(problems['']!, /not a valid settings file; it was kept as settings\.json\.broken-/);
    const kept = (await readdir(dir)).filter((name) => name.startsWith('settings.json.broken-'));
    assert.equal(kept.length, 1);
    assert.equal(await readFile(path.join(dir, kept[0]!), 'utf8'), '{"zipFolders": false,');
  });
});
