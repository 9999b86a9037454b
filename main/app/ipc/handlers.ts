/**
 * The main-process side of the typed contract: `IpcHandlers`, one function per channel, each a call into the
 * core (settings store, account, queue, flows, windows). Arguments arrive already checked (validate-args.ts);
 * what needs the app's state to judge (which files may be revealed) is checked here.
 */
import path from 'node:path';
import type {
  AboutInfo,
  HotkeyStatus,
  IpcHandlers,
  JobView,
  SaveSettingsResult,
} from '../../../common/ipc-contract.ts';
import type { ElectronLike } from '../electron-like.ts';
import type { RecordingController } from '../flows/recording-flow.ts';
import type { Account } from '../services/account.ts';
import { listHistory, type Thumbnailer } from '../services/history.ts';
import { NotPairedError, type QueueService } from '../services/queue-service.ts';
import type { SettingsStore } from '../settings-store.ts';
import type { StreamRecorder } from '../flows/stream-recorder.ts';
import type { EditorFlow } from '../flows/editor-flow.ts';
import { openDroppedImage } from '../flows/edit-dropped.ts';
import type { RegionSelectorWindows } from '../windows/region-selector.ts';
import type { Caller } from './register-ipc.ts';

export interface HandlerDeps {
  settings: SettingsStore;
  account: Account;
  queue: QueueService;
  hotkeyStatus(): HotkeyStatus[];
  share(paths: string[]): Promise<JobView[]>;
  selector: RegionSelectorWindows;
  recording: RecordingController;
  /** The hidden recorder page's recording (GNOME/KDE Wayland). */
  streamRecorder: StreamRecorder;
  editor: EditorFlow;
  thumbnail: Thumbnailer;
  /** Pops the tray's menu up over the calling window. */
  showAppMenu(caller: Caller): void;
  electron: Pick<ElectronLike, 'clipboard' | 'shell' | 'dialog'>;
  /** What getPlatform tells the pages (the settings window's hotkey recorder). */
  platform: NodeJS.Platform;
  /** The settings window's About: the version and the log folder. */
  about(): AboutInfo;
  openLogFolder(): Promise<void>;
}

const inside = (file: string, folder: string): boolean => {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

export function createIpcHandlers(deps: HandlerDeps, caller: Caller): IpcHandlers {
  const { settings, account, queue, electron } = deps;
  return {
    getSettings: async () => settings.get(),
    async saveSettings(patch): Promise<SaveSettingsResult> {
      const previous = settings.get();
      const saved = await settings.save(patch);
      const serverErrors = await account.pushSettings(previous, saved.settings);
      const hotkeys = deps.hotkeyStatus();
      // A hotkey saved but not registered (another app or the desktop holds it) does not work: it is one of the
      // marked fields, not a plain "Saved" (the window showed success with the hotkey dead). Only the hotkeys
      // this save sent; a refusal by validation (saved.errors) says more and wins.
      const hotkeyErrors = Object.fromEntries(
        hotkeys
          .filter((status) => status.error !== null && patch.hotkeys?.[status.action] !== undefined)
          .map((status) => [`hotkeys.${status.action}`, status.error!]),
      );
      // settings.get(): what the server answered (its canonical rules) or restored (a refused value)
      return { settings: settings.get(), hotkeys, errors: { ...hotkeyErrors, ...saved.errors, ...serverErrors } };
    },
    pair: (serverUrl, token) => account.pair(serverUrl, token),
    unpair: () => account.unpair(),
    getDomainStatus: () => account.domainStatus(),
    verifyDomain: () => account.verifyDomain(),
    async chooseFolder(purpose) {
      const current = settings.get();
      const result = await electron.dialog.showOpenDialog({
        title: purpose === 'captures' ? 'Folder for captures' : 'Folder to watch for new files',
        defaultPath: (purpose === 'captures' ? current.capturesFolder : current.watchedFolder) ?? undefined,
        properties: ['openDirectory', 'createDirectory'],
      });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    getHotkeyStatus: async () => deps.hotkeyStatus(),
    // Electron treats every platform but macOS and Windows like Linux (Ctrl is CommandOrControl, Meta is Super)
    getPlatform: async () => (deps.platform === 'darwin' || deps.platform === 'win32' ? deps.platform : 'linux'),
    getAbout: async () => deps.about(),
    openLogFolder: () => deps.openLogFolder(),
    listHistory: (query) => listHistory(() => account.api(), queue.journal, deps.thumbnail, query),
    listJobs: async () => queue.views(),
    getQueueStatus: async () => queue.status,
    copyLink: async (url) => electron.clipboard.writeText(url),
    openLink: (url) => electron.shell.openExternal(url),
    async revealLocal(file) {
      // Only files Traydrop knows: a queued/uploaded source, or something in the captures folder.
      const known =
        queue.journal.list().some((job) => path.resolve(job.source) === path.resolve(file)) ||
        inside(path.resolve(file), path.resolve(settings.get().capturesFolder));
      if (!known) throw new Error('refused: that file is not one Traydrop uploaded or captured');
      electron.shell.showItemInFolder(file);
    },
    deleteRemote: (shareId) => account.deleteRemote(shareId),
    retryJob: (id) => queue.retry(id),
    cancelJob: (id) => queue.cancel(id),
    async shareFiles(paths) {
      // not paired: the drop window says so where the user dropped (deps.share only notified and answered [], which
      // the window showed as "0 links ready" in its success colour)
      if (!queue.paired) throw new NotPairedError();
      return deps.share(paths);
    },
    async getSelectorContext() {
      const context = deps.selector.context(caller.webContentsId);
      if (!context) throw new Error('this overlay has no selection running');
      return context;
    },
    async finishSelection(rect) {
      deps.selector.finish(caller.webContentsId, rect);
    },
    showAppMenu: async () => deps.showAppMenu(caller),
    getRecordingState: async () => deps.recording.state(),
    async stopRecording() {
      await deps.recording.stop();
    },
    getRecorderRequest: async () => deps.streamRecorder.sinkFor(caller.webContentsId)?.request ?? null,
    async recorderStarted() {
      deps.streamRecorder.sinkFor(caller.webContentsId)?.started();
    },
    recorderChunk: async (bytes) => deps.streamRecorder.sinkFor(caller.webContentsId)?.chunk(bytes),
    recorderFinished: async (error) => deps.streamRecorder.sinkFor(caller.webContentsId)?.finished(error),
    getEditorContext: () => deps.editor.context(),
    finishEdit: (action, image) => deps.editor.finish(action, image),
    copyText: (image) => deps.editor.copyText(image),
    findSecrets: () => deps.editor.findSecrets(),
    getSharedLink: () => deps.editor.sharedLink(),
    async editFile(file) {
      // as for revealLocal: only files Traydrop knows (uploaded or captured); and only PNGs
      const known =
        queue.journal.list().some((job) => path.resolve(job.source) === path.resolve(file)) ||
        inside(path.resolve(file), path.resolve(settings.get().capturesFolder));
      if (!known) throw new Error('refused: that file is not one Traydrop uploaded or captured');
      if (path.extname(file).toLowerCase() !== '.png') throw new Error('only PNG images can be edited');
      deps.editor.open(file, 1);
    },
    editDroppedFile: (file) => openDroppedImage(file, deps.editor),
  };
}
