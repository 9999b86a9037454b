/**
 * `traydrop-server cache-log [--instance name] [--retention-hours n]`: books the cache hits that varnishncsa writes
 * (docs/deploy/varnishncsa.format) on standard input into the links' statistics, as Dropshare Cloud did: a hit never
 * reached a gateway, so nobody else counts it. Lines are booked in batches (every 500 lines or every second, and at
 * the end of the input), each exactly once (server/db/cache-log-seen.ts): a replay books nothing. Batches are written
 * one after another (the timer's and the reader's never overlap); the caller opens and closes the database.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { bookingOf } from '../cache/hit-booking.ts';
import { parseCacheLogLine } from '../cache/ncsa-line.ts';
import { bookOnce, type SeenBooking } from '../db/cache-log-seen.ts';
import type { Database } from '../db/open-database.ts';
import { CliUsageError, type ServerIo } from './io.ts';

export interface CacheLogOptions {
  /** Names the Varnish the lines come from (its vxids are its own). */
  instance?: string | undefined;
  retentionHours?: string | undefined;
  /** Injectable for tests. */
  now?: () => Date;
}

const BATCH_LINES = 500;
const BATCH_MS = 1000;

export async function runCacheLog(
  db: Database,
  input: Readable,
  options: CacheLogOptions,
  io: ServerIo,
): Promise<number> {
  const instance = options.instance ?? 'varnish';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(instance))
    throw new CliUsageError('--instance must be 1 to 64 of A-Z a-z 0-9 . _ -');
  const hours = Number(options.retentionHours ?? 48);
  if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 90)
    throw new CliUsageError('--retention-hours must be an integer from 1 to 2160');
  const now = options.now ?? (() => new Date());
  const totals = { lines: 0, booked: 0, duplicates: 0, stale: 0, notHits: 0, unreadable: 0 };
  let batch: SeenBooking[] = [];
  let writing: Promise<void> = Promise.resolve();
  let failed: unknown;
  const flush = (): Promise<void> => {
    if (batch.length === 0) return writing;
    const taken = batch;
    batch = [];
    writing = writing.then(async () => {
      if (failed !== undefined) return;
      try {
        const result = await bookOnce(db, taken, now(), hours * 3600_000);
        totals.booked += result.booked;
        totals.duplicates += result.duplicates;
        totals.stale += result.stale;
      } catch (error) {
        failed ??= error; // thrown by the reader below: nothing after a failed batch is booked
      }
    });
    return writing;
  };
  const timer = setInterval(() => void flush(), BATCH_MS);
  try {
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      if (failed !== undefined) break;
      if (text.trim() === '') continue;
      totals.lines++;
      const line = parseCacheLogLine(text);
      if (!line) {
        totals.unreadable++;
        continue;
      }
      const booking = bookingOf(line);
      if (!booking) {
        totals.notHits++;
        continue;
      }
      batch.push({ key: `${instance} ${line.usec} ${line.vxid}`, ...booking });
      if (batch.length >= BATCH_LINES) await flush();
    }
    await flush();
  } finally {
    clearInterval(timer);
  }
  if (failed !== undefined) throw failed;
  io.err(
    `cache-log: ${totals.lines} lines; ${totals.booked} hits booked, ${totals.duplicates} already booked (replayed), ` +
      `${totals.stale} older than ${hours} h (refused), ${totals.notHits} not bookable hits, ${totals.unreadable} unreadable\n`,
  );
  return 0;
}
