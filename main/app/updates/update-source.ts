/**
 * Whether this install can update itself at all, and from which update config file: the answer before any
 * setting is read. electron-updater needs the app-update.yml electron-builder writes into the resources when the
 * build has a `publish` entry (the feed, the cache folder name, and on Windows the publisher whose signature the
 * installer must carry); a build without one has no feed. On Linux only the AppImage replaces itself: a .deb
 * belongs to the package manager (electron-updater would run `pkexec dpkg -i` on a file checked only against
 * the feed's own sha512).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Points the unpackaged app at an update config file (electron-updater's forceDevUpdateConfig): development, tests. */
export const DEV_UPDATE_CONFIG_ENV = 'TRAYDROP_DEV_UPDATE_CONFIG';

export type UpdateSource = { configFile: string; dev: boolean } | { off: string };

export function updateSource(options: {
  packaged: boolean;
  /** process.resourcesPath in Electron. */
  resourcesPath: string | undefined;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  exists?: (file: string) => boolean;
}): UpdateSource {
  const { env } = options;
  const exists = options.exists ?? existsSync;
  const dev = env[DEV_UPDATE_CONFIG_ENV];
  if (dev) return { configFile: path.resolve(dev), dev: true };
  if (!options.packaged || !options.resourcesPath)
    return { off: `not a packaged build (set ${DEV_UPDATE_CONFIG_ENV} to an app-update.yml to try updates)` };
  if (options.platform === 'linux' && !env.APPIMAGE)
    return { off: 'installed from a package: the package manager updates it' };
  const configFile = path.join(options.resourcesPath, 'app-update.yml');
  if (!exists(configFile)) return { off: 'this build was packaged without an update feed (publish)' };
  return { configFile, dev: false };
}
