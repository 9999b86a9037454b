/**
 * Guessing a link's password is slowed down: after `perClient` wrong passwords from one client (server/net/
 * client-key.ts) within the window, that client waits; after `perLink` wrong ones from anywhere (many
 * clients), everyone does, until the window has passed. A right password clears its client's count.
 *
 * The counts live in the database (password_attempts), so every instance sharing it counts the same tries:
 * in memory, two instances each allowed 10. An attempt is checked and counted in one transaction (`begin`, through
 * server/db/attempt-windows.ts, shared with the dashboard's sign-in limiter),
 * before its slow password check, and taken back if it was right (`succeeded`): counting only after the
 * check let parallel requests all pass. On PostgreSQL the two rows are locked (FOR UPDATE, in key order) for
 * that transaction; SQLite's IMMEDIATE transaction holds the one write lock. Rows whose window has passed are
 * swept now and then (`sweep`, run by one instance under a job lock).
 */
import { beginAttempt, takeBackAttempt } from '../db/attempt-windows.ts';
import type { Database } from '../db/open-database.ts';

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
    return beginAttempt(this.#db, limits, windowMs, now);
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
    await takeBackAttempt(this.#db, [link]);
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
