/**
 * The renderer pages on the APP'S OWN main process: `startApp()` (main/app/start-app.ts) runs with the fake
 * Electron (test/app/fake-electron.ts), a temp config folder, the real settings store, account, queue service
 * and default queue runner (real uploads to the real server and RGW), and every call a page makes in Chromium
 * is answered by the handler the app registered on the fake ipcMain, with an event from that page's file URL
 * (a top frame, from the app's window for that page). So the sender guard, the argument validation and the
 * handlers all run as they do in Electron; there is no second implementation of the contract to drift.
 *
 *   const app = await startRendererApp(harness);
 *   const open = await app.open('settings', { viewport });   // the app's settings window opens with it
 *   app.settings()                                           // the app's settings store
 *   await app.call('drop', 'listJobs')                       // a call as that page makes it
 *
 * Where the harness must differ from Electron (each kept small):
 * - Pages are served over http://127.0.0.1 (renderer-page.ts); the IPC event says the page's file URL under
 *   `distDir`, as Electron's senderFrame would.
 * - Dropped files: the test bridge sends their bytes (DroppedFile), not paths; they are written to a temp
 *   folder, one per drop, and the real `shareFiles` (or `editDroppedFile`) handler gets those paths (Electron's preload sends the
 *   dropped files' own paths, webUtils.getPathForFile).
 * - The app's own schemes (protocol.handle: the editor's capture): plain Chromium cannot fetch them, so a window
 *   query naming one is rewritten to `<origin>/__protocol/<scheme>/<page token>/…`, which the harness's own server
 *   answers with the handler the app registered on the fake (renderer-page.ts, OpenOptions.protocols); the page's
 *   CSP is rewritten to match.
 * - Events main → renderer: the app broadcasts to its open windows (webContents.send). Opening a page here
 *   opens the app's window for it (app.windows.open) and closes it with the last such page; what the app sends
 *   to that window (FakeWindow.onSend) is given to the Chromium pages of that name, in order.
 * - The desktop: the folder picker answers `<root>/Chosen captures` or `<root>/Watched`; nativeImage (the
 *   history's thumbnails) is not available outside Electron, so a PNG file stands for itself (not resized) and
 *   anything else is an empty image, as nativeImage has for files it cannot decode. The clipboard, the shell
 *   and hotkeys "another app holds" are the fake's (`fake.clipboardWrites`, `fake.opened`, `fake.revealed`,
 *   `fake.taken`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IPC_CHANNELS, IPC_EVENTS, ipcChannel, type IpcChannel, type Settings } from '../../common/ipc-contract.ts';
import type { ElectronLike } from '../../main/app/electron-like.ts';
import { startApp, type RunningApp } from '../../main/app/start-app.ts';
import { pageOfUrl, appPaths, type PageName } from '../../main/app/windows/pages.ts';
import { fakeElectron, FakeWindow, type FakeElectron } from '../app/fake-electron.ts';
import type { DroppedFile, OpenOptions, OpenPage, RendererEvents, RendererHarness, TestApi } from './renderer-page.ts';

/** Where renderer-page.ts builds the pages (buildApp's default outDir): the app's distDir. */
const DIST_DIR = path.resolve(fileURLToPath(import.meta.url), '../../../dist');
const EVENT_OF_CHANNEL = new Map(
  Object.entries(IPC_EVENTS).map(([event, channel]) => [channel, event as keyof RendererEvents]),
);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface RendererApp {
  /** The running app (settings store, queue service, windows, actions). */
  app: RunningApp;
  fake: FakeElectron;
  /** The temp folder holding config/, home/ and dropped/. */
  root: string;
  /** What the app logged (settings problems, server settings, watched folder…). */
  logs: string[];
  /** The app's settings, as its store has them now. */
  settings(): Settings;
  /** The contract as page `page` reaches it: each call goes to the handler the app registered. */
  api(page: PageName): TestApi;
  /** One call of page `page` to the app (e.g. `call('drop', 'listJobs')`). */
  call<K extends keyof TestApi>(page: PageName, name: K, ...args: Parameters<TestApi[K]>): ReturnType<TestApi[K]>;
  /** harness.open with api(page), while the app has its window for that page open (and sends it events). */
  open(page: PageName, options?: OpenOptions): Promise<OpenPage>;
  close(): Promise<void>;
}

/** A stand-in for nativeImage.createFromPath (not available outside Electron): a PNG is its own thumbnail. */
function pngImage(file: string): ReturnType<ElectronLike['nativeImage']['createFromPath']> {
  let bytes: Buffer | null = null;
  try {
    const read = readFileSync(file);
    if (read.subarray(0, 8).equals(PNG_SIGNATURE)) bytes = read;
  } catch {
    // unreadable: an empty image, as nativeImage gives
  }
  const image = {
    isEmpty: () => bytes === null,
    resize: () => image,
    toDataURL: () => (bytes ? `data:image/png;base64,${bytes.toString('base64')}` : 'data:image/png;base64,'),
  };
  return image as unknown as ReturnType<ElectronLike['nativeImage']['createFromPath']>;
}

