/**
 * The app, wired: a function with every dependency passed in (entry.ts passes the real Electron; the glue
 * tests pass a fake). Nothing happens at import, and nothing here decides anything: each step is a module with
 * one purpose. Order: single-instance lock and the command lines that may come before ready (macOS delivers
 * open-url first), then, once ready: windows' security, settings, queue, windows, flows, IPC, tray, the
 * reactions to queue and settings changes, launch at login, watched folder, pairing; finally the command line
 * this instance was started with.
 */
import os from 'node:os';
import { removeAppInstance, writeAppInstance } from '../config/app-instance.ts';
import { configDir as defaultConfigDir } from '../config/config-dir.ts';
import { relaunchCommand } from '../desktop/relaunch-command.ts';
import type { TrayHost } from '../desktop/tray-host.ts';
import type { MakeSettingsConf } from '../settings/index.ts';
import type { watchFolder } from '../watch/watch-folder.ts';
import type { AppActions } from './actions.ts';
import { parseAppArgv } from './argv.ts';
import { openAppParts, type AppBasics, type AppParts } from './app-parts.ts';
import type { ElectronLike } from './electron-like.ts';
import type { CaptureApi } from './flows/capture-api.ts';
import type { EditorFlow } from './flows/editor-flow.ts';
import { schedulePruning } from './flows/retention.ts';
import type { HotkeyManager } from './hotkeys.ts';
import { createAppLog } from './logging/app-log.ts';
import { listenForCommands } from './pending-commands.ts';
import type { QueueService, QueueServiceOptions } from './services/queue-service.ts';
import type { SettingsStore } from './settings-store.ts';
import { checkTrayShown } from './tray/tray-missing.ts';
import type { AppTray } from './tray/tray.ts';
import type { Updates } from './updates/updates.ts';
import type { WindowRegistry } from './windows/registry.ts';
import { registerCaptureScheme } from './windows/capture-protocol.ts';

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
  /** Where log lines go instead of the log file in `app.getPath('logs')` (tests that read them). */
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
  /** Automatic updates (main/app/updates/): the tray's item follows its state. */
  updates: Updates;
  /** What `second-instance` does with another command line. */
  handleArgv(argv: string[], cwd: string): Promise<void>;
  /** Settles once the desktop was asked whether it shows tray icons (Linux). */
  trayChecked: Promise<void>;
  shutdown(): Promise<void>;
}

/** Resolves undefined when another instance holds the lock (this one quits; that one got our argv). */
export async function startApp(options: StartAppOptions): Promise<RunningApp | undefined> {
  const { app } = options.electron;
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const cwd = options.cwd ?? process.cwd();
  // the app's one log: a rotating file in the platform's log folder, and stderr in development
  const logFolder = app.getPath('logs');
  const log = options.log ?? createAppLog({ folder: logFolder, echo: app.isPackaged ? null : process.stderr }).info;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }
  const pid = options.pid ?? process.pid;
  log(`Traydrop ${app.getVersion()} started (${platform}, pid ${pid})`);
  // what starts the app again (an AppImage's file, not its temporary mount): for the protocol, autostart, CLI
  const launchCommand = relaunchCommand(options.launchCommand ?? [process.execPath], env);
  app.setAsDefaultProtocolClient('traydrop', launchCommand[0], launchCommand.slice(1));
  const commands = listenForCommands(app, cwd);
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);

  registerCaptureScheme(options.electron.protocol);
  await app.whenReady();
  if (platform === 'darwin') app.dock?.hide();
  const dir = options.configDir ?? defaultConfigDir(env, platform);
  const home = options.home ?? os.homedir();
  const basics: AppBasics = { ...options, env, platform, home, dir, log, logFolder, launchCommand };
  const parts = await openAppParts(basics);
  const running = await begin(basics, parts, pid);
  app.on('will-quit', (event) => {
    if (parts.stopped) return;
    event.preventDefault();
    // a failure on the way out (the config folder went read-only…) is logged, and the app still quits
    void running
      .shutdown()
      .catch((error: unknown) => log(`quitting: ${(error as Error).message}`))
      .finally(() => app.quit());
  });
  await commands.running(running.handleArgv);
  // This instance's own command line: a traydrop:// link (Windows, Linux) or `capture region` etc.
  const argv = options.argv ?? process.argv;
  if (parseAppArgv(argv, cwd)) await running.handleArgv(argv, cwd);
  return running;
}

/** Applies the settings as they are at start, pairs the queue and starts the periodic work; the app runs. */
async function begin(basics: AppBasics, parts: AppParts, pid: number): Promise<RunningApp> {
  const { settings, queue, account, hotkeys, watched, actions, windows, tray, updates, notifier, editor } = parts;
  const initial = settings.get();
  hotkeys.apply(initial.hotkeys);
  parts.launchAtLogin(initial.launchAtLogin);
  await watched.apply(initial.watchedFolder, false);
  await queue.setPairing(await settings.pairing());
  if (queue.paired)
    void account.pullSettings().catch((error: unknown) => basics.log(`server settings: ${(error as Error).message}`));
  const stopPruning = schedulePruning(() => settings.get(), queue.journal);
  await writeAppInstance(basics.dir, { pid, command: basics.launchCommand, startedAt: new Date().toISOString() });
  tray.refresh();
  editor.warmUp();
  const trayChecked = checkTrayShown({ ...basics, actions, windows, notifier, stopped: () => parts.stopped });
  return {
    actions,
    settings,
    queue,
    windows,
    editor,
    hotkeys,
    tray,
    updates,
    trayChecked,
    handleArgv: (otherArgv, cwd) => actions.runCommand(parseAppArgv(otherArgv, cwd)),
    async shutdown() {
      if (parts.stopped) return;
      stopPruning();
      await parts.close();
      await removeAppInstance(basics.dir, pid);
      basics.log('stopped');
    },
  };
}
