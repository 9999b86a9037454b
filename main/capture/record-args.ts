/**
 * ffmpeg arguments for screen recording, pure functions. x11grab (Linux/X11) is what the tests run; the
 * avfoundation (macOS) and gdigrab (Windows) builders follow ffmpeg's documentation and are unit-tested for
 * shape only: nothing here can run them.
 */
import type { Rect } from '../../common/ipc-contract.ts';

export interface EncodeOptions {
  /** Frames per second, default 30. */
  fps?: number;
  /** Stop by itself after this many seconds. */
  maxDurationSec?: number;
  /** Draw the mouse pointer, default true. */
  drawMouse?: boolean;
  /** libx264 preset, default 'veryfast' (what OBS uses for screen content). */
  preset?: string;
  /** libx264 quality, default 23. */
  crf?: number;
  /**
   * Record sound from this input with the screen: `default` (the system's default microphone) or a device of the
   * platform's audio API (a PulseAudio source name, an avfoundation audio device, a DirectShow audio device).
   * Without it the recording has no sound.
   */
  microphone?: string;
}

/** yuv420p needs even sizes: drop the last odd column/row rather than fail. */
export function evenRegion(region: Rect): Rect {
  const even = { ...region, width: region.width - (region.width % 2), height: region.height - (region.height % 2) };
  if (even.width < 2 || even.height < 2 || even.x < 0 || even.y < 0) {
    throw new RangeError(`cannot record a ${region.width}x${region.height}+${region.x}+${region.y} region`);
  }
  return even;
}

const EVEN_CROP = 'crop=trunc(iw/2)*2:trunc(ih/2)*2';

/**
 * Live inputs read by one ffmpeg (the screen and a microphone) each get a deep packet queue: with the default
 * (8) the encoder's first slow frames make ffmpeg drop audio ("thread message queue blocking").
 */
const LIVE_QUEUE = ['-thread_queue_size', '1024'];

/** The microphone as ffmpeg's second input on Linux (PulseAudio, also what PipeWire offers desktops). */
export function pulseInput(microphone: string | undefined): string[] {
  return microphone ? ['-f', 'pulse', ...LIVE_QUEUE, '-i', microphone] : [];
}

/** The microphone on Windows: a DirectShow audio device by name (recorder.ts finds the default one). */
export function dshowInput(microphone: string | undefined): string[] {
  return microphone ? ['-f', 'dshow', ...LIVE_QUEUE, '-i', `audio=${microphone}`] : [];
}

/** H.264 in mp4, playable everywhere: yuv420p, moov atom first (+faststart) so browsers start at once. */
export function encoderArgs(options: EncodeOptions, output: string, filter?: string): string[] {
  return [
    ...(filter ? ['-vf', filter] : []),
    '-c:v',
    'libx264',
    '-preset',
    options.preset ?? 'veryfast',
    // With a microphone, x264 must not hold frames back: ffmpeg feeds its inputs by the lowest output timestamp,
    // so while x264's lookahead holds about a second of frames the microphone's packets wait in their queue, and
    // the stop ('q') drops them: the last second of sound is lost (measured with ffmpeg 5.1). The cost: about 1.7×
    // the bytes (no B-frames, no lookahead), on screen content still small (31 against 18 KB/s at 1080p30).
    ...(options.microphone ? ['-tune', 'zerolatency'] : []),
    '-crf',
    String(options.crf ?? 23),
    '-pix_fmt',
    'yuv420p',
    // sound, when an input has it (a microphone, a WebM's Opus track): AAC, what every player takes in mp4
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-movflags',
    '+faststart',
    ...(options.maxDurationSec ? ['-t', String(options.maxDurationSec)] : []),
    '-f',
    'mp4',
    '-y',
    output,
  ];
}

/** Linux/X11. `display` like ":0"; without a region the whole X screen (every monitor). */
export function x11grabArgs(
  display: string,
  region: Rect | undefined,
  options: EncodeOptions,
  output: string,
): string[] {
  const screen = /:\d+$/.test(display) ? `${display}.0` : display;
  const input = ['-f', 'x11grab', '-draw_mouse', options.drawMouse === false ? '0' : '1', ...LIVE_QUEUE];
  input.push('-framerate', String(options.fps ?? 30));
  const microphone = pulseInput(options.microphone);
  if (!region) {
    return ['-hide_banner', ...input, '-i', screen, ...microphone, ...encoderArgs(options, output, EVEN_CROP)];
  }
  const r = evenRegion(region);
  input.push('-video_size', `${r.width}x${r.height}`, '-i', `${screen}+${r.x},${r.y}`);
  return ['-hide_banner', ...input, ...microphone, ...encoderArgs(options, output)];
}

