/**
 * CPU time a process (and, for a database cluster, its postmaster's children: the backends) has used, from
 * /proc/<pid>/stat. Time spent waiting for a core does not count, so CPU per request moves far less with the
 * machine's load than a wall-clock time does: the index bench prints both.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_US = 1e6 / 100; // USER_HZ is 100 on Linux

/** utime + stime of `pid` in µs (0 once it is gone), and its parent's pid. */
function stat(pid: number): { cpuUs: number; ppid: number } {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command (field 2) may hold spaces: count from the ')' that closes it
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { cpuUs: (Number(fields[11]) + Number(fields[12])) * TICK_US, ppid: Number(fields[1]) };
  } catch {
    return { cpuUs: 0, ppid: 0 };
  }
}

export function cpuUsOf(pid: number): number {
  return stat(pid).cpuUs;
}

/**
 * CPU µs of every process whose parent is `ppid` now, by pid. A backend that exits between two readings takes its
 * time with it, so compare readings of the same pids (cpuDelta).
 */
export function childrenCpuUs(ppid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (s.ppid === ppid) out.set(Number(name), s.cpuUs);
  }
  return out;
}

/** CPU µs the processes of `before` used until `after` (new pids count from zero). */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, us] of after) sum += us - (before.get(pid) ?? 0);
  return sum;
}
