/**
 * The explicit "Cmd/Ctrl" choice next to each hotkey (renderer/settings/portable-modifier.ts): a recorded hotkey
 * is saved as pressed; only when the user ticks the box does this platform's primary modifier (Cmd on macOS,
 * Ctrl on Linux/Windows) become `CommandOrControl`, so the same settings work on the other platforms.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { portableChoice, withPortable } from '../../renderer/settings/portable-modifier.ts';

test('the choice is offered only where the primary modifier (or CommandOrControl) is in the hotkey', () => {
  assert.equal(portableChoice('Command+Shift+4', 'darwin'), 'off');
  assert.equal(portableChoice('Control+Shift+4', 'darwin'), 'unavailable', "Ctrl on a Mac is not Cmd's stand-in");
  assert.equal(portableChoice('Control+Shift+4', 'linux'), 'off');
  assert.equal(portableChoice('Ctrl+Shift+4', 'win32'), 'off');
  assert.equal(portableChoice('Super+K', 'linux'), 'unavailable');
  assert.equal(portableChoice('Command+K', 'linux'), 'unavailable', 'Command is the Super key off macOS');
  assert.equal(portableChoice('CommandOrControl+Shift+4', 'linux'), 'on');
  assert.equal(portableChoice('cmdorctrl+Shift+4', 'darwin'), 'on');
  assert.equal(portableChoice('', 'linux'), 'unavailable');
  assert.equal(portableChoice('F5', 'darwin'), 'unavailable');
});

test('ticking swaps the primary modifier for CommandOrControl, unticking swaps it back, the rest unchanged', () => {
  assert.equal(withPortable('Command+Alt+Shift+4', 'darwin', true), 'CommandOrControl+Alt+Shift+4');
  assert.equal(withPortable('Control+Shift+4', 'linux', true), 'CommandOrControl+Shift+4');
  assert.equal(withPortable('Ctrl+Shift+Super+K', 'win32', true), 'CommandOrControl+Shift+Super+K');
  assert.equal(withPortable('CommandOrControl+Shift+4', 'darwin', false), 'Command+Shift+4');
  assert.equal(withPortable('CmdOrCtrl+Shift+4', 'linux', false), 'Control+Shift+4');
  // nothing to swap: unchanged (a Mac's Ctrl stays Ctrl)
  assert.equal(withPortable('Control+Shift+4', 'darwin', true), 'Control+Shift+4');
  assert.equal(withPortable('Super+K', 'linux', true), 'Super+K');
});
