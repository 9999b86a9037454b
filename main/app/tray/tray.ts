/**
 * The tray icon and its menu, built from trayMenuTemplate(state). refresh() runs on every change of the queue
 * (progress several times a second); the icon, tooltip and title follow, but the menu is replaced only when
 * it would look different: replacing an open menu closes it on Linux trays.
 */
import type { BrowserWindow, Tray } from 'electron';
import type { ElectronLike } from '../electron-like.ts';
import { menuSignature, trayMenuTemplate, trayTooltip, type TrayActions, type TrayState } from './menu-template.ts';
import { trayIconPng } from './tray-icon.ts';

export interface AppTray {
  refresh(): void;
  /** The same menu, popped up over a window (the drop window's ⋯ button). */
  popup(window: BrowserWindow): void;
  destroy(): void;
}

export function createTray(
  electron: Pick<ElectronLike, 'Tray' | 'Menu' | 'nativeImage'>,
  platform: NodeJS.Platform,
  state: () => TrayState,
  actions: TrayActions,
  onDropFiles: (files: string[]) => void,
): AppTray {
  const template = platform === 'darwin';
  const icon = (busy: boolean) => {
    const image = electron.nativeImage.createFromBuffer(trayIconPng(32, { template, busy }), { scaleFactor: 2 });
    if (template) image.setTemplateImage(true);
    return image;
  };
  const tray: Tray = new electron.Tray(icon(false));
  let busy = false;
  let shownMenu = '';
  // macOS: files dropped on the menu-bar icon. Other trays do not take drops (the drop window does).
  tray.on('drop-files', (_event, files) => onDropFiles(files));
  const refresh = (): void => {
    const now = state();
    const isBusy = now.recording || (now.progress?.active ?? 0) > 0;
    if (isBusy !== busy) {
      busy = isBusy;
      tray.setImage(icon(busy));
    }
    tray.setToolTip(trayTooltip(now));
    if (template) tray.setTitle(now.progress && now.progress.active > 0 ? ` ${now.progress.percent}%` : '');
    const menu = trayMenuTemplate(now, actions);
    const signature = menuSignature(menu);
    if (signature === shownMenu) return;
    shownMenu = signature;
    tray.setContextMenu(electron.Menu.buildFromTemplate(menu));
  };
  refresh();
  return {
    refresh,
    popup: (window) => electron.Menu.buildFromTemplate(trayMenuTemplate(state(), actions)).popup({ window }),
    destroy: () => tray.destroy(),
  };
}
