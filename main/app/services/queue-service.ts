/**
 * The durable upload queue as the app runs it: one journal (queue.db, shared with the CLI), one runner per
 * pairing, pause/resume, job views for the windows, and change events (throttled progress) for the tray and
 * the history window. Everything here is plain Node; the glue only listens. A runner that stopped because the
 * journal cannot be written (a full disk…) is a `problem` the windows show; it is tried again every half minute
 * and clears on the first run that goes through.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { JobView, QueueStatus } from '../../../common/ipc-contract.ts';
import type { ExpiryRules } from '../../../common/expiry-rules.ts';
import { writeFileAtomic } from '../../config/atomic-write.ts';
import type { EnqueueRequest } from '../../queue/enqueue.ts';
import type { ReplaceRequest } from '../../queue/enqueue-replace.ts';
import { Emitter, type QueueEvents } from '../../queue/events.ts';
import { UNFINISHED_STATES, type Job } from '../../queue/job.ts';
import type { Journal } from '../../queue/journal.ts';
import { serverOf, type OpenedQueue } from '../../queue/open-queue.ts';
import type { QueueRunner } from '../../queue/runner.ts';
import { QueueStorageError } from '../../queue/storage-error.ts';
import type { Pairing } from '../../queue/pairing.ts';

export class NotPairedError extends Error {
  override name = 'NotPairedError';
  constructor() {
    super('Traydrop is not paired with a server yet: open Settings… and pair, or run `traydrop login`');
  }
}

export interface QueueServiceOptions {
  /** The queue as openQueue() opened it (the service does not close it). */
  queue: OpenedQueue;
  /** After a storage problem stopped the runner. Default STORAGE_RETRY_MS. */
  retryMs?: number;
  /** Makes the runner for a pairing (tests inject one that uses a fake broker). */
  makeRunner?: (pairing: Pairing, events: Emitter<QueueEvents>) => QueueRunner;
  /** Where "Pause queue" is remembered across restarts (a paused queue stays paused: a metered connection, say). */
  pausedFile?: string;
}

export interface QueueChange {
  job?: Job;
}

/** How long a runner stopped by a storage problem waits before it tries the journal again. */
export const STORAGE_RETRY_MS = 30_000;

/** The words for a runner that stopped on `error`: the storage error says it all; anything else is a bug. */
export function stopReason(error: unknown): string {
  if (error instanceof QueueStorageError) return error.message;
  return `the upload queue stopped: ${error instanceof Error ? error.message : String(error)}`;
}

export function jobView(job: Job, sentBytes?: number): JobView {
  return {
    id: job.id,
    name: job.record?.name ?? path.basename(job.source),
    kind: job.kind,
    state: job.state,
    url: job.url,
    bytes: job.fingerprint.size,
    sentBytes: job.state === 'done' ? job.fingerprint.size : (sentBytes ?? job.progressBytes),
    error: job.error,
    expire: job.expire,
    createdAt: new Date(job.createdAt).toISOString(),
    localPath: existsSync(job.source) ? job.source : null,
  };
}

export class QueueService {
  readonly journal: Journal;
  /** Job changes and progress from whichever runner is current. */
  readonly events = new Emitter<QueueEvents & { changed: QueueChange; status: QueueStatus }>();
  readonly #makeRunner: (pairing: Pairing, events: Emitter<QueueEvents>) => QueueRunner;
  readonly #queue: OpenedQueue;
  readonly #progress = new Map<string, number>();
  #runner: QueueRunner | undefined;
  #pairing: Pairing | undefined;
  #paused = false;
  #changeTimer: NodeJS.Timeout | undefined;
  #problem: string | null = null;
  #retryTimer: NodeJS.Timeout | undefined;
  readonly #retryMs: number;

  readonly #pausedFile: string | undefined;

  constructor(options: QueueServiceOptions) {
    this.#queue = options.queue;
    this.journal = options.queue.journal;
    this.#makeRunner = options.makeRunner ?? ((p, events) => options.queue.runner(serverOf(p), { events }));
    this.#pausedFile = options.pausedFile;
    this.#paused = this.#pausedFile !== undefined && existsSync(this.#pausedFile);
    this.#retryMs = options.retryMs ?? STORAGE_RETRY_MS;
  }

