/**
 * The parts of Electron the glue uses, typed by Electron's own declarations (electron.d.ts), so `tsc` checks
 * every call against the real API. `entry.ts` passes the real module; the glue tests pass a small fake (the
 * Electron binary cannot be downloaded on the development machines, and injection needs no loader flags).
 * Only types are imported here: nothing loads Electron at run time except entry.ts.
 */
import type * as E from 'electron';

export type App = Pick<
  typeof E.app,
  | 'on'
  | 'whenReady'
  | 'quit'
  | 'exit'
  | 'requestSingleInstanceLock'
  | 'setAsDefaultProtocolClient'
  | 'setLoginItemSettings'
  | 'isPackaged'
  | 'getVersion'
  | 'relaunch'
  | 'releaseSingleInstanceLock'
  | 'getPath'
>;

export interface ElectronLike {
  app: App & { dock?: Pick<NonNullable<typeof E.app.dock>, 'hide'> };
  BrowserWindow: { new (options: E.BrowserWindowConstructorOptions): E.BrowserWindow };
  Tray: { new (image: E.NativeImage): E.Tray };
  Menu: Pick<typeof E.Menu, 'buildFromTemplate'>;
  Notification: { new (options: E.NotificationConstructorOptions): E.Notification; isSupported(): boolean };
  nativeImage: Pick<typeof E.nativeImage, 'createFromPath' | 'createFromBuffer' | 'createEmpty'>;
  ipcMain: Pick<typeof E.ipcMain, 'handle' | 'removeHandler'>;
  globalShortcut: Pick<typeof E.globalShortcut, 'register' | 'unregister' | 'isRegistered'>;
  clipboard: Pick<typeof E.clipboard, 'writeText' | 'readText' | 'read' | 'has' | 'write'>;
  ClipboardItem: { new (items: Record<string, Blob>): E.ClipboardItem };
  shell: Pick<typeof E.shell, 'openExternal' | 'showItemInFolder' | 'openPath'>;
  dialog: Pick<typeof E.dialog, 'showOpenDialog' | 'showMessageBox'>;
  screen: Pick<
    typeof E.screen,
    'getAllDisplays' | 'getPrimaryDisplay' | 'getCursorScreenPoint' | 'getDisplayNearestPoint'
  >;
  safeStorage: Pick<
    E.SafeStorage,
    'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
  >;
  powerMonitor: Pick<typeof E.powerMonitor, 'on'>;
  desktopCapturer: Pick<typeof E.desktopCapturer, 'getSources'>;
  /** The editor's capture scheme (windows/capture-protocol.ts). */
  protocol: Pick<typeof E.protocol, 'registerSchemesAsPrivileged' | 'handle' | 'unhandle'>;
  /** HTTP for the updater (updates/net-executor.ts): Chromium's network stack, with the system's proxy. */
  net: Pick<typeof E.net, 'request'>;
  session: {
    defaultSession: Pick<
      typeof E.session.defaultSession,
      'webRequest' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDisplayMediaRequestHandler'
    >;
    /** The updater's own session: the default one refuses every http(s) request (windows/secure-window.ts). */
    fromPartition: typeof E.session.fromPartition;
  };
}

export type { E as Electron };
