/**
 * One spelling per physical combination (main/settings/accelerator.ts canonicalAccelerator), as Electron reads
 * accelerators (shell/common/keyboard_util.cc): Command, Cmd, Super and Meta are one key on every platform
 * (VKEY_COMMAND: Cmd on macOS, the Super/Windows key elsewhere), CommandOrControl is Cmd on macOS and Ctrl
 * elsewhere, and a shifted character is Shift and its key ("$" is Shift+4, "Plus" is Shift+=). Two actions on
 * one combination must be seen as a clash, whatever the spelling.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalAccelerator } from '../../main/settings/accelerator.ts';
import { defaultSettings, validateSettingsPatch } from '../../main/settings/index.ts';

const same = (a: string, b: string, platform: NodeJS.Platform) =>
  assert.equal(canonicalAccelerator(a, platform), canonicalAccelerator(b, platform), `${a} = ${b} on ${platform}`);
const differ = (a: string, b: string, platform: NodeJS.Platform) =>
  assert.notEqual(canonicalAccelerator(a, platform), canonicalAccelerator(b, platform), `${a} ≠ ${b} on ${platform}`);

test('Command, Cmd, Super and Meta are one modifier on every platform', () => {
  for (const platform of ['darwin', 'linux', 'win32'] as const) {
    same('Command+Shift+4', 'Super+Shift+4', platform);
    same('Cmd+Shift+4', 'Meta+Shift+4', platform);
    differ('Control+Shift+4', 'Super+Shift+4', platform);
  }
  assert.equal(canonicalAccelerator('Meta+Shift+4', 'darwin'), 'Command+Shift+4');
  assert.equal(canonicalAccelerator('Meta+K', 'linux'), 'Super+K');
  assert.equal(canonicalAccelerator('Command+K', 'win32'), 'Super+K');
});

test('CommandOrControl is Cmd on macOS and Ctrl elsewhere', () => {
  same('CommandOrControl+Shift+4', 'Super+Shift+4', 'darwin');
  differ('CommandOrControl+Shift+4', 'Control+Shift+4', 'darwin');
  same('CommandOrControl+Shift+4', 'Control+Shift+4', 'linux');
  differ('CommandOrControl+Shift+4', 'Super+Shift+4', 'win32');
});

test('a shifted character is Shift and its key', () => {
  same('Control+$', 'Control+Shift+4', 'linux');
  same('Control+Shift+$', 'Control+Shift+4', 'linux');
  same('Alt+Plus', 'Alt+Shift+=', 'win32');
  same('Command+?', 'Command+Shift+/', 'darwin');
  differ('Control+4', 'Control+Shift+4', 'linux');
});

test('settings refuse a second action on the Super key spelled Command', () => {
  const linux = defaultSettings({ platform: 'linux', home: '/home/ann' });
  const { errors } = validateSettingsPatch(
    linux,
    { hotkeys: { ...linux.hotkeys, captureScreen: 'Super+K', captureWindow: 'Command+K' } },
    { platform: 'linux' },
  );
  assert.match(errors['hotkeys.captureWindow'] ?? '', /already the hotkey for Capture screen/);
});
