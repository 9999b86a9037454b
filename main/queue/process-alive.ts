/**
 * Is the process that holds something (a queue job's lease, the app's instance file, a headless recording)
 * still running? `kill(pid, 0)` alone says yes for a zombie: a process that has exited but that its parent
 * has not reaped yet. Where nobody reaps (a container whose PID 1 is not an init, a crashed launcher), a
 * killed `traydrop` stays a zombie and would keep its jobs locked until the lease ran out. On Linux the
 * state letter in /proc/<pid>/stat tells a zombie (Z) or a dead task (X) from a running one; elsewhere
 * (no /proc) the signal check is all there is.
 */
import { readFileSync } from 'node:fs';

/** The state letter of /proc/<pid>/stat (R, S, D, T, Z, X…), or undefined where it cannot be read. */
export function procState(pid: number, procRoot = '/proc'): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`${procRoot}/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // "<pid> (<comm>) <state> …": comm may hold spaces and parentheses, so read after the last ')'
  return /^\s*(\S)/.exec(stat.slice(stat.lastIndexOf(')') + 1))?.[1];
}

/** True while a process with this pid exists here and has not exited (EPERM: it exists but is someone else's). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const state = procState(pid);
  return state !== 'Z' && state !== 'X';
}
