/**
 * One ipcMain.handle per channel of the contract (IPC_CHANNELS), each guarded the same way before the core is
 * called: the sender must be the top frame of one of our pages (a file:// URL of dist/renderer/<page>/
 * index.html), some channels only from one page (the selector's), and the arguments must pass VALIDATE.
 * Anything else is refused with an error the renderer sees; the core is never reached.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS, ipcChannel, type IpcChannel, type IpcHandlers } from '../../../common/ipc-contract.ts';
import type { ElectronLike } from '../electron-like.ts';
import { pageOfUrl, type AppPaths, type PageName } from '../windows/pages.ts';
import { VALIDATE } from './validate-args.ts';

export interface Caller {
  page: PageName;
  webContentsId: number;
}

/** Channels only one page may use (defence in depth: the preload exposes the whole contract to every page). */
export const PAGE_ONLY: Partial<Record<IpcChannel, readonly PageName[]>> = {
  showAppMenu: ['drop'],
  editDroppedFile: ['drop'],
  getAbout: ['settings'],
  openLogFolder: ['settings'],
  getSelectorContext: ['region-selector'],
  finishSelection: ['region-selector'],
  getRecorderRequest: ['recorder'],
  recorderStarted: ['recorder'],
  recorderChunk: ['recorder'],
  recorderFinished: ['recorder'],
};

export class SenderRefused extends Error {
  override name = 'SenderRefused';
}

export function callerOf(
  event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>,
  paths: AppPaths,
  platform?: NodeJS.Platform,
): Caller {
  const frame = event.senderFrame;
  if (!frame) throw new SenderRefused('refused: the sending frame is gone');
  if (frame.parent !== null)
    throw new SenderRefused('refused: only a page itself may call Traydrop, not a frame in it');
  const page = pageOfUrl(frame.url, paths, platform);
  if (!page) throw new SenderRefused(`refused: ${frame.url.slice(0, 100)} is not a Traydrop page`);
  return { page, webContentsId: event.sender.id };
}

export function registerIpc(
  ipcMain: ElectronLike['ipcMain'],
  paths: AppPaths,
  handlersFor: (caller: Caller) => IpcHandlers,
  platform?: NodeJS.Platform,
): () => void {
  for (const name of IPC_CHANNELS) {
    ipcMain.handle(ipcChannel(name), async (event, ...args: unknown[]) => {
      const caller = callerOf(event, paths, platform);
      const allowed = PAGE_ONLY[name];
      if (allowed && !allowed.includes(caller.page))
        throw new SenderRefused(`refused: ${name} is not for the ${caller.page} page`);
      const valid = VALIDATE[name](args);
      const handler = handlersFor(caller)[name] as (...a: unknown[]) => Promise<unknown>;
      return handler(...valid);
    });
  }
  return () => {
    for (const name of IPC_CHANNELS) ipcMain.removeHandler(ipcChannel(name));
  };
}
