/**
 * A reachability check that a balancer may poll as often as it likes: one probe at a time, its answer reused for a
 * second, and a probe that is merely slow (a busy database or storage, not a missing one) leaves the last answer
 * standing after `timeoutMs`. Only a probe that fails says no. A dependency shared by every instance that turns slow
 * must not fail every instance's health at once: the balancer would take them all out together and answer 503 to
 * everyone. The database and storage checks are this with their own probe.
 */
export const CHECK_TTL_MS = 1000;
export const CHECK_TIMEOUT_MS = 3000;

export type Check = () => Promise<boolean>;

/** `probe` resolves true when it reached the dependency and false when it failed; it must never reject. */
export function cachedCheck(
  probe: () => Promise<boolean>,
  now: () => number = Date.now,
  timeoutMs = CHECK_TIMEOUT_MS,
): Check {
  let last: { at: number; ok: boolean } | undefined;
  let inFlight: Promise<boolean> | undefined;
  return () => {
    if (last && now() - last.at < CHECK_TTL_MS) return Promise.resolve(last.ok);
    inFlight ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const lastOk = last?.ok ?? true;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(lastOk), timeoutMs)));
      const ok = await Promise.race([probe(), late]);
      clearTimeout(timer);
      last = { at: now(), ok };
      inFlight = undefined;
      return ok;
    })();
    return inFlight;
  };
}
