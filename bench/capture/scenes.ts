/**
 * What the capture benches put on the Xvfb screen: `flat` (one colour: PNG compresses it to almost
 * nothing), `desktop` (a drawn desktop: gradient wallpaper, windows with title bars, lines of "text" and a
 * soft photo-like panel: a few hundred KiB, like most real screenshots) or `noise` (random pixels: the
 * worst case for PNG). Pictures are shown in a borderless `display` window.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { encodePng } from '../../main/capture/png.ts';

const exec = promisify(execFile);

export type Scene = 'flat' | 'desktop' | 'noise';
export const SCENES: readonly Scene[] = ['flat', 'desktop', 'noise'];

const W = 1920;
const H = 1080;

function noisePicture(): Buffer {
  const data = randomBytes(W * H * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return data;
}

/** Deterministic (seeded) so every run compresses the same. */
function desktopPicture(): Buffer {
  const data = Buffer.alloc(W * H * 4);
  let seed = 12345;
  const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const put = (x: number, y: number, r: number, g: number, b: number): void => {
    const i = (y * W + x) * 4;
    data[i] = r;
    data[i + 1] = g;
    data[i + 2] = b;
    data[i + 3] = 255;
  };
  const rect = (x0: number, y0: number, w: number, h: number, rgb: [number, number, number]): void => {
    for (let y = y0; y < Math.min(H, y0 + h); y++) for (let x = x0; x < Math.min(W, x0 + w); x++) put(x, y, ...rgb);
  };
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) put(x, y, 30 + (x * 60) / W, 60 + (y * 80) / H, 120 + (x * 40) / W);
  const windows: [number, number, number, number][] = [
    [80, 60, 1100, 760],
    [700, 300, 1000, 680],
  ];
  for (const [wx, wy, ww, wh] of windows) {
    rect(wx, wy, ww, wh, [248, 248, 246]);
    rect(wx, wy, ww, 36, [222, 224, 228]);
    for (let line = 0, y = wy + 60; y < wy + wh - 20; line++, y += 22) {
      for (let x = wx + 24; x < wx + ww - 40;) {
        const word = 12 + Math.floor(random() * 70);
        if (random() < 0.9)
          rect(x, y, Math.min(word, wx + ww - 40 - x), 11, line % 7 === 0 ? [40, 90, 200] : [50, 50, 56]);
        x += word + 8;
      }
    }
  }
  // a photo-like panel: smooth shapes with a little grain
  for (let y = 380; y < 880; y++)
    for (let x = 760; x < 1560; x++) {
      const v = Math.sin(x / 37) * Math.cos(y / 53) * 60 + Math.sin((x + y) / 91) * 40;
      const grain = random() * 18;
      put(x, y, 120 + v + grain, 100 + v / 2 + grain, 80 - v / 3 + grain);
    }
  return data;
}

/** Shows `scene` on the display in `env.DISPLAY`; the returned function takes it down. */
export async function showScene(scene: Scene, env: NodeJS.ProcessEnv, dir: string): Promise<() => void> {
  await exec('xsetroot', ['-solid', '#3a6ea5'], { env });
  if (scene === 'flat') return () => {};
  const picture = { width: W, height: H, data: scene === 'noise' ? noisePicture() : desktopPicture() };
  const file = path.join(dir, `${scene}.png`);
  await writeFile(file, encodePng(picture));
  const title = `bench-${scene}`;
  const viewer = spawn('display', ['-geometry', '+0+0', '-borderwidth', '0', '-title', title, file], {
    env,
    stdio: 'ignore',
  });
  await exec('timeout', ['10', 'xdotool', 'search', '--sync', '--onlyvisible', '--name', title], { env });
  await sleep(500);
  return () => viewer.kill();
}
