/**
 * Screen recording from the app: the ffmpeg recorder of main/capture (why ffmpeg rather than desktopCapturer +
 * MediaRecorder: see main/capture/recorder.ts — one code path with the CLI, real H.264 mp4, testable under
 * Xvfb), a small stop HUD, the tray's state, then the mp4 (and a GIF under the size limit when the setting is
 * on) queued like any capture.
 *
 * Region recording maps the selector's DIP rectangle to what ffmpeg grabs: physical pixels of the X screen
 * (Linux; on X11 a display's physical origin is its DIP origin × the scale factor) or of the virtual desktop
 * (Windows, same rule, untested), display-relative on macOS (untested; avfoundation's screen device "1").
 */
import type { RecordingState, Rect } from '../../../common/ipc-contract.ts';
import { GifTooLargeError } from '../../capture/gif.ts';
import { dipToPhysical, displayForSelection, type DisplayInfo } from '../../capture/display-geometry.ts';
import type { Recording, RecordingResult } from '../../capture/recorder.ts';
import { RecordingCancelledError, type StreamRecordingOptions } from '../../capture/stream-recording.ts';
import type { Job } from '../../queue/job.ts';
import { queueFile, type FlowDeps } from './flow-deps.ts';
import { freezeDisplays, type RegionSelector } from './screenshot-flows.ts';

export interface RecordingHud {
  show(): void;
  hide(): void;
}

/** The stream recorder (GNOME/KDE Wayland), and whether this session records with it. */
export interface StreamBackend {
  active(): boolean;
  start(options: StreamRecordingOptions): Promise<Recording>;
}

/** The stream recorder's region: the selection relative to its display, and that display's size (DIP). */
export function streamRegion(
  selection: Rect,
  displays: readonly DisplayInfo[],
): NonNullable<StreamRecordingOptions['region']> {
  const display = displayForSelection(displays, selection);
  if (!display) throw new RangeError('the selection is not on any display');
  const { x, y, width, height } = display.bounds;
  return { selection: { ...selection, x: selection.x - x, y: selection.y - y }, display: { width, height } };
}

/** ffmpeg's capture rectangle for a selection in global DIP. */
export function recordingRegion(
  selection: Rect,
  displays: readonly { id: number; bounds: Rect; scaleFactor: number }[],
  platform: NodeJS.Platform,
): Rect {
  const display = displayForSelection(displays, selection);
  if (!display) throw new RangeError('the selection is not on any display');
  const local = dipToPhysical(selection, display);
  if (!local || local.width < 2 || local.height < 2) throw new RangeError('the selection is too small to record');
  if (platform === 'darwin') return local;
  return {
    x: local.x + Math.round(display.bounds.x * display.scaleFactor),
    y: local.y + Math.round(display.bounds.y * display.scaleFactor),
    width: local.width,
    height: local.height,
  };
}

export class RecordingController {
  readonly #deps: FlowDeps;
  readonly #hud: RecordingHud;
  readonly #listeners = new Set<(state: RecordingState) => void>();
  #recording: Recording | undefined;
  #state: RecordingState = { recording: false, startedAt: null, region: null, microphone: false };
  #starting = false;

  readonly #stream: StreamBackend | undefined;

  constructor(deps: FlowDeps, hud: RecordingHud, stream?: StreamBackend) {
    this.#deps = deps;
    this.#hud = hud;
    this.#stream = stream;
  }

  state(): RecordingState {
    return structuredClone(this.#state);
  }

  onChange(listener: (state: RecordingState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once ffmpeg grabs frames (false: cancelled in the selector, or already recording). */
  async start(
    mode: 'screen' | 'region',
    selector: RegionSelector,
    /** `microphone`: this recording's choice, else the setting. */
    choice: { microphone?: boolean } = {},
  ): Promise<boolean> {
    if (this.#recording || this.#starting) return false;
    this.#starting = true;
    try {
      const stream = this.#stream?.active() ? this.#stream : undefined;
      let selection: Rect | null = null;
      if (mode === 'region') {
        const { frozen } = await freezeDisplays(this.#deps);
        selection = await selector.select(frozen);
        if (!selection) return false;
      }
      const settings = this.#deps.settings.get();
      const common = {
        folder: settings.capturesFolder,
        pattern: settings.naming.recording,
        fps: settings.recording.fps,
        microphone: (choice.microphone ?? settings.recording.microphone) ? 'default' : undefined,
      };
      const displays = this.#deps.screen.getAllDisplays();
      let recording: Recording;
      try {
        recording = stream
          ? await stream.start({ ...common, region: selection ? streamRegion(selection, displays) : undefined })
          : await this.#deps.capture.startRecording({
              ...common,
              region: selection ? recordingRegion(selection, displays, this.#deps.platform) : undefined,
            });
      } catch (error) {
        if (error instanceof RecordingCancelledError) return false; // no screen chosen in the desktop's dialog
        throw error;
      }
      this.#recording = recording;
      this.#set({
        recording: true,
        startedAt: new Date().toISOString(),
        region: selection,
        microphone: common.microphone !== undefined,
      });
      this.#hud.show();
      // ffmpeg may end on its own (max duration, a failure): finish the same way as a stop.
      recording.done.then(
        () => void this.stop(),
        (error: unknown) => this.#ended(error),
      );
      return true;
    } finally {
      this.#starting = false;
    }
  }

  /** Stops and queues the mp4 (and the GIF). Resolves with the queued jobs; [] when nothing was recording. */
  async stop(): Promise<Job[]> {
    const recording = this.#recording;
    if (!recording) return [];
    this.#recording = undefined;
    let result: RecordingResult;
    try {
      result = await recording.stop();
    } finally {
      this.#hud.hide();
      this.#set({ recording: false, startedAt: null, region: null, microphone: false });
    }
    if (result.warning) this.#deps.notifier.error('about your recording', `${result.warning}. It is uploading.`);
    // The GIF is made before the mp4 is queued: with "delete after upload" the mp4 could be gone otherwise.
    const settings = this.#deps.settings.get();
    let gifPath: string | undefined;
    if (settings.recording.gif && result.path.endsWith('.mp4')) {
      try {
        const gif = await this.#deps.capture.convertToGif(result.path, {
          maxBytes: Math.round(settings.recording.gifMaxMegabytes * 1e6),
        });
        gifPath = gif.path;
      } catch (error) {
        const message =
          error instanceof GifTooLargeError ? error.message : `the GIF failed: ${(error as Error).message}`;
        this.#deps.notifier.error('no GIF', `${message}. The mp4 is uploading.`);
      }
    }
    const jobs = [await queueFile(this.#deps, result.path, 'recording', 'capture')];
    if (gifPath) jobs.push(await queueFile(this.#deps, gifPath, 'recording', 'capture'));
    return jobs;
  }

  #ended(error: unknown): void {
    if (!this.#recording) return;
    this.#recording = undefined;
    this.#hud.hide();
    this.#set({ recording: false, startedAt: null, region: null, microphone: false });
    this.#deps.notifier.error('recording stopped', (error as Error).message);
  }

  #set(state: RecordingState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener(this.state());
  }
}
