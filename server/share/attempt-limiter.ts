/**
 * Guessing a link's password is slowed down: after `perClient` wrong passwords from one address within
 * the window, that address waits; after `perLink` wrong ones from anywhere (many addresses), everyone does,
 * until the window has passed. A right password clears its address's count. In memory: a restart forgets,
 * which only gives a guesser one more window. Bounded: the oldest entries go first.
 *
 * An attempt is counted when it starts (`begin`), before its slow password check, and taken back if
 * it was right (`succeeded`): counting only after the check let parallel requests all pass `retryAfter`.
 */
export interface AttemptLimits {
  perClient: number;
  perLink: number;
  windowMs: number;
  /** Entries kept at most (every address × link pair and every link count as one). */
  maxEntries: number;
}

export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = {
  perClient: 10,
  perLink: 100,
  windowMs: 15 * 60_000,
  maxEntries: 50_000,
};

interface Window {
  failures: number;
  since: number;
}

export class AttemptLimiter {
  readonly #limits: AttemptLimits;
  readonly #windows = new Map<string, Window>();

  constructor(limits: Partial<AttemptLimits> = {}) {
    this.#limits = { ...DEFAULT_ATTEMPT_LIMITS, ...limits };
  }

  /** Seconds until `client` may try `link` again; 0 when it may now. */
  retryAfter(link: string, client: string, now: number): number {
    const wait = (key: string, max: number): number => {
      const w = this.#current(key, now);
      return w && w.failures >= max ? Math.ceil((w.since + this.#limits.windowMs - now) / 1000) : 0;
    };
    return Math.max(wait(`${link} ${client}`, this.#limits.perClient), wait(link, this.#limits.perLink));
  }

  failed(link: string, client: string, now: number): void {
    for (const key of [`${link} ${client}`, link]) {
      const w = this.#current(key, now) ?? { failures: 0, since: now };
      w.failures += 1;
      this.#windows.delete(key); // re-insert: Map order is the eviction order
      this.#windows.set(key, w);
    }
    while (this.#windows.size > this.#limits.maxEntries) this.#windows.delete(this.#windows.keys().next().value!);
  }

  /** Counts an attempt that is about to be checked, as a failure until `succeeded` says otherwise. */
  begin(link: string, client: string, now: number): void {
    this.failed(link, client, now);
  }

  /** The attempt `begin` counted was right: its address starts afresh and the link's count drops by one. */
  succeeded(link: string, client: string): void {
    this.#windows.delete(`${link} ${client}`);
    const linkWindow = this.#windows.get(link);
    if (linkWindow && linkWindow.failures > 0) linkWindow.failures -= 1;
  }

  #current(key: string, now: number): Window | undefined {
    const w = this.#windows.get(key);
    if (w && now - w.since >= this.#limits.windowMs) {
      this.#windows.delete(key);
      return undefined;
    }
    return w;
  }
}
