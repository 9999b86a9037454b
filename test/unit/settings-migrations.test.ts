/** settings.json: versioned migrations, and loading a damaged or old file without failing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  defaultSettings,
  loadSettingsFile,
  migrateSettings,
  saveSettingsFile,
  SETTINGS_VERSION,
  SettingsTooNewError,
  settingsFromStored,
} from '../../main/settings/index.ts';

const info = { platform: 'linux' as const, home: '/home/ann' };

test('version 0 (no envelope) is migrated: earlyCopy per kind, hotkeys.region renamed, retentionDays', () => {
  const { settings, problems } = settingsFromStored(
    { earlyCopy: false, hotkeys: { region: 'Alt+F2' }, retentionDays: 7, serverUrl: 'https://t.example', userId: 'u1' },
    info,
  );
  assert.deepEqual(problems, {});
  assert.deepEqual(settings.earlyCopy, { screenshot: false, recording: false, file: false });
  assert.equal(settings.hotkeys.captureRegion, 'Alt+F2');
  assert.deepEqual(settings.retention, { days: 7 });
  assert.equal(settings.serverUrl, 'https://t.example');
  assert.equal(settings.userId, 'u1');
});

test('a newer file is refused with words; a bad version too', () => {
  assert.throws(() => migrateSettings(SETTINGS_VERSION + 1, {}), SettingsTooNewError);
  assert.throws(() => migrateSettings(-1, {}), /not valid/);
  assert.deepEqual(migrateSettings(SETTINGS_VERSION, { a: 1 }), { a: 1 });
});

test('save → load round-trips; bad fields fall back to defaults and are reported; broken JSON gives defaults', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-settings-'));
  try {
    assert.equal((await loadSettingsFile(dir, info)).fresh, true);
    const settings = { ...defaultSettings(info), zipFolders: false, serverUrl: 'https://s.example', userId: 'u' };
    await saveSettingsFile(dir, settings);
    const stored = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'));
    assert.equal(stored.version, SETTINGS_VERSION);
    assert.deepEqual((await loadSettingsFile(dir, info)).settings, settings);

    stored.settings.naming.screenshot = '{bogus}';
    stored.settings.capturesFolder = 'rel';
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify(stored));
    const loaded = await loadSettingsFile(dir, info);
    assert.deepEqual(Object.keys(loaded.problems).sort(), ['capturesFolder', 'naming.screenshot']);
    assert.equal(loaded.settings.capturesFolder, '/home/ann/Pictures/Traydrop');
    assert.equal(loaded.settings.zipFolders, false);

    await writeFile(path.join(dir, 'settings.json'), '{nope');
    const broken = await loadSettingsFile(dir, info);
    assert.deepEqual(broken.settings, defaultSettings(info));
    assert.match(broken.problems['']!, /not valid JSON/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