/**
 * macOS. `device` is the avfoundation index of "Capture screen N" (list them with
 * `ffmpeg -f avfoundation -list_devices true -i ""`); a region is cropped after capture (physical pixels).
 * avfoundation reads screen and sound as one input, "<screen>:<audio>"; "default" is the default microphone.
 */
export function avfoundationArgs(
  device: string,
  region: Rect | undefined,
  options: EncodeOptions,
  output: string,
): string[] {
  const input = ['-f', 'avfoundation', '-capture_cursor', options.drawMouse === false ? '0' : '1', ...LIVE_QUEUE];
  input.push('-framerate', String(options.fps ?? 30), '-i', `${device}:${options.microphone ?? 'none'}`);
  let filter = EVEN_CROP;
  if (region) {
    const r = evenRegion(region);
    filter = `crop=${r.width}:${r.height}:${r.x}:${r.y}`;
  }
  return ['-hide_banner', ...input, ...encoderArgs(options, output, filter)];
}

/** Windows. Region in virtual-desktop pixels (may be negative left of the primary monitor). */
export function gdigrabArgs(region: Rect | undefined, options: EncodeOptions, output: string): string[] {
  const input = ['-f', 'gdigrab', '-draw_mouse', options.drawMouse === false ? '0' : '1', ...LIVE_QUEUE];
  input.push('-framerate', String(options.fps ?? 30));
  const microphone = dshowInput(options.microphone);
  if (!region) {
    return ['-hide_banner', ...input, '-i', 'desktop', ...microphone, ...encoderArgs(options, output, EVEN_CROP)];
  }
  const width = region.width - (region.width % 2);
  const height = region.height - (region.height % 2);
  if (width < 2 || height < 2) throw new RangeError(`cannot record a ${region.width}x${region.height} region`);
  input.push('-offset_x', String(region.x), '-offset_y', String(region.y), '-video_size', `${width}x${height}`);
  return ['-hide_banner', ...input, '-i', 'desktop', ...microphone, ...encoderArgs(options, output)];
}

/**
 * Wayland (wlroots compositors) through wf-recorder, which encodes with ffmpeg's libraries itself. `-D`
 * asks for every frame instead of only damaged ones, so a still screen still advances the clock (else the
 * file ends at the last change); the filter sets a constant frame rate and 4:2:0 (wf-recorder 0.3 marks it
 * full range: yuvj420p, which browsers play). The region is in logical pixels of the layout, as slurp gives
 * it. No `-t`: the recorder stops it at the max duration. No +faststart either: the recorder remuxes after.
 * The microphone is wf-recorder's own PulseAudio input (`--audio`, `--audio=<source>`), encoded as AAC by the
 * mp4 muxer's default.
 */
export function wfRecorderArgs(region: Rect | undefined, options: EncodeOptions, output: string): string[] {
  const filter = `fps=${options.fps ?? 30},${EVEN_CROP},format=yuv420p`;
  const codec = ['-c', 'libx264', '-p', `preset=${options.preset ?? 'veryfast'}`, '-p', `crf=${options.crf ?? 23}`];
  const area = region ? ['-g', `${region.x},${region.y} ${region.width}x${region.height}`] : [];
  const microphone = !options.microphone
    ? []
    : options.microphone === 'default'
      ? ['--audio']
      : [`--audio=${options.microphone}`];
  return ['-D', ...codec, '-F', filter, ...area, ...microphone, '-m', 'mp4', '-f', output];
}

/**
 * The browser recorder's WebM (MediaRecorder: VP8/VP9, frames only when the screen changes, no duration in
 * the header) → H.264 mp4 at a constant `fps` (a still screen becomes repeated frames, which cost nearly
 * nothing in H.264), through `crop` (stream-crop.ts) when a region was chosen.
 */
export function transcodeArgs(
  input: string,
  crop: string | undefined,
  options: EncodeOptions,
  output: string,
): string[] {
  const encode = encoderArgs(
    { ...options, maxDurationSec: undefined, microphone: undefined }, // a file, not live inputs
    output,
    crop ? `${crop},${EVEN_CROP}` : EVEN_CROP,
  );
  return ['-hide_banner', '-v', 'error', '-i', input, '-r', String(options.fps ?? 30), ...encode];
}
