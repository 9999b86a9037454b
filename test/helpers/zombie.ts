/**
 * An unreaped zombie, as where nobody reaps (a container's PID 1 that is not an init, a crashed launcher):
 * `sh` starts a short `sleep` in the background, then execs into a long `sleep` that never waits for it.
 * The short one exits and stays a zombie, its pid still answering kill(pid, 0), until its parent goes.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Zombie {
  pid: number;
  /** The process that never reaps it. */
  parentPid: number;
  /** Ends the parent: the zombie is then reaped by whoever adopts it. */
  release(): void;
}

const stateOf = (pid: number): string | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2)[0];
  } catch {
    return undefined;
  }
};

export async function unreapedZombie(): Promise<Zombie> {
  const parent = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 300'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(parent.stdout.setEncoding('utf8'), 'data')) as [string];
  const pid = Number(line.trim());
  const release = (): void => void parent.kill('SIGKILL');
  for (let i = 0; i < 100 && stateOf(pid) !== 'Z'; i++) await sleep(20);
  if (stateOf(pid) !== 'Z') {
    release();
    throw new Error(`pid ${pid} did not become a zombie (state ${stateOf(pid)})`);
  }
  return { pid, parentPid: parent.pid!, release };
}
