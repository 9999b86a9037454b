/**
 * The one door to thumbnails: `ensure(upload)` answers a link's thumbnail row, making the thumbnail first when none
 * was made (on demand: the API and the public path call it), and `sweep()` makes those of recent uploads in the
 * background, under the job lock so one instance sweeps at a time. Whoever makes one claims its row first (one
 * INSERT that only one instance wins), so each thumbnail is made once however many instances and requests ask.
 * ffmpeg runs at most `concurrency` at a time per instance; the rest wait their turn.
 */
import type { FastifyBaseLogger } from 'fastify';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { withJobLock } from '../db/job-lock.ts';
import {
  claimThumbnail,
  deleteThumbnailRow,
  findThumbnail,
  orphanThumbnails,
  recordNoThumbnail,
  type ThumbnailRow,
  uploadsWithoutThumbnail,
} from '../db/thumbnails.ts';
import type { StoredUpload } from '../db/uploads.ts';
import { limitConcurrency } from '../share/run-limited.ts';
import { DEFAULT_LIMITS, type FfmpegLimits } from './run-ffmpeg.ts';
import { makeThumbnail, type MakeOutcome, type MakerContext } from './make-thumbnail.ts';
import { thumbnailKey } from './thumbnail-key.ts';
import { thumbnailSource } from './thumbnail-source.ts';

export interface ThumbnailerOptions {
  /** ffmpeg processes at once on this instance. */
  concurrency?: number;
  limits?: FfmpegLimits;
  /** How long ensure() waits for a thumbnail another instance (or request) is making. */
  waitMs?: number;
  /** A claim this old is taken to be dead (its instance stopped) and may be taken over. */
  staleMs?: number;
  /** The sweep looks at uploads of this recent past; older links get theirs on demand. */
  lookbackMs?: number;
  /** Uploads (and orphaned thumbnails) one sweep handles at most. */
  batch?: number;
}

