/**
 * Download statistics held in memory for a moment: the gateway adds to them on every request and they
 * reach the database about once a second, in one transaction (a write per request was a fifth of the
 * gateway's CPU on small files). Readers flush first, so the app never sees stale numbers. Links with
 * a download limit are not counted here: their count is checked and raised atomically in the database
 * (tryCountDownload). Statistics of a link deleted meanwhile are dropped, never recreated. Flushes run one after
 * another (a reader's flush waits for the timer's one in flight), rows in the one order of stats-tally.ts: instances
 * flushing into one PostgreSQL, and cache-log, take row locks in the same order and never deadlock.
 *
 * Nothing is lost or booked twice while the database is away. A flush that fails keeps its counts: if it failed before
 * COMMIT was sent, nothing was written and they go back into the buffer for the next flush (retried every second). If
 * the connection died after COMMIT was sent, the outcome is unknown to us, so the flush records its transaction id
 * (pg_current_xact_id()) first and the next flush asks PostgreSQL what became of it (pg_xact_status): committed, the
 * counts are dropped; aborted (or never reached the server), they are written again; still in progress (the server has
 * not yet noticed the dead connection, at most idle_in_transaction_session_timeout), asked again a second later. What
 * is left: counts held in memory when the process dies, and a commit a crashed PostgreSQL loses with
 * synchronous_commit off. On SQLite (one local file, no connection to lose) a failed COMMIT wrote nothing.
 */
import { sql } from 'kysely';
import { dayOf } from './day-stats.ts';
import type { StatsDelta } from './file-stats.ts';
import { inTransaction, isPostgres, type Database } from './open-database.ts';
import { type StatsBatch, StatsTally, writeStatsBatch } from './stats-tally.ts';

/** PostgreSQL's word on a transaction whose COMMIT got no answer. */
async function outcomeOf(db: Database, xid: string): Promise<'committed' | 'aborted' | 'unknown'> {
  try {
    const { rows } = await sql<{ status: string | null }>`select pg_xact_status(${xid}::xid8) as status`.execute(db);
    const status = rows[0]?.status;
    // null: too old to be known (never, seconds later); aborted: rolled back or cut before its commit
    return status === 'committed' ? 'committed' : status === 'in progress' ? 'unknown' : 'aborted';
  } catch (error) {
    // 22023 "transaction ID is in the future": a crashed server lost it, so it did not commit
    if ((error as { code?: unknown }).code === '22023') return 'aborted';
    throw error;
  }
}

export class StatsBuffer {
  readonly #db: Database;
  readonly #flushMs: number;
  /** What was counted and not written yet. */
  readonly #held = new StatsTally();
  /** A written batch whose COMMIT got no answer, and its transaction id: settled before the next write. */
  #inDoubt: (StatsBatch & { xid: string }) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** The flush being written (flushes queue behind it). */
  #writing: Promise<void> = Promise.resolve();
  /** Failed flushes in a row: only the first of an outage is reported, and the recovery. */
  #failures = 0;

  readonly #onError: (error: unknown) => void;
  readonly #onRecovered: (failures: number) => void;

  constructor(
    db: Database,
    options: {
      flushMs?: number;
      onError?: (error: unknown) => void;
      onRecovered?: (failures: number) => void;
    } = {},
  ) {
    this.#db = db;
    this.#flushMs = options.flushMs ?? 1000;
    this.#onError =
      options.onError ??
      ((error) => console.error('traydrop-server: could not save statistics (kept, retrying every second)', error));
    this.#onRecovered =
      options.onRecovered ??
      ((failures) => console.error(`traydrop-server: statistics saved again after ${failures} failed attempts`));
  }

  add(shareId: string, at: Date, delta: StatsDelta): void {
    if (this.#closed) return;
    this.#held.add(shareId, dayOf(at), delta);
    this.#schedule();
  }

  /** One more download of a link without a download limit. */
  countDownload(shareId: string): void {
    if (this.#closed) return;
    this.#held.countDownloads(shareId, 1);
    this.#schedule();
  }

  /** Counts not yet known to be in the database: held, and in doubt (tests and the close message read it). */
  get pending(): { rows: number; inDoubt: boolean } {
    return { rows: this.#held.size, inDoubt: this.#inDoubt !== undefined };
  }

  /** Writes everything held so far (and waits for any flush already under way); rejects if it could not. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const write = this.#writing.then(() => this.#writeHeld());
    this.#writing = write.catch(() => undefined);
    return write;
  }

  async #writeHeld(): Promise<void> {
    if (this.#held.size === 0 && this.#inDoubt === undefined) return;
    try {
      await this.#settleInDoubt();
      const batch = this.#held.take();
      if (batch.stats.length > 0 || batch.downloads.length > 0) await this.#write(batch);
    } catch (error) {
      if (++this.#failures === 1) this.#onError(error); // once per outage, not every second
      this.#schedule(); // retried; the counts are back in the buffer or in doubt, never dropped
      throw error;
    }
    if (this.#failures > 0) this.#onRecovered(this.#failures);
    this.#failures = 0;
  }

  async #settleInDoubt(): Promise<void> {
    const doubt = this.#inDoubt;
    if (!doubt) return;
    const outcome = await outcomeOf(this.#db, doubt.xid);
    if (outcome === 'unknown') throw new Error(`statistics flush ${doubt.xid}: its transaction is still open`);
    this.#inDoubt = undefined;
    if (outcome === 'aborted') this.#held.restore(doubt);
  }

  async #write(batch: StatsBatch): Promise<void> {
    const postgres = isPostgres(this.#db);
    let xid: string | undefined;
    let committing = false;
    try {
      await inTransaction(this.#db, async (trx) => {
        if (postgres)
          xid = (await sql<{ xid: string }>`select pg_current_xact_id()::text as xid`.execute(trx)).rows[0]?.xid;
        await writeStatsBatch(trx, batch);
        committing = true; // Kysely sends COMMIT when this function returns
      });
    } catch (error) {
      if (committing && xid !== undefined) this.#inDoubt = { ...batch, xid };
      else this.#held.restore(batch);
      throw error;
    }
  }

  /**
   * Flushes and stops: later additions are ignored (a download cut off by shutdown loses its count). With the
   * database away it tries for up to `retryMs` more, then says what could not be saved.
   */
  async close(retryMs = 5000): Promise<void> {
    this.#closed = true;
    const until = Date.now() + retryMs;
    for (;;) {
      try {
        await this.flush();
        return;
      } catch (error) {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        if (Date.now() >= until) {
          const { rows, inDoubt } = this.pending;
          this.#onError(
            new Error(`closing: ${rows} statistics rows not saved${inDoubt ? ', one flush in doubt' : ''}`, {
              cause: error,
            }),
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(this.#flushMs, 1000)));
      }
    }
  }

  #schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => void this.flush().catch(() => undefined), this.#flushMs); // reported above
    this.#timer.unref();
  }
}
