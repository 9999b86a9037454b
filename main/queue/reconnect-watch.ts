/**
 * Notices the network coming back while jobs wait for it. Their backoff grows to a minute, so without
 * this a job could sleep for up to a minute after the outage ended. While the runner has waiting jobs,
 * the watch asks `probe` every `intervalMs` (default 2 s) whether the way to the server and the storage
 * is open again. Once a probe has said no, the first that says yes calls `onBack`, and the runner tries
 * its waiting jobs at once. A probe that says yes from the start changes nothing: the failure was not
 * the network (a 5xx, say), and the backoff stays in charge.
 */
export const RECONNECT_PROBE_MS = 2000;

export interface ReconnectWatchOptions {
  /** True when the way is open (network-probe.ts). Must not throw. */
  probe: () => Promise<boolean>;
  onBack: () => void;
  intervalMs?: number;
}

export class ReconnectWatch {
  readonly #options: ReconnectWatchOptions;
  #timer: NodeJS.Timeout | undefined;
  #watching = false;
  #sawDown = false;
  /** Bumped by every start and stop: a probe that was under way across one is ignored (no second loop). */
  #round = 0;

  constructor(options: ReconnectWatchOptions) {
    this.#options = options;
  }

  get watching(): boolean {
    return this.#watching;
  }

  /** Watches while `waiting` (jobs wait for the network), stops when not. Cheap to call on every tick. */
  update(waiting: boolean): void {
    if (waiting === this.#watching) return;
    this.#watching = waiting;
    this.#sawDown = false;
    this.#round++;
    clearTimeout(this.#timer);
    if (waiting) this.#schedule();
  }

  stop(): void {
    this.update(false);
  }

  #schedule(): void {
    const round = this.#round;
    // unref'd: the watch never keeps a process alive by itself (the runner's own timer does)
    this.#timer = setTimeout(() => void this.#check(round), this.#options.intervalMs ?? RECONNECT_PROBE_MS).unref();
  }

  async #check(round: number): Promise<void> {
    const open = await this.#options.probe();
    if (round !== this.#round) return;
    if (!open) this.#sawDown = true;
    else if (this.#sawDown) {
      this.#sawDown = false;
      this.#options.onBack();
    }
    if (this.#watching) this.#schedule();
  }
}
