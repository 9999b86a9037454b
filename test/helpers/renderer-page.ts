/**
 * Renderer pages in Debian's Chromium (playwright-core) with a TEST implementation of the typed IPC
 * contract in place of the preload:
 *
 *   const harness = await startRendererHarness();          // builds dist/renderer, serves it, launches Chromium
 *   const { page, calls } = await harness.open('settings', api, { colorScheme: 'dark' });
 *   harness.emit('jobsChanged', jobs);                     // main → renderer events, to every open page
 *
 * `window.traydrop` is installed before the page's scripts run (addInitScript). Each method forwards
 * its arguments to Node through one binding (exposeBinding), where `api` (typed by the contract)
 * answers; `shareFiles` (and `editDroppedFile`) read the dropped File objects' bytes in the page and send them along, as
 * Electron's preload would send their paths. The page is served over HTTP from 127.0.0.1 so its
 * CSP (`script-src 'self'`) is the real one, and CSP violations and page errors fail the test.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import {
  EDITOR_CAPTURE_SCHEME,
  type EditorContext,
  IPC_CHANNELS,
  type IpcHandlers,
  type JobView,
  type QueueStatus,
  type Settings,
} from '../../common/ipc-contract.ts';
import { buildApp, type PageName } from '../../scripts/build-app.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './page-browser.ts';

export { CHROMIUM, CHROMIUM_MISSING } from './page-browser.ts';
const ARGS = [
  ...CHROMIUM_ARGS,
  '--font-render-hinting=none',
  // the recorder page: getDisplayMedia answered at once, by Chromium's synthetic screen
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/** A file dropped or chosen in a page, as the test bridge hands it to Node. */
export interface DroppedFile {
  name: string;
  type: string;
  base64: string;
}

/** The contract as the test side implements it: shareFiles and editDroppedFile get the bytes instead of paths. */
export type TestApi = Omit<IpcHandlers, 'shareFiles' | 'editDroppedFile'> & {
  shareFiles(files: DroppedFile[]): Promise<JobView[]>;
  editDroppedFile(file: DroppedFile): Promise<void>;
};

export interface RendererEvents {
  jobsChanged: JobView[];
  queueStatusChanged: QueueStatus;
  settingsChanged: Settings;
  recorderStop: null;
  /** Sent as it is (a test may send a bad one: the page checks it). */
  editorOpen: EditorContext | Record<string, unknown>;
}

export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  /** Wait for `body[data-ready]` (default true). */
  waitReady?: boolean;
  /** Runs in the page after the bridge, before the page's scripts (to stub a browser API), given `initArg`. */
  init?: (arg?: string) => void;
  initArg?: string;
  /** The page's query, as main's window gives it (loadFile's `query`). */
  query?: Record<string, string>;
  /**
   * Schemes of the app's own (Electron's protocol.handle) and their handlers: plain Chromium cannot fetch
   * `scheme://…`, so a query value naming one becomes `<page's origin>/__protocol/<scheme>/<page's token>/…`, which
   * the harness's server hands to this page's handler as a `scheme://…` Request, as Electron would.
   */
  protocols?: Map<string, (request: Request) => Promise<Response>>;
}

export interface OpenPage {
  page: Page;
  context: BrowserContext;
  /** Every call the page made, in order: [method, args]. */
  calls: [string, unknown[]][];
  /** Uncaught errors and console errors (CSP violations: see pageProblems). */
  problems: string[];
  close(): Promise<void>;
}

export interface RendererHarness {
  baseUrl: string;
  browser: Browser;
  open(page: PageName, api: Partial<TestApi>, options?: OpenOptions): Promise<OpenPage>;
  emit<K extends keyof RendererEvents>(event: K, payload: RendererEvents[K]): Promise<void>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

const PROTOCOL_PREFIX = '/__protocol/';

/** The app's own schemes (protocol.handle) of one open page, by scheme: OpenOptions.protocols. */
type Protocols = Map<string, (request: Request) => Promise<Response>>;

/**
 * `/__protocol/<scheme>/<token>/<rest>`: the handler that page `token` registered for `scheme`, given
 * `scheme://<rest>` as Electron's protocol.handle would be, and its Response written back as it is. The scheme
 * comes first so that the pages' CSP (`connect-src scheme:` rewritten to `<origin>/__protocol/scheme/`) stays
 * as narrow as the real one.
 */
async function answerProtocol(
  registry: Map<string, Protocols>,
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
): Promise<void> {
  const [scheme = '', token = '', ...rest] = rawPath.slice(PROTOCOL_PREFIX.length).split('/');
  const handler = registry.get(token)?.get(scheme);
  if (!handler) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('no such scheme');
    return;
  }
  const answer = await handler(new Request(`${scheme}://${rest.join('/')}`, { method: req.method }));
  const body = Buffer.from(await answer.arrayBuffer());
  res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(body);
}

