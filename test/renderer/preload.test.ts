/**
 * The built preload (dist/preload/index.cjs) run as Electron runs a sandboxed preload, with a
 * recording fake of `electron`: it exposes exactly `window.traydrop`, whose methods are the
 * contract's channels over ipcRenderer.invoke; shareFiles sends paths from webUtils; event
 * listeners get the payload only and unsubscribe.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, it } from 'node:test';
import vm from 'node:vm';
import { IPC_CHANNELS, IPC_EVENTS, ipcChannel, type TraydropApi } from '../../common/ipc-contract.ts';
import { buildApp } from '../../scripts/build-app.ts';

type Listener = (event: unknown, payload: unknown) => void;

function fakeElectron() {
  const exposed: [string, unknown][] = [];
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        invoked.push(structuredClone(args)); // into this realm (the preload runs in its own)
        return `answer:${String(args[0])}`;
      },
      on(channel: string, listener: Listener) {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(listener);
      },
      removeListener(channel: string, listener: Listener) {
        listeners.get(channel)?.delete(listener);
      },
    },
    // Electron answers "" for a File made in the page (no file on disk behind it)
    webUtils: { getPathForFile: (file: { name: string }) => (file.name ? `/home/me/${file.name}` : '') },
  };
  const send = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'the IpcRenderer itself' }, payload);
  };
  return { electron, exposed, invoked, listeners, send };
}

let source: string;
before(async () => {
  const { outDir } = await buildApp();
  source = await readFile(path.join(outDir, 'preload', 'index.cjs'), 'utf8');
});

function load() {
  const fake = fakeElectron();
  const module = { exports: {} };
  const required: string[] = [];
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return fake.electron;
  };
  vm.runInNewContext(source, { require: sandboxRequire, module, exports: module.exports });
  return { ...fake, required };
}

it('exposes only window.traydrop, with exactly the contract methods', () => {
  const { exposed, required } = load();
  assert.deepEqual(required, ['electron']);
  assert.equal(exposed.length, 1);
  const [key, api] = exposed[0]!;
  assert.equal(key, 'traydrop');
  assert.deepEqual(
    Object.keys(api as object).sort(),
    [
      ...IPC_CHANNELS,
      'onJobsChanged',
      'onQueueStatusChanged',
      'onSettingsChanged',
      'onRecorderStop',
      'onEditorOpen',
    ].sort(),
  );
});

it('each method invokes its traydrop:<name> channel with the arguments', async () => {
  const { exposed, invoked } = load();
  const api = exposed[0]![1] as TraydropApi;
  assert.equal(await api.getSettings(), 'answer:traydrop:getSettings');
  await api.pair('https://share.example.com', 'tok');
  await api.listHistory({ search: 'x', cursor: null });
  await api.finishSelection({ x: 1, y: 2, width: 3, height: 4 });
  assert.deepEqual(invoked, [
    [ipcChannel('getSettings')],
    [ipcChannel('pair'), 'https://share.example.com', 'tok'],
    [ipcChannel('listHistory'), { search: 'x', cursor: null }],
    [ipcChannel('finishSelection'), { x: 1, y: 2, width: 3, height: 4 }],
  ]);
});

it('shareFiles sends the files’ paths (webUtils.getPathForFile), not the File objects', async () => {
  const { exposed, invoked } = load();
  const api = exposed[0]![1] as TraydropApi;
  await api.shareFiles([{ name: 'a.png' }, { name: 'b.txt' }] as unknown as File[]);
  assert.deepEqual(invoked, [[ipcChannel('shareFiles'), ['/home/me/a.png', '/home/me/b.txt']]]);
});

it('editDroppedFile sends the dropped file’s path; a File with no path on disk is refused in the page', async () => {
  const { exposed, invoked } = load();
  const api = exposed[0]![1] as TraydropApi;
  await api.editDroppedFile({ name: 'a.png' } as unknown as File);
  assert.deepEqual(invoked, [[ipcChannel('editDroppedFile'), '/home/me/a.png']]);
  await assert.rejects(api.editDroppedFile({ name: '' } as unknown as File), /no place on disk/);
  assert.equal(invoked.length, 1, 'nothing sent for it');
});

it('events pass the payload only (never the IpcRendererEvent) and unsubscribe', () => {
  const { exposed, send, listeners } = load();
  const api = exposed[0]![1] as TraydropApi;
  const got: unknown[][] = [];
  const off = api.onJobsChanged((...args: unknown[]) => got.push(args));
  api.onSettingsChanged((...args: unknown[]) => got.push(['settings', ...args]));
  send(IPC_EVENTS.jobsChanged, [{ id: 'j1' }]);
  send(IPC_EVENTS.settingsChanged, { zipFolders: true });
  assert.deepEqual(got, [[[{ id: 'j1' }]], ['settings', { zipFolders: true }]]);
  off();
  assert.equal(listeners.get(IPC_EVENTS.jobsChanged)?.size, 0, 'the listener was removed');
  send(IPC_EVENTS.jobsChanged, []);
  assert.equal(got.length, 2);
  const stops: unknown[][] = [];
  api.onRecorderStop((...args: unknown[]) => stops.push(args));
  send(IPC_EVENTS.recorderStop, 'ignored');
  assert.deepEqual(stops, [[]], 'the stop request carries nothing');
  const opened: unknown[][] = [];
  const context = { name: 'Shot.png', scaleFactor: 2, color: '#e5484d', width: 4 };
  api.onEditorOpen((...args: unknown[]) => opened.push(args));
  send(IPC_EVENTS.editorOpen, context);
  assert.deepEqual(opened, [[context]], "a standby editor gets main's context, and only it");
});
