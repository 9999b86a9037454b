/**
 * The floor under issue #15's "1 GiB through the load balancer and one gateway ≥ 0.9× a direct RGW GET": the same
 * 1 GiB presigned GET straight from RGW and through HAProxy alone (docs/deploy/haproxy.cfg, with RGW itself as the
 * only backend server and no gateway behind it), taken in turns. Whatever HAProxy costs here, HAProxy + a gateway
 * costs at least as much: if HAProxy alone cannot reach 0.9× on this machine, no gateway design with HAProxy in
 * the path can. Per GET: MiB/s (curl), its ratio to the direct GET of the same round, and the CPU-seconds HAProxy
 * spent (user + system, from /proc). The health check is turned off in the copy of the file it runs (RGW has no
 * /v1/health); everything else (splice, buffers, timeouts) is the shipped file. curl keeps the presigned Host
 * header and only connects to HAProxy's port (`--connect-to`), so the signature holds.
 *
 * In the same rounds, nginx alone: docs/deploy/nginx-offload.conf with its storage location made public (the `internal`
 * line dropped), asked for `/_traydrop_storage/<rgw host><presigned path and query>`, which is exactly the fetch nginx
 * makes after a gateway's X-Accel-Redirect (the gateway's part, one small answer, is not in it). Its CPU-seconds are
 * its workers'.
 *
 *   node bench/gateway/lb-floor.ts        # BENCH_ROUNDS=9 by default; needs the 1 GiB file run.ts writes
 */
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { presign } from '../../server/s3/presign.ts';
import { startHaproxy, startNginx } from '../../test/helpers/proxy-stack.ts';
import { adminS3, ensureRgw } from '../../test/helpers/rgw.ts';
import { cpuSeconds, curlMiBps, median } from './measure.ts';
import { childrenCpuUs, cpuDelta } from './proc-cpu.ts';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIG = process.env.BENCH_BIG_FILE ?? '/tmp/traydrop-bench-1g.bin';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const GIB = 1 << 30;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

if (!existsSync(BIG) || statSync(BIG).size !== GIB) {
  console.error(`${BIG} must be a 1 GiB file: node bench/gateway/run.ts writes one`);
  process.exit(2);
}

const rgw = await ensureRgw();
const s3 = adminS3(rgw);
const key = `bench/lb-floor-${process.pid}.bin`;
const work = mkdtempSync(path.join(tmpdir(), 'traydrop-lb-floor-'));
const shipped = readFileSync(path.join(here, 'docs', 'deploy', 'haproxy.cfg'), 'utf8');
const config = path.join(work, 'haproxy.cfg');
writeFileSync(
  config,
  shipped
    .split('\n')
    .filter((line) => !/^\s*(option httpchk|http-check )/.test(line))
    .join('\n'),
);
const nginxConfig = path.join(work, 'nginx-offload.conf');
writeFileSync(
  nginxConfig,
  readFileSync(path.join(here, 'docs', 'deploy', 'nginx-offload.conf'), 'utf8').replace(/^\s*internal;\n/m, ''),
);
let lb: Awaited<ReturnType<typeof startHaproxy>> | undefined;
let ng: Awaited<ReturnType<typeof startNginx>> | undefined;
try {
  const rgwHostPort = new URL(rgw.endpoint).host;
  lb = await startHaproxy({ gateways: [rgwHostPort], config, dir: path.join(work, 'h') });
  ng = await startNginx({ gateways: [rgwHostPort], storage: rgwHostPort, config: nginxConfig });
  await s3.send(
    new PutObjectCommand({
      Bucket: rgw.bucket,
      Key: key,
      Body: createReadStream(BIG),
      ContentLength: GIB,
      Tagging: 'expire=never',
    }),
  );
  const url = presign({
    endpoint: rgw.endpoint,
    region: rgw.region,
    bucket: rgw.bucket,
    key,
    accessKeyId: rgw.adminAccessKeyId,
    secretAccessKey: rgw.adminSecretAccessKey,
  });
  const viaLb = `${rgwHostPort}:${new URL(lb.url).host}`;
  const signed = new URL(url);
  const viaNginx = `${ng.url}/_traydrop_storage/${rgwHostPort}${signed.pathname}${signed.search}`;
  await curlMiBps(url, GIB);
  await curlMiBps(url, GIB, viaLb); // warm-up, not counted
  await curlMiBps(viaNginx, GIB);
  const loadBefore = load();
  const direct: number[] = [];
  const through: number[] = [];
  const ratios: number[] = [];
  const cpu: number[] = [];
  const viaNg: number[] = [];
  const ngRatios: number[] = [];
  const ngCpu: number[] = [];
  const orders = [
    ['direct', 'lb', 'nginx'],
    ['nginx', 'lb', 'direct'],
    ['lb', 'direct', 'nginx'],
  ];
  for (let round = 0; round < ROUNDS; round++) {
    let d = 0;
    let h = 0;
    let c = 0;
    let n = 0;
    let nc = 0;
    for (const which of orders[round % orders.length]!) {
      if (which === 'direct') d = await curlMiBps(url, GIB);
      else if (which === 'lb') {
        const before = cpuSeconds(lb.pid);
        h = await curlMiBps(url, GIB, viaLb);
        c = cpuSeconds(lb.pid) - before;
      } else {
        const before = childrenCpuUs(ng.pid);
        n = await curlMiBps(viaNginx, GIB);
        nc = cpuDelta(before, childrenCpuUs(ng.pid)) / 1e6;
      }
    }
    direct.push(d);
    through.push(h);
    ratios.push(h / d);
    cpu.push(c);
    viaNg.push(n);
    ngRatios.push(n / d);
    ngCpu.push(nc);
    console.error(
      `round ${round + 1}: direct ${d.toFixed(0)} MiB/s, HAProxy alone ${h.toFixed(0)} MiB/s (${c.toFixed(2)} CPU-s), ratio ${(h / d).toFixed(2)}; nginx alone ${n.toFixed(0)} MiB/s (${nc.toFixed(2)} CPU-s), ratio ${(n / d).toFixed(2)}; load ${load()}`,
    );
  }
  console.log(`direct RGW GET:        ${median(direct).toFixed(0)} MiB/s (median of ${ROUNDS})`);
  console.log(
    `HAProxy alone -> RGW:  ${median(through).toFixed(0)} MiB/s, ratio to direct ${median(ratios).toFixed(2)} (median of ${ROUNDS} rounds' ratios: ${ratios.map((r) => r.toFixed(2)).join(' ')}); HAProxy ${median(cpu).toFixed(2)} CPU-s per GiB`,
  );
  console.log(
    `nginx alone -> RGW:    ${median(viaNg).toFixed(0)} MiB/s, ratio to direct ${median(ngRatios).toFixed(2)} (median of ${ROUNDS} rounds' ratios: ${ngRatios.map((r) => r.toFixed(2)).join(' ')}); nginx ${median(ngCpu).toFixed(2)} CPU-s per GiB`,
  );
  console.log(`2 cores (${process.env.HOSTNAME ?? 'this machine'}); load ${loadBefore} -> ${load()}`);
} finally {
  await lb?.stop().catch(() => {});
  await ng?.stop().catch(() => {});
  await s3.send(new DeleteObjectCommand({ Bucket: rgw.bucket, Key: key })).catch(() => {});
  s3.destroy();
  rmSync(work, { recursive: true, force: true });
}
