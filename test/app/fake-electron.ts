/**
 * A fake of the Electron API surface the glue uses (main/app/electron-like.ts), recording what the app does:
 * windows created with their options, IPC handlers, hotkeys, tray menus, notifications, clipboard writes.
 * Like Kap's test/mocks/electron.ts, but injected into startApp instead of aliased (no loader flags).
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { ElectronLike } from '../../main/app/electron-like.ts';

export interface FakeWebContents extends EventEmitter {
  id: number;
  sent: { channel: string; value: unknown }[];
  openHandler?: (details: { url: string }) => { action: string };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void;
  send(channel: string, value: unknown): void;
}

let nextId = 1;

/**
 * A ClipboardItem as Electron's clipboard.read() gives it: `types` are the MIME types, getType() resolves to a
 * Blob and rejects for a type the item does not carry.
 */
export function clipboardItem(data: Record<string, string | Buffer>): Electron.ClipboardItem {
  return {
    types: Object.keys(data),
    getType: async (type: string) => {
      const value = data[type];
      if (value === undefined) throw new DOMException(`no ${type} on the clipboard`, 'NotFoundError');
      return new Blob([typeof value === 'string' ? value : new Uint8Array(value)], { type });
    },
  } as unknown as Electron.ClipboardItem;
}

export class FakeWindow extends EventEmitter {
  static all: FakeWindow[] = [];
  /**
   * Called with every webContents.send of every window, after it is recorded in `sent` (set by a test that
   * forwards main → renderer events somewhere, e.g. to pages in Chromium); fakeElectron() clears it.
   */
  static onSend: ((win: FakeWindow, channel: string, value: unknown) => void) | undefined;
  readonly options: Record<string, unknown>;
  readonly webContents: FakeWebContents;
  loaded: { file: string; options: unknown } | undefined;
  destroyed = false;
  position: [number, number];

  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    this.position = [Number(options.x ?? 0), Number(options.y ?? 0)];
    const contents = new EventEmitter() as FakeWebContents;
    contents.id = nextId++;
    contents.sent = [];
    contents.setWindowOpenHandler = (handler) => (contents.openHandler = handler);
    contents.send = (channel, value) => {
      contents.sent.push({ channel, value });
      FakeWindow.onSend?.(this, channel, value);
    };
    this.webContents = contents;
    FakeWindow.all.push(this);
  }
  loadFile(file: string, options: unknown) {
    this.loaded = { file, options };
    return Promise.resolve();
  }
  show() {
    this.shown = true;
  }
  shown = false;
  shownInactive = false;
  showInactive() {
    this.shownInactive = true;
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }
  destroy() {
    this.close();
  }
  setAlwaysOnTop() {}
  setVisibleOnAllWorkspaces() {}
  setContentProtection() {}
  getPosition() {
    return this.position;
  }
}

export interface FakeElectron {
  electron: ElectronLike;
  app: EventEmitter & { quitCalls: number; loginItem: unknown; protocol: unknown[] };
  handlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  listeners: Map<string, unknown[]>;
  shortcuts: Map<string, () => void>;
  /** Accelerators "another app" holds: register() returns false. */
  taken: Set<string>;
  unregistered: string[];
  menus: { template: Electron.MenuItemConstructorOptions[] }[];
  /** Menus popped up over a window (the drop window's ⋯ button), with that window. */
  popups: { template: Electron.MenuItemConstructorOptions[]; window: unknown }[];
  tooltips: string[];
  notifications: { title: string; body: string }[];
  clipboardWrites: string[];
  clipboardText: { value: string };
  /** What clipboard.read() gives: set it to items made with clipboardItem(). Empty by default. */
  clipboardItems: { value: Electron.ClipboardItem[] };
  /** What clipboard.write() wrote: each entry's MIME type and bytes. */
  clipboardImages: { type: string; buffer: Buffer }[];
  opened: string[];
  /** Folders and files shell.openPath opened (the log folder). */
  openedPaths: string[];
  revealed: string[];
  dialogResponse: { value: number };
  secure: { encryption: boolean; backend: string };
  /** The session handlers the app installed; `sourceLookups`: desktopCapturer.getSources calls. */
  media: { permissionRequest?: unknown; permissionCheck?: unknown; displayMedia?: unknown; sourceLookups?: number };
  /** net.request calls (the updater's HTTP), with the session partition each used; served by node:http(s). */
  netRequests: { url: string; partition: string | undefined }[];
  /** protocol.handle's handlers by scheme, and the schemes registered as privileged. */
  protocols: Map<string, (request: Request) => Promise<Response>>;
  privilegedSchemes: Electron.CustomScheme[];
}

