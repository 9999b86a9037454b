/**
 * The one typed contract between the desktop app's windows and its main process.
 *
 * - `TraydropApi` is what every renderer page sees as `window.traydrop`. Preload builds it from
 *   `IPC` (ipcRenderer.invoke / on) and exposes nothing else through contextBridge. Renderer tests
 *   in Chromium install a test implementation of the same interface, backed by the real core.
 * - `IpcHandlers` is what main registers (ipcMain.handle), one handler per channel, so main,
 *   preload and renderer cannot drift apart: a channel added here is a type error until all three
 *   implement it.
 * Plain types only: this file runs in the renderer too (no Node built-ins, no electron).
 */
import type {
  EditAction,
  EditedExport,
  EditedImage,
  EditorContext,
  EditResult,
  SecretFound,
  SharedLinkNotice,
} from './editor-contract.ts';
import type { Expiry } from './expiry.ts';
import type { UploadKind } from './expiry-rules.ts';
import type { Rect } from './rect.ts';
import type {
  DesktopPlatform,
  HotkeyStatus,
  SaveSettingsResult,
  Settings,
  SettingsPatch,
} from './settings-contract.ts';

// the settings' and the editor's parts of the contract, and the rectangle, are files of their own; importers
// still see one contract
export * from './editor-contract.ts';
export type * from './rect.ts';
export type * from './settings-contract.ts';

/**
 * A queued upload's state, as the journal keeps it and the windows show it:
 * - `queued`: waiting for a free slot;
 * - `uploading`: a runner is sending it (progressBytes is saved about once a second);
 * - `waiting_network`: offline, server down, 5xx, resets, timeouts: retried with backoff, never "failed";
 * - `signed_out`: the server rejected the device token; the queue pauses until `traydrop login`;
 * - `failed`: cannot succeed as it is (403, 400, source missing or changed); `error` says why;
 * - `done`, `cancelled`: finished.
 */
export type JobState = 'queued' | 'uploading' | 'waiting_network' | 'signed_out' | 'failed' | 'done' | 'cancelled';

/** An upload as windows show it (from the durable queue's journal). */
export interface JobView {
  id: string;
  name: string;
  kind: UploadKind;
  state: JobState;
  /** Known before the upload starts (early link). */
  url: string;
  bytes: number;
  sentBytes: number;
  /** Why it failed, or why it is waiting, in words a person understands. */
  error: string | null;
  expire: Expiry;
  createdAt: string;
  /** The local file, while it exists (captures may be removed after upload per retention). */
  localPath: string | null;
}

/** One row of the history window: a finished upload, merged from the server's index and the local queue. */
export interface HistoryEntry {
  shareId: string;
  name: string;
  url: string;
  bytes: number;
  contentType: string;
  uploadedAt: string;
  expiresAt: string | null;
  expired: boolean;
  downloads: number;
  /** Local copy to reveal, if it still exists. */
  localPath: string | null;
  /** A small image for the list (data: URL), for images only. */
  thumbnail: string | null;
}

/** The upload queue as a whole, as the history window shows it above its jobs. */
export interface QueueStatus {
  /**
   * Why the queue stopped and what to do, in one sentence (`cannot write the upload queue (queue.db in …): the
   * disk is full; …`), or null while it works. Uploads are kept; it tries again on its own.
   */
  problem: string | null;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  nextCursor: string | null;
}

export interface PairResult {
  ok: boolean;
  userId: string | null;
  shareBaseUrl: string | null;
  error: string | null;
}

export type DomainStatus =
  | { state: 'none' }
  | { state: 'pending'; instructions: string }
  | { state: 'verified' }
  | { state: 'error'; message: string };

/** What the region selector overlay of one display needs. Coordinates are DIP, relative to the display. */
export interface SelectorContext {
  displayId: string;
  width: number;
  height: number;
  scaleFactor: number;
  /** The frozen screenshot of this display (data: or file: URL) for the dimmed background and the magnifier. */
  screenshotUrl: string;
  /** Window rectangles to snap to, where the platform exposes them (may be empty). */
  windows: Rect[];
}

