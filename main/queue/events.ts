/** A tiny typed event emitter: the queue tells the app and the CLI what happens to its jobs. */
import type { Job } from './job.ts';

export interface QueueEvents {
  /** A job changed state (or its error, next attempt time...). */
  job: Job;
  /** Bytes sent of a job being uploaded (every chunk; the journal saves it about once a second). */
  progress: { id: string; sentBytes: number; totalBytes: number };
  /**
   * S3 has the job's file and its link serves it (the server records it on its first visit if the
   * client's report has not arrived yet). A 'job' event with state done follows once it is recorded.
   */
  stored: { id: string; url: string };
  /** The server rejected the device token: the queue paused; sign in again, then `resume()`. */
  signedOut: { message: string };
}

type Listener<T> = (value: T) => void;

export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Returns a function that removes the listener. */
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends keyof Events>(name: K, value: Events[K]): void {
    for (const listener of this.#listeners.get(name) ?? []) {
      try {
        (listener as Listener<Events[K]>)(value);
      } catch {
        // a listener's bug must not stop the queue
      }
    }
  }
}
