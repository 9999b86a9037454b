/**
 * Password sign-in is slowed down: after `perAccount` wrong passwords for one user name, or `perAddress` wrong
 * ones from one client address (server/net/client-key.ts), within the window, that name or address waits
 * (429 with Retry-After) until its window has passed. Names that do not exist count the same way, so the answer
 * never tells which names exist.
 *
 * The counts share the password_attempts table with the links' limiter (server/share/attempt-limiter.ts), under
 * keys of their own (`sign-in account <name>`, `sign-in address <ip>`: a share id has no space), so every
 * instance sees the same tries and the sweeper clears passed windows of both. As there, an attempt is checked
 * and counted in one transaction before the slow hash check (rows locked in key order on PostgreSQL, SQLite's
 * write lock), and a right password takes its own count back: parallel guesses cannot all pass.
 */
import { type Database, inTransaction, isPostgres } from '../db/open-database.ts';

export interface SignInLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAccount: 10, perAddress: 10, windowMs: 15 * 60_000 };

const accountKey = (name: string): string => `sign-in account ${name}`;
const addressKey = (address: string): string => `sign-in address ${address}`;

export class SignInLimiter {
  readonly #db: Database;
  readonly #limits: SignInLimits;

  constructor(db: Database, limits: Partial<SignInLimits> = {}) {
    this.#db = db;
    this.#limits = { ...DEFAULT_SIGN_IN_LIMITS, ...limits };
  }

  /** Counts an attempt as a failure (until `succeeded`) and returns 0, or counts nothing and returns the seconds to wait. */
  begin(name: string, address: string, now: number): Promise<number> {
    const { perAccount, perAddress, windowMs } = this.#limits;
    const limits = new Map([
      [accountKey(name), perAccount],
      [addressKey(address), perAddress],
    ]);
    const keys = [...limits.keys()].sort();
    return inTransaction(this.#db, async (trx) => {
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

  /** The attempt `begin` counted was right: both counts drop by one (earlier failures stay counted). */
  async succeeded(name: string, address: string): Promise<void> {
    await this.#db
      .updateTable('password_attempts')
      .set((eb) => ({ failures: eb('failures', '-', 1) }))
      .where('key', 'in', [accountKey(name), addressKey(address)])
      .where('failures', '>', 0)
      .execute();
  }
}
