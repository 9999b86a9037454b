/**
 * The pages' IPC, registered for this app: the handlers (handlers.ts) get the app's services, the drop window's
 * files go through sharePaths (what failed is shown where they were dropped, no notification on top), and the
 * drop window's ⋯ button pops the tray's menu over the window that asked.
 */
import type { ElectronLike } from '../electron-like.ts';
import type { FlowDeps } from '../flows/flow-deps.ts';
import { sharePaths } from '../flows/share-paths.ts';
import type { AppTray } from '../tray/tray.ts';
import type { AppPaths } from '../windows/pages.ts';
import type { WindowRegistry } from '../windows/registry.ts';
import { createIpcHandlers, type HandlerDeps } from './handlers.ts';
import { registerIpc } from './register-ipc.ts';

export interface AppIpcDeps extends Omit<
  HandlerDeps,
  'share' | 'showAppMenu' | 'thumbnail' | 'electron' | 'about' | 'hotkeyStatus'
> {
  electron: ElectronLike;
  paths: AppPaths;
  flow: FlowDeps;
  windows: WindowRegistry;
  hotkeys: { status: HandlerDeps['hotkeyStatus'] };
  /** The tray, once it exists (the menu is popped up from it). */
  tray: () => AppTray | undefined;
  logFolder: string;
}

/** Returns what unregisters every channel. */
export function registerAppIpc(deps: AppIpcDeps): () => void {
  const { electron, paths, flow, windows, hotkeys, tray, logFolder, ...services } = deps;
  const handlerDeps: HandlerDeps = {
    ...services,
    electron,
    hotkeyStatus: () => hotkeys.status(),
    share: (list) => sharePaths(flow, list),
    showAppMenu: (caller) => {
      const window = windows.all().find((w) => !w.isDestroyed() && w.webContents.id === caller.webContentsId);
      if (window) tray()?.popup(window);
    },
    thumbnail: async (file) => {
      const image = electron.nativeImage.createFromPath(file);
      return image.isEmpty() ? null : image.resize({ width: 96 }).toDataURL();
    },
    about: () => ({ version: electron.app.getVersion(), logFolder }),
  };
  return registerIpc(electron.ipcMain, paths, (caller) => createIpcHandlers(handlerDeps, caller), deps.platform);
}
