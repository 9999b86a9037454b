/**
 * Download statistics held in memory for a moment: the gateway adds to them on every request and they
 * reach SQLite about once a second, in one transaction (a write per request was a fifth of the
 * gateway's CPU on small files). Readers flush first, so the app never sees stale numbers. Links with
 * a download limit are not counted here: their count is checked and raised atomically in the database
 * (tryCountDownload). Statistics of a link deleted meanwhile are dropped, never recreated. Flushes run one after
 * another (a reader's flush waits for the timer's one in flight), rows in one order (share id, day): two
 * instances flushing into one PostgreSQL take row locks in the same order and never deadlock.
 */
import { sql } from 'kysely';
import { addDayStats, dayOf } from './day-stats.ts';
import { type StatsDelta } from './file-stats.ts';
import { inTransaction, type Database, type Queryable } from './open-database.ts';
import { bookServedBytes } from './transfer.ts';

type Entry = { shareId: string; day: string; delta: Required<StatsDelta> };

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const FIELDS = ['downloads', 'bytes', 'views', 'botHits', 'botBytes'] as const;

/**
 * Adds `d` to the link's row of that month (created if absent), unless the link is gone: a link deleted meanwhile
 * gets no statistics back. The gateway's flush and cache-log's bookings (cache-log-seen.ts) write through this.
 */
export async function addMonthStats(
  db: Queryable,
  shareId: string,
  month: string,
  d: Required<StatsDelta>,
): Promise<void> {
  const n = (value: number) => sql<number>`cast(${value} as bigint)`;
  await db
    .insertInto('file_stats')
    .columns(['share_id', 'month', 'downloads', 'bytes', 'views', 'bot_hits', 'bot_bytes'])
    .expression(
      db
        .selectNoFrom((eb) => [
          eb.val(shareId).as('share_id'),
          eb.val(month).as('month'),
          n(d.downloads).as('downloads'),
          n(d.bytes).as('bytes'),
          n(d.views).as('views'),
          n(d.botHits).as('bot_hits'),
          n(d.botBytes).as('bot_bytes'),
        ])
        .where((eb) => eb.exists(eb.selectFrom('uploads').select('share_id').where('share_id', '=', shareId))),
    )
    .onConflict((oc) =>
      oc.columns(['share_id', 'month']).doUpdateSet((eb) => ({
        downloads: eb('file_stats.downloads', '+', eb.ref('excluded.downloads')),
        bytes: eb('file_stats.bytes', '+', eb.ref('excluded.bytes')),
        views: eb('file_stats.views', '+', eb.ref('excluded.views')),
        bot_hits: eb('file_stats.bot_hits', '+', eb.ref('excluded.bot_hits')),
        bot_bytes: eb('file_stats.bot_bytes', '+', eb.ref('excluded.bot_bytes')),
      })),
    )
    .execute();
}

/**
 * Books `d` for the link at `at`: its month's row and its day's row, together (every statistic is written
 * through here: the gateway's flush and cache-log's bookings), so the chart's days add up to the months.
 */
export async function bookStats(db: Queryable, shareId: string, at: Date, d: Required<StatsDelta>): Promise<void> {
  await addMonthStats(db, shareId, at.toISOString().slice(0, 7), d);
  await addDayStats(db, shareId, dayOf(at), d);
}

export class StatsBuffer {
  readonly #db: Database;
  readonly #flushMs: number;
  /** `shareId day` → what to add to that day's (and its month's) rows. */
  readonly #stats = new Map<string, Entry>();
  /** shareId → downloads to add to the link's own counter. */
  readonly #downloads = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** The flush being written (flushes queue behind it). */
  #writing: Promise<void> = Promise.resolve();

  readonly #onError: (error: unknown) => void;

  constructor(db: Database, options: { flushMs?: number; onError?: (error: unknown) => void } = {}) {
    this.#db = db;
    this.#flushMs = options.flushMs ?? 1000;
    this.#onError = options.onError ?? ((error) => console.error('traydrop-server: could not save statistics', error));
  }

  add(shareId: string, at: Date, delta: StatsDelta): void {
    if (this.#closed) return;
    const day = dayOf(at);
    const id = `${shareId} ${day}`;
    let entry = this.#stats.get(id);
    if (!entry) {
      entry = { shareId, day, delta: { downloads: 0, bytes: 0, views: 0, botHits: 0, botBytes: 0 } };
      this.#stats.set(id, entry);
    }
    for (const field of FIELDS) entry.delta[field] += delta[field] ?? 0;
    this.#schedule();
  }

  /** One more download of a link without a download limit. */
  countDownload(shareId: string): void {
    if (this.#closed) return;
    this.#downloads.set(shareId, (this.#downloads.get(shareId) ?? 0) + 1);
    this.#schedule();
  }

  /** Writes everything held so far (and waits for any flush already under way). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const stats = [...this.#stats.values()].sort((a, b) => compare(a.shareId, b.shareId) || compare(a.day, b.day));
    const downloads = [...this.#downloads].sort((a, b) => compare(a[0], b[0]));
    this.#stats.clear();
    this.#downloads.clear();
    const write =
      stats.length === 0 && downloads.length === 0
        ? this.#writing
        : this.#writing.then(() => this.#write(stats, downloads));
    this.#writing = write.catch(() => undefined);
    return write;
  }

  async #write(stats: Entry[], downloads: [string, number][]): Promise<void> {
    await inTransaction(this.#db, async (trx) => {
      for (const { shareId, day, delta } of stats) await bookStats(trx, shareId, new Date(`${day}T00:00:00Z`), delta);
      // the owners' monthly transfer (bots included), in the same transaction: the two never disagree
      await bookServedBytes(
        trx,
        stats.map(({ shareId, day, delta }) => ({
          shareId,
          month: day.slice(0, 7),
          bytes: delta.bytes + delta.botBytes,
        })),
      );
      for (const [shareId, count] of downloads)
        await trx
          .updateTable('uploads')
          .set((eb) => ({ downloads: eb('downloads', '+', count) }))
          .where('share_id', '=', shareId)
          .execute();
    });
  }

  /** Flushes and stops: later additions are ignored (a download cut off by shutdown loses its count). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  #schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => void this.flush().catch(this.#onError), this.#flushMs);
    this.#timer.unref();
  }
}
