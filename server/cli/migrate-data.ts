/**
 * `traydrop-server migrate-data --from sqlite:PATH --to postgres://…`: moves a server's data from its SQLite
 * file into an empty PostgreSQL database. The target's schema is created (or migrated) first; a target that
 * already holds rows is refused, so nothing is ever merged or overwritten. The copy is one transaction, and
 * is then read back: every table's row count and checksum (server/db/copy-data.ts) must match the source's.
 * The source is migrated to today's schema first, as the server itself would at start.
 */
import { existsSync } from 'node:fs';
import { copyTables, nonEmptyTables, verifyCopy, type TableCheck } from '../db/copy-data.ts';
import { type Database, isPostgresUrl, openDatabase } from '../db/open-database.ts';
import { CliUsageError, type ServerIo } from './io.ts';

function sourcePath(from: string | undefined): string {
  const path = from?.startsWith('sqlite:') ? from.slice('sqlite:'.length) : undefined;
  if (!path) throw new CliUsageError('migrate-data needs --from sqlite:PATH (the SQLite file the server used)');
  return path;
}

function table(checks: TableCheck[]): string {
  const width = Math.max(...checks.map((c) => c.table.length));
  return checks
    .map((c) => `${c.table.padEnd(width)}  ${String(c.rows).padStart(8)}  sha256 ${c.checksum.slice(0, 16)}`)
    .join('\n');
}

export async function runMigrateData(from: string | undefined, to: string | undefined, io: ServerIo): Promise<number> {
  const path = sourcePath(from);
  if (!to || !isPostgresUrl(to)) throw new CliUsageError('migrate-data needs --to postgres://user@host:port/db');
  if (!existsSync(path)) {
    io.err(`traydrop-server: no SQLite database at ${path}\n`);
    return 1;
  }
  let source: Database | undefined;
  let target: Database | undefined;
  try {
    source = await openDatabase({ path });
    target = await openDatabase({ url: to, path, statementTimeoutMs: 0 }); // a large table's copy may take long
    const filled = await nonEmptyTables(target);
    if (filled.length > 0) {
      io.err(
        `traydrop-server: the target database is not empty (rows in ${filled.join(', ')}); ` +
          'migrate-data copies only into an empty database\n',
      );
      return 1;
    }
    const copied = await copyTables(source, target);
    const differ = await verifyCopy(copied, target);
    io.out(`${table(copied)}\n`);
    if (differ.length > 0) {
      io.err(`traydrop-server: the copy differs from the source in ${differ.map((d) => d.table).join(', ')}\n`);
      return 1;
    }
    const total = copied.reduce((sum, c) => sum + c.rows, 0);
    io.err(`copied ${total} rows in ${copied.length} tables; counts and checksums match\n`);
    return 0;
  } finally {
    await source?.destroy();
    await target?.destroy();
  }
}
