/**
 * The `electron` module for a bundle booted under plain Node (electron-alias.ts): the named exports
 * main/app/entry.ts imports, from the same fake the glue tests use. Once the app has started (or failed),
 * the tray menu's items named in TRAYDROP_FAKE_CLICK (comma-separated) are clicked, then a report of what
 * the app did is written as one JSON line to stdout, and the process exits.
 */
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fakeElectron, FakeWindow } from './fake-electron.ts';

// the log file where Electron puts it on Linux, under the HOME the test gives the bundle
const fake = fakeElectron({ paths: { logs: path.join(os.homedir(), '.config', 'Traydrop', 'logs') } });
const electron = fake.electron as unknown as Record<string, unknown>;
const errors: string[] = [];

export const app = electron.app;
export const BrowserWindow = electron.BrowserWindow;
export const Tray = electron.Tray;
export const Menu = electron.Menu;
export const Notification = electron.Notification;
export const nativeImage = electron.nativeImage;
export const ipcMain = electron.ipcMain;
export const globalShortcut = electron.globalShortcut;
export const clipboard = electron.clipboard;
export const ClipboardItem = electron.ClipboardItem;
export const shell = electron.shell;
export const screen = electron.screen;
export const safeStorage = electron.safeStorage;
export const powerMonitor = electron.powerMonitor;
export const session = electron.session;
export const desktopCapturer = electron.desktopCapturer;
export const net = electron.net;
export const protocol = electron.protocol;
export const dialog = {
  ...(electron.dialog as object),
  showErrorBox: (title: string, content: string) => void errors.push(`${title}: ${content}`),
};

/** `import electron from 'electron'`, as electron-store does (Electron's module has both forms). */
export default {
  app,
  BrowserWindow,
  Tray,
  Menu,
  Notification,
  nativeImage,
  ipcMain,
  globalShortcut,
  clipboard,
  ClipboardItem,
  shell,
  screen,
  safeStorage,
  powerMonitor,
  session,
  desktopCapturer,
  net,
  protocol,
  dialog,
};

const settleMs = Number(process.env.TRAYDROP_FAKE_SETTLE_MS ?? 1500);
const clicks = (process.env.TRAYDROP_FAKE_CLICK ?? '').split(',').filter(Boolean);
const clicked: string[] = [];
void sleep(settleMs).then(async () => {
  for (const label of clicks) {
    const item = fake.menus.at(-1)?.template.find((i) => i.label === label);
    if (!item?.click) continue;
    (item.click as () => void)();
    clicked.push(label);
    await sleep(200);
  }
  const report = {
    errors,
    clicked,
    menu: fake.menus.at(-1)?.template.map((i) => i.label ?? i.type) ?? [],
    windows: FakeWindow.all.map((w) => ({
      preload: (w.options.webPreferences as { preload?: string } | undefined)?.preload,
      loaded: w.loaded?.file,
    })),
    handlers: [...fake.handlers.keys()].sort(),
    listeners: [...fake.listeners.keys()],
    shortcuts: [...fake.shortcuts.keys()].sort(),
    trayMenus: fake.menus.length,
    tooltips: fake.tooltips,
    openedPaths: fake.openedPaths,
    protocol: fake.app.protocol,
  };
  process.stdout.write(JSON.stringify(report) + '\n');
  process.exit(0);
});
