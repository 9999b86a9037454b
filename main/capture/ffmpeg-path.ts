/**
 * Which ffmpeg to run: $TRAYDROP_FFMPEG, else the system's (distro builds are current and have x11grab/libx264),
 * else the one shipped inside npm by @ffmpeg-installer (a 2018 static build; also has x11grab and libx264).
 */
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const candidate of names) {
      const file = path.join(dir, candidate);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export function bundledFfmpeg(): string | undefined {
  try {
    const found = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string };
    // Inside a packaged Electron app the binary must be asarUnpack'ed: it cannot run from app.asar.
    return found.path.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
  } catch {
    return undefined; // no build for this platform/arch, or not installed
  }
}

export function ffmpegPath(env: NodeJS.ProcessEnv = process.env): string {
  const found = env.TRAYDROP_FFMPEG || findOnPath('ffmpeg', env) || bundledFfmpeg();
  if (!found)
    throw new Error(
      'ffmpeg was not found: install it (apt install ffmpeg, brew install ffmpeg) or set TRAYDROP_FFMPEG',
    );
  return found;
}