export async function startRendererApp(harness: RendererHarness): Promise<RendererApp> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'traydrop-renderer-app-'));
  const configDir = path.join(root, 'config');
  const home = path.join(root, 'home');
  const dropped = path.join(root, 'dropped');
  await Promise.all([configDir, home, dropped].map((dir) => mkdir(dir, { recursive: true })));

  // the About section shows where the log file would be (the lines themselves go to `logs`)
  const fake = fakeElectron({ paths: { logs: path.join(home, '.config', 'Traydrop', 'logs') } });
  const logs: string[] = [];
  const electron: ElectronLike = {
    ...fake.electron,
    dialog: {
      ...fake.electron.dialog,
      showOpenDialog: async (options: Electron.OpenDialogOptions) => ({
        canceled: false,
        filePaths: [path.join(root, /captures/i.test(options.title ?? '') ? 'Chosen captures' : 'Watched')],
      }),
    } as ElectronLike['dialog'],
    nativeImage: { ...fake.electron.nativeImage, createFromPath: pngImage },
  };
  const paths = appPaths(DIST_DIR);
  const app = await startApp({
    electron,
    distDir: DIST_DIR,
    argv: ['/opt/Traydrop/traydrop'],
    cwd: home,
    env: {},
    platform: 'linux',
    home,
    pid: process.pid,
    launchCommand: ['/opt/Traydrop/traydrop'],
    configDir,
    log: (line) => void logs.push(line),
  });
  if (!app) throw new Error('startApp returned no app');

  // the Chromium pages standing for each app window, and the events sent to them, in order
  const pages = new Map<PageName, Set<OpenPage>>();
  const delivery = new WeakMap<OpenPage, Promise<unknown>>();
  const windowOf = (page: PageName): FakeWindow | undefined =>
    (app.windows.all() as unknown as FakeWindow[]).find(
      (win) => win.loaded && pageOfUrl(pathToFileURL(win.loaded.file).href, paths, 'linux') === page,
    );
  FakeWindow.onSend = (win, channel, value) => {
    const event = EVENT_OF_CHANNEL.get(channel as (typeof IPC_EVENTS)[keyof typeof IPC_EVENTS]);
    const page = win.loaded && pageOfUrl(pathToFileURL(win.loaded.file).href, paths, 'linux');
    if (!event || !page) return;
    const payload = structuredClone(value);
    for (const open of pages.get(page) ?? []) {
      const previous = delivery.get(open) ?? Promise.resolve();
      delivery.set(
        open,
        previous.then(() =>
          open.page
            .evaluate(
              ([e, p]) =>
                (window as unknown as { __traydropEmit: (e: string, p: unknown) => void }).__traydropEmit(e, p),
              [event, payload] as const,
            )
            .catch(() => undefined),
        ),
      );
    }
  };

  function invoke(page: PageName, name: IpcChannel, args: unknown[]): Promise<unknown> {
    const handler = fake.handlers.get(ipcChannel(name));
    if (!handler) throw new Error(`the app registered no handler for ${name}`);
    // what Electron's IpcMainInvokeEvent carries that the guard reads: the top frame of our page's file
    const event = {
      senderFrame: { url: pathToFileURL(paths.page(page)).href, parent: null },
      sender: { id: windowOf(page)?.webContents.id ?? 999 },
    };
    return handler(event, ...args);
  }

  function api(page: PageName): TestApi {
    const out: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const name of IPC_CHANNELS) out[name] = (...args) => invoke(page, name, args);
    // the bridge sent the dropped files' bytes: they become files on disk, as the user's own would be
    const onDisk = async (files: DroppedFile[]): Promise<string[]> => {
      const folder = await mkdtemp(path.join(dropped, 'drop-'));
      const list: string[] = [];
      for (const file of files) {
        const target = path.join(folder, path.basename(file.name));
        await writeFile(target, Buffer.from(file.base64, 'base64'));
        list.push(target);
      }
      return list;
    };
    out.shareFiles = async (...args) => invoke(page, 'shareFiles', [await onDisk(args[0] as DroppedFile[])]);
    out.editDroppedFile = async (...args) => invoke(page, 'editDroppedFile', await onDisk([args[0] as DroppedFile]));
    return out as unknown as TestApi;
  }

  return {
    app,
    fake,
    root,
    logs,
    settings: () => app.settings.get(),
    api,
    call: (page, name, ...args) =>
      (api(page)[name] as (...a: unknown[]) => Promise<unknown>)(...args) as ReturnType<TestApi[typeof name]>,
    async open(page, options) {
      if (!pages.get(page)?.size) app.windows.open(page);
      // the window's query (the editor's: where its capture is), and the app's own schemes behind it
      const query = (windowOf(page)?.loaded?.options as { query?: Record<string, string> } | undefined)?.query;
      const open = await harness.open(page, api(page), { query, protocols: fake.protocols, ...options });
      const set = pages.get(page) ?? new Set();
      pages.set(page, set.add(open));
      return {
        ...open,
        async close() {
          set.delete(open);
          if (set.size === 0) app.windows.close(page);
          await open.close();
        },
      };
    },
    async close() {
      FakeWindow.onSend = undefined;
      await app.shutdown();
      if (existsSync(root)) await rm(root, { recursive: true, force: true });
    },
  };
}
