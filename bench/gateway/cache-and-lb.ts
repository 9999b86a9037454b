/**
 * The gateway bench's two parts with something in front, started from the repository's own files
 * (docs/deploy/varnish.vcl, docs/deploy/haproxy.cfg, through scripts/varnish-start.sh and haproxy-start.sh):
 *  - cache: a hot 50 KB public link through Varnish vs nginx proxy_pass to RGW (wrk), with varnishncsa piped into
 *    `traydrop-server cache-log` all along, as in production, and the statistics checked against Varnish's own count;
 *  - lb: one 1 GiB GET through HAProxy and one gateway vs a presigned GET straight from RGW (curl), interleaved, with
 *    the CPU-seconds the gateway and HAProxy spent on each balanced GET (from /proc: user + system).
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startHaproxy, startVarnish } from '../../test/helpers/proxy-stack.ts';
import { cpuSeconds, curlMiBps, wrk, type WrkResult } from './measure.ts';

const run = promisify(execFile);
const SERVER_BIN = fileURLToPath(new URL('../../bin/traydrop-server.js', import.meta.url));
const NCSA_FORMAT = fileURLToPath(new URL('../../docs/deploy/varnishncsa.format', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]): number => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

export interface CacheBenchResult {
  varnish: WrkResult[];
  nginx: WrkResult[];
  medianVarnish: number;
  medianNginx: number;
  ratio: number;
  /** Lookups Varnish made (MAIN.cache_hit + cache_miss: only the link is looked up) and what the statistics hold. */
  varnishRequests: number;
  statsDownloads: number;
  statsBytes: number;
  exact: boolean;
  cacheLogSummary: string;
  loadBefore: string;
  loadAfter: string;
}

