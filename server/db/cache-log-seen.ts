/**
 * Cache hits (and the bytes nginx sent for the gateways, with the transfer hold each settles) booked exactly once:
 * `traydrop-server cache-log` books a batch of varnishncsa (or nginx) lines in one transaction that also records
 * each line's transaction key (instance, request time in µs, vxid; instance and request id for nginx), so a line
 * replayed after a restart (of Varnish, of varnishncsa or of cache-log) finds its key and books nothing. The time is
 * in the key because varnishd starts its vxids again when it restarts. Keys are kept for a retention window; lines
 * older than it are refused, so a replay can never book twice. The table is migration 0005_cache_log_seen
 * (migrations/).
 * Two cache-log processes on one PostgreSQL database: the second insert of a key waits for the first transaction's
 * outcome on the primary key, then inserts nothing (ON CONFLICT DO NOTHING, no row returned) and books nothing.
 */
import { monthOf } from './file-stats.ts';
import { type Database, inTransaction } from './open-database.ts';
import { bookStats } from './stats-buffer.ts';
import { bookServedBytes, releaseHold } from './transfer.ts';

export interface SeenBooking {
  /** `<instance> <usec> <vxid>`: unique per Varnish transaction (`<instance> <request id>` for nginx). */
  key: string;
  shareId: string;
  at: Date;
  download: boolean;
  delta: { downloads: number; bytes: number; botHits: number; botBytes: number };
  /** A transfer hold (transfer.ts) these bytes settle: dropped as they are added to the owner's month. */
  hold?: string | undefined;
}

export interface BatchResult {
  booked: number;
  duplicates: number;
  /** Older than the retention window: refused, never booked. */
  stale: number;
}

/** Books the lines not seen before, records their keys and forgets keys older than `retentionMs`, in one transaction. */
export function bookOnce(db: Database, bookings: SeenBooking[], now: Date, retentionMs: number): Promise<BatchResult> {
  const oldest = new Date(now.getTime() - retentionMs).toISOString();
  return inTransaction(db, async (trx) => {
    const result: BatchResult = { booked: 0, duplicates: 0, stale: 0 };
    for (const b of bookings) {
      const at = b.at.toISOString();
      if (at < oldest) {
        result.stale++;
        continue;
      }
      // insert-if-absent; RETURNING gives a row only when this transaction inserted it (both databases)
      const marked = await trx
        .insertInto('cache_log_seen')
        .values({ key: b.key, at })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      if (marked === undefined) {
        result.duplicates++;
        continue;
      }
      // the statistics as the gateway writes them (stats-buffer.ts): a link deleted meanwhile gets no row back
      await bookStats(trx, b.shareId, b.at, { ...b.delta, views: 0 });
      // and to the owner's monthly transfer: bytes a cache served count against the limit too
      await bookServedBytes(trx, [
        { shareId: b.shareId, month: monthOf(b.at), bytes: b.delta.bytes + b.delta.botBytes },
      ]);
      if (b.hold !== undefined) await releaseHold(trx, b.hold);
      if (b.download)
        await trx
          .updateTable('uploads')
          .set((eb) => ({ downloads: eb('downloads', '+', 1) }))
          .where('share_id', '=', b.shareId)
          .execute();
      result.booked++;
    }
    await trx.deleteFrom('cache_log_seen').where('at', '<', oldest).execute();
    return result;
  });
}
