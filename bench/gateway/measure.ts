/** The three measurements: one big GET with curl, requests/s with wrk, RSS under slow clients. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * MiB/s of one GET of the whole object, body thrown away by curl. `connectTo` (curl's `--connect-to HOST:PORT:HOST2:PORT2`)
 * sends it to another address with the URL's Host kept, so a presigned URL's signature holds through a proxy.
 */
export async function curlMiBps(url: string, expectBytes: number, connectTo?: string): Promise<number> {
  const args = ['-sS', '-o', '/dev/null', '-w', '%{http_code} %{size_download} %{time_total}'];
  if (connectTo) args.push('--connect-to', connectTo);
  const { stdout } = await run('curl', [...args, url], { maxBuffer: 1 << 20 });
  const [code, size, seconds] = stdout.trim().split(' ');
  if (code !== '200' || Number(size) !== expectBytes) throw new Error(`GET ${url}: ${code}, ${size} bytes`);
  return Number(size) / (1 << 20) / Number(seconds);
}

export interface WrkResult {
  rps: number;
  p50ms: number;
  p99ms: number;
  errors: number;
}

const ms = (text: string | undefined): number => {
  const m = /([\d.]+)(us|ms|s)/.exec(text ?? '');
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
};

export async function wrk(url: string, seconds: number, connections: number): Promise<WrkResult> {
  const { stdout } = await run('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url], {
    maxBuffer: 1 << 20,
  });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  const socketErrors = /Socket errors: (.*)/.exec(stdout)?.[1] ?? '';
  const errors = non2xx + socketErrors.split(',').reduce((n, part) => n + Number(/\d+/.exec(part)?.[0] ?? 0), 0);
  return { rps, p50ms: ms(/50%\s+(\S+)/.exec(stdout)?.[1]), p99ms: ms(/99%\s+(\S+)/.exec(stdout)?.[1]), errors };
}

/** The middle value (the upper one of an even count). */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

export interface SlowClientsResult {
  clients: number;
  seconds: number;
  bytesPerClientPerSec: number;
  rssBeforeMiB: number;
  /** One sample a second while the clients were connected. */
  rssSamplesMiB: number[];
  rssAfterMiB: number;
  bytesRead: number;
}

/** `clients` GETs of a big object, each reading about `bytesPerSec`, while the server's RSS is sampled. */
export async function slowClients(
  url: string,
  pid: number,
  opts: { clients: number; seconds: number; bytesPerSec: number },
): Promise<SlowClientsResult> {
  const target = new URL(url);
  const rssBeforeMiB = rssMiB(pid);
  let bytesRead = 0;
  const requests = Array.from({ length: opts.clients }, () => {
    const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search });
    req.on('response', (res) => {
      res.pause();
      const tick = setInterval(() => {
        let budget = opts.bytesPerSec / 10;
        let chunk: Buffer | null;
        while (budget > 0 && (chunk = res.read(Math.min(budget, 16384)) as Buffer | null)) {
          budget -= chunk.length;
          bytesRead += chunk.length;
        }
      }, 100);
      res.on('close', () => clearInterval(tick));
      req.on('close', () => clearInterval(tick));
    });
    req.on('error', () => {});
    req.end();
    return req;
  });
  const rssSamplesMiB: number[] = [];
  for (let s = 0; s < opts.seconds; s++) {
    await new Promise((r) => setTimeout(r, 1000));
    rssSamplesMiB.push(Math.round(rssMiB(pid)));
  }
  for (const req of requests) req.destroy();
  await new Promise((r) => setTimeout(r, 2000));
  return {
    ...opts,
    rssBeforeMiB,
    rssSamplesMiB,
    rssAfterMiB: rssMiB(pid),
    bytesRead,
    bytesPerClientPerSec: opts.bytesPerSec,
  };
}
