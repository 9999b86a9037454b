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
import { NodeSqliteDialect } from './sqlite-driver.ts';

export type Database = Kysely<Schema>;
/** The database itself or a transaction on it: what every query function takes. */
export type Queryable = Kysely<Schema> | Transaction<Schema>;

/** Where the data lives: `url` (postgres://…) wins over `path` (SQLite file, or ':memory:'). */
export interface DatabaseTarget {
  url?: string | undefined;
  path: string;
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
  const { url, path } = typeof target === 'string' ? { url: undefined, path: target } : target;
  if (url !== undefined) {
    if (!isPostgresUrl(url)) throw new Error(`DATABASE_URL must be a postgres:// URL`);
    const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypes });
    return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  }
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new DatabaseSync(path);
  sqlite.exec(
    'PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;',
  );
  return new Kysely<Schema>({ dialect: new NodeSqliteDialect(sqlite) });
}

/** Opens the target and creates or migrates its schema (several instances starting at once take turns). */
export async function openDatabase(target: DatabaseTarget | string): Promise<Database> {
  const db = connectDatabase(target);
  try {
    await migrateDatabase(db);
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
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
