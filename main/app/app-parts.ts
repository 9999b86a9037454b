/**
 * Every part of the running app, made and connected once Electron is ready: services, windows, flows, actions,
 * hotkeys, IPC, tray, updates, and the reactions to queue and settings changes; and how they are closed again,
 * in reverse. Wiring only: what each part does, and decides, is in its own module.
 */
import path from 'node:path';
import { recordingBackendKind } from '../capture/recording-backend.ts';
import type { TrayHost } from '../desktop/tray-host.ts';
import type { MakeSettingsConf } from '../settings/index.ts';
import { createOcrEngine } from '../ocr/ocr-engine.ts';
import { watchFolder } from '../watch/watch-folder.ts';
import { AppActions } from './actions.ts';
import type { ElectronLike } from './electron-like.ts';
import { realCaptureApi, type CaptureApi } from './flows/capture-api.ts';
import { EditorFlow } from './flows/editor-flow.ts';
import type { FlowDeps } from './flows/flow-deps.ts';
import { LinkDelivery } from './flows/link-delivery.ts';
import { RecordingController } from './flows/recording-flow.ts';
import { StreamRecorder } from './flows/stream-recorder.ts';
import { WatchedFolderFlow } from './flows/watched-folder-flow.ts';
import { HotkeyManager } from './hotkeys.ts';
import { registerAppIpc } from './ipc/app-ipc.ts';
import { launchAtLogin, type ApplyLaunchAtLogin } from './launch-at-login.ts';
import { openLogFolder } from './logging/open-log-folder.ts';
import { reactToQueue } from './queue-reactions.ts';
import { openServices, type AppServices } from './services/open-services.ts';
import type { QueueServiceOptions } from './services/queue-service.ts';
import { reactToSettings } from './settings-reactions.ts';
import { appTray } from './tray/app-tray.ts';
import type { AppTray } from './tray/tray.ts';
import { updateSource } from './updates/update-source.ts';
import { startUpdates, type Updates } from './updates/updates.ts';
import { serveCapture } from './windows/capture-protocol.ts';
import { registerWindows, secureSession, type AppWindows } from './windows/open-windows.ts';

/** What start-app.ts settled before the parts are made. */
export interface AppBasics {
  electron: ElectronLike;
  distDir: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  /** The config folder. */
  dir: string;
  log: (line: string) => void;
  logFolder: string;
  launchCommand: string[];
  makeSettingsConf?: MakeSettingsConf;
  makeRunner?: QueueServiceOptions['makeRunner'];
  capture?: CaptureApi;
  watch?: typeof watchFolder;
  trayHost?: (env: NodeJS.ProcessEnv) => Promise<TrayHost>;
}

export interface AppParts extends AppServices, AppWindows {
  flow: FlowDeps;
  /** The capture editor: open(file) shows it on a capture. */
  editor: EditorFlow;
  watched: WatchedFolderFlow;
  recording: RecordingController;
  hotkeys: HotkeyManager;
  actions: AppActions;
  tray: AppTray;
  updates: Updates;
  launchAtLogin: ApplyLaunchAtLogin;
  /** True from the moment close() is called. */
  readonly stopped: boolean;
  close(): Promise<void>;
}

