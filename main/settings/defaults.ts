/** The settings a fresh install starts with, per platform. Pure: the caller passes home and env. */
import path from 'node:path';
import { DEFAULT_EXPIRY_RULES } from '../../common/expiry-rules.ts';
import type { HotkeyAction, Settings } from '../../common/ipc-contract.ts';
import { DEFAULT_CAPTURE_PATTERN, DEFAULT_RECORDING_PATTERN } from '../capture/capture-name.ts';

export const HOTKEY_ACTIONS: readonly HotkeyAction[] = [
  'captureScreen',
  'captureRegion',
  'captureWindow',
  'recordScreen',
  'recordRegion',
  'toggleDropWindow',
  'uploadClipboard',
  'captureRegionEdit',
  'captureText',
];

/** Words for each action (menus, errors). */
export const HOTKEY_LABELS: Record<HotkeyAction, string> = {
  captureScreen: 'Capture screen',
  captureRegion: 'Capture region',
  captureWindow: 'Capture window',
  recordScreen: 'Record screen',
  recordRegion: 'Record region',
  toggleDropWindow: 'Show/hide the drop window',
  uploadClipboard: 'Upload from clipboard',
  captureRegionEdit: 'Capture region and edit',
  captureText: 'Capture text',
};

export interface PlatformInfo {
  platform: NodeJS.Platform;
  home: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Hotkeys: the number row, 3 to 9, like macOS's own ⇧⌘3/4/5. On macOS those exact combinations belong to the
 * system screenshot tool, so Traydrop adds ⌥ there; Linux and Windows have no such bindings on Ctrl+Shift+digit.
 */
export function defaultHotkeys(platform: NodeJS.Platform): Record<HotkeyAction, string> {
  const prefix = platform === 'darwin' ? 'CommandOrControl+Alt+Shift' : 'CommandOrControl+Shift';
  const keys: Record<HotkeyAction, string> = {
    captureScreen: '3',
    captureRegion: '4',
    captureWindow: '5',
    recordScreen: '6',
    recordRegion: '7',
    toggleDropWindow: '8',
    uploadClipboard: '9',
    captureRegionEdit: '1',
    captureText: '0',
  };
  return Object.fromEntries(HOTKEY_ACTIONS.map((a) => [a, `${prefix}+${keys[a]}`])) as Record<HotkeyAction, string>;
}

/** `~/Pictures/Traydrop` (Linux honours XDG_PICTURES_DIR when it is set in the environment). */
export function defaultCapturesFolder({ platform, home, env = {} }: PlatformInfo): string {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  const pictures =
    platform === 'linux' && env.XDG_PICTURES_DIR && path.isAbsolute(env.XDG_PICTURES_DIR)
      ? env.XDG_PICTURES_DIR
      : join(home, 'Pictures');
  return join(pictures, 'Traydrop');
}

export function defaultSettings(info: PlatformInfo): Settings {
  return {
    serverUrl: null,
    userId: null,
    customDomain: null,
    expiryRules: structuredClone(DEFAULT_EXPIRY_RULES),
    hotkeys: defaultHotkeys(info.platform),
    naming: { screenshot: DEFAULT_CAPTURE_PATTERN, recording: DEFAULT_RECORDING_PATTERN },
    capturesFolder: defaultCapturesFolder(info),
    retention: 'keep',
    earlyCopy: { screenshot: true, recording: true, file: true },
    launchAtLogin: false,
    zipFolders: true,
    watchedFolder: null,
    recording: { gif: false, gifMaxMegabytes: 10, fps: 30, microphone: false },
    updates: { enabled: true, feedUrl: null },
    afterCapture: { region: 'share', window: 'share', screen: 'share' },
    editor: { color: '#e5484d', width: 4 },
  };
}
