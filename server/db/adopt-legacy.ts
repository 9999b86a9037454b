/**
 * SQLite databases made before the Kysely migrations counted their steps in `PRAGMA user_version` (1–3). Such a
 * database already has what migrations 0001–0003 create, table for table; this records those as done in Kysely's
 * own table, so the Migrator only runs what came later. It runs once: afterwards the table exists. The
 * user_version is left as it was, so an older server could still open the file.
 */
import { type Kysely, sql } from 'kysely';
import { LEGACY_VERSIONS } from './migrations.ts';

export const MIGRATION_TABLE = 'kysely_migration';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function adoptLegacySqlite(db: Kysely<any>): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ user_version: number }>`PRAGMA user_version`.execute(trx);
    const version = Math.min(rows[0]?.user_version ?? 0, LEGACY_VERSIONS.length);
    if (version === 0) return [];
    const { rows: tables } = await sql<{ name: string }>`
      SELECT name FROM sqlite_master WHERE type = 'table' AND name = ${MIGRATION_TABLE}`.execute(trx);
    if (tables.length > 0) return [];
    // the same table Kysely's Migrator creates (it creates it only if missing)
    await trx.schema
      .createTable(MIGRATION_TABLE)
      .addColumn('name', 'varchar(255)', (c) => c.notNull().primaryKey())
      .addColumn('timestamp', 'varchar(255)', (c) => c.notNull())
      .execute();
    const adopted = LEGACY_VERSIONS.slice(0, version);
    const timestamp = new Date().toISOString();
    await trx
      .insertInto(MIGRATION_TABLE)
      .values(adopted.map((name) => ({ name, timestamp })))
      .execute();
    return adopted;
  });
}
