/**
 * The hidden window that records a shared screen (stream-recording.ts). Never shown: the desktop's own
 * dialog asks which screen to share, and the recording HUD shows that it runs. Not throttled in the
 * background, or MediaRecorder's timer would slow down while the window is hidden.
 */
import type { BrowserWindow } from 'electron';
import { IPC_EVENTS } from '../../../common/ipc-contract.ts';
import type { StreamRecorderPage } from '../../capture/stream-recording.ts';
import type { WindowFactory } from './secure-window.ts';

export interface RecorderWindow extends StreamRecorderPage {
  /** The window's webContents id while it is open. */
  webContentsId(): number | undefined;
  /** Is this frame URL's window ours (for the display-media request handler)? */
  isRecorder(webContentsId: number): boolean;
}

export function recorderWindow(factory: WindowFactory): RecorderWindow {
  let win: BrowserWindow | undefined;
  const alive = (): BrowserWindow | undefined => (win && !win.isDestroyed() ? win : undefined);
  return {
    open() {
      alive()?.destroy();
      win = factory.create('recorder', {
        title: 'Traydrop screen recorder',
        width: 320,
        height: 160,
        show: false,
        skipTaskbar: true,
        webPreferences: { backgroundThrottling: false },
      });
      win.on('closed', () => (win = undefined));
    },
    stop() {
      alive()?.webContents.send(IPC_EVENTS.recorderStop);
    },
    close() {
      alive()?.destroy();
      win = undefined;
    },
    webContentsId: () => alive()?.webContents.id,
    isRecorder: (id) => alive()?.webContents.id === id,
  };
}
