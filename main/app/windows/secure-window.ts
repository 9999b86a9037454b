/**
 * Every window is made here, locked down the same way:
 * - contextIsolation, sandbox, no nodeIntegration (also not in workers or subframes), webSecurity, no
 *   <webview>, the preload as the only bridge (it exposes the typed IPC contract and nothing else);
 * - navigation blocked: `will-navigate`/`will-redirect` are prevented, `window.open` is denied and http(s)
 *   links open in the user's browser instead; dropping a file onto a page never navigates to it;
 * - no remote content: the session refuses every http(s)/ws(s) request and every permission request (the
 *   pages are local files; thumbnails and frozen screenshots are data: URLs, the editor's capture comes from
 *   the app's own scheme, capture-protocol.ts), but the hidden recorder
 *   window's two: sharing the screen, and the microphone (never the camera) for "Record the microphone".
 */
import type { BrowserWindowConstructorOptions, Session, WebContents, WebPreferences } from 'electron';
import type { ElectronLike } from '../electron-like.ts';
import type { AppPaths, PageName } from './pages.ts';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

export function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export function guardNavigation(contents: WebContents, shell: ElectronLike['shell']): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isHttpUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** What Electron tells the permission handlers about a request (request) or a check (check). */
interface PermissionDetails {
  isMainFrame?: boolean;
  /** A `media` request: 'audio' is a microphone, 'video' a camera. */
  mediaTypes?: readonly string[];
  /** A `media` check. */
  mediaType?: string;
}

/**
 * Once per session (the default one): no network, and no permission but two, for the hidden recorder
 * window alone (`mayShareScreen` says which webContents that is; it never navigates, so its top frame is
 * the recorder page): sharing the screen, and `media` for a microphone only (the recording's sound), asked
 * by that top frame. A camera, a subframe and every other page are refused.
 */
export function lockDownSession(
  session: Pick<Session, 'webRequest' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  mayShareScreen: (webContentsId: number) => boolean = () => false,
): void {
  session.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] },
    (_details, callback) => callback({ cancel: true }),
  );
  const allowed = (contents: WebContents | null, permission: string, details?: PermissionDetails): boolean => {
    if (contents === null || !mayShareScreen(contents.id)) return false;
    if (permission === 'display-capture') return true;
    if (permission !== 'media' || details?.isMainFrame !== true) return false;
    const types = details.mediaTypes ?? (details.mediaType === undefined ? [] : [details.mediaType]);
    return types.length > 0 && types.every((type) => type === 'audio');
  };
  session.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(allowed(contents, permission, details as PermissionDetails)),
  );
  session.setPermissionCheckHandler((contents, permission, _origin, details) => allowed(contents, permission, details));
}

export interface WindowFactory {
  /** A new window showing `page`; shown when ready unless `show: false`. */
  create(
    page: PageName,
    options: BrowserWindowConstructorOptions,
    query?: Record<string, string>,
  ): Electron.BrowserWindow;
}

export function windowFactory(electron: Pick<ElectronLike, 'BrowserWindow' | 'shell'>, paths: AppPaths): WindowFactory {
  return {
    create(page, options, query) {
      const { webPreferences: _ignored, show = true, ...rest } = options;
      const win = new electron.BrowserWindow({
        ...rest,
        show: false,
        backgroundColor: rest.transparent ? '#00000000' : rest.backgroundColor,
        icon: rest.icon ?? paths.windowIcon,
        webPreferences: {
          ...secureWebPreferences(paths.preload),
          // the one preference a window may change: the hidden recorder must not be throttled
          ...(options.webPreferences?.backgroundThrottling === false ? { backgroundThrottling: false } : {}),
        },
      });
      guardNavigation(win.webContents, electron.shell);
      if (show) win.once('ready-to-show', () => win.show());
      void win.loadFile(paths.page(page), query ? { query } : {});
      return win;
    },
  };
}