export interface RecordingState {
  recording: boolean;
  startedAt: string | null;
  region: Rect | null;
  /** The recording has the microphone's sound (the HUD and the tray say so). */
  microphone: boolean;
}

/**
 * What the hidden recorder page records (GNOME/KDE Wayland: the desktop's share dialog picks the screen;
 * main/capture/stream-recording.ts explains why this back-end exists).
 */
export interface RecorderRequest {
  fps: number;
  videoBitsPerSecond: number;
  /** Record the default microphone too (getUserMedia); the recording fails, saying why, if it cannot be opened. */
  microphone: boolean;
}

/** The settings window's About: which Traydrop this is and where its log file is. */
export interface AboutInfo {
  version: string;
  /** The folder of main.log and its rotated copies (the platform's log folder for the app). */
  logFolder: string;
}

export type Unsubscribe = () => void;

/** `window.traydrop` in every renderer page. */
export interface TraydropApi {
  // settings window
  getSettings(): Promise<Settings>;
  saveSettings(patch: SettingsPatch): Promise<SaveSettingsResult>;
  pair(serverUrl: string, token: string): Promise<PairResult>;
  unpair(): Promise<void>;
  getDomainStatus(): Promise<DomainStatus>;
  verifyDomain(): Promise<DomainStatus>;
  chooseFolder(purpose: 'captures' | 'watched'): Promise<string | null>;
  getHotkeyStatus(): Promise<HotkeyStatus[]>;
  /** Which keys the hotkey recorder is reading (Cmd or Super for metaKey; which modifier CommandOrControl is). */
  getPlatform(): Promise<DesktopPlatform>;
  getAbout(): Promise<AboutInfo>;
  /** The log folder in the desktop's file manager. */
  openLogFolder(): Promise<void>;
  // history window
  listHistory(query: { search?: string; cursor?: string | null }): Promise<HistoryPage>;
  listJobs(): Promise<JobView[]>;
  getQueueStatus(): Promise<QueueStatus>;
  copyLink(url: string): Promise<void>;
  openLink(url: string): Promise<void>;
  revealLocal(path: string): Promise<void>;
  deleteRemote(shareId: string): Promise<void>;
  retryJob(id: string): Promise<void>;
  cancelJob(id: string): Promise<void>;
  // drop window: preload turns dropped File objects into paths (webUtils.getPathForFile)
  shareFiles(files: File[]): Promise<JobView[]>;
  /** The tray's menu, popped up under the drop window's ⋯ button (the way in where the desktop has no tray). */
  showAppMenu(): Promise<void>;
  // region selector overlay
  getSelectorContext(): Promise<SelectorContext>;
  /** The selection in DIP relative to the display, or null when cancelled (Esc). */
  finishSelection(rect: Rect | null): Promise<void>;
  // recording HUD
  getRecordingState(): Promise<RecordingState>;
  stopRecording(): Promise<void>;
  // recorder page (hidden): null when nothing is to be recorded
  getRecorderRequest(): Promise<RecorderRequest | null>;
  /** The screen is shared and MediaRecorder runs. */
  recorderStarted(): Promise<void>;
  /** The next piece of the WebM, in order. */
  recorderChunk(bytes: Uint8Array): Promise<void>;
  /** After the last chunk: null when stopped, "cancelled" when no screen was chosen, else why it failed. */
  recorderFinished(error: string | null): Promise<void>;
  // capture editor
  getEditorContext(): Promise<EditorContext>;
  /** The edited image's pixels and what to do with them (main makes the PNG); discard sends null. */
  finishEdit(action: EditAction, image: EditedExport | null): Promise<EditResult>;
  /** OCR of the edited image (offline): its text goes on the clipboard, and comes back. */
  copyText(image: EditedImage): Promise<string>;
  /** OCR of the capture being edited: what looks like a secret, for the user to accept or skip one by one. */
  findSecrets(): Promise<SecretFound[]>;
  /** Opens the editor on an image Traydrop captured or uploaded (the history's "Edit…"). */
  editFile(path: string): Promise<void>;
  /** The link of the capture being edited if it was shared already (Share then updates it), else null. */
  getSharedLink(): Promise<SharedLinkNotice | null>;
  /**
   * The drop window's "Edit…": opens the editor on an image the user dropped (with Alt/Option held) or chose,
   * instead of sharing it; the file stays where it is. The preload sends its path, as for shareFiles.
   */
  editDroppedFile(file: File): Promise<void>;
  // events from main
  onJobsChanged(listener: (jobs: JobView[]) => void): Unsubscribe;
  onQueueStatusChanged(listener: (status: QueueStatus) => void): Unsubscribe;
  onSettingsChanged(listener: (settings: Settings) => void): Unsubscribe;
  /** The recorder page is asked to stop. */
  onRecorderStop(listener: () => void): Unsubscribe;
  /** A standby editor window is given its capture (main/app/windows/editor-window.ts): fetch, paint, show. */
  onEditorOpen(listener: (context: EditorContext) => void): Unsubscribe;
}

