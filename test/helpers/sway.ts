/**
 * A private headless Sway for the Wayland capture tests: wlroots' headless backend with its software
 * (pixman) renderer, one output of the given size and scale showing a picture (swaybg). Sway refuses to run
 * as root, so as root it runs as `nobody` with a runtime folder of its own; clients (grim, swaymsg) connect
 * to its sockets with the env this returns.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodePng } from '../../main/capture/png.ts';
import { command, met } from './requirements.ts';

export interface Sway {
  /** For clients: WAYLAND_DISPLAY, XDG_RUNTIME_DIR, SWAYSOCK, XDG_SESSION_TYPE=wayland; no DISPLAY. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** Whether every one of `commands` is on PATH (when not, see test/helpers/requirements.ts). */
export const hasCommands = (...commands: string[]): boolean => met(...commands.map((name) => command(name)));

/** Whether this machine can run the Wayland tests (Debian: sway, swaybg, grim). */
export function hasSway(): boolean {
  return hasCommands('sway', 'swaybg', 'grim', 'swaymsg');
}

export async function startSway(options: {
  width: number;
  height: number;
  scale?: number;
  picture: string;
  /** A second output (HEADLESS-2) of the same size, at `x` of the layout (logical pixels). */
  second?: { scale: number; x: number; picture: string };
}): Promise<Sway> {
  const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'traydrop-sway-'));
  const asRoot = process.getuid?.() === 0;
  const nobody = { uid: 65534, gid: 65534 };
  if (asRoot) chownSync(runtimeDir, nobody.uid, nobody.gid);
  const config = path.join(runtimeDir, 'config');
  const readable = (file: string, name: string): string => {
    const copy = path.join(runtimeDir, name); // where `nobody` can read it
    copyFileSync(file, copy);
    if (asRoot) chownSync(copy, nobody.uid, nobody.gid);
    return copy;
  };
  const size = `resolution ${options.width}x${options.height}`;
  const outputs = [
    `output HEADLESS-1 ${size} scale ${options.scale ?? 1} position 0 0 bg ${readable(options.picture, '1.png')} stretch`,
  ];
  if (options.second) {
    const { scale, x, picture } = options.second;
    outputs.push(`output HEADLESS-2 ${size} scale ${scale} position ${x} 0 bg ${readable(picture, '2.png')} stretch`);
  }
  writeFileSync(config, outputs.join('\n') + '\n');
  const env = {
    PATH: process.env.PATH,
    HOME: runtimeDir,
    XDG_RUNTIME_DIR: runtimeDir,
    WLR_BACKENDS: 'headless',
    WLR_RENDERER: 'pixman',
    WLR_LIBINPUT_NO_DEVICES: '1',
    WLR_HEADLESS_OUTPUTS: options.second ? '2' : '1',
  };
  const [command, args] = asRoot
    ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sway', '-c', config]]
    : ['sway', ['-c', config]];
  const child = spawn(command, args as string[], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(runtimeDir, { recursive: true, force: true });
  };
  try {
    const started = Date.now();
    let sockets: string[] = [];
    while (
      !(sockets = readdirSync(runtimeDir)).some((f) => f.startsWith('sway-ipc.')) ||
      !sockets.includes('wayland-1')
    ) {
      if (child.exitCode !== null) throw new Error(`sway exited with ${child.exitCode}: ${log}`);
      if (Date.now() - started > 15_000) throw new Error(`sway did not start in 15 s: ${log}`);
      await sleep(50);
    }
    const clientEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      XDG_RUNTIME_DIR: runtimeDir,
      XDG_SESSION_TYPE: 'wayland',
      WAYLAND_DISPLAY: 'wayland-1',
      SWAYSOCK: path.join(
        runtimeDir,
        sockets.find((f) => f.startsWith('sway-ipc.'))!,
      ),
    };
    // the picture is drawn by swaybg, a client Sway starts: wait until pixel (16, 16) is the picture's (not
    // (0, 0): at a fractional scale the edges are filtered)
    const picture = decodePng(readFileSync(options.picture));
    const at = (16 * picture.width + 16) * 4;
    const want = picture.data.subarray(at, at + 3);
    for (const waitStarted = Date.now(); ; await sleep(100)) {
      const shot = spawnSync('grim', ['-t', 'ppm', '-'], { env: clientEnv, maxBuffer: 64 << 20 });
      if (shot.status === 0 && ppmPixel(shot.stdout, 16, 16).equals(want)) break;
      if (Date.now() - waitStarted > 15_000) throw new Error(`swaybg never drew the picture: ${log}`);
    }
    return { env: clientEnv, stop } satisfies Sway;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** RGB of pixel (x, y) of a binary PPM (P6: "P6 <width> <height> <max>", one whitespace, then RGB rows). */
function ppmPixel(ppm: Buffer, x: number, y: number): Buffer {
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(ppm[at]!))) at++;
    const start = at;
    while (at < ppm.length && !/\s/.test(String.fromCharCode(ppm[at]!))) at++;
    fields.push(ppm.subarray(start, at).toString('latin1'));
  }
  const offset = at + 1 + (y * Number(fields[1]) + x) * 3;
  return ppm.subarray(offset, offset + 3);
}
