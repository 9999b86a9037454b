/**
 * The app's windows, made ready before any is shown: the default session locked down (no network, screen
 * sharing for the hidden recorder page alone), getDisplayMedia answered, and every window registered: settings,
 * history, drop window, region selector, recording HUD, capture editor.
 */
import type { ElectronLike } from '../electron-like.ts';
import { historyWindow, recordingHudWindow, settingsWindow } from './app-windows.ts';
import { answerDisplayMedia } from './display-media.ts';
import { dropWindow } from './drop-window.ts';
import { editorWindow } from './editor-window.ts';
import { appPaths, type AppPaths } from './pages.ts';
import { recorderWindow, type RecorderWindow } from './recorder-window.ts';
import { RegionSelectorWindows } from './region-selector.ts';
import { WindowRegistry } from './registry.ts';
import { lockDownSession, windowFactory, type WindowFactory } from './secure-window.ts';

export interface AppWindows {
  paths: AppPaths;
  windows: WindowRegistry;
  selector: RegionSelectorWindows;
  hud: ReturnType<typeof recordingHudWindow>;
  /** The hidden page that records through the desktop portal (GNOME/KDE Wayland). */
  recorderPage: RecorderWindow;
  /** The capture editor's window. */
  editorWindow: ReturnType<typeof editorWindow>;
}

/** The session's rules and the pages' paths: before the settings are opened, as the app always did. */
export function secureSession(
  electron: ElectronLike,
  distDir: string,
  options: { platform: NodeJS.Platform; env: NodeJS.ProcessEnv },
): { paths: AppPaths; factory: WindowFactory; recorderPage: RecorderWindow } {
  const paths = appPaths(distDir);
  const factory = windowFactory(electron, paths);
  const recorderPage = recorderWindow(factory);
  lockDownSession(electron.session.defaultSession, (id) => recorderPage.isRecorder(id));
  answerDisplayMedia(electron, paths, options);
  return { paths, factory, recorderPage };
}

export function registerWindows(
  session: ReturnType<typeof secureSession>,
  electron: ElectronLike,
  options: { platform: NodeJS.Platform; dir: string; refreshTray: () => void },
): AppWindows {
  const { factory } = session;
  const windows = new WindowRegistry();
  const selector = new RegionSelectorWindows(factory, options.platform);
  const hud = recordingHudWindow(factory, electron.screen);
  windows.register('settings', settingsWindow(factory));
  windows.register('history', historyWindow(factory));
  windows.register('drop', dropWindow(factory, electron.screen, options.dir, options.refreshTray));
  windows.register('region-selector', selector);
  windows.register('recording-hud', hud);
  const editor = editorWindow(factory);
  windows.register('editor', editor);
  return { paths: session.paths, windows, selector, hud, recorderPage: session.recorderPage, editorWindow: editor };
}
