/**
 * Copies every table of one database into another, empty one (migrate-data: SQLite → PostgreSQL), and proves
 * the copy: per table, the row count and a checksum must match on both sides. The checksum is defined here, in
 * JS, so it means the same on either database: SHA-256 over the rows sorted by primary key (compared as JS
 * strings, not by either database's collation), each row a JSON array of its columns in schema order, numbers
 * as numbers and null as null, one line per row.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { type Database, inTransaction } from './open-database.ts';
import { type Schema, TABLE_KEYS } from './schema.ts';

export type TableName = keyof Schema;
export const TABLES = Object.keys(TABLE_KEYS) as TableName[];

/** Rows copied per INSERT (PostgreSQL allows 65535 parameters a statement; 13 columns × 500 stays far below). */
const BATCH = 500;

export interface TableCheck {
  table: TableName;
  rows: number;
  checksum: string;
}

type Row = Record<string, unknown>;

async function readTable(db: Database, table: TableName): Promise<Row[]> {
  const rows = (await db.selectFrom(table).selectAll().execute()) as Row[];
  const keys = TABLE_KEYS[table] as readonly string[];
  const sortKey = (row: Row): string[] => keys.map((k) => String(row[k]));
  return rows
    .map((row) => ({ row, key: sortKey(row) }))
    .sort((a, b) => {
      for (let i = 0; i < keys.length; i++) {
        const x = a.key[i]!;
        const y = b.key[i]!;
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    })
    .map((entry) => entry.row);
}

/** The columns of a table in a fixed order (sorted by name: both databases agree on that). */
const columnsOf = (rows: Row[]): string[] => (rows[0] ? Object.keys(rows[0]).sort() : []);

function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  return value;
}

export function checksumRows(rows: Row[]): string {
  const hash = createHash('sha256');
  const columns = columnsOf(rows);
  hash.update(JSON.stringify(columns) + '\n');
  for (const row of rows) hash.update(JSON.stringify(columns.map((c) => canonical(row[c]))) + '\n');
  return hash.digest('hex');
}

export async function checkTable(db: Database, table: TableName): Promise<TableCheck> {
  const rows = await readTable(db, table);
  return { table, rows: rows.length, checksum: checksumRows(rows) };
}

/** Tables of `db` that hold rows (migrate-data refuses such a target). */
export async function nonEmptyTables(db: Database): Promise<TableName[]> {
  const found: TableName[] = [];
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(db);
    if (Number(rows[0]?.n ?? 0) > 0) found.push(table);
  }
  return found;
}

/** Copies every table of `from` into `to` in one transaction; returns what was copied, per table. */
export async function copyTables(from: Database, to: Database): Promise<TableCheck[]> {
  const source = new Map<TableName, Row[]>();
  for (const table of TABLES) source.set(table, await readTable(from, table));
  await inTransaction(to, async (trx) => {
    for (const table of TABLES) {
      const rows = source.get(table)!;
      for (let i = 0; i < rows.length; i += BATCH)
        await trx
          .insertInto(table)
          .values(rows.slice(i, i + BATCH) as never)
          .execute();
    }
  });
  return TABLES.map((table) => {
    const rows = source.get(table)!;
    return { table, rows: rows.length, checksum: checksumRows(rows) };
  });
}

/** Compares what was copied with what the target now holds; the tables that differ. */
export async function verifyCopy(copied: TableCheck[], to: Database): Promise<TableCheck[]> {
  const differ: TableCheck[] = [];
  for (const expected of copied) {
    const actual = await checkTable(to, expected.table);
    if (actual.rows !== expected.rows || actual.checksum !== expected.checksum) differ.push(actual);
  }
  return differ;
}
