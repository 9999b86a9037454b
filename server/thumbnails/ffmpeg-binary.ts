/**
 * Which ffmpeg the server runs: $TRAYDROP_FFMPEG, else the system's (Debian's is current and has libwebp), else the
 * static build inside npm (@ffmpeg-installer, the client's dependency; a 2018 build, also with libwebp). The same
 * order as the client's main/capture/ffmpeg-path.ts, which the server layer may not import.
 */
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, process.platform === 'win32' ? `${name}.exe` : name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

function bundled(): string | undefined {
  try {
    return (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch {
    return undefined; // no build for this platform, or not installed
  }
}

/** The ffmpeg to run, or undefined when there is none (thumbnails then end as failed, saying why). */
export function findFfmpeg(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.TRAYDROP_FFMPEG || onPath('ffmpeg', env) || bundled();
}

/** util-linux's prlimit, which caps ffmpeg's memory and CPU time (Linux only). */
export function findPrlimit(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return process.platform === 'linux' ? onPath('prlimit', env) : undefined;
}