export async function openAppParts(basics: AppBasics): Promise<AppParts> {
  const { electron, platform, env, dir } = basics;
  const session = secureSession(electron, basics.distDir, { platform, env });
  const services = await openServices(basics);
  // the tray is made last, but windows and the updater tell it about changes from the start
  const late: { tray?: AppTray } = {};
  const refreshTray = (): void => late.tray?.refresh();
  const updates = openUpdates(basics, services, refreshTray);
  const windows = registerWindows(session, electron, { platform, dir, refreshTray });
  const showLogFolder = (): Promise<void> => openLogFolder(electron.shell, basics.logFolder);
  const flows = openFlows(basics, services, windows, { refreshTray, showLogFolder });
  const { settings, account, queue } = services;
  const { recording, streamRecorder, hotkeys, actions, flow, editor } = flows;
  const stopCapture = serveCapture(electron.protocol, () => editor.capture());
  const unregisterIpc = registerAppIpc({
    ...{ electron, platform, settings, account, queue, recording, streamRecorder, hotkeys, flow, editor },
    ...{ paths: windows.paths, windows: windows.windows, selector: windows.selector },
    tray: () => late.tray,
    logFolder: basics.logFolder,
    openLogFolder: showLogFolder,
  });
  const tray = appTray({
    ...{ electron, platform, queue, recording, hotkeys, windows: windows.windows, updates, actions, flow },
  });
  late.tray = tray;
  flows.recording.onChange(refreshTray);
  const broadcast = (channel: string, value: unknown): void => {
    for (const win of windows.windows.all()) if (!win.isDestroyed()) win.webContents.send(channel, value);
  };
  const { notifier } = services;
  const { watched } = flows;
  reactToQueue({ queue, watched, notifier, powerMonitor: electron.powerMonitor, broadcast, refreshTray });
  const applyLogin = launchAtLogin({ ...basics, app: electron.app, notifier });
  reactToSettings({ settings, hotkeys, watched, launchAtLogin: applyLogin, updates, editor, broadcast, refreshTray });
  let stopped = false;
  const parts = { ...services, ...windows, ...flows, tray, updates, launchAtLogin: applyLogin };
  return {
    ...parts,
    get stopped() {
      return stopped;
    },
    async close() {
      stopped = true;
      updates.stop();
      flows.hotkeys.unregisterAll();
      unregisterIpc();
      stopCapture();
      await flows.recording.stop().catch(() => undefined);
      await flows.watched.close();
      await services.queue.stop();
      await flows.ocr.close();
      windows.windows.closeAll();
      tray.destroy();
      services.opened.close();
    },
  };
}

/** Automatic updates: from the feed the build names (update-source.ts), as the settings say. */
function openUpdates(basics: AppBasics, services: AppServices, refreshTray: () => void): Updates {
  const { electron, platform, env } = basics;
  return startUpdates({
    electron,
    source: updateSource({ packaged: electron.app.isPackaged, resourcesPath: process.resourcesPath, platform, env }),
    settings: services.settings.get().updates,
    platform,
    env,
    home: basics.home,
    userDataDir: basics.dir,
    notifier: services.notifier,
    changed: refreshTray,
    log: basics.log,
  });
}

/** The flows (capture, recording, clipboard, drop, watched folder), the actions over them, and the hotkeys. */
function openFlows(
  basics: AppBasics,
  services: AppServices,
  windows: AppWindows,
  { refreshTray, showLogFolder }: { refreshTray: () => void; showLogFolder: () => Promise<void> },
) {
  const { electron, platform, env, dir, log } = basics;
  const { settings, queue, notifier, account } = services;
  const links = new LinkDelivery({ queue, settings, clipboard: electron.clipboard, notifier });
  const flow: FlowDeps = {
    settings,
    queue,
    notifier,
    clipboard: electron.clipboard,
    screen: electron.screen,
    capture: basics.capture ?? realCaptureApi,
    outgoingDir: path.join(dir, 'outgoing'),
    platform,
    links,
    lastCapture: null,
  };
  // offline OCR for the editor and Capture text: its worker starts on first use and stays warm until the app quits
  const ocr = createOcrEngine({ workDir: path.join(dir, 'ocr') });
  const editor = new EditorFlow(flow, windows.editorWindow, electron, ocr, {
    stats: (shareId) => account.fileStats(shareId),
  });
  flow.ocr = ocr;
  flow.openEditor = (file, scaleFactor) => editor.open(file, scaleFactor);
  flow.prepareEditor = () => editor.whileSelecting();
  const watched = new WatchedFolderFlow(flow, dir, basics.watch ?? watchFolder, log);
  const streamRecorder = new StreamRecorder(windows.recorderPage);
  const recording = new RecordingController(flow, windows.hud, {
    active: () => recordingBackendKind(env, platform) === 'stream',
    start: (recordingOptions) => streamRecorder.start(recordingOptions),
  });
  // a hotkey reaches the actions, made just below (hotkeys are registered only once the app begins)
  const late: { actions?: AppActions } = {};
  const hotkeys = new HotkeyManager(
    electron.globalShortcut,
    (action) => late.actions?.runHotkey(action),
    platform,
    env,
  );
  const actions = new AppActions({
    flow,
    selector: windows.selector,
    recording,
    windows: windows.windows,
    account,
    dialog: electron.dialog,
    openLogFolder: showLogFolder,
    openExternal: (url) => electron.shell.openExternal(url),
    quit: () => electron.app.quit(),
    changed: refreshTray,
  });
  late.actions = actions;
  return { flow, watched, streamRecorder, recording, hotkeys, actions, editor, ocr };
}
