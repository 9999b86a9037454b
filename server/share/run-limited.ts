/**
 * At most `max` tasks at once; the rest wait in order. Password hashing uses it: one scrypt check
 * holds 128 MiB and a libuv thread for about a third of a second, and the pool has only four threads,
 * which file and DNS work need too.
 */
export function limitConcurrency(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < max) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // the finishing task hands over its slot
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}
