/**
 * Where the built windows live (dist/renderer/<page>/index.html, dist/preload/index.cjs, next to this app's
 * dist/app/main.js) and how to tell that an IPC message comes from one of them.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PAGES = ['settings', 'history', 'drop', 'region-selector', 'recording-hud', 'recorder', 'editor'] as const;
export type PageName = (typeof PAGES)[number];

export interface AppPaths {
  distDir: string;
  preload: string;
  /** The app icon for window lists and task bars (Linux and Windows; macOS uses the bundle's). */
  windowIcon: string;
  page(name: PageName): string;
}

export function appPaths(distDir: string): AppPaths {
  return {
    distDir,
    preload: path.join(distDir, 'preload', 'index.cjs'),
    windowIcon: path.join(distDir, 'icons', 'linux', '256x256.png'),
    page: (name) => path.join(distDir, 'renderer', name, 'index.html'),
  };
}

/**
 * The page a frame URL belongs to, or undefined for anything else (another file, http(s), data:, a page
 * navigated away). Query and hash are ignored; the path must be exactly one of our pages.
 */
export function pageOfUrl(
  url: string,
  paths: AppPaths,
  platform: NodeJS.Platform = process.platform,
): PageName | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return undefined;
  parsed.search = '';
  parsed.hash = '';
  let file: string;
  try {
    file = fileURLToPath(parsed, { windows: platform === 'win32' });
  } catch {
    return undefined;
  }
  const same = (a: string, b: string): boolean =>
    platform === 'win32' || platform === 'darwin' ? a.toLowerCase() === b.toLowerCase() : a === b;
  return PAGES.find((page) => same(path.normalize(file), path.normalize(paths.page(page))));
}
