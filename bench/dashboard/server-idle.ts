/**
 * The bundled server's resident memory at rest, the floor under upload-endpoint.ts's peak (issue #16): what the
 * modules loaded at start cost before any request. Starts `traydrop-server serve` (its bundle, on the test RGW and
 * a SQLite file) BENCH_STARTS times, and reads its VmRSS once /health answers and again after a settle time.
 *
 *   node bench/dashboard/server-idle.ts        # BENCH_STARTS=5, BENCH_SETTLE_MS=2000; builds first (npm run build)
 *
 * BENCH_SERVER_NODE_OPTIONS is the server's NODE_OPTIONS (e.g. --max-semi-space-size=2 to compare a V8 flag).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureRgw } from '../../test/helpers/rgw.ts';
import { processEnv, startServerProcess } from '../../test/helpers/server-process.ts';

const run = promisify(execFile);
const MiB = 1024 * 1024;
const repo = fileURLToPath(new URL('../../', import.meta.url));
const starts = Number(process.env.BENCH_STARTS ?? 5);
const settleMs = Number(process.env.BENCH_SETTLE_MS ?? 2000);

const rssOf = (pid: number): number =>
  Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const mib = (bytes: number): string => (bytes / MiB).toFixed(1);

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'traydrop-bench-server-idle-'));
  const rgw = await ensureRgw();
  await run(process.execPath, [join(repo, 'scripts', 'build-app.ts')], { cwd: repo });
  const loadStart = load();
  const ready: number[] = [];
  const settled: number[] = [];
  try {
    for (let i = 0; i < starts; i++) {
      const env = processEnv(rgw, join(scratch, `server-${i}.db`));
      if (process.env.BENCH_SERVER_NODE_OPTIONS) env.NODE_OPTIONS = process.env.BENCH_SERVER_NODE_OPTIONS;
      const server = await startServerProcess(env);
      try {
        ready.push(rssOf(server.child.pid!));
        await new Promise((resolve) => setTimeout(resolve, settleMs));
        settled.push(rssOf(server.child.pid!));
      } finally {
        await server.kill();
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const flags = process.env.BENCH_SERVER_NODE_OPTIONS ? ` (NODE_OPTIONS=${process.env.BENCH_SERVER_NODE_OPTIONS})` : '';
  console.log(`bundled server idle RSS${flags}, ${starts} starts; load average ${loadStart} → ${load()}`);
  console.log(`  at /health: median ${mib(median(ready))} MiB (${ready.map(mib).join(', ')})`);
  console.log(`  after ${settleMs} ms: median ${mib(median(settled))} MiB (${settled.map(mib).join(', ')})`);
}

await main();
