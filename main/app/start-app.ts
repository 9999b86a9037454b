/**
 * The app, wired: a function with every dependency passed in (entry.ts passes the real Electron; the glue
 * tests pass a fake). Nothing happens at import. Order: single-instance lock and deep-link handlers first
 * (macOS delivers open-url before ready), then, once ready: settings, queue, windows, IPC, hotkeys, tray,
 * watched folder, launch at login; finally the command line this instance was started with.
 */
import os from 'node:os';
import path from 'node:path';
import { IPC_EVENTS, type HotkeyAction, type Settings } from '../../common/ipc-contract.ts';
import { removeAppInstance, writeAppInstance } from '../config/app-instance.ts';
import { configDir as defaultConfigDir } from '../config/config-dir.ts';
import { autostartFile, setLinuxAutostart } from '../desktop/linux-autostart.ts';
import { relaunchCommand } from '../desktop/relaunch-command.ts';
import { recordingBackendKind } from '../capture/recording-backend.ts';
import { Journal } from '../queue/journal.ts';
import { watchFolder } from '../watch/watch-folder.ts';
import { AppActions } from './actions.ts';
import { parseAppArgv } from './argv.ts';
import type { ElectronLike } from './electron-like.ts';
import { realCaptureApi, type CaptureApi } from './flows/capture-api.ts';
import type { FlowDeps } from './flows/flow-deps.ts';
import { RecordingController } from './flows/recording-flow.ts';
import { StreamRecorder } from './flows/stream-recorder.ts';
import { pruneCaptures } from './flows/retention.ts';
import { sharePaths } from './flows/share-paths.ts';
import { WatchedFolderFlow } from './flows/watched-folder-flow.ts';
import { HotkeyManager } from './hotkeys.ts';
import { createIpcHandlers } from './ipc/handlers.ts';
import { registerIpc } from './ipc/register-ipc.ts';
import { Account } from './services/account.ts';
import { notifier as makeNotifier } from './services/notifier.ts';
import { QueueService, type QueueServiceOptions } from './services/queue-service.ts';
import { linuxTrayHost, noTrayAdvice, type TrayHost } from '../desktop/tray-host.ts';
import type { MakeSettingsConf } from '../settings/index.ts';
import { SettingsStore } from './settings-store.ts';
import { createTray, type AppTray } from './tray/tray.ts';
import type { TrayState } from './tray/menu-template.ts';
import { historyWindow, recordingHudWindow, settingsWindow } from './windows/app-windows.ts';
import { answerDisplayMedia } from './windows/display-media.ts';
import { dropWindow } from './windows/drop-window.ts';
import { editorWindow } from './windows/editor-window.ts';
import { EditorFlow } from './flows/editor-flow.ts';
import { createOcrEngine } from '../ocr/ocr-engine.ts';
import { appPaths } from './windows/pages.ts';
import { recorderWindow } from './windows/recorder-window.ts';
import { RegionSelectorWindows } from './windows/region-selector.ts';
import { WindowRegistry } from './windows/registry.ts';
import { lockDownSession, windowFactory } from './windows/secure-window.ts';

export interface StartAppOptions {
  electron: ElectronLike;
  /** The folder holding app/main.js, preload/index.cjs and renderer/<page>/index.html. */
  distDir: string;
  argv?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
  pid?: number;
  /** The command that starts this app again (for the CLI): [execPath] packaged, [execPath, appDir] in development. */
  launchCommand?: string[];
  configDir?: string;
  /** How settings.json is opened: electron-store in the real app (entry.ts), conf itself by default. */
  makeSettingsConf?: MakeSettingsConf;
  capture?: CaptureApi;
  makeRunner?: QueueServiceOptions['makeRunner'];
  watch?: typeof watchFolder;
  /** Whether the desktop shows tray icons (Linux; tests answer for the session bus). */
  trayHost?: (env: NodeJS.ProcessEnv) => Promise<TrayHost>;
  log?: (line: string) => void;
}

