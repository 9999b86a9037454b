/**
 * The dashboard's files list at scale: BENCH_LINKS links (1,000,000 by default) of one user, on SQLite and on
 * PostgreSQL (BENCH_DATABASES=sqlite,postgres), and the server's own time (Fastify's reply.elapsedTime, taken in
 * an onResponse hook: from the request's arrival to the answer's end, socket and client left out) for:
 *  - the first page (GET /v1/files?limit=50, newest first), a second page (with a cursor), the first page sorted
 *    by size and by downloads: goal ≤ 50 ms;
 *  - kind filters: video and other (a fifth each), audio (5 links, the oldest; newest first and by size; and with
 *    state=live: none), ≤ 50 ms; and each state: live (the 365-day links, a quarter, and the newest of the others),
 *    expired (most of the 1, 7 and 30-day ones), limited (no link has a download limit: matches no row): ≤ 50 ms;
 *  - a name search that matches one link (q=zebra-unique), one that matches an eighth of them (q=report), and one
 *    that matches ~1 % of them, all far down the list (q=-12: report-12…, invoice-120…): goal ≤ 100 ms.
 * One request at a time, BENCH_ROUNDS of each after a warm-up; a table per database with the load average at its
 * start and end (the machine is shared). Not part of the tests.
 *
 *   node bench/dashboard/files-list.ts
 *   BENCH_LINKS=100000 BENCH_DATABASES=sqlite node bench/dashboard/files-list.ts
 */
import { loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../../server/app.ts';
import { type Database, openDatabase } from '../../server/db/open-database.ts';
import { createToken } from '../../server/db/tokens.ts';
import { createUser } from '../../server/db/users.ts';
import { freshPgDatabase } from '../../test/helpers/pg.ts';
import { offlineConfig } from './offline-config.ts';

const LINKS = Number(process.env.BENCH_LINKS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');
const USER = 'bench-dashboard';
const WORDS = ['report', 'screenshot', 'invoice', 'holiday', 'recording', 'notes', 'draft', 'photo'];
const TYPES = ['image/png', 'video/mp4', 'application/pdf', 'text/plain', 'application/zip'];
/** The oldest links hold a handful of audio ones (every 20th of the first 100, all 7-day links: expired): a rare kind far down the list. */
const AUDIO_BELOW = 100;
const EXPIRES = ['1d', '7d', '30d', '365d'] as const;
const EXPIRE_DAYS = { '1d': 1, '7d': 7, '30d': 30, '365d': 365 } as const;

async function fill(db: Database): Promise<void> {
  // dated back from now, so which links are live or expired does not depend on the day the bench runs
  const start = Date.now() - LINKS * 30_000;
  const batch = 1000;
  for (let from = 0; from < LINKS; from += batch) {
    const rows = Array.from({ length: Math.min(batch, LINKS - from) }, (_, k) => {
      const i = from + k;
      const shareId = `D${i.toString(36).padStart(11, '0')}`;
      const name = `${WORDS[i % WORDS.length]}-${i}${i === LINKS >> 1 ? '-zebra-unique' : ''}.bin`;
      return {
        share_id: shareId,
        key: `users/${USER}/${shareId}/${name}`,
        user_id: USER,
        name,
        bytes: 1000 + ((i * 7919) % 5_000_000),
        content_type: i < AUDIO_BELOW && i % 20 === 1 ? 'audio/mpeg' : TYPES[i % TYPES.length]!,
        expire: EXPIRES[i % EXPIRES.length]!,
        uploaded_at: new Date(start + i * 30_000).toISOString(),
        expires_at: new Date(start + i * 30_000 + EXPIRE_DAYS[EXPIRES[i % EXPIRES.length]!] * 86_400_000).toISOString(),
        upload_id: null,
        downloads: i % 17,
      };
    });
    await db.insertInto('uploads').values(rows).execute();
  }
}

function row(name: string, found: number, ms: number[], goal: number): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  const cells = [name, String(found), ...[0.5, 0.9, 1].map((p) => q(p).toFixed(1)), `≤ ${goal}`];
  return `| ${cells.join(' | ')} | ${q(0.5) <= goal ? 'ok' : 'OVER'} |`;
}

for (const kind of DATABASES) {
  const dir = mkdtempSync(path.join(tmpdir(), 'traydrop-bench-dashboard-'));
  const pg = kind === 'postgres' ? await freshPgDatabase('traydrop_bench') : null;
  const cfg = offlineConfig(path.join(dir, 'bench.db'), pg?.url);
  const db = await openDatabase({ url: cfg.databaseUrl, path: cfg.databasePath });
  try {
    const t0 = Date.now();
    await fill(db);
    if (pg) await db.executeQuery({ sql: 'ANALYZE uploads', parameters: [], query: { kind: 'RawNode' } } as never);
    await createUser(db, { name: USER }); // a token's user must exist (accounts, migration 0006)
    const { token } = await createToken(db, USER);
    console.log(`${kind}: ${LINKS} links of one user in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const app = await buildApp({ config: cfg, db });
    const serverMs: number[] = [];
    app.addHook('onResponse', async (_request, reply) => void serverMs.push(reply.elapsedTime));
    const base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/+$/, '');
    const get = async (q: string) => {
      const res = await fetch(`${base}/v1/files?${q}`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { files: unknown[]; nextCursor: string | null };
      if (res.status !== 200) throw new Error(`${q}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    };
    const second = (await get('limit=50')).nextCursor!;
    const cases: [string, string, number][] = [
      ['first page (50 newest)', 'limit=50', 50],
      ['second page (cursor)', `limit=50&cursor=${second}`, 50],
      ['first page by size', 'limit=50&sort=size', 50],
      ['first page by downloads', 'limit=50&sort=downloads', 50],
      ['kind=video', 'limit=50&kind=video', 50],
      ['kind=other (a fifth)', 'limit=50&kind=other', 50],
      ['kind=audio (5, the oldest)', 'limit=50&kind=audio', 50],
      ['kind=audio by size', 'limit=50&kind=audio&sort=size', 50],
      ['kind=audio&state=live (none)', 'limit=50&kind=audio&state=live', 50],
      ['state=live', 'limit=50&state=live', 50],
      ['state=expired', 'limit=50&state=expired', 50],
      ['state=limited (no row)', 'limit=50&state=limited', 50],
      ['search, one matches (q=zebra-unique)', 'limit=50&q=zebra-unique', 100],
      ['search, 1/8 match (q=report)', 'limit=50&q=report', 100],
      ['search, ~1 % far down (q=-12)', 'limit=50&q=-12', 100],
    ];
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(2))
        .join(' ');
    console.log(`\n| ${kind}, ${LINKS} links, load ${load()} | on page | median ms | p90 ms | max ms | goal ms | |`);
    console.log('|---|---|---|---|---|---|---|');
    for (const [name, q, goal] of cases) {
      const found = (await get(q)).files.length;
      for (let i = 0; i < 20; i++) await get(q); // warm-up
      serverMs.length = 0;
      for (let i = 0; i < ROUNDS; i++) await get(q);
      console.log(row(name, found, serverMs, goal));
    }
    console.log(`load average at the end: ${load()}\n`);
    await app.close();
  } finally {
    await db.destroy();
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
