/**
 * The bytes of the small files this process has just queued. Queueing reads a file of a MiB or less
 * whole to fingerprint it (most screenshots), and the runner used to read and hash it all again a
 * moment later to check it was unchanged. Kept here, the runner takes them by job id and only stats
 * the file: same size and mtime as when those bytes were read, so they are still the file (a crash or
 * another process has nothing here and checks by content, as before).
 *
 * In memory only and bounded: at most `limitBytes` in all and each for `maxAgeMs`, so a queue that
 * waits for the network keeps nothing; a job taken later is simply read again.
 */
import type { ReadFingerprint } from './fingerprint.ts';

export interface QueuedBytesOptions {
  limitBytes?: number;
  maxAgeMs?: number;
  now?: () => number;
}

type WholeRead = Required<ReadFingerprint>;

export class QueuedBytes {
  readonly #entries = new Map<string, { read: WholeRead; at: number }>();
  readonly #limitBytes: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #bytes = 0;

  constructor(options: QueuedBytesOptions = {}) {
    this.#limitBytes = options.limitBytes ?? 32 * 1024 * 1024;
    this.#maxAgeMs = options.maxAgeMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Keeps a whole read of a job's file (a read without `contents` is ignored). */
  keep(jobId: string, read: ReadFingerprint): void {
    if (!read.contents || read.contents.length > this.#limitBytes) return;
    this.#drop(jobId);
    this.#entries.set(jobId, { read: read as WholeRead, at: this.#now() });
    this.#bytes += read.contents.length;
    this.#prune();
  }

  /** The read kept for this job, once (it is forgotten here), or undefined. */
  take(jobId: string): WholeRead | undefined {
    this.#prune();
    const entry = this.#entries.get(jobId);
    this.#drop(jobId);
    return entry?.read;
  }

  get size(): number {
    return this.#entries.size;
  }

  #drop(jobId: string): void {
    const entry = this.#entries.get(jobId);
    if (!entry) return;
    this.#entries.delete(jobId);
    this.#bytes -= entry.read.contents.length;
  }

  /** Oldest first (a Map keeps insertion order): the expired, then whatever is over the limit. */
  #prune(): void {
    const oldest = this.#now() - this.#maxAgeMs;
    for (const [id, entry] of this.#entries) {
      if (entry.at > oldest && this.#bytes <= this.#limitBytes) break;
      this.#drop(id);
    }
  }
}
