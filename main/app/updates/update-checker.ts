/**
 * One electron-updater instance behind a small interface: check() asks the feed, downloads a newer version
 * (verified as electron-updater does it, see docs/desktop-app.md "Updates") and settles with the state it
 * reached; install() restarts into it. electron-updater's events become UpdateState values.
 *
 * The updater is built with the injected Electron (updater-app.ts, net-executor.ts), never the `autoUpdater`
 * singleton that reaches for `require('electron')`. Per platform: the AppImage updater on Linux (updates.ts
 * allows no other Linux install), NSIS on Windows, Squirrel.Mac on macOS.
 */
import { AppImageUpdater, MacUpdater, NsisUpdater, type AppUpdater } from 'electron-updater';
import type { ElectronLike } from '../electron-like.ts';
import { updateFailureReason } from './failure-reason.ts';
import { InjectedNetExecutor } from './net-executor.ts';
import type { UpdateState } from './update-state.ts';
import { updaterApp, type UpdaterAppOptions } from './updater-app.ts';

export interface UpdateChecker {
  state(): UpdateState;
  /** Asks the feed; downloads what it finds. Settles with the state reached; a check already running is joined. */
  check(): Promise<UpdateState>;
  /** Quits and installs the downloaded version (state `ready`); false when there is none. */
  install(): boolean;
  onChange(listener: (state: UpdateState) => void): void;
}

export interface UpdateCheckerOptions extends UpdaterAppOptions {
  electron: Pick<ElectronLike, 'app' | 'net' | 'session'>;
  /** Overrides the URL of the config file (setting updates.feedUrl), as a generic provider; null: the file's. */
  feedUrl: string | null;
  /**
   * Not a packaged build (TRAYDROP_DEV_UPDATE_CONFIG): electron-updater's forceDevUpdateConfig, without which it
   * skips every check unless app.isPackaged.
   */
  dev: boolean;
  log: (line: string) => void;
}

function platformUpdater(platform: NodeJS.Platform, app: ReturnType<typeof updaterApp>): AppUpdater {
  if (platform === 'win32') return new NsisUpdater(null, app);
  if (platform === 'darwin') return new MacUpdater(undefined, app);
  return new AppImageUpdater(null, app);
}

export function createUpdateChecker(options: UpdateCheckerOptions): UpdateChecker {
  const updater = platformUpdater(options.platform, updaterApp(options.electron.app, options));
  // before setFeedURL, which hands the executor to the provider (electron-updater's own tests set it the same way)
  (updater as unknown as { httpExecutor: InjectedNetExecutor }).httpExecutor = new InjectedNetExecutor(
    options.electron,
  );
  updater.forceDevUpdateConfig = options.dev;
  updater.autoDownload = true;
  // a downloaded update installs when the app quits, if "Restart to install" was not chosen before
  updater.autoInstallOnAppQuit = true;
  const log = (message: unknown): void => options.log(`updates: ${updateFailureReason(message)}`);
  updater.logger = { info: () => undefined, warn: log, error: () => undefined };
  if (options.feedUrl !== null) updater.setFeedURL({ provider: 'generic', url: options.feedUrl });

  let state: UpdateState = { kind: 'idle' };
  const listeners = new Set<(state: UpdateState) => void>();
  const set = (next: UpdateState): void => {
    state = next;
    for (const listener of listeners) listener(next);
  };
  let version = '';
  updater.on('checking-for-update', () => set({ kind: 'checking' }));
  updater.on('update-not-available', (info) => set({ kind: 'none', version: info.version }));
  updater.on('update-available', (info) => {
    version = info.version;
    set({ kind: 'available', version });
  });
  updater.on('download-progress', (progress) =>
    set({ kind: 'downloading', version, percent: Math.floor(progress.percent) }),
  );
  updater.on('update-downloaded', (info) => set({ kind: 'ready', version: info.version }));
  // also what quitAndInstall reports when it cannot install (the check's own failures are set below, once more)
  updater.on('error', (error) => set({ kind: 'failed', reason: updateFailureReason(error) }));

  let running: Promise<UpdateState> | undefined;
  const check = async (): Promise<UpdateState> => {
    try {
      const result = await updater.checkForUpdates();
      if (result === null) set({ kind: 'failed', reason: 'electron-updater is not active in this build' });
      else if (result.downloadPromise) await result.downloadPromise;
    } catch (error) {
      const reason = updateFailureReason(error);
      options.log(`updates: ${reason}`);
      set({ kind: 'failed', reason });
    }
    return state;
  };
  return {
    state: () => state,
    check() {
      if (state.kind === 'ready') return Promise.resolve(state);
      running ??= check().finally(() => (running = undefined));
      return running;
    },
    install() {
      if (state.kind !== 'ready') return false;
      updater.quitAndInstall();
      return true;
    },
    onChange: (listener) => void listeners.add(listener),
  };
}