export async function cacheBench(o: {
  gatewayPort: number;
  varnishPort: number;
  databasePath: string;
  /** `/<shareId>/<name>/raw` of the hot link, its share id and size; the same object through nginx. */
  hotPath: string;
  hotShareId: string;
  hotBytes: number;
  nginxUrl: string;
  /** Reads the link's statistics from the gateway (which flushes first). */
  stats: () => Promise<{ downloads: number; bytes: number }>;
  rounds: number;
  seconds: number;
  log: (m: string) => void;
}): Promise<CacheBenchResult> {
  const loadBefore = load();
  const varnish = await startVarnish({ backend: `127.0.0.1:${o.gatewayPort}`, port: o.varnishPort });
  const ncsa = spawn('varnishncsa', ['-n', varnish.name, '-c', '-f', NCSA_FORMAT], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const cacheLog = spawn(process.execPath, ['--no-warnings', SERVER_BIN, 'cache-log', '--instance', 'bench'], {
    env: { ...process.env, DATABASE_PATH: o.databasePath },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  ncsa.stdout.pipe(cacheLog.stdin);
  let summary = '';
  cacheLog.stderr.on('data', (c: Buffer) => (summary += c.toString()));
  const url = varnish.url + o.hotPath;
  try {
    await sleep(1000); // varnishncsa reads from the log's tail: attached before the first request
    await wrk(url, 2, 32);
    await wrk(o.nginxUrl, 2, 32);
    const r = { varnish: [] as WrkResult[], nginx: [] as WrkResult[] };
    for (let i = 0; i < o.rounds; i++) {
      r.varnish.push(await wrk(url, o.seconds, 32));
      r.nginx.push(await wrk(o.nginxUrl, o.seconds, 32));
      o.log(
        `hot 50 KB round ${i + 1}: varnish ${r.varnish.at(-1)!.rps.toFixed(0)} req/s, nginx ${r.nginx.at(-1)!.rps.toFixed(0)} req/s`,
      );
    }
    const loadAfter = load();
    const { stdout } = await run('varnishstat', [
      '-n',
      varnish.name,
      '-1',
      '-f',
      'MAIN.cache_hit',
      '-f',
      'MAIN.cache_miss',
    ]);
    const counter = (name: string): number => Number(new RegExp(`MAIN\\.${name}\\s+(\\d+)`).exec(stdout)?.[1]);
    // client_req also counts the start script's probe and more; every GET of the link is one lookup, a hit or a miss
    const varnishRequests = counter('cache_hit') + counter('cache_miss');
    await sleep(1500); // the last lines through varnishncsa
    ncsa.kill('SIGINT');
    await once(ncsa, 'exit');
    cacheLog.stdin.end();
    await once(cacheLog, 'exit');
    const stats = await o.stats();
    const mv = median(r.varnish.map((w) => w.rps));
    const mn = median(r.nginx.map((w) => w.rps));
    return {
      ...r,
      medianVarnish: mv,
      medianNginx: mn,
      ratio: mv / mn,
      varnishRequests,
      statsDownloads: stats.downloads,
      statsBytes: stats.bytes,
      exact: stats.downloads === varnishRequests && stats.bytes === varnishRequests * o.hotBytes,
      cacheLogSummary: summary.trim(),
      loadBefore,
      loadAfter,
    };
  } finally {
    if (ncsa.exitCode === null) ncsa.kill('SIGKILL');
    if (cacheLog.exitCode === null) cacheLog.kill('SIGKILL');
    await varnish.stop();
  }
}

export interface LbBenchResult {
  balanced: number[];
  direct: number[];
  medianBalanced: number;
  medianDirect: number;
  ratio: number;
  roundRatios: number[];
  /** CPU-seconds per 1 GiB balanced GET: the gateway's and HAProxy's, each round, and their medians. */
  gatewayCpu: number[];
  haproxyCpu: number[];
  medianGatewayCpu: number;
  medianHaproxyCpu: number;
  loadBefore: string;
  loadAfter: string;
}

export async function lbBench(o: {
  gatewayPort: number;
  gatewayPid: number;
  haproxyPort: number;
  /** `/<shareId>/<name>/raw` of the 1 GiB link; the presigned URL of the same object. */
  bigPath: string;
  presigned: string;
  rounds: number;
  log: (m: string) => void;
}): Promise<LbBenchResult> {
  const loadBefore = load();
  const lb = await startHaproxy({ gateways: [`127.0.0.1:${o.gatewayPort}`], port: o.haproxyPort });
  try {
    const url = lb.url + o.bigPath;
    await curlMiBps(url, 1 << 30); // warm-up, not counted
    const balanced: number[] = [];
    const direct: number[] = [];
    const gatewayCpu: number[] = [];
    const haproxyCpu: number[] = [];
    const viaLb = async (): Promise<void> => {
      const before = [cpuSeconds(o.gatewayPid), cpuSeconds(lb.pid)];
      balanced.push(await curlMiBps(url, 1 << 30));
      gatewayCpu.push(cpuSeconds(o.gatewayPid) - before[0]!);
      haproxyCpu.push(cpuSeconds(lb.pid) - before[1]!);
    };
    const straight = async (): Promise<void> => void direct.push(await curlMiBps(o.presigned, 1 << 30));
    for (let i = 0; i < o.rounds; i++) {
      // the order alternates, as in the gateway's own 1 GiB part
      if (i % 2 === 0) await viaLb().then(straight);
      else await straight().then(viaLb);
      o.log(
        `1 GiB via HAProxy round ${i + 1}: ${balanced.at(-1)!.toFixed(0)} MiB/s (gateway ${gatewayCpu.at(-1)!.toFixed(2)}, HAProxy ${haproxyCpu.at(-1)!.toFixed(2)} CPU-s), direct ${direct.at(-1)!.toFixed(0)} MiB/s, ratio ${(balanced.at(-1)! / direct.at(-1)!).toFixed(2)}; load ${load()}`,
      );
    }
    const roundRatios = balanced.map((b, i) => b / direct[i]!);
    return {
      balanced,
      direct,
      medianBalanced: median(balanced),
      medianDirect: median(direct),
      ratio: median(balanced) / median(direct),
      roundRatios,
      gatewayCpu,
      haproxyCpu,
      medianGatewayCpu: median(gatewayCpu),
      medianHaproxyCpu: median(haproxyCpu),
      loadBefore,
      loadAfter: load(),
    };
  } finally {
    await lb.stop();
  }
}

export function formatCacheAndLb(cache: CacheBenchResult | null, lb: LbBenchResult | null): string[] {
  const lines: string[] = [];
  if (cache)
    lines.push(
      `hot 50 KB     varnish ${cache.medianVarnish.toFixed(0)} req/s   nginx→RGW ${cache.medianNginx.toFixed(0)} req/s   ratio ${cache.ratio.toFixed(2)} (target >= 2); ` +
        `statistics ${cache.exact ? 'exact' : 'NOT exact'}: ${cache.statsDownloads} downloads, ${cache.statsBytes} bytes for ${cache.varnishRequests} requests Varnish looked up; load ${cache.loadBefore} → ${cache.loadAfter}`,
    );
  if (lb)
    lines.push(
      `1 GiB via LB  HAProxy+gateway ${lb.medianBalanced.toFixed(0)} MiB/s   direct RGW ${lb.medianDirect.toFixed(0)} MiB/s   ratio ${lb.ratio.toFixed(2)} (target >= 0.90); rounds ${lb.roundRatios.map((x) => x.toFixed(2)).join(' ')}, median ${median(lb.roundRatios).toFixed(2)}; CPU-s per GiB: gateway ${lb.medianGatewayCpu.toFixed(2)}, HAProxy ${lb.medianHaproxyCpu.toFixed(2)}; load ${lb.loadBefore} → ${lb.loadAfter}`,
    );
  return lines;
}
