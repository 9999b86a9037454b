/**
 * Download statistics held in memory for a moment: the gateway adds to them on every request and they
 * reach SQLite about once a second, in one transaction (a write per request was a fifth of the
 * gateway's CPU on small files). Readers flush first, so the app never sees stale numbers. Links with
 * a download limit are not counted here: their count is checked and raised atomically in the database
 * (tryCountDownload). Statistics of a link deleted meanwhile are dropped, never recreated.
 */
import { monthOf, type StatsDelta } from './file-stats.ts';
import { inTransaction, type Database } from './open-database.ts';

const FIELDS = ['downloads', 'bytes', 'views', 'botHits', 'botBytes'] as const;

export class StatsBuffer {
  readonly #db: Database;
  readonly #flushMs: number;
  /** `shareId month` → what to add to that row. */
  readonly #stats = new Map<string, { shareId: string; month: string; delta: Required<StatsDelta> }>();
  /** shareId → downloads to add to the link's own counter. */
  readonly #downloads = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  readonly #onError: (error: unknown) => void;

  constructor(db: Database, options: { flushMs?: number; onError?: (error: unknown) => void } = {}) {
    this.#db = db;
    this.#flushMs = options.flushMs ?? 1000;
    this.#onError = options.onError ?? ((error) => console.error('traydrop-server: could not save statistics', error));
  }

  add(shareId: string, at: Date, delta: StatsDelta): void {
    if (this.#closed) return;
    const month = monthOf(at);
    const id = `${shareId} ${month}`;
    let entry = this.#stats.get(id);
    if (!entry) {
      entry = { shareId, month, delta: { downloads: 0, bytes: 0, views: 0, botHits: 0, botBytes: 0 } };
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

  /** Writes everything held so far. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#stats.size === 0 && this.#downloads.size === 0) return;
    const stats = [...this.#stats.values()];
    const downloads = [...this.#downloads];
    this.#stats.clear();
    this.#downloads.clear();
    inTransaction(this.#db, () => {
      const upsert = this.#db.prepare(
        `INSERT INTO file_stats (share_id, month, downloads, bytes, views, bot_hits, bot_bytes)
         SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM uploads WHERE share_id = ?)
         ON CONFLICT (share_id, month) DO UPDATE SET downloads = downloads + excluded.downloads,
           bytes = bytes + excluded.bytes, views = views + excluded.views,
           bot_hits = bot_hits + excluded.bot_hits, bot_bytes = bot_bytes + excluded.bot_bytes`,
      );
      for (const { shareId, month, delta: d } of stats)
        upsert.run(shareId, month, d.downloads, d.bytes, d.views, d.botHits, d.botBytes, shareId);
      const count = this.#db.prepare('UPDATE uploads SET downloads = downloads + ? WHERE share_id = ?');
      for (const [shareId, n] of downloads) count.run(n, shareId);
    });
  }

  /** Flushes and stops: later additions are ignored (a download cut off by shutdown loses its count). */
  close(): void {
    this.flush();
    this.#closed = true;
  }

  #schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      try {
        this.flush();
      } catch (error) {
        this.#onError(error);
      }
    }, this.#flushMs);
    this.#timer.unref();
  }
}
