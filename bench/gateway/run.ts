/**
 * `node bench/gateway/run.ts`: the share gateway against its baselines, in one run.
 *  1. throughput of one 1 GiB GET through the gateway vs a presigned GET straight from RGW (curl);
 *  2. requests/s for a 50 KB image through the gateway vs nginx proxy_pass to RGW (wrk);
 *  3. the gateway's RSS while 200 slow clients each stream the 1 GiB object;
 *  4. (cache) requests/s for a hot 50 KB link through Varnish vs nginx proxy_pass to RGW, statistics checked exact;
 *  5. (lb) one 1 GiB GET through HAProxy and the gateway vs a presigned GET from RGW (bench/gateway/cache-and-lb.ts);
 *  6. (offload) one 1 GiB GET through nginx and the gateway with BYTES_OFFLOAD=x-accel vs a presigned GET from RGW,
 *     its bytes then booked from nginx's log (bench/gateway/offload.ts). Not in the default parts: BENCH_PARTS=offload.
 * Runs are interleaved (gateway, baseline, baseline, gateway, …) so a busy machine hurts both alike; the
 * streaming ratio is given as the ratio of the medians and as the median of the rounds' own ratios.
 * Results: stdout, and bench/gateway/results/latest.json (the offload part: results/offload.json).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { adminS3, ensureRgw, serverEnvFor } from '../../test/helpers/rgw.ts';
import { newShareId } from '../../test/helpers/server.ts';
import { cpuSeconds, curlMiBps, slowClients, wrk, type WrkResult } from './measure.ts';
import { formatSummary, summarize } from './report.ts';
import { presign } from '../../server/s3/presign.ts';
import { createToken, startGateway, startNginx } from './processes.ts';
import { cacheBench, formatCacheAndLb, lbBench } from './cache-and-lb.ts';
import { formatOffload, offloadBench } from './offload.ts';

const BIG = process.env.BENCH_BIG_FILE ?? '/tmp/traydrop-bench-1g.bin';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The 1 GiB rounds take seconds each and vary most: more of them. */
const STREAM_ROUNDS = Number(process.env.BENCH_STREAM_ROUNDS ?? 7);
const WRK_SECONDS = Number(process.env.BENCH_WRK_SECONDS ?? 8);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'stream,small,slow,cache,lb').split(','));
const GW_PORT = 18480;
const NGINX_PORT = 18481;
const VARNISH_PORT = 18482;
const HAPROXY_PORT = 18483;
const OFFLOAD_NGINX_PORT = 18484;
const log = (m: string) => process.stderr.write(`[bench:gateway] ${m}\n`);

