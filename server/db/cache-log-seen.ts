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
import { dayOf } from './day-stats.ts';
import { type Database, inTransaction } from './open-database.ts';
import { compareKeys } from './row-order.ts';
import { StatsTally, writeStatsBatch } from './stats-tally.ts';

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

/**
 * Books the lines not seen before, records their keys and forgets keys older than `retentionMs`, in one transaction.
 * The lines' statistics are summed and written as a gateway's flush writes them (stats-tally.ts), in the same order.
 */
export function bookOnce(db: Database, bookings: SeenBooking[], now: Date, retentionMs: number): Promise<BatchResult> {
  const oldest = new Date(now.getTime() - retentionMs).toISOString();
  const result: BatchResult = { booked: 0, duplicates: 0, stale: 0 };
  const fresh = new Map<string, SeenBooking>();
  for (const b of bookings) {
    if (b.at.toISOString() < oldest) result.stale++;
    else if (fresh.has(b.key)) result.duplicates++;
    else fresh.set(b.key, b);
  }
  // keys in order too: two cache-log processes replaying the same lines wait for each other, never deadlock
  const keys = [...fresh.keys()].sort(compareKeys);
  return inTransaction(db, async (trx) => {
    // insert-if-absent; RETURNING names only the keys this transaction inserted (both databases)
    const marked =
      keys.length === 0
        ? []
        : await trx
            .insertInto('cache_log_seen')
            .values(keys.map((key) => ({ key, at: fresh.get(key)!.at.toISOString() })))
            .onConflict((oc) => oc.column('key').doNothing())
            .returning('key')
            .execute();
    const tally = new StatsTally();
    const holds: string[] = [];
    for (const { key } of marked) {
      const b = fresh.get(key)!;
      tally.add(b.shareId, dayOf(b.at), { ...b.delta, views: 0 });
      if (b.download) tally.countDownloads(b.shareId, 1);
      if (b.hold !== undefined) holds.push(b.hold);
    }
    // the statistics, the owners' monthly transfer (bytes a cache served count against the limit too) and the
    // links' counters; a link deleted meanwhile gets no row back
    await writeStatsBatch(trx, tally.take());
    if (holds.length > 0) await trx.deleteFrom('transfer_holds').where('id', 'in', holds.sort(compareKeys)).execute();
    await trx.deleteFrom('cache_log_seen').where('at', '<', oldest).execute();
    return { ...result, booked: marked.length, duplicates: result.duplicates + keys.length - marked.length };
  });
}
