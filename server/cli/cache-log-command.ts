/**
 * `traydrop-server cache-log [--format varnishncsa|nginx-offload] [--instance name] [--retention-hours n]`: books the
 * cache hits that varnishncsa writes (docs/deploy/varnishncsa.format) on standard input into the links' statistics, as
 * Dropshare Cloud did: a hit never reached a gateway, so nobody else counts it. With `--format nginx-offload` it reads
 * nginx's access log of docs/deploy/nginx-offload.conf instead and books the bytes nginx fetched from the storage
 * after a gateway's X-Accel-Redirect, settling the transfer hold the gateway handed over (nginx-offload-line.ts).
 * Lines are booked in batches (every 500 lines or every second, and at the end of the input), each exactly once
 * (server/db/cache-log-seen.ts): a replay books nothing. Batches are written one after another (the timer's and the
 * reader's never overlap); the caller opens and closes the database.
 *
 * While the database is away (or rolled a batch back in a conflict with another writer), batches wait in memory and
 * are tried again every second, in order, while reading goes on (varnishncsa is never held up, so Varnish's log never
 * overruns it). Trying a batch again is safe whatever became of the failed attempt, even a COMMIT whose answer was
 * lost: its keys are then already there and it books nothing.
 * At the end of the input it keeps trying for `retrySeconds` (default 60), then exits 1 naming the lines not booked
 * (replaying them later books each once).
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { bookingOf } from '../cache/hit-booking.ts';
import { parseCacheLogLine } from '../cache/ncsa-line.ts';
import { offloadBookingOf, parseOffloadLogLine } from '../cache/nginx-offload-line.ts';
import { bookOnce, type SeenBooking } from '../db/cache-log-seen.ts';
import type { Database } from '../db/open-database.ts';
import { isDatabaseUnavailable, isTransactionConflict } from '../db/unavailable.ts';
import { CliUsageError, type ServerIo } from './io.ts';

export interface CacheLogOptions {
  /** What the lines are: varnishncsa's (the default) or nginx's with the bytes offloaded. */
  format?: string | undefined;
  /** Names the Varnish (or nginx) the lines come from (its vxids are its own). */
  instance?: string | undefined;
  retentionHours?: string | undefined;
  /** How long to keep trying to book what is left once the input has ended (default 60). */
  retrySeconds?: number;
  /** Injectable for tests. */
  now?: () => Date;
}

const BATCH_LINES = 500;
const BATCH_MS = 1000;
const FORMATS = ['varnishncsa', 'nginx-offload'] as const;

/** One line's booking with its exactly-once key; 'unreadable' for another format, undefined when it books nothing. */
function lineBooking(format: string, instance: string, text: string): SeenBooking | 'unreadable' | undefined {
  if (format === 'nginx-offload') {
    const line = parseOffloadLogLine(text);
    if (!line) return 'unreadable';
    const booking = offloadBookingOf(line);
    // nginx's $request_id is random (128 bits): unique without a time beside it
    return booking && { key: `${instance} ${line.requestId}`, ...booking };
  }
  const line = parseCacheLogLine(text);
  if (!line) return 'unreadable';
  const booking = bookingOf(line);
  return booking && { key: `${instance} ${line.usec} ${line.vxid}`, ...booking };
}

export async function runCacheLog(
  db: Database,
  input: Readable,
  options: CacheLogOptions,
  io: ServerIo,
): Promise<number> {
  const format = options.format ?? 'varnishncsa';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new CliUsageError(`--format must be ${FORMATS.join(' or ')}`);
  const instance = options.instance ?? (format === 'varnishncsa' ? 'varnish' : 'nginx');
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(instance))
    throw new CliUsageError('--instance must be 1 to 64 of A-Z a-z 0-9 . _ -');
  const hours = Number(options.retentionHours ?? 48);
  if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 90)
    throw new CliUsageError('--retention-hours must be an integer from 1 to 2160');
  const now = options.now ?? (() => new Date());
  const totals = { lines: 0, booked: 0, duplicates: 0, stale: 0, notHits: 0, unreadable: 0 };
  let batch: SeenBooking[] = [];
  /** Batches not booked yet, oldest first. */
  const waiting: SeenBooking[][] = [];
  let writing: Promise<void> = Promise.resolve();
  let failures = 0;
  /** An error that is not the database being away (a bug): nothing after it is booked, and it is thrown. */
  let fatal: unknown;
  const reader = createInterface({ input, crlfDelay: Infinity });
  const bookWaiting = async (): Promise<void> => {
    while (waiting.length > 0 && fatal === undefined) {
      try {
        const result = await bookOnce(db, waiting[0]!, now(), hours * 3600_000);
        totals.booked += result.booked;
        totals.duplicates += result.duplicates;
        totals.stale += result.stale;
        waiting.shift();
      } catch (error) {
        // a conflict rolled the whole batch back: tried again like an outage, never dropped
        if (!isDatabaseUnavailable(error) && !isTransactionConflict(error)) {
          fatal = error;
          reader.close(); // stop at once, even while no line comes
          return;
        }
        if (failures++ === 0)
          io.err(`cache-log: could not book (${(error as Error).message}); keeping the lines, trying every second\n`);
        return;
      }
      if (failures > 0) io.err(`cache-log: booking again after ${failures} failed attempts\n`);
      failures = 0;
    }
  };
  const flush = (): Promise<void> => {
    if (batch.length > 0) waiting.push(batch);
    batch = [];
    writing = writing.then(bookWaiting);
    return writing;
  };
  const unbooked = (): number => waiting.reduce((n, b) => n + b.length, 0);
  const timer = setInterval(() => void flush(), BATCH_MS);
  try {
    for await (const text of reader) {
      if (fatal !== undefined) break;
      if (text.trim() === '') continue;
      totals.lines++;
      const booking = lineBooking(format, instance, text);
      if (booking === 'unreadable') {
        totals.unreadable++;
        continue;
      }
      if (!booking) {
        totals.notHits++;
        continue;
      }
      batch.push(booking);
      if (batch.length < BATCH_LINES) continue;
      // a full batch waits for the one being written; while the database is away it only joins the waiting ones
      if (failures === 0) await flush();
      else {
        waiting.push(batch);
        batch = [];
      }
    }
    const until = Date.now() + (options.retrySeconds ?? 60) * 1000;
    await flush();
    while (waiting.length > 0 && fatal === undefined && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, BATCH_MS));
      await flush();
    }
  } finally {
    clearInterval(timer);
  }
  if (fatal !== undefined) throw fatal;
  const what = format === 'varnishncsa' ? 'hits' : 'offloaded responses';
  if (waiting.length > 0) {
    io.err(
      `cache-log: ${unbooked()} ${what} not booked: the database did not answer; ` +
        'replay the same lines later (each is booked once)\n',
    );
    return 1;
  }
  io.err(
    `cache-log: ${totals.lines} lines; ${totals.booked} ${what} booked, ${totals.duplicates} already booked (replayed), ` +
      `${totals.stale} older than ${hours} h (refused), ${totals.notHits} not bookable ${what}, ${totals.unreadable} unreadable\n`,
  );
  return 0;
}
