/**
 * The app's side of the stream recorder (GNOME/KDE Wayland): one recording at a time through the hidden
 * recorder window, and the IPC handlers' way to it (only the window that is recording is heard).
 */
import {
  startStreamRecording,
  type StreamRecording,
  type StreamRecordingOptions,
  type StreamSink,
} from '../../capture/stream-recording.ts';
import type { RecorderWindow } from '../windows/recorder-window.ts';

export class StreamRecorder {
  readonly #window: RecorderWindow;
  #current: StreamRecording | undefined;

  constructor(window: RecorderWindow) {
    this.#window = window;
  }

  /** Resolves once frames flow (the user chose a screen in the desktop's dialog). */
  async start(options: StreamRecordingOptions): Promise<StreamRecording> {
    if (this.#current) throw new Error('already recording');
    const recording = await startStreamRecording(this.#window, options, (created) => (this.#current = created)).catch(
      (error: unknown) => {
        this.#current = undefined;
        throw error;
      },
    );
    void recording.done
      .finally(() => {
        if (this.#current === recording) this.#current = undefined;
      })
      .catch(() => undefined);
    return recording;
  }

  /** The recording a page's reports go to: only the recorder window's, only while one runs. */
  sinkFor(webContentsId: number): StreamSink | undefined {
    return this.#current && this.#window.webContentsId() === webContentsId ? this.#current : undefined;
  }
}
