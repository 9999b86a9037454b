/**
 * The gateway bench's `offload` part: one 1 GiB GET through nginx (docs/deploy/nginx-offload.conf, as the load
 * balancer) and one gateway with BYTES_OFFLOAD=x-accel, so the gateway only decides and books and nginx fetches the
 * bytes from RGW itself, against a presigned GET straight from RGW (curl), interleaved. Per round: MiB/s, the ratio,
 * the CPU-seconds nginx's workers and the gateway spent, the load. Then nginx's log is piped into `traydrop-server
 * cache-log --format nginx-offload` and the link's statistics are checked: every GET's bytes booked, once.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startNginx } from '../../test/helpers/proxy-stack.ts';
import { cpuSeconds, curlMiBps, median } from './measure.ts';
import { childrenCpuUs, cpuDelta } from './proc-cpu.ts';

const SERVER_BIN = fileURLToPath(new URL('../../bin/traydrop-server.js', import.meta.url));
const GIB = 1 << 30;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

export interface OffloadBenchResult {
  offloaded: number[];
  direct: number[];
  roundRatios: number[];
  medianOffloaded: number;
  medianDirect: number;
  /** The median of the rounds' own ratios. */
  ratio: number;
  nginxCpu: number[];
  gatewayCpu: number[];
  medianNginxCpu: number;
  medianGatewayCpu: number;
  /** The link's bytes in the statistics once cache-log has read nginx's log, and what they should be. */
  bookedBytes: number;
  expectedBytes: number;
  cacheLogSummary: string;
  loadBefore: string;
  loadAfter: string;
}

export async function offloadBench(o: {
  gatewayPort: number;
  gatewayPid: number;
  nginxPort: number;
  /** The gateway's BYTES_OFFLOAD_SECRET. */
  secret: string;
  /** host:port of RGW, as the presigned URLs name it. */
  storage: string;
  /** `/<shareId>/<name>/raw` of the 1 GiB link; the presigned URL of the same object. */
  bigPath: string;
  presigned: string;
  databasePath: string;
  /** The link's statistics totals (bytes) as the API gives them. */
  statsBytes: () => Promise<number>;
  rounds: number;
  log: (m: string) => void;
}): Promise<OffloadBenchResult> {
  const loadBefore = load();
  // the link may have served bytes before (the stream and lb parts use the same object): only what this part adds,
  // read once the gateway's statistics buffer (flushed every second) has written the last of them
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const bytesBefore = await o.statsBytes();
  const nginx = await startNginx({
    gateways: [`127.0.0.1:${o.gatewayPort}`],
    storage: o.storage,
    port: o.nginxPort,
    secret: o.secret,
  });
  try {
    const url = nginx.url + o.bigPath;
    await curlMiBps(url, GIB); // warm-up, not counted (its bytes are booked all the same)
    const r = {
      offloaded: [] as number[],
      direct: [] as number[],
      nginxCpu: [] as number[],
      gatewayCpu: [] as number[],
    };
    const viaNginx = async (): Promise<void> => {
      const before = childrenCpuUs(nginx.pid);
      const gatewayBefore = cpuSeconds(o.gatewayPid);
      r.offloaded.push(await curlMiBps(url, GIB));
      r.nginxCpu.push(cpuDelta(before, childrenCpuUs(nginx.pid)) / 1e6);
      r.gatewayCpu.push(cpuSeconds(o.gatewayPid) - gatewayBefore);
    };
    const straight = async (): Promise<void> => void r.direct.push(await curlMiBps(o.presigned, GIB));
    for (let i = 0; i < o.rounds; i++) {
      if (i % 2 === 0) await viaNginx().then(straight);
      else await straight().then(viaNginx);
      o.log(
        `1 GiB offloaded round ${i + 1}: nginx+gateway ${r.offloaded.at(-1)!.toFixed(0)} MiB/s (nginx ${r.nginxCpu.at(-1)!.toFixed(2)}, gateway ${r.gatewayCpu.at(-1)!.toFixed(2)} CPU-s), direct ${r.direct.at(-1)!.toFixed(0)} MiB/s, ratio ${(r.offloaded.at(-1)! / r.direct.at(-1)!).toFixed(2)}; load ${load()}`,
      );
    }
    const loadAfter = load();
    // nginx writes a request's line after its last byte is sent: wait for every GET's (the warm-up's too), ≤ 5 s
    const logged = (): number => readFileSync(nginx.vars.NGINX_LOG!, 'utf8').split('\n').filter(Boolean).length;
    for (const end = Date.now() + 5000; logged() < o.rounds + 1 && Date.now() < end;)
      await new Promise((resolve) => setTimeout(resolve, 50));
    // the bytes, booked after the fact from nginx's log, as an operator's pipe does
    const cacheLog = spawn(
      process.execPath,
      ['--no-warnings', SERVER_BIN, 'cache-log', '--format', 'nginx-offload', '--instance', 'bench-nginx'],
      { env: { ...process.env, DATABASE_PATH: o.databasePath }, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let summary = '';
    cacheLog.stderr.on('data', (c: Buffer) => (summary += c.toString()));
    cacheLog.stdin.end(readFileSync(nginx.vars.NGINX_LOG!));
    await once(cacheLog, 'exit');
    const roundRatios = r.offloaded.map((b, i) => b / r.direct[i]!);
    return {
      ...r,
      roundRatios,
      medianOffloaded: median(r.offloaded),
      medianDirect: median(r.direct),
      ratio: median(roundRatios),
      medianNginxCpu: median(r.nginxCpu),
      medianGatewayCpu: median(r.gatewayCpu),
      bookedBytes: (await o.statsBytes()) - bytesBefore,
      expectedBytes: (o.rounds + 1) * GIB,
      cacheLogSummary: summary.trim(),
      loadBefore,
      loadAfter,
    };
  } finally {
    await nginx.stop();
  }
}

export function formatOffload(r: OffloadBenchResult | null): string[] {
  if (!r) return [];
  return [
    `1 GiB offload nginx+gateway ${r.medianOffloaded.toFixed(0)} MiB/s   direct RGW ${r.medianDirect.toFixed(0)} MiB/s   ratio ${r.ratio.toFixed(2)} (median of rounds ${r.roundRatios.map((x) => x.toFixed(2)).join(' ')}; target >= 0.90); ` +
      `CPU-s per GiB: nginx ${r.medianNginxCpu.toFixed(2)}, gateway ${r.medianGatewayCpu.toFixed(3)}; bytes booked from the log ${r.bookedBytes === r.expectedBytes ? 'exact' : 'NOT exact'} (${r.bookedBytes} of ${r.expectedBytes}); load ${r.loadBefore} → ${r.loadAfter}`,
  ];
}
