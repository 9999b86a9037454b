/** Opens (and migrates) the server's SQLite database: Node's built-in node:sqlite, WAL mode. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { migrate } from './migrations.ts';

export type Database = DatabaseSync;

export function openDatabase(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;');
  migrate(db);
  return withStatementCache(db);
}

const MAX_CACHED_STATEMENTS = 256;

/**
 * `prepare` compiles the SQL at every call: on the gateway's path (link lookup, download count, stats)
 * that was a fifth of the CPU per request. The same text gets the same compiled statement back; a
 * statement is only ever run to completion (`run`/`get`/`all`), so sharing one is safe.
 */
function withStatementCache(db: DatabaseSync): DatabaseSync {
  const compile = db.prepare.bind(db);
  const cache = new Map<string, StatementSync>();
  db.prepare = (sql: string): StatementSync => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
      statement = compile(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  return db;
}

/** Runs `fn` in one transaction. */
export function inTransaction<T>(db: Database, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    // SQLite may have rolled back by itself (a full disk does): a second ROLLBACK would throw and hide why
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