async function main(): Promise<void> {
  const rgw = await ensureRgw();
  if (!existsSync(BIG) || statSync(BIG).size !== 1 << 30) {
    log(`writing ${BIG} (1 GiB of random bytes)`);
    const chunk = randomBytes(1 << 20);
    const { openSync, writeSync, closeSync } = await import('node:fs');
    const fd = openSync(BIG, 'w');
    for (let i = 0; i < 1024; i++) writeSync(fd, chunk);
    closeSync(fd);
  }
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const env = serverEnvFor(rgw, {
    shareBaseUrl: `http://127.0.0.1:${GW_PORT}`,
    databasePath: `/tmp/traydrop-bench-gateway-${process.pid}.db`,
  });
  // only requests through the offload part's nginx ask for it (X-Traydrop-Offload): the other parts are unchanged
  const offloadSecret = randomBytes(24).toString('base64url');
  if (PARTS.has('offload')) Object.assign(env, { BYTES_OFFLOAD: 'x-accel', BYTES_OFFLOAD_SECRET: offloadSecret });

  const userId = `bench-${randomBytes(3).toString('hex')}`;
  const token = createToken(env, userId);
  const gateway = await startGateway(env, GW_PORT);
  const nginx = await startNginx(NGINX_PORT, rgw.endpoint);
  const s3 = adminS3(rgw);
  const keys: string[] = [];
  try {
    async function share(name: string, body: Buffer | ReturnType<typeof createReadStream>, type: string, size: number) {
      const key = `users/${userId}/${newShareId()}/${name}`;
      keys.push(key);
      await s3.send(
        new PutObjectCommand({
          Bucket: rgw.bucket,
          Key: key,
          Body: body,
          ContentType: type,
          ContentLength: size,
          // never: a lifecycle "day" is seconds on the test RGW
          Tagging: 'expire=never',
        }),
      );
      const res = await fetch(`http://127.0.0.1:${GW_PORT}/v1/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ key }),
      });
      if (!res.ok) throw new Error(`report ${key}: ${res.status} ${await res.text()}`);
      const raw = `http://127.0.0.1:${GW_PORT}/${key.split('/')[2]}/${name}/raw`;
      const presigned = presign({
        endpoint: rgw.endpoint,
        region: rgw.region,
        bucket: rgw.bucket,
        key,
        accessKeyId: rgw.adminAccessKeyId,
        secretAccessKey: rgw.adminSecretAccessKey,
      });
      return { key, raw, presigned };
    }
    log('uploading the 1 GiB object and the 50 KB image');
    const big = await share('big.bin', createReadStream(BIG), 'application/octet-stream', 1 << 30);
    const image = await share('photo.png', randomBytes(50_000), 'image/png', 50_000);
    const viaNginx = image.presigned.replace(rgw.endpoint, `http://127.0.0.1:${NGINX_PORT}`);

    const stream = { gateway: [] as number[], direct: [] as number[], gatewayCpuPerGiB: [] as number[] };
    const viaGateway = async (): Promise<void> => {
      const cpuBefore = cpuSeconds(gateway.child.pid!);
      stream.gateway.push(await curlMiBps(big.raw, 1 << 30));
      stream.gatewayCpuPerGiB.push(cpuSeconds(gateway.child.pid!) - cpuBefore);
    };
    const direct = async (): Promise<void> => void stream.direct.push(await curlMiBps(big.presigned, 1 << 30));
    if (PARTS.has('stream')) {
      // warm-up, not counted: the first GETs after an upload are slower on both paths
      await curlMiBps(big.raw, 1 << 30);
      await curlMiBps(big.presigned, 1 << 30);
    }
    for (let i = 0; i < (PARTS.has('stream') ? STREAM_ROUNDS : 0); i++) {
      // the order alternates, so whichever goes second in a round (page cache, CPU frequency) is not always the same one
      if (i % 2 === 0) await viaGateway().then(direct);
      else await direct().then(viaGateway);
      const ratio = stream.gateway.at(-1)! / stream.direct.at(-1)!;
      log(
        `1 GiB round ${i + 1}: gateway ${stream.gateway.at(-1)!.toFixed(0)} MiB/s (${stream.gatewayCpuPerGiB.at(-1)!.toFixed(2)} CPU-s), direct ${stream.direct.at(-1)!.toFixed(0)} MiB/s, ratio ${ratio.toFixed(2)}`,
      );
    }
    const small = { gateway: [] as WrkResult[], nginx: [] as WrkResult[] };
    if (PARTS.has('small')) {
      await wrk(image.raw, 2, 32);
      await wrk(viaNginx, 2, 32);
    }
    for (let i = 0; i < (PARTS.has('small') ? ROUNDS : 0); i++) {
      small.gateway.push(await wrk(image.raw, WRK_SECONDS, 32));
      small.nginx.push(await wrk(viaNginx, WRK_SECONDS, 32));
      log(
        `50 KB round ${i + 1}: gateway ${small.gateway.at(-1)!.rps.toFixed(0)} req/s, nginx ${small.nginx.at(-1)!.rps.toFixed(0)} req/s`,
      );
    }
    let slow = null;
    if (PARTS.has('slow')) {
      log('200 slow clients on the 1 GiB object (64 KiB/s each, 30 s)');
      slow = await slowClients(big.raw, gateway.child.pid!, { clients: 200, seconds: 30, bytesPerSec: 64 * 1024 });
    }
    let cache = null;
    if (PARTS.has('cache')) {
      const hot = await share('hot.png', randomBytes(50_000), 'image/png', 50_000);
      const hotShareId = hot.key.split('/')[2]!;
      cache = await cacheBench({
        gatewayPort: GW_PORT,
        varnishPort: VARNISH_PORT,
        databasePath: env.DATABASE_PATH!,
        hotPath: new URL(hot.raw).pathname,
        hotShareId,
        hotBytes: 50_000,
        nginxUrl: hot.presigned.replace(rgw.endpoint, `http://127.0.0.1:${NGINX_PORT}`),
        stats: async () => {
          const res = await fetch(`http://127.0.0.1:${GW_PORT}/v1/files/${hotShareId}/stats`, {
            headers: { authorization: `Bearer ${token}` },
          });
          const body = (await res.json()) as { totals: { downloads: number; bytes: number } };
          return body.totals;
        },
        rounds: ROUNDS,
        seconds: WRK_SECONDS,
        log,
      });
    }
    const lb = PARTS.has('lb')
      ? await lbBench({
          gatewayPort: GW_PORT,
          gatewayPid: gateway.child.pid!,
          haproxyPort: HAPROXY_PORT,
          bigPath: new URL(big.raw).pathname,
          presigned: big.presigned,
          rounds: STREAM_ROUNDS,
          log,
        })
      : null;
    const offload = PARTS.has('offload')
      ? await offloadBench({
          gatewayPort: GW_PORT,
          gatewayPid: gateway.child.pid!,
          nginxPort: OFFLOAD_NGINX_PORT,
          secret: offloadSecret,
          storage: new URL(rgw.endpoint).host,
          bigPath: new URL(big.raw).pathname,
          presigned: big.presigned,
          databasePath: env.DATABASE_PATH!,
          statsBytes: async () => {
            const res = await fetch(`http://127.0.0.1:${GW_PORT}/v1/files/${big.key.split('/')[2]}/stats`, {
              headers: { authorization: `Bearer ${token}` },
            });
            return ((await res.json()) as { totals: { bytes: number } }).totals.bytes;
          },
          rounds: STREAM_ROUNDS,
          log,
        })
      : null;
    const result = { ...summarize(stream, small, slow), cache, lb, offload };
    // the offload part has a file of its own: a run of it alone does not replace the other parts' results
    if ([...PARTS].some((part) => part !== 'offload'))
      writeFileSync(`${dir}latest.json`, `${JSON.stringify(result, null, 2)}\n`);
    if (offload) writeFileSync(`${dir}offload.json`, `${JSON.stringify(offload, null, 2)}\n`);
    console.log([formatSummary(result), ...formatCacheAndLb(cache, lb), ...formatOffload(offload)].join('\n'));
  } finally {
    await nginx.stop();
    await gateway.stop();
    for (const Key of keys) await s3.send(new DeleteObjectCommand({ Bucket: rgw.bucket, Key }));
    s3.destroy();
    for (const suffix of ['', '-wal', '-shm']) rmSync(env.DATABASE_PATH + suffix, { force: true });
  }
}

await main();
