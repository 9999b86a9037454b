/**
 * Kysely on Node's built-in node:sqlite. Kysely's SqliteDialect expects a better-sqlite3-like object; better-sqlite3
 * is a native module that must be compiled for each Node and Electron, node:sqlite needs nothing, so this small
 * adapter gives DatabaseSync that shape. It also keeps one compiled statement per SQL text: compiling at every
 * call was a fifth of the gateway's CPU per request. A statement is only ever run to completion, so sharing
 * one is safe. Transactions begin IMMEDIATE: a writer takes the write lock at BEGIN, so a second process (a
 * CLI command beside the server) waits busy_timeout instead of failing halfway. And SQLite's DDL is
 * transactional (Kysely assumes not): the Migrator runs all pending migrations in one transaction, as on PostgreSQL.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import {
  CompiledQuery,
  type DialectAdapter,
  SqliteAdapter,
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDatabase,
  SqliteDriver,
  type SqliteStatement,
} from 'kysely';

const MAX_CACHED_STATEMENTS = 256;

type Param = null | number | bigint | string | NodeJS.ArrayBufferView;

function adaptStatement(statement: StatementSync): SqliteStatement {
  return {
    // a statement that returns rows (SELECT, or anything with RETURNING) is read with all()
    reader: statement.columns().length > 0,
    all: (parameters) => statement.all(...(parameters as Param[])),
    run: (parameters) => statement.run(...(parameters as Param[])),
    iterate: (parameters) => statement.iterate(...(parameters as Param[])) as IterableIterator<unknown>,
  };
}

export function adaptDatabase(db: DatabaseSync): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
        statement = adaptStatement(db.prepare(sql));
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #inTransaction: () => boolean;

  constructor(database: SqliteDatabase, inTransaction: () => boolean) {
    super({ database });
    this.#inTransaction = inTransaction;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /** SQLite rolls back by itself on some errors (a full disk): a second ROLLBACK would throw and hide why. */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#inTransaction()) await super.rollbackTransaction(connection);
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** SqliteDialect over node:sqlite, its transactions IMMEDIATE, its migrations in one transaction. */
export class NodeSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    const database = adaptDatabase(db);
    super({ database });
    this.#database = database;
    this.#db = db;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#database, () => this.#db.isTransaction);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
