/**
 * The throw-away PostgreSQL for tests: `ensurePg()` runs scripts/pg-start.sh (idempotent, fast when already up)
 * once per process; `freshPgDatabase()` creates a database of its own on that cluster (a unique name), and its
 * `drop()` removes it. Which database the server tests use: `testDatabaseKind()` reads TRAYDROP_TEST_DATABASE
 * (`postgres`, or SQLite by default); npm test runs the server's files once with each.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const START_SCRIPT = fileURLToPath(new URL('../../scripts/pg-start.sh', import.meta.url));

let started: Promise<string> | undefined;

/** The cluster's DATABASE_URL (its `traydrop_test` database). */
export function ensurePg(): Promise<string> {
  started ??= promisify(execFile)('bash', [START_SCRIPT], { env: process.env }).then(({ stdout }) => {
    const m = /^DATABASE_URL=(\S+)$/m.exec(stdout);
    if (!m) throw new Error(`pg-start.sh printed no DATABASE_URL:\n${stdout}`);
    return m[1]!;
  });
  return started;
}

export type TestDatabaseKind = 'sqlite' | 'postgres';

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.TRAYDROP_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: await ensurePg() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the test cluster; `drop()` it when done (connections still open are cut). */
export async function freshPgDatabase(prefix = 'traydrop_t'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(await ensurePg());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      admin(async (client) => {
        // a pool's end() resolves while its connections are still closing: wait for them (up to 5 s), since FORCE
        // cutting one makes its client throw in the process that owned it
        for (let i = 0; i < 50; i++) {
          const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
            name,
          ]);
          if (rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}
