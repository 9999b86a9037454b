/**
 * Opens the server's database and brings its schema up to date: PostgreSQL when a `postgres://` URL is given
 * (DATABASE_URL: several instances share it), else SQLite at a path through Node's built-in node:sqlite (WAL,
 * one process). Both are one Kysely<Schema>: every query is written once, for both.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { adoptLegacySqlite } from './adopt-legacy.ts';
import { migrationProvider } from './migrations.ts';
import type { Schema } from './schema.ts';
import { preparingPool } from './pg-prepared.ts';
import { NodeSqliteDialect } from './sqlite-driver.ts';

export type Database = Kysely<Schema>;
/** The database itself or a transaction on it: what every query function takes. */
export type Queryable = Kysely<Schema> | Transaction<Schema>;

/** Where the data lives: `url` (postgres://…) wins over `path` (SQLite file, or ':memory:'). */
export interface DatabaseTarget {
  url?: string | undefined;
  path: string;
  /**
   * PostgreSQL only: a statement running longer is cancelled (default POSTGRES_LIMITS.statementTimeoutMs; 0 = none,
   * for the migrations and migrate-data's copy, which may take long on a large database).
   */
  statementTimeoutMs?: number;
  /**
   * PostgreSQL only: name statements so each connection parses and plans a statement once (server/db/pg-prepared.ts;
   * default true). Off behind a pooler in transaction mode that cannot follow named statements.
   */
  preparedStatements?: boolean | undefined;
}

/**
 * How long a request may wait for PostgreSQL before it is answered 503 (server/db/unavailable.ts): connecting 3 s, a
 * statement 4 s, so a request that needs a database that is gone has its answer within about 5 s (a stopped one
 * refuses at once). Waiting for one of the pool's connections while all are busy is another matter, a busy instance
 * and not a missing database: up to 15 s, as long as a request would otherwise wait. A transaction left open by a
 * connection that died is ended by PostgreSQL after 10 s (its locks and its outcome are not left pending). Why not pg's
 * client-side query_timeout: it abandons the query on a connection that goes back to the pool still busy with it.
 */
export const POSTGRES_LIMITS = {
  poolSize: 10,
  connectMs: 3000,
  poolWaitMs: 15_000,
  statementTimeoutMs: 4000,
  idleInTransactionMs: 10_000,
} as const;

/**
 * pg's Client with a connect timeout of its own: pg-pool's connectionTimeoutMillis bounds both connecting and waiting
 * for a free connection, and a pool saturated by a burst of requests must not look like a database that is gone.
 */
class PgClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super({ ...config, connectionTimeoutMillis: POSTGRES_LIMITS.connectMs });
  }
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * bigint and numeric come back from pg as strings (they may not fit a double). Our counters and byte sizes stay
 * far below 2^53, so they are read as numbers, as SQLite gives them. Per pool: pg's global type table is left alone.
 */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** A Kysely on the target, its schema as it is (openDatabase migrates it). */
export function connectDatabase(target: DatabaseTarget | string): Database {
  const { url, path, statementTimeoutMs, preparedStatements } =
    typeof target === 'string' ? { url: undefined, path: target, preparedStatements: undefined } : target;
  if (url !== undefined) {
    if (!isPostgresUrl(url)) throw new Error(`DATABASE_URL must be a postgres:// URL`);
    const pool = new pg.Pool({
      connectionString: url,
      max: POSTGRES_LIMITS.poolSize,
      types: pgTypes,
      Client: PgClient,
      connectionTimeoutMillis: POSTGRES_LIMITS.poolWaitMs,
      keepAlive: true,
      idle_in_transaction_session_timeout: POSTGRES_LIMITS.idleInTransactionMs,
      ...(statementTimeoutMs === 0
        ? {}
        : { statement_timeout: statementTimeoutMs ?? POSTGRES_LIMITS.statementTimeoutMs }),
    });
    // A connection the server cuts (a restart, an administrator) is an 'error' event, which with nobody listening
    // ends the process. Idle in the pool: the pool emits it, having dropped that connection already (the next query
    // opens a new one). Held by a query or a transaction between statements: the client emits it; what runs on it
    // fails by itself (a 503), and the pool drops the connection when it comes back.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    return new Kysely<Schema>({
      dialect: new PostgresDialect({ pool: preparedStatements === false ? pool : preparingPool(pool) }),
    });
  }
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new DatabaseSync(path);
  sqlite.exec(
    'PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;',
  );
  return new Kysely<Schema>({ dialect: new NodeSqliteDialect(sqlite) });
}

/**
 * Opens the target and creates or migrates its schema (several instances starting at once take turns). On PostgreSQL
 * the migrations run on a connection of their own without the statement timeout: a migration of a large table, or
 * the wait for another instance's migrations, may take longer than any request should.
 */
export async function openDatabase(target: DatabaseTarget | string): Promise<Database> {
  const db = connectDatabase(target);
  const migrating =
    typeof target === 'string' || target.url === undefined ? db : connectDatabase({ ...target, statementTimeoutMs: 0 });
  try {
    await migrateDatabase(migrating);
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  } finally {
    if (migrating !== db) await migrating.destroy();
  }
}

export async function migrateDatabase(db: Database): Promise<void> {
  if (!isPostgres(db)) await adoptLegacySqlite(db);
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}

export function isPostgres(db: Queryable): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Runs `fn` in one transaction (IMMEDIATE on SQLite: it holds the write lock from the start). */
export function inTransaction<T>(db: Database, fn: (trx: Transaction<Schema>) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}
