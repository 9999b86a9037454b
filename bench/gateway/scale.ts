/**
 * `node bench/gateway/scale.ts`: one gateway against three behind HAProxy, for a small link served by the gateways
 * (uncached) and through Varnish (cached), with wrk. The three share one SQLite file (WAL): a stand-in for the shared
 * database, as in test/integration/gateway-lb-failover.test.ts. What it shows on a 2-core machine is where the ceiling is
 * (docs/scaling.md), not how a cluster of machines grows. BENCH_WRK_SECONDS (8) per run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHaproxy, startVarnish } from '../../test/helpers/proxy-stack.ts';
import { ensureRgw } from '../../test/helpers/rgw.ts';
import {
  createTokenCli,
  processEnv,
  type ServerProcess,
  shareObject,
  startServerProcess,
} from '../../test/helpers/server-process.ts';
import { wrk } from './measure.ts';

const SECONDS = Number(process.env.BENCH_WRK_SECONDS ?? 8);
const log = (m: string) => process.stderr.write(`[bench:scale] ${m}\n`);
const load = (): string => loadavg()[0]!.toFixed(1);

const rgw = await ensureRgw();
const dir = mkdtempSync(join(tmpdir(), 'traydrop-bench-scale-'));
const env = processEnv(rgw, join(dir, 'shared.db'));
const userId = `scale-${randomBytes(3).toString('hex')}`;
const token = createTokenCli(env, userId);
const gateways: ServerProcess[] = [];
const rows: string[] = [];
try {
  for (let i = 0; i < 3; i++) gateways.push(await startServerProcess(env));
  const link = await shareObject(rgw, gateways[0]!.url, token, userId, 'small.png', randomBytes(50_000), 'image/png');
  for (const n of [1, 3]) {
    const lb = await startHaproxy({ gateways: gateways.slice(0, n).map((g) => `127.0.0.1:${g.port}`) });
    const varnish = await startVarnish({ backend: new URL(lb.url).host });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500)); // HAProxy's checks: every gateway up
      for (const [what, url] of [
        ['uncached (HAProxy → gateways)', lb.url + link.rawPath],
        ['cached (Varnish → HAProxy → gateways)', varnish.url + link.rawPath],
      ] as const) {
        await wrk(url, 2, 32);
        const before = load();
        const r = await wrk(url, SECONDS, 64);
        const row = `${n} gateway${n > 1 ? 's' : ' '}  ${what.padEnd(38)} ${r.rps.toFixed(0).padStart(6)} req/s  p99 ${r.p99ms.toFixed(1)} ms  errors ${r.errors}  load ${before} → ${load()}`;
        log(row);
        rows.push(row);
      }
    } finally {
      await varnish.stop();
      await lb.stop();
    }
  }
  await link.remove();
  console.log(rows.join('\n'));
} finally {
  for (const g of gateways) await g.kill();
  rmSync(dir, { recursive: true, force: true });
}
