/**
 * What electron-updater asks of the app (its AppAdapter), from the injected Electron instead of
 * `require('electron').app`, and with the app's own folders: the update config file the caller chose
 * (resources/app-update.yml when packaged), the staging id in Traydrop's config folder, downloads under the
 * OS cache folder (~/.cache, ~/Library/Caches, %LOCALAPPDATA%) of the home and environment startApp was given.
 */
import path from 'node:path';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import type { ElectronLike } from '../electron-like.ts';

export interface UpdaterAppOptions {
  /** app-update.yml: provider and URL the build was made with, updaterCacheDirName, Windows publisherName. */
  configFile: string;
  /** Where electron-updater keeps its staging id (`.updaterId`). */
  userDataDir: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
}

/** The OS cache folder, as electron-updater's getAppCacheDir() finds it, for a given home and environment. */
export function cacheBaseDir({ platform, env, home }: Pick<UpdaterAppOptions, 'platform' | 'env' | 'home'>): string {
  if (platform === 'win32') return env.LOCALAPPDATA || path.win32.join(home, 'AppData', 'Local');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Caches');
  return env.XDG_CACHE_HOME || path.posix.join(home, '.cache');
}

export function updaterApp(app: ElectronLike['app'], options: UpdaterAppOptions): AppAdapter {
  return {
    get version() {
      return app.getVersion();
    },
    // the product name (electron-builder.yml productName): a fallback cache folder name, the sudo prompt
    name: 'Traydrop',
    get isPackaged() {
      return app.isPackaged === true;
    },
    appUpdateConfigPath: options.configFile,
    userDataPath: options.userDataDir,
    baseCachePath: cacheBaseDir(options),
    whenReady: () => app.whenReady(),
    relaunch: () => app.relaunch(),
    quit: () => app.quit(),
    onQuit: (handler) => void app.on('quit', (_event, exitCode) => handler(exitCode)),
  };
}
