/**
 * Runs ffmpeg for one thumbnail so that no input can hurt the server: at the lowest CPU priority, its address space
 * and CPU seconds capped by prlimit where there is one (Linux), killed after a wall-clock timeout, its output
 * bounded. The result is the WebP bytes, or a one-line reason for the failure (ffmpeg's first error line).
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { findFfmpeg, findPrlimit } from './ffmpeg-binary.ts';

export interface FfmpegLimits {
  /** Wall-clock time, after which the process is killed. */
  timeoutMs: number;
  /** Address space (prlimit --as). */
  memoryBytes: number;
  /** The most output kept; more is a failure. */
  maxOutputBytes: number;
}

export const DEFAULT_LIMITS: FfmpegLimits = {
  timeoutMs: 20_000,
  memoryBytes: 768 * 1024 * 1024,
  maxOutputBytes: 4 * 1024 * 1024,
};

export type FfmpegResult = { ok: true; output: Buffer } | { ok: false; reason: string };

/** ffmpeg's first error line (the cause; later ones are consequences), without its `[png @ 0x…]` prefixes. */
const firstError = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.replace(/\[[^\]]* @ 0x[0-9a-f]+\] ?/g, '').trim())
    .find(Boolean)
    ?.slice(0, 300) ?? '';

export function runFfmpeg(args: string[], limits: FfmpegLimits = DEFAULT_LIMITS): Promise<FfmpegResult> {
  const ffmpeg = findFfmpeg();
  if (!ffmpeg) return Promise.resolve({ ok: false, reason: 'no ffmpeg on this server (set TRAYDROP_FFMPEG)' });
  const prlimit = findPrlimit();
  const cpuSeconds = Math.ceil(limits.timeoutMs / 1000);
  const [command, argv] = prlimit
    ? [prlimit, [`--as=${limits.memoryBytes}`, `--cpu=${cpuSeconds}`, '--', ffmpeg, ...args]]
    : [ffmpeg, args];
  return new Promise((resolve) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid !== undefined)
      try {
        setPriority(child.pid, 19); // prlimit execs ffmpeg in the same process: the priority stays
      } catch {
        // a platform without priorities: it still runs, only not politely
      }
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failure: string | undefined;
    const stop = (reason: string) => {
      failure ??= reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(`ffmpeg took longer than ${limits.timeoutMs / 1000} s`), limits.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxOutputBytes) stop(`thumbnail larger than ${limits.maxOutputBytes} bytes`);
      else chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(0, 4096)));
    child.on('error', (error) => stop(`could not run ffmpeg: ${error.message}`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) return resolve({ ok: false, reason: failure });
      if (code !== 0)
        return resolve({
          ok: false,
          reason: firstError(stderr) || `ffmpeg ended with ${signal ?? `exit code ${code}`}`,
        });
      if (size === 0) return resolve({ ok: false, reason: firstError(stderr) || 'ffmpeg made no picture' });
      resolve({ ok: true, output: Buffer.concat(chunks) });
    });
  });
}
