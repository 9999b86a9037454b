/**
 * What the dashboard's Files page costs on top of GET /v1/files since it shows uploads in flight and server
 * thumbnails: BENCH_LINKS links (100,000 by default) of one user, a third of them with a made thumbnail,
 * BENCH_IN_FLIGHT reservations of theirs (half with a multipart upload) and as many of other users, on SQLite and
 * PostgreSQL (BENCH_DATABASES). The server's own time (Fastify's reply.elapsedTime) of:
 *  - GET /v1/files?limit=50 (the list alone, the baseline);
 *  - GET /dashboard (the page: the list, the uploads in flight, the thumbnails' state, the HTML);
 *  - GET /v1/files/uploading.
 * One request at a time, BENCH_ROUNDS of each after a warm-up, the load average beside them. Not part of the tests.
 * It also runs on a build before this page changed (GET /v1/files/uploading is then skipped), for comparison.
 *
 *   flock /tmp/traydrop-bench.lock node bench/dashboard/files-page.ts
 */
import { loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { buildApp } from '../../server/app.ts';
import { type Database, openDatabase } from '../../server/db/open-database.ts';
import { createSession } from '../../server/db/sessions.ts';
import { createToken } from '../../server/db/tokens.ts';
import { createUser } from '../../server/db/users.ts';
import { freshPgDatabase } from '../../test/helpers/pg.ts';
import { offlineConfig } from './offline-config.ts';

const LINKS = Number(process.env.BENCH_LINKS ?? 100_000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');
const USER = 'bench-page';
const TYPES = ['image/png', 'video/mp4', 'application/pdf', 'text/plain', 'application/zip'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function fill(db: Database): Promise<void> {
  const start = Date.now() - LINKS * 30_000;
  const batch = 1000;
  for (let from = 0; from < LINKS; from += batch) {
    const rows = Array.from({ length: Math.min(batch, LINKS - from) }, (_, k) => {
      const i = from + k;
      const shareId = `P${i.toString(36).padStart(11, '0')}`;
      return {
        share_id: shareId,
        key: `users/${USER}/${shareId}/file-${i}.bin`,
        user_id: USER,
        name: `file-${i}.bin`,
        bytes: 1000 + i,
        content_type: TYPES[i % TYPES.length]!,
        expire: '365d' as const,
        uploaded_at: new Date(start + i * 30_000).toISOString(),
        expires_at: new Date(start + i * 30_000 + 365 * 86_400_000).toISOString(),
        upload_id: null,
        downloads: i % 17,
      };
    });
    await db.insertInto('uploads').values(rows).execute();
    const thumbs = rows
      .filter((_, k) => (from + k) % 3 === 0)
      .map((r) => ({
        share_id: r.share_id,
        key: `thumbs/${USER}/${r.share_id}.webp`,
        state: 'done' as const,
        bytes: 9000,
      }));
    await db
      .insertInto('thumbnails')
      .values(thumbs.map((t) => ({ ...t, made_at: new Date().toISOString(), detail: null })))
      .execute();
  }
  const now = new Date().toISOString();
  for (const user of [USER, 'bench-other']) {
    for (let i = 0; i < IN_FLIGHT; i++) {
      const shareId = `F${user.length}${i.toString(36).padStart(10, '0')}`;
      const key = `users/${user}/${shareId}/upload-${i}.mp4`;
      const row = { key, user_id: user, expire: '7d' as const, content_type: 'video/mp4', created_at: now };
      await db
        .insertInto('reservations')
        .values({ ...row, share_id: shareId, name: `upload-${i}.mp4`, bytes: 5_000_000 })
        .execute();
      if (i % 2 === 0)
        await db
          .insertInto('pending_multipart')
          .values({ ...row, upload_id: `${user}-${i}` })
          .execute();
    }
  }
}

function summary(name: string, ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
  return `  ${name.padEnd(34)} median ${q(0.5).padStart(6)} ms   p90 ${q(0.9).padStart(6)} ms   max ${q(1).padStart(6)} ms`;
}

const load = () =>
  `  load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;

for (const kind of DATABASES) {
  const dir = mkdtempSync(path.join(tmpdir(), 'traydrop-bench-files-page-'));
  const pg = kind === 'postgres' ? await freshPgDatabase('traydrop_bench') : null;
  const port = await freePort();
  const cfg = offlineConfig(path.join(dir, 'bench.db'), pg?.url, port);
  const db = await openDatabase({ url: cfg.databaseUrl, path: cfg.databasePath });
  try {
    const t0 = Date.now();
    await fill(db);
    if (pg) await db.executeQuery({ sql: 'ANALYZE', parameters: [], query: { kind: 'RawNode' } } as never);
    await createUser(db, { name: USER });
    const { token } = await createToken(db, USER);
    const { secret } = await createSession(db, { userId: USER, now: new Date(), userAgent: null, ip: null });
    console.log(`${kind}: ${LINKS} links, ${IN_FLIGHT} in flight, in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const app = await buildApp({ config: cfg, db, thumbnailSweepMs: 0 });
    const serverMs: number[] = [];
    app.addHook('onResponse', async (_request, reply) => void serverMs.push(reply.elapsedTime));
    const base = (await app.listen({ host: '127.0.0.1', port })).replace(/\/+$/, '');
    const get = async (p: string, headers: Record<string, string>) => {
      const res = await fetch(`${base}${p}`, { headers });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${p}: ${res.status} ${text.slice(0, 200)}`);
      return text;
    };
    const bearer = { authorization: `Bearer ${token}` };
    const cookie = { cookie: `traydrop_session=${secret}` };
    const page = await get('/dashboard', cookie);
    const shown = [(page.match(/class="in-flight"/g) ?? []).length, (page.match(/<img class="thumb"/g) ?? []).length];
    console.log(`  the page shows ${shown[0]} uploads in flight and ${shown[1]} thumbnails`);
    const cases: [string, string, Record<string, string>][] = [
      ['GET /v1/files?limit=50', '/v1/files?limit=50', bearer],
      ['GET /dashboard (the Files page)', '/dashboard', cookie],
      ['GET /v1/files/uploading', '/v1/files/uploading', bearer],
    ];
    console.log(load());
    for (const [name, p, headers] of cases) {
      if ((await fetch(`${base}${p}`, { headers })).status === 404) {
        console.log(`  ${name.padEnd(34)} not in this build`); // a build before it, run for comparison
        continue;
      }
      for (let i = 0; i < 20; i++) await get(p, headers); // warm-up
      serverMs.length = 0;
      for (let i = 0; i < ROUNDS; i++) await get(p, headers);
      console.log(summary(name, serverMs));
    }
    console.log(load());
    await app.close();
  } finally {
    await db.destroy();
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
