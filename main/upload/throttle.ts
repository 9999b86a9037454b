/**
 * A bandwidth limit shared by every read stream of one upload: each chunk books the next free
 * slot on a common timeline and is passed on when its slot ends (a token bucket whose burst is
 * 50 ms worth of bytes, so idle time is not saved up).
 */
export interface Throttle {
  /** Milliseconds to hold a chunk of `bytes` before passing it on. */
  reserve(bytes: number): number;
  readonly bytesPerSecond: number;
}

export function createThrottle(
  bytesPerSecond: number,
  now: () => number = performance.now.bind(performance),
): Throttle {
  if (!(bytesPerSecond > 0)) throw new RangeError(`maxBytesPerSecond must be positive, got ${bytesPerSecond}`);
  const burstMs = 50;
  let nextFreeAt = -Infinity;
  return {
    bytesPerSecond,
    reserve(bytes: number): number {
      const t = now();
      const start = Math.max(nextFreeAt, t - burstMs);
      nextFreeAt = start + (bytes / bytesPerSecond) * 1000;
      return Math.max(0, nextFreeAt - t);
    },
  };
}
