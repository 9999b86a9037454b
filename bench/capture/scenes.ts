/**
 * What the capture benches put on the Xvfb screen: `flat` (one colour: PNG compresses it to almost
 * nothing) or `noise` (random pixels in a borderless `display` window: the worst case for PNG).
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { encodePng } from '../../main/capture/png.ts';

const exec = promisify(execFile);

export type Scene = 'flat' | 'noise';
export const SCENES: readonly Scene[] = ['flat', 'noise'];

/** Shows `scene` on the display in `env.DISPLAY`; the returned function takes it down. */
export async function showScene(scene: Scene, env: NodeJS.ProcessEnv, dir: string): Promise<() => void> {
  await exec('xsetroot', ['-solid', '#3a6ea5'], { env });
  if (scene === 'flat') return () => {};
  const noise = { width: 1920, height: 1080, data: randomBytes(1920 * 1080 * 4) };
  for (let i = 3; i < noise.data.length; i += 4) noise.data[i] = 255;
  const file = path.join(dir, 'noise.png');
  await writeFile(file, encodePng(noise));
  const viewer = spawn('display', ['-geometry', '+0+0', '-borderwidth', '0', '-title', 'bench-noise', file], {
    env,
    stdio: 'ignore',
  });
  await exec('timeout', ['10', 'xdotool', 'search', '--sync', '--onlyvisible', '--name', 'bench-noise'], { env });
  await sleep(500);
  return () => viewer.kill();
}
