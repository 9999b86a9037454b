/**
 * Wrong-password windows in the database (password_attempts), for the links' limiter
 * (server/share/attempt-limiter.ts) and the dashboard's sign-in limiter (server/auth/sign-in-limiter.ts): an attempt
 * is checked against every key's limit and counted as a failure, in one transaction, before its slow hash check
 * (rows locked in key order on PostgreSQL, SQLite's write lock), so parallel guesses cannot all pass. A window that
 * has passed starts afresh.
 */
import { type Database, inTransaction, isPostgres } from './open-database.ts';

/**
 * Counts one failure under every key of `limits` (key → the failures allowed in a window) and returns 0; or, when
 * one of them is at its limit, counts nothing and returns the seconds until that window has passed.
 */
export function beginAttempt(
  db: Database,
  limits: ReadonlyMap<string, number>,
  windowMs: number,
  now: number,
): Promise<number> {
  const keys = [...limits.keys()].sort();
  return inTransaction(db, async (trx) => {
    await trx
      .insertInto('password_attempts')
      .values(keys.map((key) => ({ key, failures: 0, since: now })))
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    let query = trx.selectFrom('password_attempts').selectAll().where('key', 'in', keys).orderBy('key');
    if (isPostgres(trx)) query = query.forUpdate();
    const windows = (await query.execute()).map((r) =>
      now - Number(r.since) >= windowMs ? { key: r.key, failures: 0, since: now } : { ...r, since: Number(r.since) },
    );
    let wait = 0;
    for (const w of windows)
      if (w.failures >= limits.get(w.key)!) wait = Math.max(wait, Math.ceil((w.since + windowMs - now) / 1000));
    if (wait > 0) return wait;
    for (const w of windows)
      await trx
        .updateTable('password_attempts')
        .set({ failures: w.failures + 1, since: w.since })
        .where('key', '=', w.key)
        .execute();
    return 0;
  });
}

/** A counted attempt was right: each key's count drops by one (earlier failures stay counted). */
export async function takeBackAttempt(db: Database, keys: readonly string[]): Promise<void> {
  await db
    .updateTable('password_attempts')
    .set((eb) => ({ failures: eb('failures', '-', 1) }))
    .where('key', 'in', [...keys])
    .where('failures', '>', 0)
    .execute();
}
