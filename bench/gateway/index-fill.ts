/**
 * The link index the lookup bench (index-lookup.ts) serves from, the same rows in both databases:
 *  - SQLite: made with the schema the server used before the Kysely migrations (so any version of the server
 *    opens it and adopts it), one prepared INSERT per row in one transaction;
 *  - PostgreSQL: the schema the server under test made when it first started on the empty database, then the rows
 *    in multi-row INSERTs of 50,000 (`unnest` of one array per column: 20 statements for a million) and ANALYZE.
 */
import { createHash } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { legacyMigrate } from '../../test/helpers/legacy-sqlite-schema.ts';

export const INDEX_USER = 'bench-index';
export const INDEX_TOKEN = 'tdk_bench-index-lookup-token-0000000000000000000';

export const shareIdOf = (i: number): string => `B${i.toString(36).padStart(11, '0')}`;
/** One link in a thousand is the bench user's; the rest are spread over 997 others. */
export const ownerOf = (i: number): string => (i % 1000 === 0 ? INDEX_USER : `u${i % 997}`);
export const keyOf = (i: number): string => `users/${ownerOf(i)}/${shareIdOf(i)}/a.bin`;
const uploadedAtOf = (i: number): string => new Date(1.7e12 + i * 1000).toISOString();
const tokenHash = (): string => createHash('sha256').update(INDEX_TOKEN).digest('hex');

export function fillSqlite(file: string, links: number): void {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  legacyMigrate(db);
  const insert = db.prepare(
    `INSERT INTO uploads (share_id, key, user_id, name, bytes, content_type, expire, uploaded_at, expires_at)
     VALUES (?, ?, ?, 'a.bin', 1024, 'application/octet-stream', '7d', ?, NULL)`,
  );
  db.exec('BEGIN');
  for (let i = 0; i < links; i++) insert.run(shareIdOf(i), keyOf(i), ownerOf(i), uploadedAtOf(i));
  db.prepare('INSERT INTO device_tokens (id, user_id, token_hash, created_at) VALUES (?, ?, ?, ?)').run(
    'bench',
    INDEX_USER,
    tokenHash(),
    new Date().toISOString(),
  );
  db.exec('COMMIT');
  db.close();
}

const BATCH = 50_000;

/** Fills a database whose schema the server already made (it refuses nothing: the tables are empty). */
export async function fillPostgres(url: string, links: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let from = 0; from < links; from += BATCH) {
      const ids = Array.from({ length: Math.min(BATCH, links - from) }, (_, n) => from + n);
      await client.query(
        `INSERT INTO uploads (share_id, key, user_id, name, bytes, content_type, expire, uploaded_at, expires_at)
         SELECT s, k, u, 'a.bin', 1024, 'application/octet-stream', '7d', t, NULL
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS r(s, k, u, t)`,
        [ids.map(shareIdOf), ids.map(keyOf), ids.map(ownerOf), ids.map(uploadedAtOf)],
      );
    }
    await client.query('INSERT INTO device_tokens (id, user_id, token_hash, created_at) VALUES ($1, $2, $3, $4)', [
      'bench',
      INDEX_USER,
      tokenHash(),
      new Date().toISOString(),
    ]);
    // the link's owner must be an account since issue #16 (the server made the schema: its migration found no
    // names to copy); a server from before has no users table, and nothing to add
    const { rows } = await client.query("SELECT to_regclass('users') IS NOT NULL AS has");
    if (rows[0]?.has)
      await client.query("INSERT INTO users (name, role, created_at) VALUES ($1, 'user', $2)", [
        INDEX_USER,
        new Date().toISOString(),
      ]);
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}