export interface RunningApp {
  actions: AppActions;
  settings: SettingsStore;
  queue: QueueService;
  windows: WindowRegistry;
  /** The capture editor: open(file) shows it on a capture. */
  editor: EditorFlow;
  hotkeys: HotkeyManager;
  tray: AppTray;
  /** What `second-instance` does with another command line. */
  handleArgv(argv: string[], cwd: string): Promise<void>;
  /** Settles once the desktop was asked whether it shows tray icons (Linux). */
  trayChecked: Promise<void>;
  shutdown(): Promise<void>;
}

/** Resolves undefined when another instance holds the lock (this one quits; that one got our argv). */
export async function startApp(options: StartAppOptions): Promise<RunningApp | undefined> {
  const { electron, distDir } = options;
  const { app } = electron;
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const argv = options.argv ?? process.argv;
  const log = options.log ?? ((line: string) => process.stderr.write(`traydrop: ${line}\n`));

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }
  // what starts the app again (an AppImage's file, not its temporary mount): for the protocol, autostart, CLI
  const launchCommand = relaunchCommand(options.launchCommand ?? [process.execPath], env);
  app.setAsDefaultProtocolClient('traydrop', launchCommand[0], launchCommand.slice(1));

  // Commands that arrive before the app is ready wait for it.
  // Bound once the app is up; handlers created before that reach them through here.
  const late: { running?: RunningApp; tray?: AppTray; actions?: AppActions } = {};
  const early: (() => Promise<void>)[] = [];
  const whenRunning = (task: (r: RunningApp) => Promise<void>): void => {
    if (late.running) void task(late.running);
    else early.push(() => task(late.running!));
  };
  app.on('second-instance', (_event, otherArgv, workingDirectory) =>
    whenRunning((r) => r.handleArgv(otherArgv, workingDirectory)),
  );
  app.on('open-url', (event, url) => {
    event.preventDefault();
    whenRunning((r) => r.handleArgv(['traydrop', url], options.cwd ?? process.cwd()));
  });
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);

  await app.whenReady();
  if (platform === 'darwin') app.dock?.hide();
  const paths = appPaths(distDir);
  const factory = windowFactory(electron, paths);
  const recorderPage = recorderWindow(factory);
  lockDownSession(electron.session.defaultSession, (id) => recorderPage.isRecorder(id));
  answerDisplayMedia(electron, paths, { platform, env });

  const dir = options.configDir ?? defaultConfigDir(env, platform);
  const settings = await SettingsStore.open({
    dir,
    platform,
    home: options.home ?? os.homedir(),
    env,
    safeStorage: electron.safeStorage,
    ...(options.makeSettingsConf ? { makeConf: options.makeSettingsConf } : {}),
  });
  for (const [field, problem] of Object.entries(settings.loadProblems)) log(`settings: ${field || 'file'}: ${problem}`);
  const journal = Journal.open(dir);
  const queue = new QueueService({
    journal,
    makeRunner: options.makeRunner,
    pausedFile: path.join(dir, 'queue-paused'),
  });
  const notifier = makeNotifier(electron, log);
  const reset = Object.entries(settings.loadProblems);
  if (reset.length > 0) {
    // a hand-edited value that was not valid: the user hears which, not only the log
    const what = reset.map(([field, problem]) => (field ? `${field} (${problem})` : problem)).join('; ');
    notifier.info('Some settings were reset', `Back to their defaults: ${what}. Open Settings… to set them again.`);
  }
  const account = new Account({ settings, queue });

  const windows = new WindowRegistry();
  const selector = new RegionSelectorWindows(factory, platform);
  const hud = recordingHudWindow(factory, electron.screen);
  const refreshTray = (): void => late.tray?.refresh();
  windows.register('settings', settingsWindow(factory));
  windows.register('history', historyWindow(factory));
  windows.register('drop', dropWindow(factory, electron.screen, dir, refreshTray));
  windows.register('region-selector', selector);
  windows.register('recording-hud', hud);
  const editorModule = editorWindow(factory);
  windows.register('editor', editorModule);

  const flow: FlowDeps = {
    settings,
    queue,
    notifier,
    clipboard: electron.clipboard,
    screen: electron.screen,
    capture: options.capture ?? realCaptureApi,
    outgoingDir: path.join(dir, 'outgoing'),
    platform,
    linkCopy: new Map(),
    lastCapture: null,
  };
  // offline OCR for the editor and Capture text: its worker starts on first use and stays warm until the app quits
  const ocr = createOcrEngine({ workDir: path.join(dir, 'ocr') });
  const editor = new EditorFlow(flow, editorModule, electron, ocr);
  flow.ocr = ocr;
  flow.openEditor = (file, scaleFactor) => editor.open(file, scaleFactor);
  const watched = new WatchedFolderFlow(flow, dir, options.watch ?? watchFolder, log);
  const streamRecorder = new StreamRecorder(recorderPage);
  const recording = new RecordingController(flow, hud, {
    active: () => recordingBackendKind(env, platform) === 'stream',
    start: (recordingOptions) => streamRecorder.start(recordingOptions),
  });
  const hotkeys = new HotkeyManager(
    electron.globalShortcut,
    (action: HotkeyAction) => late.actions?.runHotkey(action),
    platform,
    env,
  );
  const actions = new AppActions({
    flow,
    selector,
    recording,
    windows,
    account,
    dialog: electron.dialog,
    quit: () => app.quit(),
    changed: refreshTray,
  });
  late.actions = actions;

  const unregisterIpc = registerIpc(
    electron.ipcMain,
    paths,
    (caller) =>
      createIpcHandlers(
        {
          settings,
          account,
          queue,
          hotkeyStatus: () => hotkeys.status(),
          // the drop window shows what failed where the files were dropped (no notification on top)
          share: (list) => sharePaths(flow, list),
          selector,
          recording,
          streamRecorder,
          editor,
          showAppMenu: (caller) => {
            const window = windows.all().find((w) => !w.isDestroyed() && w.webContents.id === caller.webContentsId);
            if (window) late.tray?.popup(window);
          },
          thumbnail: async (file) => {
            const image = electron.nativeImage.createFromPath(file);
            return image.isEmpty() ? null : image.resize({ width: 96 }).toDataURL();
          },
          electron,
          platform,
        },
        caller,
      ),
    platform,
  );

  const broadcast = (channel: string, value: unknown): void => {
    for (const win of windows.all()) if (!win.isDestroyed()) win.webContents.send(channel, value);
  };
  const trayState = (): TrayState => {
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
      platform,
    };
  };
  const tray = createTray(
    electron,
    platform,
    trayState,
    {
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
      openSettings: actions.openSettings,
      quit: actions.quit,
    },
    (files) => void actions.share(files),
  );
  late.tray = tray;
  recording.onChange(refreshTray);

  // Queue → windows, tray, notifications.
  const notified = new Set<string>();
  queue.events.on('changed', () => {
    broadcast(IPC_EVENTS.jobsChanged, queue.views());
    refreshTray();
  });
  const once = (id: string, tag: string): boolean =>
    !notified.has(`${id}:${tag}`) && Boolean(notified.add(`${id}:${tag}`));
  // the link serves the file from the moment S3 has it, before the server's record ('done')
  const linkReady = (id: string, url: string, name: string): void => {
    if (!once(id, 'done')) return;
    const copy = flow.linkCopy.get(id);
    flow.linkCopy.delete(id);
    if (copy === 'on-done') void electron.clipboard.writeText(url);
    if (!watched.isQuiet(id)) notifier.linkReady(name, url, copy !== undefined);
  };
  queue.events.on('stored', ({ id, url }) => {
    const job = queue.journal.get(id);
    if (job) linkReady(id, url, path.basename(job.source));
  });
  let offline = false;
  queue.events.on('job', (job) => {
    const name = path.basename(job.source);
    if (job.state === 'done') {
      linkReady(job.id, job.url, job.record?.name ?? name);
    } else if (job.state === 'failed' && once(job.id, 'failed')) {
      notifier.error(`${name} was not uploaded`, `${job.error ?? 'unknown error'}. Open History… to retry it.`);
    } else if (job.state === 'waiting_network' && !offline) {
      // once per time offline, not once per file: ten screenshots on a train are one notification
      offline = true;
      notifier.info(
        `${name} is waiting for the network`,
        `${job.error ?? 'offline'}. It uploads on its own when the server is reachable, and so does whatever you share meanwhile; its link works from then on.`,
      );
    }
    if (offline && job.state !== 'waiting_network' && queue.journal.list(['waiting_network']).length === 0)
      offline = false;
    if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') watched.settled(job);
  });
  queue.events.on('signedOut', ({ message }) =>
    notifier.error('signed out', `${message}. Open Settings… and pair again; queued files are kept.`),
  );
  electron.powerMonitor.on('resume', () => queue.nudge());
  electron.powerMonitor.on('unlock-screen', () => queue.nudge());

  // Settings → hotkeys, login item, watched folder, windows.
  const applyLogin = (on: boolean, changed = false): void => {
    try {
      app.setLoginItemSettings({ openAtLogin: on }); // macOS, Windows; a no-op in Electron on Linux
    } catch (error) {
      log(`launch at login: ${(error as Error).message}`);
    }
    if (platform !== 'linux') return;
    try {
      const home = options.home ?? os.homedir();
      if (setLinuxAutostart(on, { env, home, launchCommand }) === 'foreign') {
        const why = `${autostartFile(env, home)} is not Traydrop's, so it was left as it is: it decides instead`;
        log(`launch at login: ${why}`);
        if (changed) notifier.info('Launch at login', `${why}.`);
      }
    } catch (error) {
      log(`launch at login: ${(error as Error).message}`);
      notifier.error('launch at login', `could not turn it ${on ? 'on' : 'off'}: ${(error as Error).message}.`);
    }
  };
  settings.onChange((next: Settings, previous: Settings) => {
    if (JSON.stringify(next.hotkeys) !== JSON.stringify(previous.hotkeys)) hotkeys.apply(next.hotkeys);
    if (next.launchAtLogin !== previous.launchAtLogin) applyLogin(next.launchAtLogin, true);
    if (next.watchedFolder !== previous.watchedFolder) void watched.apply(next.watchedFolder, true);
    broadcast(IPC_EVENTS.settingsChanged, next);
    refreshTray();
  });

  const initial = settings.get();
  hotkeys.apply(initial.hotkeys);
  applyLogin(initial.launchAtLogin);
  await watched.apply(initial.watchedFolder, false);
  await queue.setPairing(await settings.pairing());
  if (queue.paired)
    void account.pullSettings().catch((error: unknown) => log(`server settings: ${(error as Error).message}`));
  const prune = (): void => void pruneCaptures(settings.get(), journal).catch(() => undefined);
  prune();
  const pruneTimer = setInterval(prune, 6 * 60 * 60 * 1000);
  pruneTimer.unref();
  const pid = options.pid ?? process.pid;
  await writeAppInstance(dir, { pid, command: launchCommand, startedAt: new Date().toISOString() });
  refreshTray();
  // A Linux desktop that shows no tray icon (GNOME without its AppIndicator extension, a bar without a tray):
  // the app would be invisible, so the drop window (with the tray's menu under ⋯) stays open instead. Asked in
  // the background: at login the panel may come up after the app, and the answer may take seconds.
  let stopped = false;
  const trayChecked =
    platform !== 'linux'
      ? Promise.resolve()
      : (options.trayHost ?? linuxTrayHost)(env).then((host) => {
          if (host !== 'missing' || stopped) return;
          actions.trayMissing = true;
          windows.open('drop');
          notifier.info('No tray icon on this desktop', noTrayAdvice(env));
        });

  const running: RunningApp = {
    actions,
    settings,
    queue,
    windows,
    editor,
    hotkeys,
    tray,
    trayChecked,
    handleArgv: (otherArgv, cwd) => actions.runCommand(parseAppArgv(otherArgv, cwd)),
    async shutdown() {
      if (stopped) return;
      stopped = true;
      clearInterval(pruneTimer);
      hotkeys.unregisterAll();
      unregisterIpc();
      await recording.stop().catch(() => undefined);
      await watched.close();
      await queue.stop();
      await ocr.close();
      windows.closeAll();
      tray.destroy();
      journal.close();
      await removeAppInstance(dir, pid);
    },
  };
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void running.shutdown().finally(() => app.quit());
  });
  late.running = running;
  for (const task of early.splice(0)) await task();
  // This instance's own command line: a traydrop:// link (Windows, Linux) or `capture region` etc.
  const own = parseAppArgv(argv, options.cwd ?? process.cwd());
  if (own) await running.handleArgv(argv, options.cwd ?? process.cwd());
  return running;
}