export interface SweepReport {
  /** Share ids whose thumbnail this sweep made, failed to make, or found nothing to make from. */
  done: string[];
  failed: string[];
  none: string[];
  /** Thumbnails deleted because their link is gone. */
  removed: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Thumbnailer {
  /** ffmpeg runs this instance started (the tests check that each thumbnail is made once). */
  runs = 0;
  /** Set by stop(): a sweep in progress ends after the thumbnail it is making. */
  private stopping = false;
  private readonly ctx: MakerContext;
  private readonly log: FastifyBaseLogger;
  private readonly limit: <T>(task: () => Promise<T>) => Promise<T>;
  private readonly options: Required<ThumbnailerOptions>;
  /** Links prepare() queued and not settled yet: each is queued once, however many pages ask. */
  private readonly queued = new Set<string>();
  private readonly background = new Set<Promise<unknown>>();

  constructor(ctx: MakerContext, log: FastifyBaseLogger, options: ThumbnailerOptions = {}) {
    this.ctx = ctx;
    this.log = log;
    this.options = {
      concurrency: 1,
      limits: DEFAULT_LIMITS,
      waitMs: 25_000,
      staleMs: 5 * 60_000,
      lookbackMs: 2 * 86_400_000,
      batch: 50,
      ...options,
    };
    this.limit = limitConcurrency(this.options.concurrency);
  }

  /**
   * The link's thumbnail row once it is settled (made now if needed); null while another is still making it. An
   * expired link gets none, and no row is kept for it: its expiry may yet be moved later.
   */
  async ensure(upload: StoredUpload): Promise<ThumbnailRow | null> {
    const deadline = Date.now() + this.options.waitMs;
    for (;;) {
      const row = await findThumbnail(this.ctx.db, upload.shareId);
      if (row && row.state !== 'making') return row;
      if (!row && this.hasExpired(upload)) return this.expiredRow(upload);
      if (!row || this.isStale(row)) {
        await this.make(upload);
        continue;
      }
      if (Date.now() >= deadline) return null;
      await sleep(200);
    }
  }

  /** One background pass, or null when another instance is sweeping. */
  async sweep(): Promise<SweepReport | null> {
    const outcome = await withJobLock(this.ctx.db, 'thumbnails', async () => {
      const report: SweepReport = { done: [], failed: [], none: [], removed: [] };
      const since = new Date(this.ctx.now().getTime() - this.options.lookbackMs);
      const now = this.ctx.now();
      for (const upload of await uploadsWithoutThumbnail(this.ctx.db, since, now, this.options.batch)) {
        if (this.stopping) return report;
        const made = await this.make(upload);
        if (made === 'done' || made === 'failed' || made === 'none') report[made].push(upload.shareId);
      }
      for (const row of await orphanThumbnails(this.ctx.db, since, this.options.batch)) {
        await this.ctx.s3.send(new DeleteObjectCommand({ Bucket: this.ctx.config.s3Bucket, Key: row.key }));
        await deleteThumbnailRow(this.ctx.db, row.share_id);
        report.removed.push(row.share_id);
      }
      return report;
    });
    return outcome.ran ? outcome.value : null;
  }

  /**
   * Makes these links' thumbnails in the background, in this instance's turn, and returns at once: the files list
   * asks for those it found no row for (links older than the sweep looks back, or newer than its last pass).
   */
  prepare(uploads: StoredUpload[]): void {
    for (const upload of uploads) {
      if (this.stopping || this.queued.has(upload.shareId) || this.hasExpired(upload)) continue;
      this.queued.add(upload.shareId);
      const task: Promise<unknown> = this.make(upload, true)
        .catch((error: unknown) => this.log.error({ err: error, shareId: upload.shareId }, 'thumbnail failed'))
        .finally(() => {
          this.queued.delete(upload.shareId);
          this.background.delete(task);
        });
      this.background.add(task);
    }
  }

  /** Settles once what prepare() started is done (after stop(), queued ones are dropped, not made). */
  async idle(): Promise<void> {
    await Promise.all([...this.background]);
  }

  /** No more background work: the server is closing (requests in flight still get theirs). */
  stop(): void {
    this.stopping = true;
  }

  private hasExpired(upload: StoredUpload): boolean {
    return upload.expiresAt !== null && Date.parse(upload.expiresAt) <= this.ctx.now().getTime();
  }

  private expiredRow(upload: StoredUpload): ThumbnailRow {
    return {
      share_id: upload.shareId,
      key: thumbnailKey(upload.userId, upload.shareId),
      state: 'none',
      bytes: null,
      made_at: this.ctx.now().toISOString(),
      detail: 'the link has expired',
    };
  }

  private isStale(row: ThumbnailRow): boolean {
    return Date.parse(row.made_at) < this.ctx.now().getTime() - this.options.staleMs;
  }

  /**
   * Claims and makes the thumbnail, in this instance's turn; 'busy' when another holds the claim, or when it was
   * queued in the background and the server began to close meanwhile.
   */
  private make(upload: StoredUpload, background = false): Promise<MakeOutcome | 'none' | 'busy'> {
    const { db } = this.ctx;
    const key = thumbnailKey(upload.userId, upload.shareId);
    const now = this.ctx.now();
    const source = thumbnailSource(upload);
    if (source.kind === 'none')
      return recordNoThumbnail(db, { shareId: upload.shareId, key, detail: source.reason, now }).then(() => 'none');
    return this.limit(async () => {
      if (background && this.stopping) return 'busy';
      const claimedAt = this.ctx.now();
      const staleBefore = new Date(claimedAt.getTime() - this.options.staleMs);
      if (!(await claimThumbnail(db, { shareId: upload.shareId, key, now: claimedAt, staleBefore }))) return 'busy';
      this.runs += 1;
      const outcome = await makeThumbnail(this.ctx, upload, source.kind, claimedAt, this.options.limits);
      if (outcome === 'failed') this.log.info({ shareId: upload.shareId }, 'thumbnail failed');
      return outcome;
    });
  }
}
