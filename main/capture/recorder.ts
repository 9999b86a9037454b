/**
 * Screen recording with ffmpeg.
 *
 * Why ffmpeg and not Electron's desktopCapturer + MediaRecorder:
 * - One code path for the app and the CLI. Wayland users bind desktop shortcuts to `traydrop record start|stop`,
 *   and those commands must record the same way the tray menu does, with or without a window.
 * - Real H.264 mp4 straight away. MediaRecorder writes WebM (VP8/VP9) in Chromium, which would need a transcode
 *   to play in Safari or QuickTime, i.e. ffmpeg anyway, plus time after every recording.
 * - Testable headless: x11grab records an Xvfb display, so the tests below run for real on a CI box.
 * The cost: the ffmpeg binary ships with the app (@ffmpeg-installer). On Wayland ffmpeg cannot grab the screen:
 * wlroots compositors (Sway, Hyprland…) record through wf-recorder (the same libx264 settings, then a copy remux
 * for +faststart); GNOME and KDE share the screen only through their portal, which the app records with
 * Chromium and ffmpeg transcodes (stream-recording.ts; the CLI alone cannot record there and says so).
 *
 * Lifecycle: startRecording() resolves once ffmpeg grabs frames. stop() sends `q` on ffmpeg's stdin, so it
 * writes the moov atom and exits 0; if it has not exited after `stopTimeoutMs`, SIGINT (ffmpeg also finalizes
 * on SIGINT), then SIGKILL after 5 s more (that file is lost and stop() rejects). ffmpeg writes to a hidden
 * temp file in the captures folder; the final name appears only once the mp4 is complete.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_RECORDING_PATTERN } from './capture-name.ts';
import type { Rect } from '../../common/ipc-contract.ts';
import { ffmpegPath } from './ffmpeg-path.ts';
import { avfoundationArgs, gdigrabArgs, wfRecorderArgs, x11grabArgs, type EncodeOptions } from './record-args.ts';
import { publishCapture, tempCapturePath } from './save-capture.ts';
import { NO_SCREENCOPY } from './grim-backend.ts';
import { defaultDshowMicrophone, microphoneProblem } from './microphone.ts';
import { runTool } from './run-tool.ts';
import { recordingBackendKind, STREAM_RECORDING_NEEDS_APP } from './recording-backend.ts';
import { x11CaptureProblem } from './session-type.ts';

export interface RecordingOptions extends EncodeOptions {
  /** The captures folder. */
  folder: string;
  /** Default "Recording {date} at {time}.mp4". */
  pattern?: string;
  /**
   * Physical pixels of the X screen (Linux/X11), of the virtual desktop (Windows), of the display (macOS);
   * logical pixels of the layout on Wayland (as slurp gives them).
   */
  region?: Rect;
  /** macOS only: avfoundation screen device index, default "1" (after the first camera; list with ffmpeg). */
  device?: string;
  /** How long stop() waits for ffmpeg to finish the file after `q`, default 10 s. */
  stopTimeoutMs?: number;
  /** How long ffmpeg may take to start grabbing, default 15 s. */
  startTimeoutMs?: number;
  ffmpeg?: string;
  /** The wf-recorder program (Wayland), default from PATH. */
  wfRecorder?: string;
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
  /** Something the user should know about the file (the stream recorder kept a WebM it could not convert). */
  warning?: string;
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

/** The recording program: ffmpeg, or wf-recorder on Wayland, and how each says it started and is stopped. */
interface Recorder {
  command: string;
  args: string[];
  /** Printed once frames flow. */
  started: RegExp;
  /** ffmpeg: `q` on stdin (it finishes the file, exit 0). wf-recorder: SIGINT (exit 0). */
  stop: 'q' | 'SIGINT';
  /** The program has no time limit of its own: the recorder sends the stop then. */
  limitSec?: number;
  /** Move the moov atom first afterwards (ffmpeg writes it first itself: +faststart). */
  faststart: boolean;
  /**
   * wf-recorder with the microphone: it says which PulseAudio device it uses, and a moment later, if it could not
   * connect, records on without sound (and then ignores SIGINT). That line fails the recording instead, and the
   * start waits `graceMs` for it.
   */
  soundFailed?: RegExp;
  graceMs?: number;
}

