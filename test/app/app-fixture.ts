/** startApp with the fake Electron, a temporary config folder, a paired pairing and a fake capture core. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ipcChannel, type IpcChannel } from '../../common/ipc-contract.ts';
import type { CaptureApi } from '../../main/app/flows/capture-api.ts';
import { startApp, type RunningApp } from '../../main/app/start-app.ts';
import type { TrayHost } from '../../main/desktop/tray-host.ts';
import { encodePng } from '../../main/capture/png.ts';
import { saveCapture } from '../../main/capture/save-capture.ts';
import type { Emitter, QueueEvents } from '../../main/queue/events.ts';
import type { QueueRunner } from '../../main/queue/runner.ts';
import { fakeElectron, type FakeElectron } from './fake-electron.ts';

export interface Fixture {
  fake: FakeElectron;
  app: RunningApp;
  dir: string;
  captures: string;
  distDir: string;
  calls: { name: string; args: unknown[] }[];
  /** The events the app gave its (fake) runner: emit on them as the queue would. */
  runnerEvents(): Emitter<QueueEvents>;
  pageUrl(page: string): string;
  invoke(
    channel: IpcChannel,
    args: unknown[],
    from?: { url?: string; parent?: unknown; id?: number },
  ): Promise<unknown>;
  close(): Promise<void>;
}

export const png = (): Buffer => encodePng({ width: 4, height: 2, data: Buffer.alloc(4 * 2 * 4, 200) });

export async function startFixture(
  options: {
    paired?: boolean;
    argv?: string[];
    env?: NodeJS.ProcessEnv;
    capture?: Partial<CaptureApi>;
    trayHost?: TrayHost;
    /** What the fake watched folder's `caughtUp` waits for (default: nothing). */
    watchCaughtUp?: Promise<void>;
    /** More of settings.json (as a user may have edited it). */
    settings?: Record<string, unknown>;
    /** app.getPath('logs'): the app then writes its real log file there (else its lines are dropped). */
    logs?: string;
    /** What the fake runner's run() does after it is recorded (default: resolves, as an idle queue). */
    runnerRun?: () => Promise<void>;
  } = {},
): Promise<Fixture> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'traydrop-app-'));
  const dir = path.join(root, 'config');
  const captures = path.join(root, 'captures');
  const distDir = path.join(root, 'dist');
  await mkdir(dir, { recursive: true });
  if (options.paired !== false) {
    const config = { serverUrl: 'http://127.0.0.1:9', userId: 'u1', shareBaseUrl: 'https://share.example.test' };
    await writeFile(path.join(dir, 'config.json'), JSON.stringify(config));
    await writeFile(path.join(dir, 'device-token'), 'cli-token-123\n', { mode: 0o600 });
  }
  await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ capturesFolder: captures, ...options.settings }));
  const calls: { name: string; args: unknown[] }[] = [];
  const record = (name: string, args: unknown[]) => calls.push({ name, args });
  const shot = async (kind: 'screenshot' | 'region' | 'window', folder: string) => {
    const file = await saveCapture(png(), { folder, kind, extension: '.png' });
    return { path: file, kind, width: 4, height: 2, takenAt: new Date() };
  };
  const capture: CaptureApi = {
    captureScreen: async (target, o) => (
      record('captureScreen', [target, o]),
      [await shot('screenshot', target.folder)]
    ),
    captureSelection: async (target, o) => (record('captureSelection', [target, o]), shot('region', target.folder)),
    captureWindow: async (target, o) => (record('captureWindow', [target, o]), shot('window', target.folder)),
    startRecording: async (o) => {
      record('startRecording', [o]);
      throw new Error('no recording in glue tests');
    },
    convertToGif: async () => {
      throw new Error('no gif in glue tests');
    },
    saveCapture: async (data, o) => (record('saveCapture', [o]), saveCapture(data, o)),
    screenshotBackend: () => ({
      listDisplays: async () => [{ id: 'screen0', primary: true, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }],
      captureDisplay: async (id) => (record('captureDisplay', [id]), png()),
    }),
    // topmost first, physical pixels: a dialog over an editor, and one off screen
    visibleWindows: async () => [
      { id: '2', x: 100, y: 80, width: 400, height: 300 },
      { id: '1', x: 0, y: 0, width: 1920, height: 1040 },
      { id: '3', x: 5000, y: 0, width: 300, height: 300 },
    ],
  };
  const fake = fakeElectron(options.logs ? { paths: { logs: options.logs } } : {});
  const runner = {
    run: async () => {
      record('runner.run', []);
      await options.runnerRun?.();
    },
    nudge: () => record('runner.nudge', []),
    stop: async () => record('runner.stop', []),
    retry: async (id: string) => record('runner.retry', [id]),
    cancel: async (id: string) => (record('runner.cancel', [id]), 'cancelled'),
  } as unknown as QueueRunner;
  let runnerEvents: Emitter<QueueEvents> | undefined;
  const app = await startApp({
    electron: fake.electron,
    distDir,
    argv: options.argv ?? ['/opt/Traydrop/traydrop'],
    cwd: root,
    env: options.env ?? { DISPLAY: ':99' },
    platform: 'linux',
    home: root,
    pid: process.pid,
    launchCommand: ['/opt/Traydrop/traydrop'],
    configDir: dir,
    capture: { ...capture, ...options.capture },
    makeRunner: (_pairing, events) => ((runnerEvents = events), runner),
    watch: async (o) => (
      record('watchFolder', [o.folder, o]),
      {
        caughtUp: options.watchCaughtUp ?? Promise.resolve(),
        close: async (closeOptions) => void record('watchClose', [o.folder, closeOptions]),
      }
    ),
    ...(options.logs ? {} : { log: () => undefined }),
    trayHost: async () => options.trayHost ?? 'present',
  });
  if (!app) throw new Error('startApp returned no app');
  const pageUrl = (page: string) => pathToFileURL(path.join(distDir, 'renderer', page, 'index.html')).href;
  return {
    fake,
    app,
    dir,
    captures,
    distDir,
    calls,
    runnerEvents: () => runnerEvents ?? assert.fail('the app made no runner (not paired?)'),
    pageUrl,
    invoke(channel, args, from = {}) {
      const handler = fake.handlers.get(ipcChannel(channel));
      if (!handler) throw new Error(`no handler for ${channel}`);
      const event = {
        senderFrame: { url: from.url ?? pageUrl('settings'), parent: from.parent ?? null },
        sender: { id: from.id ?? 999 },
      };
      return handler(event, ...args);
    },
    async close() {
      await app.shutdown();
      await rm(root, { recursive: true, force: true });
    },
  };
}
