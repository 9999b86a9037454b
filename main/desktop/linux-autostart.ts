/**
 * "Launch at login" on Linux, the freedesktop way: Electron's app.setLoginItemSettings works only on macOS and
 * Windows, so the app writes `$XDG_CONFIG_HOME/autostart/traydrop.desktop` (XDG Autostart spec; default
 * `~/.config/autostart/`) when the setting is on and removes it when it is off. Plain Node: the caller passes
 * env, home and the command that starts the app.
 *
 * Ours are marked with `X-Traydrop-Autostart=true`: a traydrop.desktop without it was made by the user (or
 * copied there by GNOME Tweaks and the like) and is never overwritten or removed.
 *
 * Synchronous on purpose, like Electron's own setLoginItemSettings: a file of a few hundred bytes written once
 * per change, finished before the settings change returns, so a quick on → off → on cannot land out of order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../config/atomic-write.ts';
import { relaunchCommand } from './relaunch-command.ts';

export const AUTOSTART_FILE_NAME = 'traydrop.desktop';
export const AUTOSTART_MARKER = 'X-Traydrop-Autostart';

export interface AutostartOptions {
  env: NodeJS.ProcessEnv;
  home: string;
  /** The command that starts this app: [execPath] packaged, [execPath, appDir] in development. */
  launchCommand: readonly string[];
}

/**
 * written/removed: the file changed; unchanged: it already said what it should; absent: off and there was none;
 * foreign: a traydrop.desktop that is not ours is there and was left as it is.
 */
export type AutostartResult = 'written' | 'unchanged' | 'removed' | 'absent' | 'foreign';

/** `$XDG_CONFIG_HOME/autostart` (only an absolute XDG_CONFIG_HOME counts, as the spec says), else ~/.config/autostart. */
export function autostartDir(env: NodeJS.ProcessEnv, home: string): string {
  const configHome = env.XDG_CONFIG_HOME;
  const base = configHome && path.isAbsolute(configHome) ? configHome : path.join(home, '.config');
  return path.join(base, 'autostart');
}

export function autostartFile(env: NodeJS.ProcessEnv, home: string): string {
  return path.join(autostartDir(env, home), AUTOSTART_FILE_NAME);
}

// Desktop Entry spec, "The Exec key": an argument with one of these must be quoted.
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

function assertPrintable(arg: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(arg)) {
    throw new Error(`${JSON.stringify(arg)} has a control character and cannot be written in a desktop entry`);
  }
}

/** One Exec argument: quoted when it has a reserved character (inside quotes " ` $ \ take a backslash), % as %%. */
export function quoteExecArg(arg: string): string {
  assertPrintable(arg);
  const quoted = arg === '' || RESERVED.test(arg) ? `"${arg.replace(/["`$\\]/g, '\\$&')}"` : arg;
  return quoted.replaceAll('%', '%%');
}

/** A value of type string: the backslash escape comes first (so a literal \ inside a quoted Exec argument is \\\\). */
function escapeValue(value: string): string {
  assertPrintable(value);
  return value.replace(/\\/g, '\\\\');
}

/** The Exec value (escaped as a string value, ready to follow `Exec=`). */
export function execLine(command: readonly string[]): string {
  return escapeValue(command.map(quoteExecArg).join(' '));
}

/** The whole entry for `command` (already chosen by relaunchCommand). */
export function autostartEntry(command: readonly string[]): string {
  if (command.length === 0) throw new Error('no command to start Traydrop with');
  return [
    '# Written by Traydrop for Settings → "Launch at login"; removed when that is turned off.',
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Traydrop',
    'Comment=Drop, capture or record, get a short-lived link on your own domain',
    `Exec=${execLine(command)}`,
    `TryExec=${escapeValue(command[0]!)}`,
    'Icon=traydrop',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    `${AUTOSTART_MARKER}=true`,
    '',
  ].join('\n');
}

/** Whether a desktop entry's text is one Traydrop wrote (its [Desktop Entry] group has our marker). */
export function isOurs(text: string): boolean {
  let group = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[') && line.endsWith(']')) group = line.slice(1, -1);
    else if (group === 'Desktop Entry' && /^X-Traydrop-Autostart\s*=\s*true$/.test(line)) return true;
  }
  return false;
}

function readIfThere(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    // ENOTDIR: a file where a folder on the way should be, so there is no entry either
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** Turns the autostart entry on or off. Throws (with the file's path in the message) when it cannot. */
export function setLinuxAutostart(on: boolean, options: AutostartOptions): AutostartResult {
  const file = autostartFile(options.env, options.home);
  try {
    const existing = readIfThere(file);
    if (existing !== undefined && !isOurs(existing)) return 'foreign';
    if (!on) {
      if (existing === undefined) return 'absent';
      fs.rmSync(file, { force: true });
      return 'removed';
    }
    const entry = autostartEntry(relaunchCommand(options.launchCommand, options.env));
    if (existing === entry) return 'unchanged';
    // the XDG Base Directory spec has folders it makes 0700 (writeFileAtomicSync does); the entry is 0644
    writeFileAtomicSync(file, entry, 0o644);
    return 'written';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${file}: ${message}`, { cause: error });
  }
}
