/**
 * The settings window's hotkey recorder (renderer/settings/accelerator.ts) with key events as each platform's
 * Chromium produces them: Ctrl is `ctrlKey` and Cmd/Super/Windows is `metaKey` everywhere, and the recorder must
 * save what was pressed (issue #13: both became CommandOrControl, so a Mac's Ctrl+Shift+4 was saved as the system's
 * own Cmd+Shift+4, and Linux's Super+K as Ctrl+K). Also the key itself: digits by position on every layout,
 * letters by position on macOS and by their label on Linux/Windows (as Electron registers them there), and macOS's
 * Option characters (⌥J is "∆") never becoming the key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceleratorFromEvent, type KeyPress } from '../../renderer/settings/accelerator.ts';
import { acceleratorProblem } from '../../main/settings/accelerator.ts';

const press = (key: string, code: string, modifiers: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

test('macOS: Ctrl is Control, Cmd is Command; neither becomes CommandOrControl', () => {
  // the system's screenshot key is Cmd+Shift+4; Ctrl+Shift+4 is a different combination and must stay one
  assert.equal(
    acceleratorFromEvent(press('$', 'Digit4', { ctrlKey: true, shiftKey: true }), 'darwin'),
    'Control+Shift+4',
  );
  assert.equal(
    acceleratorFromEvent(press('$', 'Digit4', { metaKey: true, shiftKey: true }), 'darwin'),
    'Command+Shift+4',
  );
  assert.equal(
    acceleratorFromEvent(press('$', 'Digit4', { ctrlKey: true, metaKey: true, shiftKey: true }), 'darwin'),
    'Command+Control+Shift+4',
  );
});

test('macOS: Option gives special characters in event.key; the key comes from its position', () => {
  assert.equal(acceleratorFromEvent(press('∆', 'KeyJ', { metaKey: true, altKey: true }), 'darwin'), 'Command+Alt+J');
  assert.equal(
    acceleratorFromEvent(press('¢', 'Digit4', { altKey: true, shiftKey: true, metaKey: true }), 'darwin'),
    'Command+Alt+Shift+4',
  );
  // ⌥⇧K is "" (Apple logo, a private-use character); ⌥E is a dead key
  assert.equal(
    acceleratorFromEvent(press('\uF8FF', 'KeyK', { altKey: true, shiftKey: true, ctrlKey: true }), 'darwin'),
    'Control+Alt+Shift+K',
  );
  assert.equal(acceleratorFromEvent(press('Dead', 'KeyE', { altKey: true, metaKey: true }), 'darwin'), 'Command+Alt+E');
  // punctuation by position too: ⌥, is "≤"
  assert.equal(acceleratorFromEvent(press('≤', 'Comma', { altKey: true, metaKey: true }), 'darwin'), 'Command+Alt+,');
});

test('Linux: Super is Super, Ctrl is Control', () => {
  assert.equal(acceleratorFromEvent(press('k', 'KeyK', { metaKey: true }), 'linux'), 'Super+K');
  assert.equal(acceleratorFromEvent(press('k', 'KeyK', { ctrlKey: true }), 'linux'), 'Control+K');
  assert.equal(
    acceleratorFromEvent(press('K', 'KeyK', { ctrlKey: true, metaKey: true, shiftKey: true }), 'linux'),
    'Control+Shift+Super+K',
  );
  assert.equal(acceleratorFromEvent(press('r', 'KeyR', { altKey: true, shiftKey: true }), 'linux'), 'Alt+Shift+R');
});

test('Windows: the Windows key is Super, Ctrl is Control', () => {
  assert.equal(acceleratorFromEvent(press('S', 'KeyS', { metaKey: true, shiftKey: true }), 'win32'), 'Shift+Super+S');
  assert.equal(
    acceleratorFromEvent(press('$', 'Digit4', { ctrlKey: true, shiftKey: true }), 'win32'),
    'Control+Shift+4',
  );
});

test('non-US layouts: digits by position everywhere; letters by label on Linux/Windows, by position on macOS', () => {
  // AZERTY: the digit row types & é " ' without Shift; Electron's "3" is that key on every platform
  assert.equal(acceleratorFromEvent(press('"', 'Digit3', { ctrlKey: true }), 'linux'), 'Control+3');
  assert.equal(acceleratorFromEvent(press('"', 'Digit3', { metaKey: true }), 'darwin'), 'Command+3');
  // QWERTZ: the key labelled Z sits where US keyboards have Y. Linux (keysym) and Windows (virtual key) register
  // Electron's "Z" on the key labelled Z; macOS registers it by position (the US Z position)
  assert.equal(acceleratorFromEvent(press('z', 'KeyY', { ctrlKey: true, shiftKey: true }), 'linux'), 'Control+Shift+Z');
  assert.equal(acceleratorFromEvent(press('Z', 'KeyY', { ctrlKey: true, shiftKey: true }), 'win32'), 'Control+Shift+Z');
  assert.equal(
    acceleratorFromEvent(press('z', 'KeyY', { metaKey: true, shiftKey: true }), 'darwin'),
    'Command+Shift+Y',
  );
  // a layout without Latin letters (Russian): the key's position, as Windows' virtual keys have it
  assert.equal(acceleratorFromEvent(press('л', 'KeyK', { ctrlKey: true, altKey: true }), 'linux'), 'Control+Alt+K');
});

test('named keys, numpad, media keys, and what keeps its normal meaning', () => {
  for (const platform of ['darwin', 'linux', 'win32'] as const) {
    assert.equal(acceleratorFromEvent(press('F5', 'F5'), platform), 'F5');
    assert.equal(acceleratorFromEvent(press('PrintScreen', 'PrintScreen'), platform), 'PrintScreen');
    assert.equal(acceleratorFromEvent(press('MediaPlayPause', 'MediaPlayPause'), platform), 'MediaPlayPause');
    assert.equal(acceleratorFromEvent(press('MediaTrackNext', 'MediaTrackNext'), platform), 'MediaNextTrack');
    assert.equal(acceleratorFromEvent(press('AudioVolumeUp', 'AudioVolumeUp'), platform), 'VolumeUp');
    assert.equal(acceleratorFromEvent(press('Tab', 'Tab'), platform), undefined, 'Tab moves on');
    assert.equal(acceleratorFromEvent(press('Shift', 'ShiftLeft', { shiftKey: true }), platform), undefined);
    assert.equal(acceleratorFromEvent(press('Meta', 'MetaLeft', { metaKey: true }), platform), undefined);
    assert.equal(acceleratorFromEvent(press('Backspace', 'Backspace'), platform), '', 'Backspace clears');
    assert.equal(acceleratorFromEvent(press('Escape', 'Escape'), platform), undefined);
  }
  // a numpad digit is its own key for Electron ("num4"), not the digit row's "4"
  assert.equal(acceleratorFromEvent(press('4', 'Numpad4', { ctrlKey: true }), 'linux'), 'Control+num4');
  assert.equal(acceleratorFromEvent(press('+', 'NumpadAdd', { ctrlKey: true }), 'win32'), 'Control+numadd');
  assert.equal(
    acceleratorFromEvent(press(' ', 'Space', { ctrlKey: true, altKey: true }), 'linux'),
    'Control+Alt+Space',
  );
  assert.equal(
    acceleratorFromEvent(press('+', 'Equal', { ctrlKey: true, shiftKey: true }), 'linux'),
    'Control+Shift+Plus',
  );
});

test('everything the recorder produces is an accelerator main accepts', () => {
  const events: [KeyPress, 'darwin' | 'linux' | 'win32'][] = [
    [press('∆', 'KeyJ', { metaKey: true, altKey: true }), 'darwin'],
    [press('≤', 'Comma', { altKey: true, metaKey: true }), 'darwin'],
    [press('k', 'KeyK', { metaKey: true }), 'linux'],
    [press('4', 'Numpad4', { ctrlKey: true }), 'linux'],
    [press('S', 'KeyS', { metaKey: true, shiftKey: true }), 'win32'],
  ];
  for (const [event, platform] of events) {
    const accelerator = acceleratorFromEvent(event, platform);
    assert.ok(accelerator, `${event.code} on ${platform}`);
    assert.equal(acceleratorProblem(accelerator), undefined, accelerator);
  }
});
