/**
 * One 1 GiB download through HAProxy and one gateway, for two checkouts in one run, against a presigned GET straight
 * from RGW: each checkout's `traydrop-server serve` behind an HAProxy started with that checkout's own
 * docs/deploy/haproxy.cfg (scripts/haproxy-start.sh), and the three GETs taken in turns (direct, before, after; then
 * the other way round) so a busy machine hurts all alike. Per GET: MiB/s (curl), its ratio to the direct GET of the
 * same round, and the CPU-seconds the gateway and HAProxy spent on it (user + system, from /proc). Before/after of a
 * change to the byte path, where run.ts's lb part measures one checkout. Results also go to
 * bench/gateway/results/lb-compare.json.
 *
 *   BENCH_BEFORE=/path/to/other/checkout node bench/gateway/lb-compare.ts      # BENCH_ROUNDS=9 by default
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { presign } from '../../server/s3/presign.ts';
import { startHaproxy } from '../../test/helpers/proxy-stack.ts';
import { adminS3, ensureRgw, serverEnvFor } from '../../test/helpers/rgw.ts';
import { newShareId } from '../../test/helpers/server.ts';
import { cpuSeconds, curlMiBps, median } from './measure.ts';
import { createToken, startGateway } from './processes.ts';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BEFORE = process.env.BENCH_BEFORE;
const BIG = process.env.BENCH_BIG_FILE ?? '/tmp/traydrop-bench-1g.bin';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const PORT = Number(process.env.BENCH_PORT ?? 18_680);
const GIB = 1 << 30;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

if (!BEFORE) {
  console.error('BENCH_BEFORE=<the other checkout> node bench/gateway/lb-compare.ts');
  process.exit(2);
}
if (!existsSync(BIG) || statSync(BIG).size !== GIB) {
  console.error(`${BIG} must be a 1 GiB file: node bench/gateway/run.ts writes one`);
  process.exit(2);
}

const rgw = await ensureRgw();
const databasePath = `/tmp/traydrop-bench-lb-compare-${process.pid}.db`;
const env = serverEnvFor(rgw, { shareBaseUrl: `http://127.0.0.1:${PORT}`, databasePath });
const userId = `bench-${randomBytes(3).toString('hex')}`;
const token = createToken(env, userId);
const key = `users/${userId}/${newShareId()}/big.bin`;
const s3 = adminS3(rgw);
const sides = [
  { name: 'before', root: BEFORE, port: PORT },
  { name: 'after', root: here, port: PORT + 1 },
];
const started: { stop(): Promise<void> }[] = [];
try {
  // both gateways read the one SQLite file (WAL): the link is reported once
  const gateways = [];
  for (const side of sides) {
    const gateway = await startGateway(env, side.port, side.root);
    started.push(gateway);
    gateways.push(gateway);
  }
  await s3.send(
    new PutObjectCommand({
      Bucket: rgw.bucket,
      Key: key,
      Body: createReadStream(BIG),
      ContentType: 'application/octet-stream',
      ContentLength: GIB,
      Tagging: 'expire=never', // a lifecycle "day" is seconds on the test RGW
    }),
  );
  const reported = await fetch(`http://127.0.0.1:${PORT}/v1/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  if (!reported.ok) throw new Error(`report ${key}: ${reported.status} ${await reported.text()}`);
  const linkPath = `/${key.split('/')[2]}/big.bin/raw`;
  const direct = presign({
    endpoint: rgw.endpoint,
    region: rgw.region,
    bucket: rgw.bucket,
    key,
    accessKeyId: rgw.adminAccessKeyId,
    secretAccessKey: rgw.adminSecretAccessKey,
  });
  const paths = [];
  for (const [i, side] of sides.entries()) {
    const config = path.join(side.root, 'docs', 'deploy', 'haproxy.cfg');
    const lb = await startHaproxy({ gateways: [`127.0.0.1:${side.port}`], port: PORT + 2 + i, config });
    started.push(lb);
    paths.push({ name: side.name, url: lb.url + linkPath, gatewayPid: gateways[i]!.child.pid!, haproxyPid: lb.pid });
  }
  const runs = [{ name: 'direct', url: direct, gatewayPid: 0, haproxyPid: 0 }, ...paths];
  type Sample = { mibps: number; ratio: number; gatewayCpu: number; haproxyCpu: number };
  const samples = new Map<string, Sample[]>(runs.map((r) => [r.name, []]));
  for (const r of runs) await curlMiBps(r.url, GIB); // warm-up, not counted
  const loadBefore = load();
  for (let round = 0; round < ROUNDS; round++) {
    const got = new Map<string, Omit<Sample, 'ratio'>>();
    for (const r of round % 2 ? [...runs].reverse() : runs) {
      const cpu = (): number[] => (r.gatewayPid ? [cpuSeconds(r.gatewayPid), cpuSeconds(r.haproxyPid)] : [0, 0]);
      const before = cpu();
      const mibps = await curlMiBps(r.url, GIB);
      const after = cpu();
      got.set(r.name, { mibps, gatewayCpu: after[0]! - before[0]!, haproxyCpu: after[1]! - before[1]! });
    }
    const base = got.get('direct')!.mibps;
    for (const [name, g] of got) samples.get(name)!.push({ ...g, ratio: g.mibps / base });
    console.error(
      `round ${round + 1}: ${[...got].map(([name, g]) => `${name} ${g.mibps.toFixed(0)} MiB/s${g.gatewayCpu ? ` (gateway ${g.gatewayCpu.toFixed(2)}, HAProxy ${g.haproxyCpu.toFixed(2)} CPU-s)` : ''}`).join(', ')}; load ${load()}`,
    );
  }
  const summary = Object.fromEntries(
    [...samples].map(([name, s]) => [
      name,
      {
        medianMiBps: median(s.map((x) => x.mibps)),
        medianRatio: median(s.map((x) => x.ratio)),
        medianGatewayCpuPerGiB: median(s.map((x) => x.gatewayCpu)),
        medianHaproxyCpuPerGiB: median(s.map((x) => x.haproxyCpu)),
        samples: s,
      },
    ]),
  );
  for (const [name, s] of Object.entries(summary))
    console.log(
      name === 'direct'
        ? `direct RGW GET:            ${s.medianMiBps.toFixed(0)} MiB/s`
        : `${`HAProxy + gateway, ${name}:`.padEnd(27)}${s.medianMiBps.toFixed(0)} MiB/s, ratio to direct ${s.medianRatio.toFixed(2)} (median of ${ROUNDS} rounds' ratios; target >= 0.90), CPU-s per GiB: gateway ${s.medianGatewayCpuPerGiB.toFixed(2)}, HAProxy ${s.medianHaproxyCpuPerGiB.toFixed(2)}`,
    );
  console.log(`before = ${BEFORE}, after = ${here}; load ${loadBefore} → ${load()}`);
  const out = path.join(here, 'bench', 'gateway', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'lb-compare.json'),
    `${JSON.stringify({ date: new Date().toISOString(), before: BEFORE, loadBefore, loadAfter: load(), summary }, null, 2)}\n`,
  );
} finally {
  for (const s of started.reverse()) await s.stop();
  await s3.send(new DeleteObjectCommand({ Bucket: rgw.bucket, Key: key })).catch(() => {});
  s3.destroy();
  for (const suffix of ['', '-wal', '-shm']) rmSync(databasePath + suffix, { force: true });
}
