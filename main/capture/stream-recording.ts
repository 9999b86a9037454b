/**
 * Recording from a shared-screen stream: the back-end for Wayland desktops that keep the screen to their
 * portal (GNOME, KDE). There neither ffmpeg nor wf-recorder can read the screen, and Debian's and Ubuntu's
 * ffmpeg cannot read a PipeWire stream either, but Chromium can: in the app, a hidden page calls
 * getDisplayMedia (Electron hands that to the desktop's ScreenCast portal, which asks the user which screen
 * to share), records it with MediaRecorder and sends the WebM here in one-second chunks. Here they are
 * appended to a hidden file in the captures folder as they come (a crash keeps what was recorded), and on
 * stop the WebM is transcoded to the same H.264 mp4 the ffmpeg recorder makes (cropped to a region if one
 * was chosen). If the transcode fails the WebM itself is published: the recording is never lost. With
 * `microphone`, the page records the default microphone too (Opus in the WebM, AAC in the mp4), or fails.
 *
 * Plain Node: the page is behind StreamRecorderPage (main/app/windows/recorder-window.ts), and the IPC
 * handlers forward the page's reports to the StreamSink methods. Tested with Chromium's recorder page and
 * real ffmpeg (test/renderer/recorder.test.ts, test/integration/capture-stream-recording.test.ts).
 */
import { open, stat, unlink, type FileHandle } from 'node:fs/promises';
import type { RecorderRequest } from '../../common/ipc-contract.ts';
import { DEFAULT_RECORDING_PATTERN } from './capture-name.ts';
import type { Rect } from '../../common/ipc-contract.ts';
import { ffmpegPath } from './ffmpeg-path.ts';
import { transcodeArgs, type EncodeOptions } from './record-args.ts';
import { RecordingError, type Recording, type RecordingResult } from './recorder.ts';
import { runTool } from './run-tool.ts';
import { publishCapture, tempCapturePath } from './save-capture.ts';
import { streamCropFilter, type Size } from './stream-crop.ts';

/** The hidden page that records (the app's glue implements it). */
export interface StreamRecorderPage {
  /** Load the page: it asks for the request, then for the screen. */
  open(): void;
  /** Ask it to stop: it sends its last chunk, then reports finished. */
  stop(): void;
  close(): void;
}

/** What the page reports, forwarded by the IPC handlers. */
export interface StreamSink {
  readonly request: RecorderRequest;
  started(): void;
  chunk(bytes: Uint8Array): Promise<void>;
  /** `error`: null after a stop (ours, or the user's in the desktop's "sharing" indicator), "cancelled", or why. */
  finished(error: string | null): Promise<void>;
}

export interface StreamRecordingOptions extends EncodeOptions {
  folder: string;
  pattern?: string;
  /** A region: the selection in DIP relative to its display, and that display's size in DIP. */
  region?: { selection: Rect; display: Size };
  /** Default 8 Mbit/s: sharp text at 1080p; the mp4 is re-encoded anyway. */
  videoBitsPerSecond?: number;
  /** How long the desktop's "share which screen?" dialog may stay unanswered. Default 5 min. */
  startTimeoutMs?: number;
  /** How long the page may take to send its last chunk after a stop. Default 10 s. */
  stopTimeoutMs?: number;
  ffmpeg?: string;
  env?: NodeJS.ProcessEnv;
}

/** The user said no in the desktop's share dialog (or closed it): not an error to report. */
export class RecordingCancelledError extends RecordingError {
  override name = 'RecordingCancelledError';
}

const CANCELLED = 'cancelled';

export class StreamRecording implements Recording, StreamSink {
  readonly pid = process.pid;
  readonly request: RecorderRequest;
  readonly done: Promise<RecordingResult>;
  readonly #page: StreamRecorderPage;
  readonly #options: StreamRecordingOptions;
  #temp: string | undefined;
  #file: FileHandle | undefined;
  #writing: Promise<void> = Promise.resolve();
  #bytes = 0;
  #startedAt: Date | undefined;
  #endedBy: RecordingResult['endedBy'] = 'stop';
  #writeError: unknown;
  #limitTimer: NodeJS.Timeout | undefined;
  readonly #started: Promise<void>;
  #onStarted!: { resolve: () => void; reject: (error: Error) => void };
  #onFinished: ((error: string | null) => void) | undefined;
  #finishing: Promise<RecordingResult> | undefined;

