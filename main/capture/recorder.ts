/**
 * Screen recording with ffmpeg.
 *
 * Why ffmpeg and not Electron's desktopCapturer + MediaRecorder:
 * - One code path for the app and the CLI. Wayland users bind desktop shortcuts to `traydrop record start|stop`,
 *   and those commands must record the same way the tray menu does, with or without a window.
 * - Real H.264 mp4 straight away. MediaRecorder writes WebM (VP8/VP9) in Chromium, which would need a transcode
 *   to play in Safari or QuickTime, i.e. ffmpeg anyway, plus time after every recording.
 * - Testable headless: x11grab records an Xvfb display, so the tests below run for real on a CI box.
 * The cost: the ffmpeg binary ships with the app (@ffmpeg-installer), and Wayland needs the PipeWire portal,
 * which is not implemented; Wayland sessions get a clear error (session-type.ts).
 *
 * Lifecycle: startRecording() resolves once ffmpeg grabs frames. stop() sends `q` on ffmpeg's stdin, so it
 * writes the moov atom and exits 0; if it has not exited after `stopTimeoutMs`, SIGINT (ffmpeg also finalizes
 * on SIGINT), then SIGKILL after 5 s more (that file is lost and stop() rejects). ffmpeg writes to a hidden
 * temp file in the captures folder; the final name appears only once the mp4 is complete.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { stat, unlink } from 'node:fs/promises';
import { DEFAULT_RECORDING_PATTERN } from './capture-name.ts';
import type { Rect } from './display-geometry.ts';
import { ffmpegPath } from './ffmpeg-path.ts';
import { avfoundationArgs, gdigrabArgs, x11grabArgs, type EncodeOptions } from './record-args.ts';
import { publishCapture, tempCapturePath } from './save-capture.ts';
import { x11CaptureProblem } from './session-type.ts';

export interface RecordingOptions extends EncodeOptions {
  /** The captures folder. */
  folder: string;
  /** Default "Recording {date} at {time}.mp4". */
  pattern?: string;
  /** Physical pixels of the X screen (Linux), of the virtual desktop (Windows), of the display (macOS). */
  region?: Rect;
  /** macOS only: avfoundation screen device index, default "1" (after the first camera; list with ffmpeg). */
  device?: string;
  /** How long stop() waits for ffmpeg to finish the file after `q`, default 10 s. */
  stopTimeoutMs?: number;
  /** How long ffmpeg may take to start grabbing, default 15 s. */
  startTimeoutMs?: number;
  ffmpeg?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export interface RecordingResult {
  path: string;
  bytes: number;
  startedAt: Date;
  /** Wall-clock time between grabbing the first frame and ffmpeg exiting. */
  wallMs: number;
  endedBy: 'stop' | 'max-duration' | 'signal';
}

export interface Recording {
  readonly pid: number;
  /** Finish the file; resolves with it. Safe to call more than once and after the max duration ended it. */
  stop(): Promise<RecordingResult>;
  /** Settles when the recording ends for any reason (stop, max duration, ffmpeg failure). */
  readonly done: Promise<RecordingResult>;
}

export class RecordingError extends Error {
  override name = 'RecordingError';
}

/** The ffmpeg arguments for this platform, or a RecordingError saying why this platform cannot record. */
export function recordingArgs(options: RecordingOptions, output: string): string[] {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  if (platform === 'darwin') return avfoundationArgs(options.device ?? '1', options.region, options, output);
  if (platform === 'win32') return gdigrabArgs(options.region, options, output);
  if (platform !== 'linux') throw new RecordingError(`screen recording is not supported on ${platform}`);
  const problem = x11CaptureProblem(env);
  if (problem) throw new RecordingError(problem);
  return x11grabArgs(env.DISPLAY!, options.region, options, output);
}

const tail = (text: string): string => text.trim().split('\n').slice(-4).join(' | ');

export async function startRecording(options: RecordingOptions): Promise<Recording> {
  const temp = await tempCapturePath(options.folder, '.mp4');
  const args = recordingArgs(options, temp);
  const child: ChildProcess = spawn(options.ffmpeg ?? ffmpegPath(options.env), args, {
    stdio: ['pipe', 'ignore', 'pipe'],
    env: options.env ?? process.env,
    windowsHide: true,
  });
  let stderr = '';
  let startedAt: Date | undefined;
  let signalled = false;
  let stopRequested = false;
  let onStarted: (() => void) | undefined;
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    stderr = (stderr + text).slice(-8000);
    // ffmpeg prints "Press [q] to stop" once the input is open and frames flow; "frame=" follows with stats.
    if (!startedAt && /Press \[q\]|frame=\s*\d/.test(stderr)) {
      startedAt = new Date();
      onStarted?.();
    }
  });
  child.stdin!.on('error', () => undefined); // ffmpeg may have exited already; the exit handler reports it

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', (error) =>
      reject(new RecordingError(`cannot run ffmpeg: ${error.message} (install ffmpeg or set TRAYDROP_FFMPEG)`)),
    );
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  const done = exited.then(async ({ code, signal }) => {
    const endedAt = Date.now();
    // After SIGINT ffmpeg finalizes the file and exits 255.
    const finalized = code === 0 || (signalled && code === 255);
    if (!startedAt || !finalized) {
      await unlink(temp).catch(() => undefined);
      throw new RecordingError(
        `ffmpeg ${startedAt ? 'failed while recording' : 'could not start recording'} (exit ${code ?? signal}): ${tail(stderr)}`,
      );
    }
    const bytes = (await stat(temp)).size;
    const file = await publishCapture(temp, {
      folder: options.folder,
      pattern: options.pattern ?? DEFAULT_RECORDING_PATTERN,
      kind: 'recording',
      extension: '.mp4',
      date: startedAt,
    });
    const endedBy: RecordingResult['endedBy'] = signalled ? 'signal' : stopRequested ? 'stop' : 'max-duration';
    return { path: file, bytes, startedAt, wallMs: endedAt - startedAt.getTime(), endedBy };
  });
  done.catch(() => undefined); // callers may only await stop(); avoid an unhandled rejection

  // Wait until frames flow, ffmpeg fails, or the start timeout.
  await new Promise<void>((resolve, reject) => {
    if (startedAt) return resolve();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new RecordingError(`ffmpeg did not start recording within ${options.startTimeoutMs ?? 15_000} ms`));
    }, options.startTimeoutMs ?? 15_000);
    onStarted = () => {
      clearTimeout(timer);
      resolve();
    };
    done.then(
      () => resolve(), // a very short max duration can end before we saw the banner
      (error: unknown) => {
        clearTimeout(timer);
        reject(error as Error);
      },
    );
  });

  const waitExit = (ms: number): Promise<boolean> =>
    Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, ms, false).unref())]);

  let stopping: Promise<RecordingResult> | undefined;
  const stop = (): Promise<RecordingResult> =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        stopRequested = true;
        child.stdin!.end('q');
        if (!(await waitExit(options.stopTimeoutMs ?? 10_000))) {
          signalled = true;
          child.kill('SIGINT');
          if (!(await waitExit(5_000))) child.kill('SIGKILL');
        }
      }
      return done;
    })());

  return { pid: child.pid!, stop, done };
}
