/**
 * When a job waiting for the network is tried again: exponential backoff with full jitter,
 * random(0, min(60 s, 1 s × 2^(attempt-1))), forever. Full jitter spreads many clients (or many
 * jobs) coming back at once after an outage.
 */
import { backoffDelay } from '../upload/retry.ts';

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 60_000;

/** Delay before the next try, after `failures` failed tries in a row (1 = the first failure). */
export function backoffMs(failures: number, options: BackoffOptions = {}): number {
  // the engine's per-part formula, with the queue's longer base and cap
  const attempt = Math.min(Math.max(failures, 1), 31);
  return Math.floor(
    backoffDelay(attempt, {
      baseDelayMs: options.baseMs ?? BACKOFF_BASE_MS,
      maxDelayMs: options.capMs ?? BACKOFF_CAP_MS,
      random: options.random,
    }),
  );
}
