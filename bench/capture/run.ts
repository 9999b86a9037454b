/**
 * Capture latency under Xvfb 1920x1080: time from the capture call to the complete PNG under its final name in
 * the captures folder, for a flat screen and a worst-case one (random noise: PNG cannot compress it). Also the
 * parts: screenshot-desktop alone (xrandr + import to a buffer), and a region capture (full capture + crop).
 * For comparison, `import -window root` straight to a file, as a bare process.
 *
 * Issue #5's targets (capture → URL on the clipboard, upload vs a raw PutObject) are in share.ts.
 *
 *   node bench/capture/run.ts            BENCH_RUNS=20 to change the number of runs (default 15)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { hasXvfb, startXvfb } from '../../test/helpers/xvfb.ts';
import { captureRegion, captureScreen } from '../../main/capture/screenshot.ts';
import { screenshotDesktopBackend } from '../../main/capture/screenshot-desktop-backend.ts';
import { SCENES, showScene } from './scenes.ts';

const exec = promisify(execFile);
const runs = Number(process.env.BENCH_RUNS ?? 15);

if (!hasXvfb()) {
  process.stderr.write('skipped: Xvfb is not installed (apt install xvfb)\n');
  process.exit(0);
}

const x = await startXvfb('1920x1080x24');
process.env.DISPLAY = x.display;
const env = { ...process.env };
const dir = await mkdtemp(path.join(os.tmpdir(), 'traydrop-bench-capture-'));

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up: page cache, first process start
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b);
}

const stats = (ms: number[]): string => {
  const at = (q: number): number => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
  return `median ${at(0.5).toFixed(0).padStart(4)} ms   p90 ${at(0.9).toFixed(0).padStart(4)} ms   min ${ms[0]!.toFixed(0).padStart(4)} ms`;
};

const rows: [string, number[]][] = [];
let hideScene = (): void => {};
try {
  for (const scene of SCENES) {
    hideScene();
    hideScene = await showScene(scene, env, dir);
    const folder = path.join(dir, scene);
    rows.push([`${scene}: captureScreen → PNG on disk`, await time(() => captureScreen({ folder }))]);
    rows.push([
      `${scene}: screenshot-desktop to buffer`,
      await time(() => screenshotDesktopBackend().captureDisplay()),
    ]);
    rows.push([
      `${scene}: captureRegion 800x600 → PNG on disk`,
      await time(() => captureRegion({ folder }, { rect: { x: 100, y: 100, width: 800, height: 600 } })),
    ]);
    rows.push([
      `${scene}: bare import -window root → file`,
      await time(() => exec('import', ['-silent', '-window', 'root', path.join(dir, 'bare.png')], { env })),
    ]);
  }
} finally {
  hideScene();
  await x.stop();
  await rm(dir, { recursive: true, force: true });
}

process.stdout.write(
  `Capture latency, Xvfb 1920x1080x24, ${runs} runs each (after 1 warm-up), ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}\n`,
);
for (const [name, ms] of rows) process.stdout.write(`${name.padEnd(46)} ${stats(ms)}\n`);
