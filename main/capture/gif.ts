/**
 * mp4 → GIF with ffmpeg's two-pass palette (palettegen/paletteuse in one filter graph), under a size limit.
 * Over the limit, it tries again smaller: the width shrinks by the square root of (limit / size), since a GIF's
 * bytes grow about with its area, and once the width is at its minimum the frame rate drops instead. Still too
 * big after `maxAttempts`: a GifTooLargeError that lists what was tried. Nothing half-written is left behind.
 */
import { spawn } from 'node:child_process';
import { stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ffmpegPath } from './ffmpeg-path.ts';
import { publishCapture, tempCapturePath } from './save-capture.ts';

export interface GifOptions {
  /** Frames per second, default 15. */
  fps?: number;
  /** Maximum width in pixels (never upscales), default 960. */
  width?: number;
  /** Size limit in bytes; undefined: no limit. */
  maxBytes?: number;
  /** Floors for the retries: default 240 px and 6 fps. */
  minWidth?: number;
  minFps?: number;
  /** Default 4. */
  maxAttempts?: number;
  /** Where the GIF goes, default beside the input, same name with .gif (never overwriting: "-2"…). */
  folder?: string;
  ffmpeg?: string;
}

export interface GifAttempt {
  width: number;
  fps: number;
  bytes: number;
}

export interface GifResult {
  path: string;
  bytes: number;
  width: number;
  fps: number;
  attempts: GifAttempt[];
}

export class GifTooLargeError extends Error {
  override name = 'GifTooLargeError';
  readonly maxBytes: number;
  readonly attempts: GifAttempt[];
  constructor(maxBytes: number, attempts: GifAttempt[]) {
    const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
    const tried = attempts.map((a) => `${a.width} px ${a.fps} fps → ${mb(a.bytes)}`).join('; ');
    super(
      `the GIF stays over the ${mb(maxBytes)} limit (${tried}): record a shorter or smaller clip, or share the mp4`,
    );
    this.maxBytes = maxBytes;
    this.attempts = attempts;
  }
}

export function gifFilter(width: number, fps: number): string {
  return (
    `fps=${fps},scale='min(iw,${width})':-1:flags=lanczos,split[a][b];` +
    `[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=5:diff_mode=rectangle`
  );
}

export function gifArgs(input: string, output: string, width: number, fps: number): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-i',
    input,
    '-vf',
    gifFilter(width, fps),
    '-loop',
    '0',
    '-f',
    'gif',
    '-y',
    output,
  ];
}

/** The next (width, fps) to try after `last` came out `bytes` big, or undefined when at the floors. */
export function nextAttempt(
  last: { width: number; fps: number },
  bytes: number,
  maxBytes: number,
  floors: { minWidth: number; minFps: number },
): { width: number; fps: number } | undefined {
  const ratio = maxBytes / bytes;
  const width = Math.max(floors.minWidth, Math.floor(last.width * Math.sqrt(ratio) * 0.9));
  if (width < last.width) return { width, fps: last.fps };
  const fps = Math.max(floors.minFps, Math.floor(last.fps * ratio * 0.9));
  if (fps < last.fps) return { width: last.width, fps };
  return undefined;
}

/** The input's frame width from ffmpeg's log ("Stream #0:0…: Video: h264 …, 640x480 …"). */
export function inputWidth(log: string): number | undefined {
  const match = /Input #0[\s\S]*?Stream #0:\d+[^\n]*Video:[^\n]*?\b(\d{2,5})x(\d{2,5})\b/.exec(log);
  return match ? Number(match[1]) : undefined;
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    let head = ''; // the input description is at the start, the error at the end
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (t: string) => {
      if (head.length < 16000) head += t;
      stderr = (stderr + t).slice(-4000);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(head)
        : reject(new Error(`ffmpeg GIF conversion failed (exit ${code}): ${stderr.trim().split('\n').pop()}`)),
    );
  });
}

export async function convertToGif(input: string, options: GifOptions = {}): Promise<GifResult> {
  const folder = options.folder ?? path.dirname(input);
  const ffmpeg = options.ffmpeg ?? ffmpegPath();
  const floors = { minWidth: options.minWidth ?? 240, minFps: options.minFps ?? 6 };
  const attempts: GifAttempt[] = [];
  let current: { width: number; fps: number } | undefined = { width: options.width ?? 960, fps: options.fps ?? 15 };
  const temp = await tempCapturePath(folder, '.gif');
  try {
    while (current && attempts.length < (options.maxAttempts ?? 4)) {
      const log = await run(ffmpeg, gifArgs(input, temp, current.width, current.fps));
      // The filter never upscales: record (and shrink from) the width the GIF really has.
      current = { ...current, width: Math.min(current.width, inputWidth(log) ?? current.width) };
      const bytes = (await stat(temp)).size;
      attempts.push({ ...current, bytes });
      if (options.maxBytes === undefined || bytes <= options.maxBytes) {
        const file = await publishCapture(temp, {
          folder,
          pattern: `${path.basename(input, path.extname(input)).replace(/[{}]/g, '')}.gif`,
          kind: 'gif',
          extension: '.gif',
        });
        return { path: file, bytes, width: current.width, fps: current.fps, attempts };
      }
      current = nextAttempt(current, bytes, options.maxBytes, floors);
    }
    throw new GifTooLargeError(options.maxBytes!, attempts);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
