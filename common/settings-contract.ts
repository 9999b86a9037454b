/**
 * The settings' part of the IPC contract (common/ipc-contract.ts re-exports all of it, so main, preload and the
 * pages still import one contract): every setting the settings window edits, the patch it saves, and what main
 * answers about hotkeys it could or could not register. Plain types only: this file runs in the renderer too.
 */
import type { ExpiryRules, UploadKind } from './expiry-rules.ts';

export type HotkeyAction =
  | 'captureScreen'
  | 'captureRegion'
  | 'captureWindow'
  | 'recordScreen'
  | 'recordRegion'
  | 'toggleDropWindow'
  | 'uploadClipboard'
  /** A region, then the editor on it whatever `afterCapture` says. */
  | 'captureRegionEdit'
  /** A region, read by OCR: its text on the clipboard, nothing uploaded. */
  | 'captureText';

/** The kinds of screenshot `afterCapture` is set for. */
export type CaptureKind = 'region' | 'window' | 'screen';

export type RetentionPolicy = 'keep' | 'delete-after-upload' | { days: number };

/**
 * The platform main runs on, as far as keys go: `darwin` (Cmd is the primary modifier, metaKey is Cmd), or `linux`
 * and `win32` (Ctrl is primary, metaKey is Super/Windows). Other Unixes answer `linux`. Pages ask main instead of
 * reading navigator.platform, so a page is told, and tested, the same way everywhere.
 */
export type DesktopPlatform = 'darwin' | 'linux' | 'win32';

export interface Settings {
  /** Pairing: the server and who we are there (the token itself never reaches a renderer). */
  serverUrl: string | null;
  userId: string | null;
  customDomain: string | null;
  expiryRules: ExpiryRules;
  /** Electron accelerators (`CommandOrControl+Shift+4`); empty string = no hotkey. */
  hotkeys: Record<HotkeyAction, string>;
  naming: { screenshot: string; recording: string };
  capturesFolder: string;
  retention: RetentionPolicy;
  /** Copy the link before the upload finishes. */
  earlyCopy: Record<UploadKind, boolean>;
  launchAtLogin: boolean;
  zipFolders: boolean;
  watchedFolder: string | null;
  /** `microphone`: record the default microphone's sound with the screen (off by default). */
  recording: { gif: boolean; gifMaxMegabytes: number; fps: number; microphone: boolean };
  /**
   * Automatic updates (main/app/updates/): `enabled` checks at start and every 6 h; `feedUrl` overrides where
   * (https://, or http:// on loopback only); null = the feed this build was packaged with, if any.
   */
  updates: { enabled: boolean; feedUrl: string | null };
  /** After a capture of each kind: share it at once, or open the editor first. */
  afterCapture: Record<CaptureKind, 'share' | 'edit'>;
  /** The capture editor's last colour (#rrggbb) and stroke width (1× pixels), remembered between sessions. */
  editor: { color: string; width: number };
}

export type SettingsPatch = Partial<Omit<Settings, 'serverUrl' | 'userId'>>;

export interface HotkeyStatus {
  action: HotkeyAction;
  accelerator: string;
  registered: boolean;
  /** Why it could not be registered (taken by another app, invalid, clashes with another action). */
  error: string | null;
}

export interface SaveSettingsResult {
  settings: Settings;
  hotkeys: HotkeyStatus[];
  /** Field → problem, for values that were refused (the rest is saved). */
  errors: Record<string, string>;
}
