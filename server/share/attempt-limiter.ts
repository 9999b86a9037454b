/**
 * Guessing a link's password is slowed down: after `perClient` wrong passwords from one client (server/net/
 * client-key.ts) within the window, that client waits; after `perLink` wrong ones from anywhere (many
 * clients), everyone does, until the window has passed. A right password clears its client's count.
 *
 * The counts live in the database (password_attempts), so every instance sharing it counts the same tries:
 * in memory, two instances each allowed 10. An attempt is checked and counted in one transaction (`begin`),
 * before its slow password check, and taken back if it was right (`succeeded`): counting only after the
 * check let parallel requests all pass. On PostgreSQL the two rows are locked (FOR UPDATE, in key order) for
 * that transaction; SQLite's IMMEDIATE transaction holds the one write lock. Rows whose window has passed are
 * swept now and then (`sweep`, run by one instance under a job lock).
 */
import { type Database, inTransaction, isPostgres } from '../db/open-database.ts';

export interface AttemptLimits {
  perClient: number;
  perLink: number;
  windowMs: number;
}

export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = {
  perClient: 10,
  perLink: 100,
  windowMs: 15 * 60_000,
};

const pairKey = (link: string, client: string): string => `${link} ${client}`;

export class AttemptLimiter {
  readonly #db: Database;
  readonly #limits: AttemptLimits;

  constructor(db: Database, limits: Partial<AttemptLimits> = {}) {
    this.#db = db;
    this.#limits = { ...DEFAULT_ATTEMPT_LIMITS, ...limits };
  }

  /**
   * Counts an attempt that is about to be checked, as a failure until `succeeded` says otherwise, and returns 0;
   * or, when `client` must wait, counts nothing and returns the seconds until it may try `link` again.
   */
  begin(link: string, client: string, now: number): Promise<number> {
    const { perClient, perLink, windowMs } = this.#limits;
    const limits = new Map([
      [link, perLink],
      [pairKey(link, client), perClient],
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
      const rows = await query.execute();
      // a window that has passed starts afresh
      const windows = rows.map((r) =>
        now - r.since >= windowMs ? { key: r.key, failures: 0, since: now } : { ...r, since: Number(r.since) },
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

  /** Seconds until `client` may try `link` again, 0 when it may now (a read: it counts nothing). */
  async retryAfter(link: string, client: string, now: number): Promise<number> {
    const { perClient, perLink, windowMs } = this.#limits;
    const rows = await this.#db
      .selectFrom('password_attempts')
      .selectAll()
      .where('key', 'in', [link, pairKey(link, client)])
      .execute();
    let wait = 0;
    for (const r of rows)
      if (now - r.since < windowMs && r.failures >= (r.key === link ? perLink : perClient))
        wait = Math.max(wait, Math.ceil((r.since + windowMs - now) / 1000));
    return wait;
  }

  /** The attempt `begin` counted was right: its client starts afresh and the link's count drops by one. */
  async succeeded(link: string, client: string): Promise<void> {
    await this.#db.deleteFrom('password_attempts').where('key', '=', pairKey(link, client)).execute();
    await this.#db
      .updateTable('password_attempts')
      .set((eb) => ({ failures: eb('failures', '-', 1) }))
      .where('key', '=', link)
      .where('failures', '>', 0)
      .execute();
  }

  /** Deletes the rows whose window has passed; returns how many. */
  async sweep(now: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('password_attempts')
      .where('since', '<=', now - this.#limits.windowMs)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
