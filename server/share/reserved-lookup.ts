/**
 * An early link whose upload is not recorded yet may already be in S3: a client calls its link live
 * as soon as S3 confirms a single PutObject, and reports it just after (or, cut off, only on its next
 * run). So before answering "uploading…" the gateway looks for the object itself, with the same checks
 * as the client's report (it exists, it carries an allowed expire tag), and records it when it is
 * there. A key with a multipart upload still pending is not looked at: its object appears only when
 * the server completes it, and the server records it then.
 *
 * One look per link at a time and at most one per `minGapMs`: a link posted while its upload waits for
 * the network must not turn every visit into S3 calls.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../context.ts';
import { pendingForKey } from '../db/pending-multipart.ts';
import type { Reservation } from '../db/reservations.ts';
import type { StoredUpload } from '../db/uploads.ts';
import { HttpError } from '../errors.ts';
import { reportUpload } from '../uploads/report.ts';

const MAX_REMEMBERED = 10_000;

export class ReservedLookups {
  readonly #recent = new Map<string, { at: number; result: Promise<StoredUpload | null> }>();
  readonly #minGapMs: number;
  readonly #now: () => number;

  /** `now`: milliseconds on a clock that only moves forward (performance.now; a test's clock in tests). */
  constructor(options: { minGapMs?: number; now?: () => number } = {}) {
    this.#minGapMs = options.minGapMs ?? 1000;
    this.#now = options.now ?? (() => performance.now());
  }

  /** The upload, recorded now, if S3 has the reserved object; null while it is still on its way. */
  find(ctx: AppContext, reservation: Reservation, log: FastifyBaseLogger): Promise<StoredUpload | null> {
    const now = this.#now();
    const last = this.#recent.get(reservation.shareId);
    if (last && now - last.at < this.#minGapMs) return last.result;
    if (this.#recent.size >= MAX_REMEMBERED) this.#forgetBefore(now - this.#minGapMs);
    const result = look(ctx, reservation, log);
    this.#recent.set(reservation.shareId, { at: now, result });
    return result;
  }

  #forgetBefore(time: number): void {
    for (const [shareId, { at }] of this.#recent) if (at < time) this.#recent.delete(shareId);
  }
}

async function look(ctx: AppContext, reservation: Reservation, log: FastifyBaseLogger): Promise<StoredUpload | null> {
  if ((await pendingForKey(ctx.db, reservation.key, reservation.userId)).length > 0) return null;
  try {
    return await reportUpload(ctx, reservation.userId, reservation.key);
  } catch (error) {
    // 404: not there yet. Anything else (S3 unreachable, no valid tag yet) also leaves the link
    // "uploading…": the client's own report says what is wrong.
    if (!(error instanceof HttpError && error.statusCode === 404))
      log.warn({ err: error, key: reservation.key }, 'looking for a reserved upload in S3 failed');
    return null;
  }
}
