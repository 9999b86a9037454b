/**
 * Turns a key press into the Electron accelerator of the keys that were pressed, for the hotkey fields: the user
 * presses the keys instead of typing their names. Returns undefined when the event should keep its normal
 * meaning (Tab, a lone modifier, a key Electron has no name for), '' for "no hotkey" (Backspace or Delete alone).
 *
 * Modifiers, as Chromium reports them and Electron names them (shell/common/keyboard_util.cc):
 * - Ctrl is `ctrlKey` on every platform: `Control`. Never `CommandOrControl`: on a Mac that is Cmd, so Ctrl+Shift+4
 *   would be saved as Cmd+Shift+4, the system's screenshot key. CommandOrControl is the user's explicit choice
 *   (portable-modifier.ts), never a guess.
 * - `metaKey` is Cmd on macOS (`Command`) and the Super/Windows key elsewhere (`Super`); Electron reads both names
 *   as the same key, so each platform gets the name its users know.
 *
 * The key: what makes Electron's registration fire on the key that was pressed, on non-US layouts too.
 * - Digits come from `event.code` (their position) everywhere: AZERTY types "&é\"'" on the digit row without Shift,
 *   and Electron's "1" is that row's key on every platform (a virtual key, a keysym in any shift level, a position).
 * - Letters and punctuation: macOS registers global hotkeys by position (Carbon key codes of the US layout), and
 *   Option turns `event.key` into another character (⌥J is "∆"), so there they come from `event.code`.
 *   Windows (virtual keys) and Linux (keysyms) register a letter on the key that types it, so there they come from
 *   `event.key` (QWERTZ's Z key is "Z", though its code is KeyY); a non-Latin letter falls back to the position,
 *   which is what Windows' virtual keys and XKB's Latin group mean by it.
 * - Numpad keys are Electron's `num0`…`numdiv`, not the digit row.
 */
import type { DesktopPlatform } from '../../common/ipc-contract.ts';

export type KeyPress = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** `event.key` values of keys with a fixed meaning → Electron's name. */
const NAMED: Record<string, string> = {
  ' ': 'Space',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Escape: 'Escape',
  Enter: 'Enter',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  Insert: 'Insert',
  Delete: 'Delete',
  Backspace: 'Backspace',
  PrintScreen: 'PrintScreen',
  MediaPlayPause: 'MediaPlayPause',
  MediaStop: 'MediaStop',
  MediaTrackNext: 'MediaNextTrack',
  MediaTrackPrevious: 'MediaPreviousTrack',
  AudioVolumeUp: 'VolumeUp',
  AudioVolumeDown: 'VolumeDown',
  AudioVolumeMute: 'VolumeMute',
};

/** `event.code` of numpad keys → Electron's name (a digit there only while Num Lock is on: see numpadName). */
const NUMPAD: Record<string, string> = {
  NumpadAdd: 'numadd',
  NumpadSubtract: 'numsub',
  NumpadMultiply: 'nummult',
  NumpadDivide: 'numdiv',
  NumpadDecimal: 'numdec',
  NumpadEnter: 'Enter',
};

/** `event.code` of the punctuation keys → the character they type on a US layout (Electron's name for the key). */
const PUNCTUATION_CODES: Record<string, string> = {
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
};

/** The characters Electron accepts as a key (main/settings/accelerator.ts), `+` being spelled "Plus". */
const ELECTRON_PUNCTUATION = ')!@#$%^&*(:;<=>,_-.?/~`[{]|\\\'"';

const LONE_MODIFIERS = ['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'NumLock', 'Fn', 'OS'];

export function acceleratorFromEvent(event: KeyPress, platform: DesktopPlatform): string | undefined {
  const { key } = event;
  if (key === 'Tab' || LONE_MODIFIERS.includes(key)) return undefined;
  const mac = platform === 'darwin';
  const modifiers = [
    event.metaKey && mac ? 'Command' : '',
    event.ctrlKey ? 'Control' : '',
    event.altKey ? 'Alt' : '',
    event.shiftKey ? 'Shift' : '',
    event.metaKey && !mac ? 'Super' : '',
  ].filter(Boolean);
  if ((key === 'Backspace' || key === 'Delete') && modifiers.length === 0) return '';
  if (key === 'Escape' && modifiers.length === 0) return undefined;
  const name = keyName(event, mac);
  return name && [...modifiers, name].join('+');
}

function keyName({ key, code }: KeyPress, mac: boolean): string | undefined {
  if (code.startsWith('Numpad')) return numpadName(key, code);
  if (/^Digit\d$/.test(code)) return code.slice(5);
  if (/^F([1-9]|1\d|2[0-4])$/.test(key)) return key;
  if (NAMED[key]) return NAMED[key];
  if (/^Key[A-Z]$/.test(code)) return !mac && /^[a-z]$/i.test(key) ? key.toUpperCase() : code.slice(3);
  if (mac || key.length !== 1) return PUNCTUATION_CODES[code] && electronChar(PUNCTUATION_CODES[code]);
  return electronChar(key);
}

/** With Num Lock off the numpad types arrows, Home, Delete…: those keys' names (Electron has no other for them). */
function numpadName(key: string, code: string): string | undefined {
  if (/^\d$/.test(key)) return `num${key}`;
  return NAMED[key] ?? NUMPAD[code];
}

function electronChar(char: string): string | undefined {
  if (char === '+') return 'Plus';
  return ELECTRON_PUNCTUATION.includes(char) ? char : undefined;
}
