/**
 * The Electron main entry (bundled to dist/app/main.js by scripts/build-app.ts, electron external). The only
 * module with a side effect at import: it starts the app with the real Electron.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  clipboard,
  ClipboardItem,
  desktopCapturer,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  nativeImage,
  net,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import type { ElectronLike } from './electron-like.ts';
import { electronStoreConf } from './electron-store-conf.ts';
import { startApp } from './start-app.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const electron: ElectronLike = {
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
  dialog,
  screen,
  safeStorage,
  powerMonitor,
  protocol,
  desktopCapturer,
  net,
  session,
};

// Packaged: the executable starts the app. Development (`electron dist/app/main.js`): electron + the entry.
const launchCommand = app.isPackaged ? [process.execPath] : [process.execPath, path.resolve(process.argv[1] ?? '.')];

startApp({ electron, distDir: path.resolve(here, '..'), launchCommand, makeSettingsConf: electronStoreConf }).catch(
  (error: unknown) => {
    // the person gets the sentence (which file, why, what to do); the stack goes to the log for a bug report
    process.stderr.write(
      `traydrop: could not start: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
    );
    dialog.showErrorBox('Traydrop could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  },
);
