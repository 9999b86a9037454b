/**
 * The explicit "Cmd/Ctrl" choice next to a hotkey: the recorder saves the keys as pressed (`Command` on a Mac,
 * `Control` on Linux and Windows), and only when the user ticks the box does that primary modifier become
 * `CommandOrControl`, which Electron reads as Cmd on macOS and Ctrl elsewhere, so one settings file works on
 * every platform. Offered only where the hotkey holds this platform's primary modifier: a Mac's Ctrl or Linux's
 * Super has no counterpart that CommandOrControl would mean.
 */
import type { DesktopPlatform } from '../../common/ipc-contract.ts';

export type PortableChoice = 'on' | 'off' | 'unavailable';

const PORTABLE = ['commandorcontrol', 'cmdorctrl'];
/** Electron's spellings of each platform's primary modifier (Command and Cmd are the Super key off macOS). */
const PRIMARY: Record<DesktopPlatform, { name: string; spellings: string[] }> = {
  darwin: { name: 'Command', spellings: ['command', 'cmd'] },
  linux: { name: 'Control', spellings: ['control', 'ctrl'] },
  win32: { name: 'Control', spellings: ['control', 'ctrl'] },
};

/** The modifiers of `accelerator` (everything before its last `+`; the + key is spelled "Plus"). */
function modifiersOf(accelerator: string): string[] {
  return accelerator.split('+').slice(0, -1);
}

export function portableChoice(accelerator: string, platform: DesktopPlatform): PortableChoice {
  const modifiers = modifiersOf(accelerator).map((m) => m.trim().toLowerCase());
  if (modifiers.some((m) => PORTABLE.includes(m))) return 'on';
  return modifiers.some((m) => PRIMARY[platform].spellings.includes(m)) ? 'off' : 'unavailable';
}

/** `accelerator` with this platform's primary modifier as CommandOrControl (`portable`) or as itself. */
export function withPortable(accelerator: string, platform: DesktopPlatform, portable: boolean): string {
  const parts = accelerator.split('+');
  const from = portable ? PRIMARY[platform].spellings : PORTABLE;
  const to = portable ? 'CommandOrControl' : PRIMARY[platform].name;
  return parts
    .map((part, i) => (i < parts.length - 1 && from.includes(part.trim().toLowerCase()) ? to : part))
    .join('+');
}
