/**
 * The queue runner: takes jobs from the journal (`concurrency` at a time), runs them, and keeps
 * going until nothing is left it can do. Every ~500 ms it looks at the journal again: for jobs
 * whose backoff is over, jobs another process queued or left behind (dead pid, lapsed lease), and
 * cancel requests for its own jobs (`traydrop queue cancel` from another terminal); it renews its
 * leases as it goes. A 401 pauses it (`signedOut`) until `resume()`. While jobs wait for the
 * network, a ReconnectWatch asks every 2 s whether the way is open again and, when it opens, tries
 * them at once instead of when their backoff ends.
 *
 * When the journal itself fails (a full disk, a read-only folder), the runner stops the way `stop()` does
 * (in-flight jobs are paused and stay resumable as last journaled) and `run()` rejects with the error; it
 * never writes to the journal again to record that failure, since that write would fail the same way.
 */
import { UploadPaused } from '../upload/upload-file.ts';
import { Emitter, type QueueEvents } from './events.ts';
import { UNFINISHED_STATES, type Job } from './job.ts';
import { cancelJob, finishCancel, retryJob, type CancelResult } from './job-actions.ts';
import type { JobDeps } from './job-deps.ts';
import { LEASE_MS, leaseFor, newOwnerId } from './lease.ts';
import { networkProbe } from './network-probe.ts';
import { ReconnectWatch } from './reconnect-watch.ts';
import { runJob } from './run-job.ts';
import { jobDeps, type QueueRunnerOptions } from './runner-options.ts';
import { canTake, isPending, type Scope } from './runner-scope.ts';
import { storageErrorIn } from './storage-error.ts';

export type { QueueRunnerOptions } from './runner-options.ts';

export class QueueRunner {
  readonly events: Emitter<QueueEvents>;
  readonly ownerId = newOwnerId();
  readonly #options: QueueRunnerOptions;
  readonly #deps: JobDeps;
  readonly #only: ReadonlySet<string> | undefined;
  readonly #active = new Map<string, { controller: AbortController; done: Promise<Job> }>();
  readonly #tries = new Map<string, number>();
  readonly #idleWaiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  readonly #reconnect: ReconnectWatch;
  #timer: NodeJS.Timeout | undefined;
  #renewedAt = 0;
  #running = false;
  #signedOut = false;

