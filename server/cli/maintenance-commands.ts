/** `traydrop-server reconcile [--fix] [--prefix p]` and `lifecycle install|show`: admin jobs on the bucket. */
import type { PurgeLog } from '../cache/purge.ts';
import type { ServerConfig } from '../config.ts';
import { withJobLock } from '../db/job-lock.ts';
import { openDatabase } from '../db/open-database.ts';
import { currentRules, installLifecycle } from '../maintenance/lifecycle.ts';
import { reconcile, type ReconcileReport } from '../maintenance/reconcile.ts';
import { createOwnerS3 } from '../s3/owner-s3.ts';
import { CliUsageError, type ServerIo } from './io.ts';

function printReport(r: ReconcileReport, fix: boolean, io: ServerIo): void {
  io.out(`scanned ${r.scanned} objects, ${r.indexed} index rows\n`);
  for (const key of r.missingInS3) io.out(`missing in S3 (in index): ${key}\n`);
  for (const key of r.notIndexed) io.out(`not in index (in S3): ${key}\n`);
  if (fix) {
    for (const key of r.removedRows) io.out(`removed row: ${key}\n`);
    for (const key of r.addedRows) io.out(`indexed: ${key}\n`);
    for (const s of r.skipped) io.out(`not indexed: ${s.key} (${s.reason})\n`);
  }
  const drift = r.missingInS3.length + r.notIndexed.length;
  io.err(drift === 0 ? 'no drift\n' : `${drift} difference(s)${fix ? ', fixed where possible' : '; run with --fix'}\n`);
}

export async function runReconcile(
  config: ServerConfig,
  options: { fix: boolean; prefix?: string },
  io: ServerIo,
): Promise<number> {
  if (options.prefix !== undefined && !/^users\/([a-z0-9][a-z0-9._-]*\/)?$/.test(options.prefix))
    throw new CliUsageError('--prefix must be users/ or users/<userId>/');
  const db = await openDatabase({
    url: config.databaseUrl,
    path: config.databasePath,
    preparedStatements: config.databasePreparedStatements,
  });
  const s3 = createOwnerS3(config);
  try {
    // one reconcile at a time, whichever instance or admin starts it
    const log: PurgeLog = {
      warn: ({ cache, shareId, status, err }, message) =>
        io.err(`traydrop-server: ${message}: ${cache} (link ${shareId}: ${status ?? String(err)})\n`),
    };
    const job = await withJobLock(db, 'reconcile', () => reconcile({ db, s3, config, log }, options));
    if (!job.ran) {
      io.err('traydrop-server: another reconcile is running on this database; try again when it is done\n');
      return 1;
    }
    const report = job.value;
    printReport(report, options.fix, io);
    return report.missingInS3.length + report.notIndexed.length > 0 && !options.fix ? 1 : 0;
  } finally {
    s3.destroy();
    await db.destroy();
  }
}

export async function runLifecycle(config: ServerConfig, sub: string | undefined, io: ServerIo): Promise<number> {
  const s3 = createOwnerS3(config);
  try {
    if (sub === 'install') {
      const result = await installLifecycle({ s3, config });
      io.out(`${result === 'installed' ? 'installed' : 'unchanged'}: lifecycle rules on ${config.s3Bucket}\n`);
      return 0;
    }
    if (sub === 'show') {
      io.out(`${JSON.stringify(await currentRules({ s3, config }), null, 2)}\n`);
      return 0;
    }
    throw new CliUsageError(sub ? `unknown lifecycle command: ${sub}` : 'lifecycle needs a command: install or show');
  } finally {
    s3.destroy();
  }
}
