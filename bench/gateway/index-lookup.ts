/**
 * The link lookup at index scale, SQLite against PostgreSQL in one run: the same BENCH_LINKS links (1M by default,
 * index-fill.ts) in a SQLite file and in a throw-away PostgreSQL cluster (scripts/pg-start.sh on a folder and port
 * of its own, wiped at the end), one of them a real object in RGW; a server from BENCH_ROOT (this checkout by
 * default: point it at another worktree to compare commits) on each; then the time to first byte of that link and
 * of the owner's files list (GET /v1/files, 50 newest), one request at a time, then 16 at a time. The two servers
 * take turns in blocks (SQLite, PostgreSQL, PostgreSQL, SQLite, …) so a busy machine hurts both alike; the ratio is
 * PostgreSQL's median over SQLite's (target: within 1.5×). Not part of the tests. Results also go to
 * bench/gateway/results/index-lookup.json.
 *
 *   node bench/gateway/index-lookup.ts                       # this checkout, both databases
 *   BENCH_DATABASES=sqlite node bench/gateway/index-lookup.ts
 *   BENCH_ROOT=/path/to/other/worktree node bench/gateway/index-lookup.ts
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import { adminS3, ensureRgw, serverEnvFor } from '../../test/helpers/rgw.ts';
import { fillPostgres, fillSqlite, INDEX_TOKEN, keyOf, shareIdOf } from './index-fill.ts';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const root = process.env.BENCH_ROOT ?? here;
const LINKS = Number(process.env.BENCH_LINKS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_LOOKUPS ?? 2000);
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 8);
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
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Kind = 'sqlite' | 'postgres';
interface Server {
  kind: Kind;
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

async function startServer(kind: Kind, port: number, env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'traydrop-server.js'), 'serve'], {
    env: { ...env, PORT: String(port), SHARE_HOSTS: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let said = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited ${code}:\n${said}`)));
  });
  return { kind, base: `http://127.0.0.1:${port}`, child };
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
  }
  if (DATABASES.includes('postgres')) {
    const url = await freshPostgres();
    // the server makes its schema on the empty database; the rows go in after
    const server = await startServer('postgres', PORT + 1, { ...baseEnv, DATABASE_URL: url });
    servers.push(server);
    const t0 = Date.now();
    await fillPostgres(url, LINKS);
    console.log(`PostgreSQL index: ${LINKS} links in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  console.log(`server from ${root}; load before ${load()}`);
  const auth = { authorization: `Bearer ${INDEX_TOKEN}` };
  const cases = [
    { name: 'link first byte', path: `/${shareIdOf(target)}/a.bin/raw`, headers: {} },
    { name: 'files list (50)', path: '/v1/files?limit=50', headers: auth },
  ];
  const results: Record<string, Record<string, { medianUs: number; p90Us: number; rps: number }>> = {};
  for (const concurrency of [1, 16])
    for (const c of cases) {
      const label = `${c.name} ×${concurrency}`;
      const times = new Map<Kind, number[]>(servers.map((s) => [s.kind, []]));
      const wall = new Map<Kind, number>(servers.map((s) => [s.kind, 0]));
      for (const s of servers) await block(s.base + c.path, c.headers, 200, concurrency); // warm-up
      for (let b = 0; b < BLOCKS; b++)
        for (const s of b % 2 ? [...servers].reverse() : servers) {
          const r = await block(s.base + c.path, c.headers, Math.ceil(ROUNDS / BLOCKS), concurrency);
          times.get(s.kind)!.push(...r.times);
          wall.set(s.kind, wall.get(s.kind)! + r.ms);
        }
      results[label] = {};
      for (const s of servers) {
        const sorted = [...times.get(s.kind)!].sort((x, y) => x - y);
        const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
        const stats = { medianUs: median(sorted), p90Us: q(0.9), rps: (sorted.length / wall.get(s.kind)!) * 1000 };
        results[label][s.kind] = stats;
        console.log(
          `${label.padEnd(22)} ${s.kind.padEnd(10)} median ${stats.medianUs.toFixed(0)} µs  p90 ${stats.p90Us.toFixed(0)} µs  p99 ${q(0.99).toFixed(0)} µs  ${stats.rps.toFixed(0)} req/s`,
        );
      }
      const [lite, post] = [results[label].sqlite, results[label].postgres];
      if (lite && post)
        console.log(
          `${label.padEnd(22)} PostgreSQL / SQLite: median ${(post.medianUs / lite.medianUs).toFixed(2)}×, req/s ${(post.rps / lite.rps).toFixed(2)}× (target: time within 1.5×)`,
        );
    }
  console.log(`load after ${load()}`);
  const out = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  const summary = { date: new Date().toISOString(), links: LINKS, lookups: ROUNDS, load: load(), results };
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