  constructor(options: QueueRunnerOptions) {
    this.#options = options;
    this.events = options.events ?? new Emitter<QueueEvents>();
    this.#only = options.only ? new Set(options.only) : undefined;
    this.#deps = jobDeps(options, this.ownerId, this.events);
    const { broker, credentials } = options;
    const probe =
      options.reconnectProbe ??
      networkProbe({
        serverHealthy: broker.healthy?.bind(broker),
        storageEndpoint: () => credentials.storageEndpoint,
      });
    this.#reconnect = new ReconnectWatch({
      probe,
      onBack: () => this.nudge(),
      intervalMs: options.reconnectProbeMs,
    });
  }

  /** True after a 401 until `resume()`: the user must sign in again. */
  get signedOut(): boolean {
    return this.#signedOut;
  }

  /**
   * Starts working and resolves once nothing is left that this runner can do. Rejects when it had to stop
   * because the journal failed (a QueueStorageError: the disk is full…); `run()` again tries again.
   */
  run(): Promise<void> {
    const idle = new Promise<void>((resolve, reject) => this.#idleWaiters.push({ resolve, reject }));
    this.#running = true;
    this.#tick();
    return idle;
  }

  /** The network is back (or the user asked): try every waiting job now. Never throws (timers call it). */
  nudge(): void {
    try {
      for (const job of this.#options.journal.list(['waiting_network'])) {
        this.#options.journal.update(job.id, { nextAttemptAt: 0 });
      }
    } catch (error) {
      // a runner at work stops on it; an idle one meets it again at its next run()
      if (this.#running) this.#halt(error);
      return;
    }
    if (this.#running) this.#tick();
  }

  /** After signing in again. */
  resume(): void {
    this.#signedOut = false;
    this.nudge();
  }

  async cancel(id: string): Promise<CancelResult> {
    const active = this.#active.get(id);
    if (!active) return cancelJob(this.#job(id), this.#deps);
    active.controller.abort();
    await active.done;
    return 'cancelled';
  }

  retry(id: string): Promise<Job> {
    return retryJob(this.#job(id), this.#deps).finally(() => this.#running && this.#tick());
  }

  /** Stops: in-flight jobs are paused (their multipart uploads kept to resume) and left queued. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#reconnect.stop();
    for (const { controller } of this.#active.values()) controller.abort(new UploadPaused('the queue stopped'));
    await Promise.all([...this.#active.values()].map((a) => a.done));
    for (const waiter of this.#idleWaiters.splice(0)) waiter.resolve();
  }

  /**
   * Stops because the journal failed: in-flight jobs are paused (their own last writes fail too and are let
   * go: each job stays as last journaled, to be resumed), then every `run()` rejects with the error.
   */
  #halt(error: unknown): void {
    const wasRunning = this.#running;
    this.#running = false;
    clearTimeout(this.#timer);
    this.#reconnect.stop();
    if (!wasRunning && this.#active.size === 0 && this.#idleWaiters.length === 0) return;
    const reason = new UploadPaused('the upload queue cannot be written', { cause: error });
    for (const { controller } of this.#active.values()) controller.abort(reason);
    void Promise.all([...this.#active.values()].map((a) => a.done)).then(() => {
      for (const waiter of this.#idleWaiters.splice(0)) waiter.reject(error);
    });
  }

  /**
   * An attempt threw instead of settling its job. The journal failed: stop (writing down why would fail the
   * same way). A bug: leave the job to be reclaimed rather than lose it, unless that write fails too.
   */
  #abandon(job: Job, error: unknown): Job {
    const storage = storageErrorIn(error);
    if (storage) {
      this.#halt(storage);
      return job;
    }
    try {
      const { journal } = this.#options;
      return journal.update(job.id, { owner: null, error: String(error) }) ?? journal.get(job.id) ?? job;
    } catch (writeError) {
      this.#halt(writeError);
      return job;
    }
  }

  #job(id: string): Job {
    const job = this.#options.journal.get(id);
    if (!job) throw new Error(`no job ${id} in the queue`);
    return job;
  }

  #scope(): Scope {
    return {
      ownerId: this.ownerId,
      now: this.#deps.now(),
      only: this.#only,
      once: this.#options.once ?? false,
      tries: this.#tries,
      active: new Set(this.#active.keys()),
    };
  }

  #tick = (): void => {
    clearTimeout(this.#timer);
    if (!this.#running) return;
    try {
      this.#look();
    } catch (error) {
      // from a timer: thrown on, it would end the process with a stack trace
      this.#halt(error);
    }
  };

  /** One look at the journal: renew leases, pass on cancel requests, start what may start, stop when idle. */
  #look(): void {
    const { journal } = this.#options;
    const now = this.#deps.now();
    const leaseMs = this.#options.leaseMs ?? LEASE_MS;
    if (now - this.#renewedAt > leaseMs / 3) {
      journal.renewLeases(this.ownerId, now + leaseMs);
      this.#renewedAt = now;
    }
    for (const id of journal.cancelRequests(this.ownerId)) this.#active.get(id)?.controller.abort();
    const jobs = journal.list(UNFINISHED_STATES);
    for (const job of this.#signedOut ? [] : jobs) {
      if (this.#active.size >= (this.#options.concurrency ?? 2)) break;
      if (!canTake(job, this.#scope())) continue;
      // one write takes the job and starts its attempt (a cancel request is finished instead)
      const starting = job.cancelRequested
        ? {}
        : { state: 'uploading' as const, attempts: job.attempts + 1, error: null };
      const taken = journal.claim(job.id, job.owner?.id ?? null, leaseFor(this.ownerId, now, leaseMs), starting);
      if (taken) this.#start(taken);
    }
    const scope = this.#scope();
    const left = this.#signedOut ? [] : journal.list(UNFINISHED_STATES).filter((job) => isPending(job, scope));
    this.#reconnect.update(left.some((job) => job.state === 'waiting_network' && !scope.active.has(job.id)));
    if (this.#active.size === 0 && left.length === 0) {
      this.#running = false;
      this.#reconnect.stop();
      for (const waiter of this.#idleWaiters.splice(0)) waiter.resolve();
      return;
    }
    this.#timer = setTimeout(this.#tick, this.#options.pollMs ?? 500);
  }

  #start(job: Job): void {
    const controller = new AbortController();
    this.#tries.set(job.id, (this.#tries.get(job.id) ?? 0) + 1);
    const work = job.cancelRequested ? finishCancel(job, this.#deps) : runJob(job, this.#deps, controller.signal);
    const done = work
      .catch((error: unknown) => this.#abandon(job, error))
      .then((settled) => {
        this.#active.delete(job.id);
        if (settled.state === 'signed_out') this.#signedOut = true;
        setImmediate(this.#tick);
        return settled;
      });
    this.#active.set(job.id, { controller, done });
  }
}
