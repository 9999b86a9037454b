/**
 * The tray as this app shows it: what it shows is read from the queue, the recording, the hotkeys, the windows
 * and the updater each time it refreshes; each item calls one of the app's actions. createTray (tray.ts) does
 * the Electron part.
 */
import type { AppActions } from '../actions.ts';
import type { ElectronLike } from '../electron-like.ts';
import type { FlowDeps } from '../flows/flow-deps.ts';
import type { RecordingController } from '../flows/recording-flow.ts';
import type { HotkeyManager } from '../hotkeys.ts';
import type { QueueService } from '../services/queue-service.ts';
import type { Updates } from '../updates/updates.ts';
import type { WindowRegistry } from '../windows/registry.ts';
import type { TrayActions, TrayState } from './menu-template.ts';
import { createTray, type AppTray } from './tray.ts';

export interface AppTrayDeps {
  electron: Pick<ElectronLike, 'Tray' | 'Menu' | 'nativeImage'>;
  platform: NodeJS.Platform;
  queue: QueueService;
  recording: RecordingController;
  hotkeys: HotkeyManager;
  windows: WindowRegistry;
  updates: Updates;
  actions: AppActions;
  /** The last capture ("Edit last capture" shows only once there is one). */
  flow: Pick<FlowDeps, 'lastCapture'>;
}

export function appTray(deps: AppTrayDeps): AppTray {
  return createTray(
    deps.electron,
    deps.platform,
    () => trayState(deps),
    trayActions(deps),
    (files) => {
      void deps.actions.share(files);
    },
  );
}

function trayState({ queue, recording, hotkeys, windows, updates, platform, flow }: AppTrayDeps): TrayState {
  return {
    paired: queue.paired,
    recording: recording.state().recording,
    microphone: recording.state().microphone,
    paused: queue.paused,
    progress: queue.progress(),
    recent: queue.recent(),
    // only the hotkeys that work: one another app holds is not shown as if it did
    hotkeys: Object.fromEntries(
      hotkeys
        .status()
        .filter((h) => h.registered)
        .map((h) => [h.action, h.accelerator]),
    ),
    dropWindowVisible: windows.isOpen('drop'),
    lastCapture: flow.lastCapture !== null,
    update: updates.state(),
    platform,
  };
}

function trayActions({ actions, updates }: AppTrayDeps): TrayActions {
  return {
    captureScreen: () => void actions.captureScreen(),
    captureRegion: () => void actions.captureRegion(),
    captureWindow: () => void actions.captureWindow(true),
    recordScreen: () => void actions.recordScreen(),
    recordRegion: () => void actions.recordRegion(),
    stopRecording: () => void actions.stopRecording(),
    uploadClipboard: () => void actions.uploadClipboard(),
    editLastCapture: actions.editLastCapture,
    copyLink: actions.copyLink,
    togglePause: () => void actions.togglePause(),
    toggleDropWindow: actions.toggleDropWindow,
    openHistory: actions.openHistory,
    openDashboard: () => void actions.openDashboard(),
    openSettings: actions.openSettings,
    checkForUpdates: () => void updates.checkNow(),
    installUpdate: () => updates.install(),
    openLogFolder: () => void actions.openLogFolder(),
    quit: actions.quit,
  };
}