  /** Whether the queue works, or why it stopped (for the history window). */
  get status(): QueueStatus {
    return { problem: this.#problem };
  }

  get paused(): boolean {
    return this.#paused;
  }

  get paired(): boolean {
    return this.#pairing !== undefined;
  }

  /** A new pairing (or none): the old runner pauses its jobs, a new one takes them. */
  async setPairing(pairing: Pairing | undefined): Promise<void> {
    await this.#runner?.stop();
    this.#runner = undefined;
    this.#pairing = pairing;
    if (!pairing) return;
    const events = new Emitter<QueueEvents>();
    events.on('job', (job) => {
      if (job.state !== 'uploading') this.#progress.delete(job.id);
      this.events.emit('job', job);
      this.#changed(job);
    });
    events.on('progress', (p) => {
      this.#progress.set(p.id, p.sentBytes);
      this.events.emit('progress', p);
      this.#changed();
    });
    events.on('stored', (s) => this.events.emit('stored', s));
    events.on('signedOut', (s) => this.events.emit('signedOut', s));
    this.#runner = this.#makeRunner(pairing, events);
    this.kick();
  }

  /** Puts a file in the queue (its link is known at once) and starts uploading unless paused. */
  async add(request: EnqueueRequest, rules: ExpiryRules): Promise<Job> {
    if (!this.#pairing) throw new NotPairedError();
    const job = await this.#queue.enqueue(request, { pairing: this.#pairing, rules });
    this.events.emit('job', job);
    this.#changed(job);
    this.kick();
    return job;
  }

  /** Puts a replacement of an existing link's bytes in the queue (the link stays the same) and starts it. */
  async replace(request: ReplaceRequest): Promise<Job> {
    if (!this.#pairing) throw new NotPairedError();
    const job = await this.#queue.enqueueReplace(request, { pairing: this.#pairing });
    this.events.emit('job', job);
    this.#changed(job);
    this.kick();
    return job;
  }

  /** Runs the queue (again) unless paused: picks up new jobs, also those the CLI queued. */
  kick(): void {
    if (this.#paused || !this.#runner) return;
    clearTimeout(this.#retryTimer);
    this.#runner.run().then(
      () => this.#setProblem(null),
      (error: unknown) => {
        this.#setProblem(stopReason(error));
        clearTimeout(this.#retryTimer); // several kicks may have waited on the same run
        this.#retryTimer = setTimeout(() => this.kick(), this.#retryMs).unref();
      },
    );
  }

  /** A change of problem (not the same one again: a retry that fails the same way is not news). */
  #setProblem(problem: string | null): void {
    if (problem === this.#problem) return;
    this.#problem = problem;
    this.events.emit('status', this.status);
    this.#changed();
  }

  /** The network came back. */
  nudge(): void {
    if (!this.#paused) this.#runner?.nudge();
  }

  async setPaused(paused: boolean): Promise<void> {
    this.#paused = paused;
    if (this.#pausedFile) {
      // the file's presence is the state: written or removed before the runner is told
      if (paused) await writeFileAtomic(this.#pausedFile, 'paused from the tray menu\n', 0o600);
      else await rm(this.#pausedFile, { force: true });
    }
    if (paused) await this.#runner?.stop();
    else this.kick();
    this.#changed();
  }

  async retry(id: string): Promise<void> {
    const runner = this.#require();
    await runner.retry(this.#id(id));
    this.kick();
  }

  async cancel(id: string): Promise<void> {
    await this.#require().cancel(this.#id(id));
    this.#changed();
  }

  /** Newest first, at most `limit`. */
  views(limit = 200): JobView[] {
    return this.journal
      .list()
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit)
      .map((job) => jobView(job, this.#progress.get(job.id)));
  }

  recent(limit = 10): { name: string; url: string }[] {
    return this.journal
      .list(['done'])
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, limit)
      .map((job) => ({ name: job.record?.name ?? path.basename(job.source), url: job.url }));
  }

  /** Overall progress of unfinished jobs, or null when nothing is pending. */
  progress(): { percent: number; active: number; waiting: number } | null {
    const jobs = this.journal.list(UNFINISHED_STATES);
    if (jobs.length === 0) return null;
    const total = jobs.reduce((n, j) => n + j.fingerprint.size, 0);
    const sent = jobs.reduce((n, j) => n + (this.#progress.get(j.id) ?? j.progressBytes), 0);
    return {
      percent: total === 0 ? 0 : Math.min(100, Math.floor((sent / total) * 100)),
      active: jobs.filter((j) => j.state === 'uploading' || j.state === 'queued').length,
      waiting: jobs.filter((j) => j.state === 'waiting_network' || j.state === 'signed_out').length,
    };
  }

  async stop(): Promise<void> {
    clearTimeout(this.#changeTimer);
    clearTimeout(this.#retryTimer);
    await this.#runner?.stop();
  }

  #require(): QueueRunner {
    if (!this.#runner) throw new NotPairedError();
    return this.#runner;
  }

  #id(id: string): string {
    const found = this.journal.find(id);
    if (!found || found === 'ambiguous') throw new Error(`no job ${id} in the queue`);
    return found.id;
  }

  /** Job changes go out at once; progress at most every 250 ms. */
  #changed(job?: Job): void {
    if (job) {
      this.events.emit('changed', { job });
      return;
    }
    this.#changeTimer ??= setTimeout(() => {
      this.#changeTimer = undefined;
      this.events.emit('changed', {});
    }, 250);
  }
}
