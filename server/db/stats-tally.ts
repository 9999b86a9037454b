/**
 * Statistics summed in memory and written in the one order every writer keeps. The gateways' flushes
 * (stats-buffer.ts) and cache-log's batches (cache-log-seen.ts) write the same rows of one PostgreSQL: every link's
 * month and day rows sorted by (share id, day), then the owners' monthly transfer sorted by (user, month), then the
 * links' own download counters sorted by share id. Two writers taking row locks in one order never deadlock; cache-log
 * once booked line by line (a link's rows, its owner's transfer, the next link's rows) and a gateway's flush holding
 * that next link's rows while waiting for the transfer row made PostgreSQL abort one of them ("deadlock detected").
 */
import { dayOf } from './day-stats.ts';
import { monthOf, type StatsDelta } from './file-stats.ts';
import type { Queryable } from './open-database.ts';
import { addPeriodStats } from './period-stats.ts';
import { compareKeys } from './row-order.ts';
import { bookServedBytes } from './transfer.ts';

export type StatsEntry = { shareId: string; day: string; delta: Required<StatsDelta> };
/** What one write adds: rows sorted by (share id, day), download counters by share id. */
export type StatsBatch = { stats: StatsEntry[]; downloads: [string, number][] };

const FIELDS = ['downloads', 'bytes', 'views', 'botHits', 'botBytes'] as const;

/**
 * Books `d` for the link at `at`: its month's row and its day's row, together (every statistic is written through
 * here), so the chart's days add up to the months.
 */
export async function bookStats(db: Queryable, shareId: string, at: Date, d: Required<StatsDelta>): Promise<void> {
  await addPeriodStats(db, 'month', shareId, monthOf(at), d);
  await addPeriodStats(db, 'day', shareId, dayOf(at), d);
}

/** Sums of statistics per (link, day) and of downloads per link, taken out sorted for writeStatsBatch. */
export class StatsTally {
  /** `shareId day` → what to add to that day's (and its month's) rows. */
  readonly #stats = new Map<string, StatsEntry>();
  /** shareId → downloads to add to the link's own counter. */
  readonly #downloads = new Map<string, number>();

  get size(): number {
    return this.#stats.size + this.#downloads.size;
  }

  add(shareId: string, day: string, delta: StatsDelta): void {
    const id = `${shareId} ${day}`;
    let entry = this.#stats.get(id);
    if (!entry) {
      entry = { shareId, day, delta: { downloads: 0, bytes: 0, views: 0, botHits: 0, botBytes: 0 } };
      this.#stats.set(id, entry);
    }
    for (const field of FIELDS) entry.delta[field] += delta[field] ?? 0;
  }

  countDownloads(shareId: string, count: number): void {
    this.#downloads.set(shareId, (this.#downloads.get(shareId) ?? 0) + count);
  }

  /** Everything summed, sorted, and the tally empty. */
  take(): StatsBatch {
    const stats = [...this.#stats.values()].sort(
      (a, b) => compareKeys(a.shareId, b.shareId) || compareKeys(a.day, b.day),
    );
    const downloads = [...this.#downloads].sort((a, b) => compareKeys(a[0], b[0]));
    this.#stats.clear();
    this.#downloads.clear();
    return { stats, downloads };
  }

  /** A batch that was not written comes back (added to what came meanwhile). */
  restore(batch: StatsBatch): void {
    for (const { shareId, day, delta } of batch.stats) this.add(shareId, day, delta);
    for (const [shareId, count] of batch.downloads) this.countDownloads(shareId, count);
  }
}

/** Writes a taken batch inside the caller's transaction, in the order above. */
export async function writeStatsBatch(trx: Queryable, batch: StatsBatch): Promise<void> {
  for (const { shareId, day, delta } of batch.stats) await bookStats(trx, shareId, new Date(`${day}T00:00:00Z`), delta);
  // the owners' monthly transfer (bots included), in the same transaction: the two never disagree
  await bookServedBytes(
    trx,
    batch.stats.map(({ shareId, day, delta }) => ({
      shareId,
      month: day.slice(0, 7),
      bytes: delta.bytes + delta.botBytes,
    })),
  );
  for (const [shareId, count] of batch.downloads)
    await trx
      .updateTable('uploads')
      .set((eb) => ({ downloads: eb('downloads', '+', count) }))
      .where('share_id', '=', shareId)
      .execute();
}
