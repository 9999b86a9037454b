/**
 * The link lookup at index scale, SQLite against PostgreSQL in one run: the same BENCH_LINKS links (1M by default,
 * index-fill.ts) in a SQLite file and in a throw-away PostgreSQL cluster (scripts/pg-start.sh on a folder and port
 * of its own, wiped at the end), one of them a real object in RGW; a server from BENCH_ROOT (this checkout by
 * default) on each, and with BENCH_BEFORE=<other checkout> a second pair from there on the same databases (before
 * and after a change in one run); then the time to first byte of that link and of the owner's files list (GET
 * /v1/files, 50 newest), one request at a time, then 16 at a time. BENCH_LOOKUPS (2000) requests per server and
 * case, in BENCH_ROUNDS (20) rounds: each round gives every server one block, the order turned by one each round, so
 * a busy machine hurts all alike. It prints the medians, PostgreSQL's median over SQLite's (target: within 1.5×),
 * the median and range of the rounds' own ratios, the CPU per request (the server's, and PostgreSQL's backends':
 * steadier than wall time under load) and the load average. Not part of the tests; run it under the bench lock:
 *
 *   flock /tmp/traydrop-bench.lock node bench/gateway/index-lookup.ts
 *   BENCH_BEFORE=/path/to/main/checkout flock /tmp/traydrop-bench.lock node bench/gateway/index-lookup.ts
 *   BENCH_BEFORE=. BENCH_BEFORE_ENV=DATABASE_PREPARED_STATEMENTS=false …   # this checkout without named statements
 *   BENCH_DATABASES=sqlite node bench/gateway/index-lookup.ts
 *
 * Results also go to bench/gateway/results/index-lookup.json. */
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import { adminS3, ensureRgw, serverEnvFor } from '../../test/helpers/rgw.ts';
import { fillPostgres, fillSqlite, INDEX_TOKEN, keyOf, shareIdOf } from './index-fill.ts';
import { childrenCpuUs, cpuDelta, cpuUsOf } from './proc-cpu.ts';
import { median } from './measure.ts';
import { startServeProcess } from './processes.ts';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const root = process.env.BENCH_ROOT ?? here;
const beforeRoot = process.env.BENCH_BEFORE;
/** Extra env of the "before" servers (`A=1,B=2`): BENCH_BEFORE=. with DATABASE_PREPARED_STATEMENTS=false isolates those. */
const beforeEnv = Object.fromEntries(
  (process.env.BENCH_BEFORE_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);
const LINKS = Number(process.env.BENCH_LINKS ?? 1_000_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 18_191);
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',') as Kind[];
const PG_DIR = process.env.BENCH_PG_DIR ?? '/tmp/traydrop-bench-pg';
const PG_PORT = process.env.BENCH_PG_PORT ?? '15499';
const run = promisify(execFile);
const script = (name: string): string => path.join(here, 'scripts', name);
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

type Kind = 'sqlite' | 'postgres';
interface Server {
  kind: Kind;
  /** `sqlite`, `postgres`, or with BENCH_BEFORE also `sqlite before` and `postgres before` */
  label: string;
  base: string;
  child: ChildProcess;
}

async function timeOne(url: string, headers: Record<string, string>): Promise<number> {
  const t0 = process.hrtime.bigint();
  const res = await fetch(url, { headers });
  const ttfb = Number(process.hrtime.bigint() - t0) / 1e3;
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return ttfb;
}

/** `count` requests, `concurrency` at a time: their times to first byte (µs) and the wall time (ms). */
async function block(url: string, headers: Record<string, string>, count: number, concurrency: number) {
  const times: number[] = [];
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) times.push(await timeOne(url, headers));
    }),
  );
  return { times, ms: Date.now() - t0 };
}

async function startServer(kind: Kind, port: number, env: NodeJS.ProcessEnv, before = false): Promise<Server> {
  const from = before ? beforeRoot! : root;
  const child = await startServeProcess(from, port, env, `${kind} server`);
  const label = before ? `${kind} before` : kind;
  return { kind, label, base: `http://127.0.0.1:${port}`, child };
}

