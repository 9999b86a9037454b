/**
 * Cache hits booked exactly once: `traydrop-server cache-log` books a batch of varnishncsa lines in one transaction
 * that also records each line's transaction key (instance, request time in µs, vxid), so a line replayed after a
 * restart (of Varnish, of varnishncsa or of cache-log) finds its key and books nothing. The time is in the key
 * because varnishd starts its vxids again when it restarts. Keys are kept for a retention window; lines older than
 * it are refused, so a replay can never book twice. The table is made here (IF NOT EXISTS), the one module of the data
 * layer that knows it.
 */
import { monthOf } from './file-stats.ts';
import { type Database, inTransaction } from './open-database.ts';

export interface SeenBooking {
  /** `<instance> <usec> <vxid>`: unique per Varnish transaction. */
  key: string;
  shareId: string;
  at: Date;
  download: boolean;
  delta: { downloads: number; bytes: number; botHits: number; botBytes: number };
}

export interface BatchResult {
  booked: number;
  duplicates: number;
  /** Older than the retention window: refused, never booked. */
  stale: number;
}

export function ensureCacheLogTable(db: Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS cache_log_seen (
    key TEXT PRIMARY KEY,
    at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS cache_log_seen_at ON cache_log_seen (at);`);
}

/** Books the lines not seen before, records their keys and forgets keys older than `retentionMs`, in one transaction. */
export function bookOnce(db: Database, bookings: SeenBooking[], now: Date, retentionMs: number): BatchResult {
  const oldest = new Date(now.getTime() - retentionMs).toISOString();
  return inTransaction(db, () => {
    const result: BatchResult = { booked: 0, duplicates: 0, stale: 0 };
    const mark = db.prepare('INSERT OR IGNORE INTO cache_log_seen (key, at) VALUES (?, ?)');
    // the statistics as the gateway writes them (stats-buffer.ts): a link deleted meanwhile gets no row back
    const upsert = db.prepare(
      `INSERT INTO file_stats (share_id, month, downloads, bytes, views, bot_hits, bot_bytes)
       SELECT ?, ?, ?, ?, 0, ?, ? WHERE EXISTS (SELECT 1 FROM uploads WHERE share_id = ?)
       ON CONFLICT (share_id, month) DO UPDATE SET downloads = downloads + excluded.downloads,
         bytes = bytes + excluded.bytes, bot_hits = bot_hits + excluded.bot_hits,
         bot_bytes = bot_bytes + excluded.bot_bytes`,
    );
    const count = db.prepare('UPDATE uploads SET downloads = downloads + 1 WHERE share_id = ?');
    for (const b of bookings) {
      const at = b.at.toISOString();
      if (at < oldest) {
        result.stale++;
        continue;
      }
      if (Number(mark.run(b.key, at).changes) === 0) {
        result.duplicates++;
        continue;
      }
      const d = b.delta;
      upsert.run(b.shareId, monthOf(b.at), d.downloads, d.bytes, d.botHits, d.botBytes, b.shareId);
      if (b.download) count.run(b.shareId);
      result.booked++;
    }
    db.prepare('DELETE FROM cache_log_seen WHERE at < ?').run(oldest);
    return result;
  });
}