function recorderFor(options: RecordingOptions, output: string): Recorder {
  const env = options.env ?? process.env;
  const kind = recordingBackendKind(env, options.platform ?? process.platform);
  if (kind === 'stream') throw new RecordingError(STREAM_RECORDING_NEEDS_APP);
  if (kind === 'wf-recorder') {
    return {
      command: options.wfRecorder ?? 'wf-recorder',
      args: wfRecorderArgs(options.region, options, output),
      started: /Output #0/,
      stop: 'SIGINT',
      limitSec: options.maxDurationSec,
      faststart: true,
      ...(options.microphone
        ? {
            started: /Using PulseAudio device/,
            // whole lines only: output comes in chunks, and a line cut after "PulseAudio:" would lose its reason
            soundFailed: /(?:Failed to connect to PulseAudio|Recording won't have audio|pa_\w+\(\) failed)[^\n]*\n/i,
            graceMs: 500,
          }
        : {}),
    };
  }
  const command = options.ffmpeg ?? ffmpegPath(options.env);
  return {
    command,
    args: recordingArgs(options, output),
    started: /Press \[q\]|frame=\s*\d/,
    stop: 'q',
    faststart: false,
  };
}

const tail = (text: string): string => text.trim().split('\n').slice(-4).join(' | ');

/** Windows names its microphones: "default" becomes the first DirectShow audio device. */
async function withMicrophoneResolved(options: RecordingOptions): Promise<RecordingOptions> {
  if (options.microphone !== 'default' || (options.platform ?? process.platform) !== 'win32') return options;
  try {
    const microphone = await defaultDshowMicrophone(options.ffmpeg ?? ffmpegPath(options.env), options.env);
    return { ...options, microphone };
  } catch (error) {
    throw new RecordingError((error as Error).message);
  }
}

export async function startRecording(given: RecordingOptions): Promise<Recording> {
  const options = await withMicrophoneResolved(given);
  const temp = await tempCapturePath(options.folder, '.mp4');
  const recorder = recorderFor(options, temp);
  const name = path.basename(recorder.command);
  const child: ChildProcess = spawn(recorder.command, recorder.args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: options.env ?? process.env,
    windowsHide: true,
  });
  let output = '';
  let startedAt: Date | undefined;
  let signalled = false;
  let stopRequested = false;
  let onStarted: (() => void) | undefined;
  let soundFailure: string | undefined;
  let limitTimer: NodeJS.Timeout | undefined;
  const listen = (text: string): void => {
    output = (output + text).slice(-8000);
    const noSound = soundFailure === undefined ? recorder.soundFailed?.exec(output) : undefined;
    if (noSound) {
      soundFailure = noSound[0].trim();
      child.kill('SIGKILL'); // a recording without the sound that was asked for is not kept
    }
    // ffmpeg prints "Press [q] to stop" once the input is open and frames flow; wf-recorder its output's format
    if (!startedAt && recorder.started.test(output)) {
      startedAt = new Date();
      if (recorder.limitSec) limitTimer = setTimeout(() => child.kill('SIGINT'), recorder.limitSec * 1000);
      onStarted?.();
    }
  };
  for (const stream of [child.stdout!, child.stderr!]) stream.setEncoding('utf8').on('data', listen);
  child.stdin!.on('error', () => undefined); // it may have exited already; the exit handler reports it

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', (error) => {
      const hint =
        name === 'wf-recorder'
          ? 'apt install wf-recorder; it records wlroots compositors such as Sway'
          : 'install ffmpeg or set TRAYDROP_FFMPEG';
      reject(new RecordingError(`cannot run ${name}: ${error.message} (${hint})`));
    });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  const done = exited.then(async ({ code, signal }) => {
    clearTimeout(limitTimer);
    const endedAt = Date.now();
    // After SIGINT ffmpeg finalizes the file and exits 255.
    const finalized = code === 0 || (signalled && code === 255);
    if (!startedAt || !finalized) {
      await unlink(temp).catch(() => undefined);
      if (/screencopy/i.test(output)) throw new RecordingError(NO_SCREENCOPY);
      const sound =
        options.microphone && (!startedAt || soundFailure)
          ? microphoneProblem(soundFailure ?? output, options.microphone)
          : undefined;
      if (sound) throw new RecordingError(sound);
      throw new RecordingError(
        `${name} ${startedAt ? 'failed while recording' : 'could not start recording'} (exit ${code ?? signal}): ${tail(output)}`,
      );
    }
    if (recorder.faststart) await moveIndexFirst(temp, options);
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

  // Wait until frames flow, the recorder fails, or the start timeout.
  await new Promise<void>((resolve, reject) => {
    if (startedAt) return resolve();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new RecordingError(`${name} did not start recording within ${options.startTimeoutMs ?? 15_000} ms`));
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

  if (recorder.graceMs) {
    await Promise.race([sleep(recorder.graceMs), done.catch(() => undefined)]);
    if (soundFailure) await done; // rejects: the microphone could not be opened
  }

  const waitExit = (ms: number): Promise<boolean> =>
    Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, ms, false).unref())]);

  let stopping: Promise<RecordingResult> | undefined;
  const stop = (): Promise<RecordingResult> =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        stopRequested = true;
        if (recorder.stop === 'q') child.stdin!.end('q');
        else child.kill('SIGINT');
        if (!(await waitExit(options.stopTimeoutMs ?? 10_000))) {
          signalled = true;
          child.kill(recorder.stop === 'q' ? 'SIGINT' : 'SIGKILL');
          if (!(await waitExit(5_000))) child.kill('SIGKILL');
        }
      }
      return done;
    })());

  return { pid: child.pid!, stop, done };
}

/**
 * The mp4's index (moov) first, so a browser starts playing before it has the whole file: a copy remux with
 * ffmpeg (no re-encode). Without ffmpeg the file stays as it is (it plays; the gateway serves Range requests).
 */
async function moveIndexFirst(file: string, options: RecordingOptions): Promise<void> {
  const remuxed = `${file}.faststart`;
  const args = ['-hide_banner', '-v', 'error', '-i', file, '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', '-y'];
  const ok = await runTool(options.ffmpeg ?? ffmpegPath(options.env), [...args, remuxed], {
    env: options.env,
    timeoutMs: 10 * 60_000,
  }).then(
    () => true,
    () => false,
  );
  if (ok) await rename(remuxed, file);
  else await unlink(remuxed).catch(() => undefined);
}
