/**
 * The link lookup at index scale: a SQLite index of BENCH_LINKS links (1M by default, made with the schema the
 * server used before the Kysely migrations, so any version of the server opens it), one of them a real object in
 * RGW, then a server from BENCH_ROOT (this checkout by default: point it at another worktree to compare commits)
 * and a simple loop: time to first byte of that link, and of the owner's files list (GET /v1/files, 50 newest),
 * one request at a time, then 16 at a time. Not part of the tests.
 *
 *   node bench/gateway/index-lookup.ts                       # this checkout
 *   BENCH_ROOT=/path/to/other/worktree node bench/gateway/index-lookup.ts
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { legacyMigrate } from '../../test/helpers/legacy-sqlite-schema.ts';
import { adminS3, ensureRgw, serverEnvFor } from '../../test/helpers/rgw.ts';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const root = process.env.BENCH_ROOT ?? here;
const LINKS = Number(process.env.BENCH_LINKS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_LOOKUPS ?? 2000);
const PORT = Number(process.env.BENCH_PORT ?? 18_191);
const TOKEN = 'tdk_bench-index-lookup-token-0000000000000000000';
const USER = 'bench-index';

const shareIdOf = (i: number): string => `B${i.toString(36).padStart(11, '0')}`;

function buildIndex(file: string, key: (i: number) => string): void {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  legacyMigrate(db);
  const insert = db.prepare(
    `INSERT INTO uploads (share_id, key, user_id, name, bytes, content_type, expire, uploaded_at, expires_at)
     VALUES (?, ?, ?, 'a.bin', 1024, 'application/octet-stream', '7d', ?, NULL)`,
  );
  db.exec('BEGIN');
  for (let i = 0; i < LINKS; i++)
    insert.run(shareIdOf(i), key(i), i % 1000 === 0 ? USER : `u${i % 997}`, new Date(1.7e12 + i * 1000).toISOString());
  db.prepare('INSERT INTO device_tokens (id, user_id, token_hash, created_at) VALUES (?, ?, ?, ?)').run(
    'bench',
    USER,
    createHash('sha256').update(TOKEN).digest('hex'),
    new Date().toISOString(),
  );
  db.exec('COMMIT');
  db.close();
}

async function timeOne(url: string, headers: Record<string, string>): Promise<number> {
  const t0 = process.hrtime.bigint();
  const res = await fetch(url, { headers });
  const ttfb = Number(process.hrtime.bigint() - t0) / 1e3;
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return ttfb;
}

function summary(name: string, us: number[], wallMs: number): string {
  const sorted = [...us].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(0);
  return `${name.padEnd(28)} median ${q(0.5)} µs  p90 ${q(0.9)} µs  p99 ${q(0.99)} µs  ${((us.length / wallMs) * 1000).toFixed(0)} req/s`;
}

async function measure(name: string, url: string, headers: Record<string, string>, concurrency: number) {
  for (let i = 0; i < 200; i++) await timeOne(url, headers); // warm-up
  const times: number[] = [];
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < ROUNDS) times.push(await timeOne(url, headers));
    }),
  );
  console.log(summary(`${name} ×${concurrency}`, times, Date.now() - t0));
}

const rgw = await ensureRgw();
const dir = mkdtempSync(path.join(tmpdir(), 'traydrop-bench-index-'));
const file = path.join(dir, 'index.db');
const key = (i: number) => `users/${i % 1000 === 0 ? USER : `u${i % 997}`}/${shareIdOf(i)}/a.bin`;
const t0 = Date.now();
buildIndex(file, key);
console.log(`index: ${LINKS} links in ${((Date.now() - t0) / 1000).toFixed(1)} s; server from ${root}`);
const target = Math.floor(LINKS / 2000) * 1000; // a link of the bench user, mid-index
const s3 = adminS3(rgw);
await s3.send(
  new PutObjectCommand({ Bucket: rgw.bucket, Key: key(target), Body: Buffer.alloc(1024, 1), Tagging: 'expire=7d' }),
);
s3.destroy();

const env = { ...process.env, ...serverEnvFor(rgw, { shareBaseUrl: 'https://share.bench.test', databasePath: file }) };
const server = spawn(process.execPath, [path.join(root, 'bin', 'traydrop-server.js'), 'serve'], {
  env: { ...env, PORT: String(PORT), SHARE_HOSTS: '127.0.0.1' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
try {
  await new Promise<void>((resolve, reject) => {
    server.stderr.on('data', (chunk: Buffer) => chunk.toString().includes('listening on') && resolve());
    server.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const base = `http://127.0.0.1:${PORT}`;
  const link = `${base}/${shareIdOf(target)}/a.bin/raw`;
  const list = `${base}/v1/files?limit=50`;
  const auth = { authorization: `Bearer ${TOKEN}` };
  for (const concurrency of [1, 16]) {
    await measure('link first byte', link, {}, concurrency);
    await measure('files list (50)', list, auth, concurrency);
  }
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
}