function serve(root: string, registry: Map<string, Protocols>): Promise<{ server: Server; url: string }> {
  const origin = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const server = createServer((req, res) => {
    const rawPath = req.url ?? '/';
    if (rawPath.startsWith(PROTOCOL_PREFIX)) {
      answerProtocol(registry, req, res, rawPath).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
      return;
    }
    const pathname = decodeURIComponent(new URL(rawPath, 'http://x').pathname);
    if (pathname === '/favicon.ico') {
      res.writeHead(204).end(); // Chromium asks; Electron windows do not
      return;
    }
    const file = path.join(root, path.normalize(pathname));
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (read) => {
        // the app's own schemes are reached at /__protocol/<scheme>/ here (OpenOptions.protocols): so is the CSP
        const body = file.endsWith('.html')
          ? read.toString().replaceAll(`${EDITOR_CAPTURE_SCHEME}:`, `${origin()}/__protocol/${EDITOR_CAPTURE_SCHEME}/`)
          : read;
        res
          .writeHead(200, {
            'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
            'cache-control': 'no-store',
          })
          .end(body);
      },
      () => res.writeHead(404).end('not found'),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

/** Runs in the page before its own scripts: `window.traydrop` over the `__traydropCall` binding. */
function installBridge(channels: readonly string[]): void {
  type Listener = (payload: unknown) => void;
  const w = window as unknown as Record<string, unknown>;
  const call = w.__traydropCall as (method: string, args: unknown[]) => Promise<unknown>;
  const listeners: Record<string, Set<Listener>> = {
    jobsChanged: new Set(),
    queueStatusChanged: new Set(),
    settingsChanged: new Set(),
    recorderStop: new Set(),
    editorOpen: new Set(),
  };
  const problems: string[] = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    problems.push(`CSP ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
  );
  const toBase64 = (buffer: ArrayBuffer) => {
    const bytes = new Uint8Array(buffer);
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  };
  const api: Record<string, unknown> = {};
  for (const name of channels) api[name] = (...args: unknown[]) => call(name, args);
  api.shareFiles = async (files: File[]) => {
    const sent = await Promise.all(
      Array.from(files, async (file) => ({
        name: file.name,
        type: file.type,
        base64: toBase64(await file.arrayBuffer()),
      })),
    );
    return call('shareFiles', [sent]);
  };
  api.editDroppedFile = async (file: File) =>
    call('editDroppedFile', [{ name: file.name, type: file.type, base64: toBase64(await file.arrayBuffer()) }]);
  const on = (event: string) => (listener: Listener) => {
    listeners[event]!.add(listener);
    return () => void listeners[event]!.delete(listener);
  };
  // bytes cross the binding as base64 (Electron's IPC clones the Uint8Array itself)
  api.recorderChunk = (bytes: Uint8Array) => call('recorderChunk', [toBase64(bytes.slice().buffer)]);
  api.onJobsChanged = on('jobsChanged');
  api.onQueueStatusChanged = on('queueStatusChanged');
  api.onSettingsChanged = on('settingsChanged');
  api.onRecorderStop = on('recorderStop');
  api.onEditorOpen = on('editorOpen');
  Object.defineProperty(window, 'traydrop', { value: Object.freeze(api), enumerable: true });
  Object.defineProperty(window, '__traydropEmit', {
    value: (event: string, payload: unknown) => {
      for (const listener of listeners[event] ?? []) listener(payload);
    },
  });
  Object.defineProperty(window, '__traydropProblems', { value: problems });
}

export async function startRendererHarness(): Promise<RendererHarness> {
  const { outDir } = await buildApp({ only: 'renderer' });
  const root = path.join(outDir, 'renderer');
  const registry = new Map<string, Protocols>();
  const { server, url } = await serve(root, registry);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const pages = new Set<Page>();

  async function open(name: PageName, api: Partial<TestApi>, options: OpenOptions = {}): Promise<OpenPage> {
    const context = await browser.newContext({
      colorScheme: options.colorScheme ?? 'light',
      viewport: options.viewport ?? { width: 720, height: 640 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    const calls: [string, unknown[]][] = [];
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.exposeBinding('__traydropCall', async (_source, method: string, args: unknown[]) => {
      if (!(IPC_CHANNELS as readonly string[]).includes(method)) throw new Error(`unknown channel ${method}`);
      if (method === 'recorderChunk') args = [new Uint8Array(Buffer.from(args[0] as string, 'base64'))];
      calls.push([method, args]);
      const impl = api[method as keyof TestApi] as ((...a: unknown[]) => Promise<unknown>) | undefined;
      if (!impl) throw new Error(`${method} is not implemented in this test`);
      return impl(...args);
    });
    await page.addInitScript(installBridge, IPC_CHANNELS);
    if (options.init) await page.addInitScript(options.init, options.initArg);
    pages.add(page);
    page.on('close', () => pages.delete(page));
    // the page's schemes, answered by the harness's own server under a token of its own (a local response, as
    // Electron's protocol.handle gives; no round trip through the DevTools protocol)
    const protocols: Protocols = options.protocols ?? new Map();
    const token = randomUUID();
    registry.set(token, protocols);
    context.on('close', () => registry.delete(token));
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      const scheme = value.split('://')[0]!;
      query.set(
        key,
        protocols.has(scheme) ? `${url}${PROTOCOL_PREFIX}${scheme}/${token}/${value.slice(scheme.length + 3)}` : value,
      );
    }
    await page.goto(`${url}/${name}/index.html${query.size ? `?${query}` : ''}`);
    if (options.waitReady ?? true) await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    return { page, context, calls, problems, close: () => context.close() };
  }

  return {
    baseUrl: url,
    browser,
    open,
    async emit(event, payload) {
      await Promise.all(
        [...pages].map((page) =>
          page
            .evaluate(
              ([e, p]) =>
                (window as unknown as { __traydropEmit: (e: string, p: unknown) => void }).__traydropEmit(e, p),
              [event, payload] as const,
            )
            .catch(() => undefined),
        ),
      );
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** CSP violations, uncaught errors and console errors of a page so far: tests assert there are none. */
export async function pageProblems(open: OpenPage): Promise<string[]> {
  const inPage = await open.page
    .evaluate(() => (window as unknown as { __traydropProblems: string[] }).__traydropProblems)
    .catch(() => [] as string[]);
  return [...open.problems, ...inPage];
}