/** `paths`: what app.getPath answers, by name (e.g. `logs`: a temp folder); others are a path that does not exist. */
export function fakeElectron(options: { lock?: boolean; paths?: Record<string, string> } = {}): FakeElectron {
  FakeWindow.all = [];
  FakeWindow.onSend = undefined;
  const app = Object.assign(new EventEmitter(), {
    quitCalls: 0,
    loginItem: undefined as unknown,
    protocol: [] as unknown[],
  });
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  /** ipcMain.on listeners (the app itself uses only handle; electron-store adds one and the app removes it). */
  const listeners = new Map<string, unknown[]>();
  const shortcuts = new Map<string, () => void>();
  const taken = new Set<string>();
  const unregistered: string[] = [];
  const menus: { template: Electron.MenuItemConstructorOptions[] }[] = [];
  const popups: FakeElectron['popups'] = [];
  const tooltips: string[] = [];
  const notifications: { title: string; body: string }[] = [];
  const clipboardWrites: string[] = [];
  const clipboardText = { value: '' };
  const clipboardItems = { value: [] as Electron.ClipboardItem[] };
  const clipboardImages: { type: string; buffer: Buffer }[] = [];
  const opened: string[] = [];
  const openedPaths: string[] = [];
  const revealed: string[] = [];
  const dialogResponse = { value: 0 };
  const secure = { encryption: true, backend: 'gnome_libsecret' };
  /** The session handlers the app installed (permissions, getDisplayMedia). */
  const netRequests: FakeElectron['netRequests'] = [];
  const protocols: FakeElectron['protocols'] = new Map();
  const privilegedSchemes: Electron.CustomScheme[] = [];
  const media: {
    permissionRequest?: unknown;
    permissionCheck?: unknown;
    displayMedia?: unknown;
    sourceLookups?: number;
  } = {};
  const display = {
    id: 1,
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
    scaleFactor: 1,
  };

  const fake = {
    app: Object.assign(app, {
      whenReady: () => Promise.resolve(),
      quit: () => void app.quitCalls++,
      exit: () => undefined,
      requestSingleInstanceLock: () => options.lock ?? true,
      setAsDefaultProtocolClient: (...args: unknown[]) => (app.protocol.push(args), true),
      setLoginItemSettings: (settings: unknown) => void (app.loginItem = settings),
      isPackaged: false,
      getVersion: () => '0.0.0-test',
      relaunch: () => undefined,
      releaseSingleInstanceLock: () => undefined,
      getPath: (name: string) => options.paths?.[name] ?? `/nonexistent/fake-electron-${name}`,
      dock: { hide: () => undefined },
    }),
    BrowserWindow: FakeWindow,
    protocol: {
      registerSchemesAsPrivileged: (schemes: Electron.CustomScheme[]) => void privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        if (protocols.has(scheme)) throw new Error(`scheme ${scheme} is handled twice`);
        protocols.set(scheme, handler);
      },
      unhandle: (scheme: string) => void protocols.delete(scheme),
    },
    Tray: class extends EventEmitter {
      setImage() {}
      setToolTip(text: string) {
        tooltips.push(text);
      }
      setTitle() {}
      setContextMenu(menu: { template: Electron.MenuItemConstructorOptions[] }) {
        menus.push(menu);
      }
      destroy() {}
    },
    Menu: {
      buildFromTemplate: (template: Electron.MenuItemConstructorOptions[]) => ({
        template,
        popup: (options?: { window?: unknown }) => void popups.push({ template, window: options?.window }),
      }),
    },
    Notification: Object.assign(
      class extends EventEmitter {
        readonly o: { title: string; body: string };
        constructor(o: { title: string; body: string }) {
          super();
          this.o = o;
        }
        show() {
          notifications.push({ title: this.o.title, body: this.o.body });
        }
      },
      { isSupported: () => true },
    ),
    nativeImage: {
      createFromBuffer: () => ({ setTemplateImage: () => undefined }),
      createFromPath: () => ({ isEmpty: () => true }),
      createEmpty: () => ({ isEmpty: () => true }),
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, handler);
      },
      removeHandler: (channel: string) => void handlers.delete(channel),
      on: (channel: string, listener: unknown) =>
        void listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
      removeAllListeners: (channel: string) => void listeners.delete(channel),
    },
    globalShortcut: {
      register: (accelerator: string, callback: () => void) => {
        if (taken.has(accelerator)) return false;
        shortcuts.set(accelerator, callback);
        return true;
      },
      unregister: (accelerator: string) => {
        unregistered.push(accelerator);
        shortcuts.delete(accelerator);
      },
      isRegistered: (accelerator: string) => shortcuts.has(accelerator),
    },
    clipboard: {
      writeText: async (text: string) => void clipboardWrites.push(text),
      readText: async () => clipboardText.value,
      read: async () => clipboardItems.value,
      has: async () => false,
      write: async (items: { items: Record<string, Blob> }[]) => {
        for (const item of items)
          for (const [type, blob] of Object.entries(item.items))
            clipboardImages.push({ type, buffer: Buffer.from(await blob.arrayBuffer()) });
      },
    },
    ClipboardItem: class {
      readonly items: Record<string, Blob>;
      constructor(items: Record<string, Blob>) {
        this.items = items;
      }
      get types() {
        return Object.keys(this.items);
      }
    },
    shell: {
      openExternal: async (url: string) => void opened.push(url),
      showItemInFolder: (file: string) => void revealed.push(file),
      openPath: async (file: string) => (openedPaths.push(file), ''),
    },
    dialog: {
      showMessageBox: async () => ({ response: dialogResponse.value, checkboxChecked: false }),
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    },
    screen: {
      getAllDisplays: () => [display],
      getPrimaryDisplay: () => display,
      getCursorScreenPoint: () => ({ x: 10, y: 10 }),
      getDisplayNearestPoint: () => display,
    },
    safeStorage: {
      isEncryptionAvailable: () => secure.encryption,
      encryptString: (text: string) => Buffer.from(`ENC:${Buffer.from(text).reverse().toString('hex')}`),
      decryptString: (data: Buffer) => Buffer.from(data.toString().slice(4), 'hex').reverse().toString(),
      getSelectedStorageBackend: () => secure.backend,
    },
    powerMonitor: { on: () => undefined },
    desktopCapturer: {
      getSources: async () => (
        (media.sourceLookups = (media.sourceLookups ?? 0) + 1),
        [{ id: 'screen:1:0', name: 'Entire screen', display_id: '1' }]
      ),
    },
    session: {
      defaultSession: {
        webRequest: { onBeforeRequest: () => undefined },
        setPermissionRequestHandler: (handler: unknown) => void (media.permissionRequest = handler),
        setPermissionCheckHandler: (handler: unknown) => void (media.permissionCheck = handler),
        setDisplayMediaRequestHandler: (handler: unknown) => void (media.displayMedia = handler),
      },
      fromPartition: (partition: string) => ({ partition }),
    },
    // Electron's net.request takes Node's request options (+ session, redirect); Node answers it here
    net: {
      request: (o: http.RequestOptions & { session?: { partition?: string }; redirect?: string }) => {
        const { session, redirect: _redirect, ...options } = o;
        netRequests.push({
          url: `${options.protocol}//${options.hostname}:${options.port}${options.path}`,
          partition: session?.partition,
        });
        return (options.protocol === 'https:' ? https : http).request(options);
      },
    },
  };
  return {
    electron: fake as unknown as ElectronLike,
    app,
    handlers,
    protocols,
    privilegedSchemes,
    listeners,
    shortcuts,
    taken,
    unregistered,
    menus,
    popups,
    tooltips,
    notifications,
    clipboardImages,
    clipboardWrites,
    clipboardText,
    clipboardItems,
    opened,
    openedPaths,
    revealed,
    dialogResponse,
    secure,
    media,
    netRequests,
  };
}