  constructor(page: StreamRecorderPage, options: StreamRecordingOptions) {
    this.#page = page;
    this.#options = options;
    this.request = {
      fps: options.fps ?? 30,
      videoBitsPerSecond: options.videoBitsPerSecond ?? 8_000_000,
      microphone: options.microphone !== undefined,
    };
    this.#started = new Promise<void>((resolve, reject) => (this.#onStarted = { resolve, reject }));
    this.#started.catch(() => undefined); // start() reports it
    const finished = new Promise<string | null>((resolve) => (this.#onFinished = resolve));
    this.done = finished.then((error) => this.#finish(error));
    this.done.catch(() => undefined); // callers may only await stop()
  }

  /** Opens the page; resolves once frames flow, rejects when the user declines or the page fails. */
  async start(): Promise<void> {
    this.#temp = await tempCapturePath(this.#options.folder, '.webm');
    this.#file = await open(this.#temp, 'w');
    const timeoutMs = this.#options.startTimeoutMs ?? 5 * 60_000;
    let timer: NodeJS.Timeout | undefined;
    const unanswered = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new RecordingError(`nobody chose a screen to share within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
    });
    try {
      this.#page.open();
      await Promise.race([this.#started, unanswered]);
    } catch (error) {
      this.#page.close();
      await this.#discard();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  started(): void {
    if (this.#startedAt) return;
    this.#startedAt = new Date();
    const limit = this.#options.maxDurationSec;
    if (limit) {
      this.#limitTimer = setTimeout(() => {
        this.#endedBy = 'max-duration';
        this.#page.stop();
      }, limit * 1000);
    }
    this.#onStarted.resolve();
  }

  chunk(bytes: Uint8Array): Promise<void> {
    const file = this.#file;
    if (!file || this.#finishing) return Promise.resolve();
    this.#writing = this.#writing.then(async () => {
      if (this.#writeError) return;
      try {
        await file.write(bytes);
        this.#bytes += bytes.length;
      } catch (error) {
        this.#writeError = error; // the disk is full, say: stop now and keep what was written
        this.#page.stop();
      }
    });
    return this.#writing;
  }

  async finished(error: string | null): Promise<void> {
    if (!this.#startedAt) {
      this.#onStarted.reject(
        error === CANCELLED
          ? new RecordingCancelledError('recording cancelled: no screen was chosen to share')
          : new RecordingError(`the screen could not be recorded: ${error ?? 'the recorder ended before it began'}`),
      );
      return;
    }
    this.#onFinished?.(error);
  }

  stop(): Promise<RecordingResult> {
    if (this.#startedAt) {
      this.#page.stop();
      const ms = this.#options.stopTimeoutMs ?? 10_000;
      // a page that never reports back still leaves what it sent
      const timer = setTimeout(() => this.#onFinished?.(`the recorder page did not finish within ${ms} ms`), ms);
      void this.done.finally(() => clearTimeout(timer)).catch(() => undefined);
    }
    return this.done;
  }

  async #finish(error: string | null): Promise<RecordingResult> {
    this.#finishing ??= this.#finalize(error);
    return this.#finishing;
  }

  async #finalize(error: string | null): Promise<RecordingResult> {
    clearTimeout(this.#limitTimer);
    this.#page.close();
    await this.#writing;
    await this.#file!.sync().catch(() => undefined);
    await this.#file!.close();
    const temp = this.#temp!;
    const startedAt = this.#startedAt!;
    const wallMs = Date.now() - startedAt.getTime();
    if (this.#bytes === 0) {
      await unlink(temp).catch(() => undefined);
      throw new RecordingError(`no video arrived from the shared screen${error ? ` (${error})` : ''}`);
    }
    const common = { folder: this.#options.folder, pattern: this.#options.pattern ?? DEFAULT_RECORDING_PATTERN };
    const mp4 = await tempCapturePath(this.#options.folder, '.mp4');
    const transcoded = await this.#transcode(temp, mp4);
    // a write that failed (a full disk) ended the recording early: the file is what was written before it
    const cut = this.#writeError ? `the recording stopped early (${(this.#writeError as Error).message})` : undefined;
    if (transcoded === true) {
      await unlink(temp).catch(() => undefined);
      const bytes = (await stat(mp4)).size;
      const file = await publishCapture(mp4, { ...common, kind: 'recording', extension: '.mp4', date: startedAt });
      return { path: file, bytes, startedAt, wallMs, endedBy: this.#endedBy, ...(cut ? { warning: cut } : {}) };
    }
    await unlink(mp4).catch(() => undefined);
    const file = await publishCapture(temp, { ...common, kind: 'recording', extension: '.webm', date: startedAt });
    return {
      path: file,
      bytes: this.#bytes,
      startedAt,
      wallMs,
      endedBy: this.#endedBy,
      warning: `it could not be converted to mp4 (${transcoded}), so the WebM was kept${cut ? `; ${cut}` : ''}`,
    };
  }

  /** True, or why not. */
  async #transcode(input: string, output: string): Promise<true | string> {
    const region = this.#options.region;
    try {
      const crop = region ? streamCropFilter(region.selection, region.display) : undefined;
      const args = transcodeArgs(input, crop, this.#options, output);
      await runTool(this.#options.ffmpeg ?? ffmpegPath(this.#options.env), args, {
        env: this.#options.env,
        timeoutMs: 30 * 60_000,
      });
      return true;
    } catch (error) {
      return (error as Error).message.split('\n')[0]!.slice(0, 300);
    }
  }

  async #discard(): Promise<void> {
    await this.#file?.close().catch(() => undefined);
    if (this.#temp) await unlink(this.#temp).catch(() => undefined);
  }
}

/** Starts recording through `page`; resolves once frames flow (the user chose a screen). */
export async function startStreamRecording(
  page: StreamRecorderPage,
  options: StreamRecordingOptions,
  onCreated?: (recording: StreamRecording) => void,
): Promise<StreamRecording> {
  const recording = new StreamRecording(page, options);
  onCreated?.(recording);
  await recording.start();
  return recording;
}
