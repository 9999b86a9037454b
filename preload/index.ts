/**
 * The preload bridge: exposes `window.traydrop` (common/ipc-contract.ts `TraydropApi`) and nothing
 * else. Every method is one `ipcRenderer.invoke` on its `traydrop:<name>` channel; main refuses any
 * other channel and checks the sender. Dropped File objects (shareFiles, editDroppedFile) become paths here (webUtils), because
 * the page never sees the file system. Event listeners get the payload only, never the
 * IpcRendererEvent (it would hand the page `sender`, an ipcRenderer).
 *
 * Sandboxed preloads are CommonJS with a limited `require`: scripts/build-app.ts bundles this file
 * (and the contract it imports) into dist/preload/index.cjs with `electron` external.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  type EditorContext,
  IPC_CHANNELS,
  IPC_EVENTS,
  ipcChannel,
  type IpcChannel,
  type IpcHandlers,
  type JobView,
  type QueueStatus,
  type Settings,
  type TraydropApi,
  type Unsubscribe,
} from '../common/ipc-contract.ts';

type Invokers = { [K in IpcChannel]: (...args: Parameters<IpcHandlers[K]>) => ReturnType<IpcHandlers[K]> };

function invoker<K extends IpcChannel>(name: K): Invokers[K] {
  const channel = ipcChannel(name);
  return ((...args: unknown[]) => ipcRenderer.invoke(channel, ...args)) as Invokers[K];
}

function subscribe<T>(event: string, listener: (payload: T) => void): Unsubscribe {
  if (typeof listener !== 'function') throw new TypeError('listener must be a function');
  const wrapped = (_event: IpcRendererEvent, payload: T) => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => void ipcRenderer.removeListener(event, wrapped);
}

function buildApi(): TraydropApi {
  const invoke = Object.fromEntries(IPC_CHANNELS.map((name) => [name, invoker(name)])) as Invokers;
  return {
    ...invoke,
    shareFiles(files: File[]): Promise<JobView[]> {
      const paths = Array.from(files, (file) => webUtils.getPathForFile(file)).filter((p) => p !== '');
      return invoke.shareFiles(paths);
    },
    editDroppedFile(file: File): Promise<void> {
      const path = webUtils.getPathForFile(file);
      if (!path) return Promise.reject(new Error('that file has no place on disk to edit it from'));
      return invoke.editDroppedFile(path);
    },
    onJobsChanged: (listener: (jobs: JobView[]) => void) => subscribe(IPC_EVENTS.jobsChanged, listener),
    onQueueStatusChanged: (listener: (status: QueueStatus) => void) =>
      subscribe(IPC_EVENTS.queueStatusChanged, listener),
    onSettingsChanged: (listener: (settings: Settings) => void) => subscribe(IPC_EVENTS.settingsChanged, listener),
    onRecorderStop: (listener: () => void) => subscribe(IPC_EVENTS.recorderStop, () => listener()),
    onEditorOpen: (listener: (context: EditorContext) => void) => subscribe(IPC_EVENTS.editorOpen, listener),
  };
}

contextBridge.exposeInMainWorld('traydrop', buildApi());
