/**
 * Electron accelerator syntax (`CommandOrControl+Shift+4`), checked without Electron: the settings window and
 * the CLI need the same answer, and globalShortcut.register only says "false" without a reason.
 * Grammar: modifiers joined by `+`, then exactly one key code, case-insensitive, as in Electron's docs
 * (https://www.electronjs.org/docs/latest/api/accelerator).
 */

/**
 * Spellings → one name each. Electron reads Command, Cmd, Super and Meta as ONE key on every platform (VKEY_COMMAND:
 * Cmd on macOS, the Super/Windows key elsewhere); they keep two names here because users know them apart, and
 * canonicalAccelerator folds them together.
 */
const MODIFIERS: Record<string, string> = {
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};

const NAMED_KEYS = [
  'Plus',
  'Space',
  'Tab',
  'Capslock',
  'Numlock',
  'Scrolllock',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Enter',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'Esc',
  'VolumeUp',
  'VolumeDown',
  'VolumeMute',
  'MediaNextTrack',
  'MediaPreviousTrack',
  'MediaStop',
  'MediaPlayPause',
  'PrintScreen',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
];
const NAMED = new Map(NAMED_KEYS.map((k) => [k.toLowerCase(), k]));
const ALIASES: Record<string, string> = { Enter: 'Return', Esc: 'Escape' };
const PUNCTUATION = ')!@#$%^&*(:;<=>,_-.?/~`[{]|\\\'"';
/** Characters Electron types with Shift: its key and Shift ("$" is Shift+4, "Plus" is Shift+=), as keyboard_util.cc. */
const SHIFTED: Record<string, string> = {
  ')': '0',
  '!': '1',
  '@': '2',
  '#': '3',
  $: '4',
  '%': '5',
  '^': '6',
  '&': '7',
  '*': '8',
  '(': '9',
  ':': ';',
  Plus: '=',
  '<': ',',
  _: '-',
  '>': '.',
  '?': '/',
  '~': '`',
  '{': '[',
  '|': '\\',
  '}': ']',
  '"': "'",
};
/** Keys that work as a global hotkey on their own (no modifier needed). */
const STANDALONE = /^(F([1-9]|1\d|2[0-4])|PrintScreen|Media\w+|Volume\w+)$/;

export interface ParsedAccelerator {
  modifiers: string[];
  key: string;
}

/** Why `text` is not a usable global accelerator, or undefined. The empty string means "no hotkey" and is fine. */
export function acceleratorProblem(text: string): string | undefined {
  if (text === '') return undefined;
  try {
    parseAccelerator(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export function parseAccelerator(text: string): ParsedAccelerator {
  if (text.length > 100) throw new Error('the hotkey is too long');
  const parts = text.split('+');
  // "Shift++" would be Shift and the + key: Electron spells that "Shift+Plus"
  if (parts.some((p) => p.trim() === '')) throw new Error(`"${text}": write the + key as "Plus"`);
  const modifiers: string[] = [];
  for (const part of parts.slice(0, -1)) {
    const modifier = MODIFIERS[part.trim().toLowerCase()];
    if (!modifier) throw new Error(`"${part.trim()}" is not a modifier (use CommandOrControl, Alt, Shift, Super…)`);
    if (modifiers.includes(modifier)) throw new Error(`${modifier} appears twice`);
    modifiers.push(modifier);
  }
  const last = parts.at(-1)!.trim();
  if (MODIFIERS[last.toLowerCase()]) throw new Error(`"${text}" has no key, only modifiers`);
  const key = keyCode(last);
  if (!key) throw new Error(`"${last}" is not a key Electron knows`);
  if (modifiers.length === 0 && !STANDALONE.test(key)) {
    throw new Error(`"${text}" needs a modifier (a global hotkey on a plain key would take that key from every app)`);
  }
  if (modifiers.length === 1 && modifiers[0] === 'Shift' && !STANDALONE.test(key)) {
    throw new Error(`"${text}" would take a typed character from every app: add CommandOrControl or Alt`);
  }
  return { modifiers, key };
}

function keyCode(text: string): string | undefined {
  if (/^[a-z0-9]$/i.test(text)) return text.toUpperCase();
  if (text.length === 1 && PUNCTUATION.includes(text)) return text;
  const f = /^f(\d{1,2})$/i.exec(text);
  if (f && Number(f[1]) >= 1 && Number(f[1]) <= 24) return `F${Number(f[1])}`;
  const num = /^num([0-9])$/i.exec(text);
  if (num) return `num${num[1]}`;
  const named = NAMED.get(text.toLowerCase());
  return named && (ALIASES[named] ?? named);
}

/**
 * One spelling per physical combination on `platform`, for conflict checks: `CmdOrCtrl+shift+4` and
 * `Control+Shift+4` are the same hotkey on Linux and Windows, not on macOS; `Command+K` and `Super+K` are the same
 * everywhere (the Super/Windows key off macOS); `Control+$` is `Control+Shift+4`.
 */
export function canonicalAccelerator(text: string, platform: NodeJS.Platform): string {
  const { modifiers, key } = parseAccelerator(text);
  const command = platform === 'darwin' ? 'Command' : 'Super';
  const resolved = new Set(
    modifiers.map((m) => {
      if (m === 'CommandOrControl') return platform === 'darwin' ? command : 'Control';
      return m === 'Command' || m === 'Super' ? command : m;
    }),
  );
  const unshifted = SHIFTED[key];
  if (unshifted) resolved.add('Shift');
  const order = ['Command', 'Control', 'Alt', 'AltGr', 'Shift', 'Super'];
  const sorted = [...resolved].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return [...sorted, unshifted ?? key].join('+');
}
