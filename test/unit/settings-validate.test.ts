/** The settings core: defaults per platform, validation of changes from the settings window, accelerators. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acceleratorProblem,
  canonicalAccelerator,
  defaultSettings,
  HOTKEY_ACTIONS,
  validateSettingsPatch,
} from '../../main/settings/index.ts';

const linux = defaultSettings({ platform: 'linux', home: '/home/ann' });
const opts = { platform: 'linux' as const };

test('defaults per platform: captures folder, hotkeys that avoid macOS screenshot keys, all valid', () => {
  assert.equal(linux.capturesFolder, '/home/ann/Pictures/Traydrop');
  assert.equal(
    defaultSettings({ platform: 'linux', home: '/h', env: { XDG_PICTURES_DIR: '/data/Bilder' } }).capturesFolder,
    '/data/Bilder/Traydrop',
  );
  assert.equal(
    defaultSettings({ platform: 'win32', home: 'C:\\Users\\ann' }).capturesFolder,
    'C:\\Users\\ann\\Pictures\\Traydrop',
  );
  assert.equal(linux.hotkeys.captureRegion, 'CommandOrControl+Shift+4');
  const mac = defaultSettings({ platform: 'darwin', home: '/Users/ann' });
  assert.equal(mac.hotkeys.captureScreen, 'CommandOrControl+Alt+Shift+3');
  for (const s of [linux, mac])
    for (const a of HOTKEY_ACTIONS) assert.equal(acceleratorProblem(s.hotkeys[a]), undefined);
  assert.equal(linux.naming.screenshot, 'Screenshot {date} at {time}.png');
  assert.deepEqual(validateSettingsPatch(linux, structuredClone(linux), opts).errors, {
    serverUrl: 'set by pairing with a server, not here',
    userId: 'set by pairing with a server, not here',
  });
});

test('accelerators: syntax, aliases, and one spelling per combination', () => {
  assert.equal(acceleratorProblem(''), undefined);
  assert.equal(acceleratorProblem('CmdOrCtrl+Shift+F12'), undefined);
  assert.equal(acceleratorProblem('PrintScreen'), undefined);
  assert.match(acceleratorProblem('Ctrl+Shift')!, /no key/);
  assert.match(acceleratorProblem('Ctrl+Hyper+4')!, /not a modifier/);
  assert.match(acceleratorProblem('Ctrl+Shift+Banana')!, /not a key/);
  assert.match(acceleratorProblem('A')!, /needs a modifier/);
  assert.match(acceleratorProblem('Shift+A')!, /typed character/);
  assert.match(acceleratorProblem('Ctrl++')!, /Plus/);
  assert.match(acceleratorProblem('Ctrl+Control+4')!, /twice/);
  assert.equal(canonicalAccelerator('shift+cmdorctrl+a', 'linux'), 'Control+Shift+A');
  assert.equal(canonicalAccelerator('Control+Shift+A', 'linux'), 'Control+Shift+A');
  assert.equal(canonicalAccelerator('CommandOrControl+Shift+A', 'darwin'), 'Command+Shift+A');
  assert.equal(canonicalAccelerator('Option+Esc', 'darwin'), 'Alt+Escape');
});

test('a valid patch is applied; invalid fields keep their value and are reported by path', () => {
  const { settings, errors } = validateSettingsPatch(
    linux,
    {
      customDomain: ' Files.Example.ORG. ',
      expiryRules: { default: '7d', byKind: { recording: '1d' }, byExtension: { '.PDF': '365d' } },
      naming: { screenshot: 'shot {date} {n}.png', recording: 'rec {nope}' },
      capturesFolder: 'relative/folder',
      retention: { days: 14 },
      earlyCopy: { file: false },
      recording: { fps: 24, gifMaxMegabytes: 0 },
      zipFolders: 'yes',
      launchAtLogin: true,
      theme: 'dark',
    },
    opts,
  );
  assert.equal(settings.customDomain, 'files.example.org');
  assert.deepEqual(settings.expiryRules, { default: '7d', byKind: { recording: '1d' }, byExtension: { pdf: '365d' } });
  assert.equal(settings.naming.screenshot, 'shot {date} {n}.png');
  assert.equal(settings.naming.recording, linux.naming.recording);
  assert.equal(settings.capturesFolder, linux.capturesFolder);
  assert.deepEqual(settings.retention, { days: 14 });
  assert.deepEqual(settings.earlyCopy, { screenshot: true, recording: true, file: false });
  assert.deepEqual(settings.recording, { gif: false, gifMaxMegabytes: 10, fps: 24, microphone: false });
  assert.equal(settings.zipFolders, true);
  assert.equal(settings.launchAtLogin, true);
  assert.deepEqual(Object.keys(errors).sort(), [
    'capturesFolder',
    'naming.recording',
    'recording.gifMaxMegabytes',
    'theme',
    'zipFolders',
  ]);
  assert.match(errors['naming.recording']!, /unknown token \{nope\}/);
  assert.match(errors.capturesFolder!, /absolute/);
});

test('expiry rules go through parseExpiryRules; domains, retention and folders are checked', () => {
  const bad = validateSettingsPatch(linux, { expiryRules: { default: '2d' } }, opts);
  assert.match(bad.errors.expiryRules!, /default must be one of/);
  assert.deepEqual(bad.settings.expiryRules, linux.expiryRules);
  assert.match(validateSettingsPatch(linux, { customDomain: 'https://x.org' }, opts).errors.customDomain!, /host name/);
  assert.match(validateSettingsPatch(linux, { customDomain: 'localhost' }, opts).errors.customDomain!, /two parts/);
  assert.equal(
    validateSettingsPatch({ ...linux, customDomain: 'a.b' }, { customDomain: '' }, opts).settings.customDomain,
    null,
  );
  assert.match(validateSettingsPatch(linux, { retention: { days: 0 } }, opts).errors.retention!, /between 1/);
  assert.match(validateSettingsPatch(linux, { retention: 'forever' }, opts).errors.retention!, /keep/);
  const watched = validateSettingsPatch(linux, { watchedFolder: linux.capturesFolder + '/' }, opts);
  assert.match(watched.errors.watchedFolder!, /upload twice/);
  assert.equal(watched.settings.watchedFolder, null);
  assert.equal(
    validateSettingsPatch(linux, { watchedFolder: '/home/ann/Desktop' }, opts).settings.watchedFolder,
    '/home/ann/Desktop',
  );
  const win = defaultSettings({ platform: 'win32', home: 'C:\\Users\\ann' });
  assert.deepEqual(validateSettingsPatch(win, { capturesFolder: 'D:\\Shots' }, { platform: 'win32' }).errors, {});
  assert.match(
    validateSettingsPatch(win, { capturesFolder: '\\Shots' }, { platform: 'win32' }).errors.capturesFolder!,
    /absolute/,
  );
});

test('hotkeys: syntax errors and clashes between actions are refused; the changed action gives way', () => {
  const { settings, errors } = validateSettingsPatch(
    linux,
    { hotkeys: { captureWindow: 'Control+Shift+4', recordScreen: 'Ctrl+Nope', uploadClipboard: '', fly: 'F1' } },
    opts,
  );
  assert.match(errors['hotkeys.captureWindow']!, /already the hotkey for Capture region/);
  assert.equal(settings.hotkeys.captureWindow, linux.hotkeys.captureWindow);
  assert.equal(settings.hotkeys.captureRegion, linux.hotkeys.captureRegion);
  assert.match(errors['hotkeys.recordScreen']!, /not a key/);
  assert.equal(settings.hotkeys.recordScreen, linux.hotkeys.recordScreen);
  assert.equal(settings.hotkeys.uploadClipboard, '');
  assert.equal(errors['hotkeys.fly'], 'unknown action');
  // swapping two hotkeys in one patch is fine
  const swap = validateSettingsPatch(
    linux,
    { hotkeys: { captureScreen: linux.hotkeys.captureRegion, captureRegion: linux.hotkeys.captureScreen } },
    opts,
  );
  assert.deepEqual(swap.errors, {});
  assert.equal(swap.settings.hotkeys.captureScreen, 'CommandOrControl+Shift+4');
  // on macOS, Control and Command are different keys
  const mac = defaultSettings({ platform: 'darwin', home: '/Users/a' });
  const both = validateSettingsPatch(
    mac,
    { hotkeys: { captureScreen: 'Command+F1', captureRegion: 'Control+F1' } },
    { platform: 'darwin' },
  );
  assert.deepEqual(both.errors, {});
});

test('recording.microphone: true or false, off by default', () => {
  assert.equal(defaultSettings({ platform: 'linux', home: '/home/ann' }).recording.microphone, false);
  const current = defaultSettings({ platform: 'linux', home: '/home/ann' });
  const on = validateSettingsPatch(current, { recording: { microphone: true } }, { platform: 'linux' });
  assert.deepEqual(on.errors, {});
  assert.equal(on.settings.recording.microphone, true);
  assert.equal(on.settings.recording.fps, current.recording.fps, 'the other recording fields are kept');
  const wrong = validateSettingsPatch(current, { recording: { microphone: 'yes' } }, { platform: 'linux' });
  assert.deepEqual(wrong.errors, { 'recording.microphone': 'expected true or false' });
  assert.equal(wrong.settings.recording.microphone, false);
});