/** A fresh `bench_index` database on our own cluster (a kept cluster's old one is dropped and made again). */
async function freshPostgres(): Promise<string> {
  const env = { ...process.env, PG_DIR, PG_PORT, PG_DB: 'bench_index' };
  const { stdout } = await run('bash', [script('pg-start.sh')], { env });
  const url = /^DATABASE_URL=(\S+)$/m.exec(stdout)?.[1];
  if (!url) throw new Error(`pg-start.sh printed no DATABASE_URL:\n${stdout}`);
  const client = new pg.Client({ connectionString: url.replace(/\/bench_index$/, '/postgres') });
  await client.connect();
  await client.query('DROP DATABASE IF EXISTS bench_index WITH (FORCE)');
  await client.query('CREATE DATABASE bench_index');
  await client.end();
  return url;
}

const rgw = await ensureRgw();
const dir = mkdtempSync(path.join(tmpdir(), 'traydrop-bench-index-'));
const target = Math.floor(LINKS / 2000) * 1000; // a link of the bench user, mid-index
const s3 = adminS3(rgw);
await s3.send(
  // never: a lifecycle "day" is seconds on the test RGW, and filling the indexes takes minutes
  new PutObjectCommand({
    Bucket: rgw.bucket,
    Key: keyOf(target),
    Body: Buffer.alloc(1024, 1),
    Tagging: 'expire=never',
  }),
);
const { DATABASE_PATH: _unused, ...s3Env } = serverEnvFor(rgw, {
  shareBaseUrl: 'https://share.bench.test',
  databasePath: '',
});
const baseEnv = { ...process.env, ...s3Env };
const servers: Server[] = [];
try {
  if (DATABASES.includes('sqlite')) {
    const file = path.join(dir, 'index.db');
    const t0 = Date.now();
    fillSqlite(file, LINKS);
    console.log(`SQLite index: ${LINKS} links in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    servers.push(await startServer('sqlite', PORT, { ...baseEnv, DATABASE_PATH: file }));
    if (beforeRoot)
      servers.push(await startServer('sqlite', PORT + 2, { ...baseEnv, ...beforeEnv, DATABASE_PATH: file }, true));
  }
  if (DATABASES.includes('postgres')) {
    const url = await freshPostgres();
    // the server makes its schema on the empty database; the rows go in after
    const server = await startServer('postgres', PORT + 1, { ...baseEnv, DATABASE_URL: url });
    servers.push(server);
    const t0 = Date.now();
    await fillPostgres(url, LINKS);
    console.log(`PostgreSQL index: ${LINKS} links in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // the other checkout on the schema this one made (it must not need a later migration)
    if (beforeRoot)
      servers.push(await startServer('postgres', PORT + 3, { ...baseEnv, ...beforeEnv, DATABASE_URL: url }, true));
  }
  console.log(`server from ${root}${beforeRoot ? `, "before" from ${beforeRoot}` : ''}; load before ${load()}`);
  const auth = { authorization: `Bearer ${INDEX_TOKEN}` };
  const cases = [
    { name: 'link first byte', path: `/${shareIdOf(target)}/a.bin/raw`, headers: {} },
    { name: 'files list (50)', path: '/v1/files?limit=50', headers: auth },
  ];
  const postmaster = DATABASES.includes('postgres')
    ? Number(readFileSync(path.join(PG_DIR, 'data', 'postmaster.pid'), 'utf8').split('\n')[0])
    : 0;
  const perBlock = Math.ceil(LOOKUPS / ROUNDS);
  const results: Record<string, Record<string, unknown>> = {};
  for (const concurrency of [1, 16])
    for (const c of cases) {
      const label = `${c.name} ×${concurrency}`;
      const loadBefore = load();
      const acc = new Map(
        servers.map((s) => [s.label, { times: [] as number[], blockMedians: [] as number[], ms: 0, cpu: 0, db: 0 }]),
      );
      for (const s of servers) await block(s.base + c.path, c.headers, 200, concurrency); // warm-up
      // rounds: every server one block, the order turned by one each round, so load that comes and goes hurts all
      for (let r = 0; r < ROUNDS; r++)
        for (let i = 0; i < servers.length; i++) {
          const s = servers[(i + r) % servers.length]!;
          const a = acc.get(s.label)!;
          const [cpu0, db0] = [cpuUsOf(s.child.pid!), postmaster ? childrenCpuUs(postmaster) : new Map()];
          const res = await block(s.base + c.path, c.headers, perBlock, concurrency);
          a.cpu += cpuUsOf(s.child.pid!) - cpu0;
          if (postmaster) a.db += cpuDelta(db0, childrenCpuUs(postmaster));
          a.times.push(...res.times);
          a.blockMedians.push(median(res.times));
          a.ms += res.ms;
        }
      const out: Record<string, unknown> = { loadBefore, loadAfter: load() };
      for (const s of servers) {
        const a = acc.get(s.label)!;
        const sorted = [...a.times].sort((x, y) => x - y);
        const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
        const n = sorted.length;
        const stats = {
          medianUs: median(sorted),
          p90Us: q(0.9),
          rps: (n / a.ms) * 1000,
          cpuUsPerRequest: { server: a.cpu / n, database: s.kind === 'postgres' ? a.db / n : 0 },
        };
        out[s.label] = stats;
        console.log(
          `${label.padEnd(22)} ${s.label.padEnd(16)} median ${stats.medianUs.toFixed(0)} µs  p90 ${stats.p90Us.toFixed(0)} µs  ` +
            `${stats.rps.toFixed(0)} req/s  CPU per request: server ${stats.cpuUsPerRequest.server.toFixed(0)} µs` +
            (s.kind === 'postgres' ? ` + PostgreSQL ${stats.cpuUsPerRequest.database.toFixed(0)} µs` : ''),
        );
      }
      for (const suffix of beforeRoot ? ['', ' before'] : ['']) {
        const [lite, post] = [acc.get(`sqlite${suffix}`), acc.get(`postgres${suffix}`)];
        if (!lite || !post) continue;
        const ratio = median(post.times) / median(lite.times);
        const perRound = post.blockMedians.map((m, i) => m / lite.blockMedians[i]!).sort((x, y) => x - y);
        const cpuRatio = (post.cpu + post.db) / post.times.length / (lite.cpu / lite.times.length);
        out[`ratio${suffix}`] = { ofMedians: ratio, roundsMedian: median(perRound), cpu: cpuRatio };
        console.log(
          `${label.padEnd(22)} PostgreSQL / SQLite${suffix}: ${ratio.toFixed(2)}× (ratio of medians; ${ROUNDS} rounds' ` +
            `ratios: median ${median(perRound).toFixed(2)}×, ${perRound[0]!.toFixed(2)}–${perRound.at(-1)!.toFixed(2)}×; ` +
            `CPU per request ${cpuRatio.toFixed(2)}×; target: within 1.5×)`,
        );
      }
      console.log(`${label.padEnd(22)} load ${loadBefore} → ${load()}`);
      results[label] = out;
    }
  console.log(`load after ${load()}`);
  const out = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  const summary = {
    date: new Date().toISOString(),
    links: LINKS,
    lookups: LOOKUPS,
    rounds: ROUNDS,
    load: load(),
    results,
  };
  writeFileSync(path.join(out, 'index-lookup.json'), `${JSON.stringify(summary, null, 2)}\n`);
} finally {
  for (const s of servers) {
    s.child.kill('SIGTERM');
    await new Promise((resolve) => s.child.once('exit', resolve));
  }
  rmSync(dir, { recursive: true, force: true });
  await s3.send(new DeleteObjectCommand({ Bucket: rgw.bucket, Key: keyOf(target) }));
  s3.destroy();
  if (DATABASES.includes('postgres') && process.env.BENCH_PG_KEEP !== '1')
    await run('bash', [script('pg-stop.sh')], { env: { ...process.env, PG_DIR, PG_WIPE: '1' } });
}
