/**
 * What authenticate() costs on PostgreSQL: requests per second of a cheap authenticated route (GET /v1/files?limit=1
 * by default, BENCH_PATH) with a device token, BENCH_CONCURRENCY at a time, against a `traydrop-server serve` from
 * each checkout in BENCH_ROOTS (this one by default; give two to compare commits, e.g. `git archive main` unpacked
 * next to this worktree with node_modules linked). Each server gets a fresh database on the test cluster
 * (scripts/pg-start.sh) and the test RGW. The servers take turns in blocks of BENCH_SECONDS (A B B A …) so a busy
 * machine hurts both alike; the median requests per second is printed with the load average. Then the statements
 * per request: the database's committed transactions (pg_stat_database.xact_commit, one per statement outside a
 * transaction) over BENCH_COUNT requests one at a time, read after PostgreSQL has flushed its statistics.
 * Not part of the tests. Run it alone: `flock /tmp/traydrop-bench.lock node bench/dashboard/auth-rps.ts`.
 *
 *   BENCH_ROOTS=/tmp/traydrop-before,$PWD node bench/dashboard/auth-rps.ts
 */
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connectDatabase } from '../../server/db/open-database.ts';
import { createToken } from '../../server/db/tokens.ts';
import { createUser } from '../../server/db/users.ts';
import { freshPgDatabase } from '../../test/helpers/pg.ts';
import { ensureRgw, serverEnvFor } from '../../test/helpers/rgw.ts';
import { startServeProcess } from '../gateway/processes.ts';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROOTS = (process.env.BENCH_ROOTS ?? here).split(',').filter(Boolean);
const ROUTE = process.env.BENCH_PATH ?? '/v1/files?limit=1';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 6);
const COUNT = Number(process.env.BENCH_COUNT ?? 1000);
const PORT = Number(process.env.BENCH_PORT ?? 18_291);

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Server {
  root: string;
  base: string;
  url: string;
  token: string;
  child: ChildProcess;
  drop(): Promise<void>;
}

async function get(server: Server): Promise<void> {
  const res = await fetch(server.base + ROUTE, { headers: { authorization: `Bearer ${server.token}` } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${server.root}: ${ROUTE} answered ${res.status}`);
}

/** Requests per second over `seconds`, `concurrency` at a time. */
async function block(server: Server, seconds: number, concurrency: number): Promise<number> {
  const end = Date.now() + seconds * 1000;
  let done = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await get(server);
        done++;
      }
    }),
  );
  return (done * 1000) / (Date.now() - t0);
}

async function commits(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

const rgw = await ensureRgw();
const servers: Server[] = [];
try {
  for (const [i, root] of ROOTS.entries()) {
    const db = await freshPgDatabase('traydrop_bench');
    const port = PORT + i;
    const base = `http://127.0.0.1:${port}`;
    const { DATABASE_PATH: _unused, ...env } = serverEnvFor(rgw, { shareBaseUrl: base, databasePath: '' });
    const child = await startServeProcess(
      root,
      port,
      { ...process.env, ...env, DATABASE_URL: db.url },
      `server from ${root}`,
    );
    const kysely = connectDatabase({ url: db.url, path: '' }); // the server made the schema
    await createUser(kysely, { name: 'bench-auth' });
    const { token } = await createToken(kysely, 'bench-auth', { label: 'bench' });
    await kysely.destroy();
    servers.push({ root, base, url: db.url, token, child, drop: db.drop });
  }
  console.log(`GET ${ROUTE}, ${CONCURRENCY} at a time, ${BLOCKS} blocks of ${SECONDS} s each; load before ${load()}`);
  for (const s of servers) await block(s, 1, CONCURRENCY); // warm-up (and the once-a-minute touches)
  const rps = new Map<Server, number[]>(servers.map((s) => [s, []]));
  for (let b = 0; b < BLOCKS; b++)
    for (const s of b % 2 ? [...servers].reverse() : servers) rps.get(s)!.push(await block(s, SECONDS, CONCURRENCY));
  console.log(`load after ${load()}`);
  for (const s of servers)
    console.log(
      `${s.root}: median ${median(rps.get(s)!).toFixed(0)} req/s (blocks: ${rps
        .get(s)!
        .map((r) => r.toFixed(0))
        .join(', ')})`,
    );
  for (const s of servers) {
    await sleep(12_000); // every connection of the pool has flushed its statistics (idle: within 10 s)
    const before = await commits(s.url);
    for (let n = 0; n < COUNT; n++) await get(s);
    await sleep(12_000);
    const after = await commits(s.url);
    // the two reads' own connections commit one transaction each
    console.log(`${s.root}: ${((after - before - 1) / COUNT).toFixed(2)} statements per request (${COUNT} requests)`);
  }
} finally {
  for (const s of servers) {
    s.child.kill();
    await new Promise((resolve) => s.child.once('exit', resolve));
    await s.drop();
  }
}