/** The event subscriptions of TraydropApi (main → renderer). */
export type TraydropEvent =
  'onJobsChanged' | 'onQueueStatusChanged' | 'onSettingsChanged' | 'onRecorderStop' | 'onEditorOpen';

/** The invoke channels: every TraydropApi method except events; shareFiles and editDroppedFile carry paths. */
export type IpcHandlers = {
  [K in Exclude<keyof TraydropApi, TraydropEvent | 'shareFiles' | 'editDroppedFile'>]: (
    ...args: Parameters<TraydropApi[K]>
  ) => ReturnType<TraydropApi[K]>;
} & { shareFiles(paths: string[]): Promise<JobView[]>; editDroppedFile(path: string): Promise<void> };

export type IpcChannel = keyof IpcHandlers;

/** Channel names on the wire (prefixed so main can refuse anything else). */
export const ipcChannel = (name: IpcChannel): string => `traydrop:${name}`;

/** Main → renderer events. */
export const IPC_EVENTS = {
  jobsChanged: 'traydrop:event:jobs-changed',
  queueStatusChanged: 'traydrop:event:queue-status-changed',
  settingsChanged: 'traydrop:event:settings-changed',
  recorderStop: 'traydrop:event:recorder-stop',
  editorOpen: 'traydrop:event:editor-open',
} as const;

/** Every invoke channel, for registration loops and for preload's allowlist. */
export const IPC_CHANNELS = [
  'getSettings',
  'saveSettings',
  'pair',
  'unpair',
  'getDomainStatus',
  'verifyDomain',
  'chooseFolder',
  'getHotkeyStatus',
  'getPlatform',
  'getAbout',
  'openLogFolder',
  'listHistory',
  'listJobs',
  'getQueueStatus',
  'copyLink',
  'openLink',
  'revealLocal',
  'deleteRemote',
  'retryJob',
  'cancelJob',
  'shareFiles',
  'showAppMenu',
  'getSelectorContext',
  'finishSelection',
  'getRecordingState',
  'stopRecording',
  'getRecorderRequest',
  'recorderStarted',
  'recorderChunk',
  'recorderFinished',
  'getEditorContext',
  'finishEdit',
  'copyText',
  'findSecrets',
  'editFile',
  'getSharedLink',
  'editDroppedFile',
] as const satisfies readonly IpcChannel[];

// A channel missing from IPC_CHANNELS is a compile error here.
type MissingChannels = Exclude<IpcChannel, (typeof IPC_CHANNELS)[number]>;
export const IPC_CHANNELS_COMPLETE: MissingChannels extends never ? true : MissingChannels = true;
