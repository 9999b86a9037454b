import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { command, met } from './requirements.ts';

export interface Xvfb {
  display: string;
  stop(): Promise<void>;
}

/** Whether this machine can run the X tests (Xvfb from Debian's xvfb package). */
export function hasXvfb(): boolean {
  return met(command('Xvfb'));
}

/**
 * A private X server for tests: the first free display from :90, `-noreset` so what tests draw
 * survives clients leaving. Resolves once the server accepts connections.
 */
export async function startXvfb(size = '1920x1080x24'): Promise<Xvfb> {
  let n = 90;
  while (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) n += 1;
  const display = `:${n}`;
  const child: ChildProcess = spawn('Xvfb', [display, '-screen', '0', size, '-noreset', '-nolisten', 'tcp'], {
    stdio: 'ignore',
  });
  const started = Date.now();
  while (!existsSync(`/tmp/.X11-unix/X${n}`)) {
    if (child.exitCode !== null) throw new Error(`Xvfb ${display} exited with ${child.exitCode}`);
    if (Date.now() - started > 10_000) throw new Error(`Xvfb ${display} did not start in 10 s`);
    await sleep(50);
  }
  return {
    display,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
