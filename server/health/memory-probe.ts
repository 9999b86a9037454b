/**
 * TRAYDROP_DEBUG_MEMORY_MS=<ms>: one stderr line every <ms> with process.memoryUsage() in MiB, and `other`, what is
 * neither V8's heap nor ArrayBuffers (code, stacks, and what glibc's malloc keeps), so a memory bench (issue #16,
 * bench/dashboard/upload-endpoint.ts) can tell which of them grows. Off unless set; the timer never keeps the
 * process alive.
 */
export const MEMORY_PROBE_ENV = 'TRAYDROP_DEBUG_MEMORY_MS';

const MiB = 1024 * 1024;

export function memoryLine(): string {
  const m = process.memoryUsage();
  const other = m.rss - m.heapTotal - m.arrayBuffers;
  const fields = { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, other };
  return `memory ${Object.entries(fields)
    .map(([name, bytes]) => `${name}=${(bytes / MiB).toFixed(1)}`)
    .join(' ')}\n`;
}

/** Starts the probe when the environment asks for it (a wrong value is warned about, not fatal); returns its stop. */
export function startMemoryProbe(warn: (message: string) => void, env: NodeJS.ProcessEnv = process.env): () => void {
  const value = env[MEMORY_PROBE_ENV];
  if (value === undefined || value === '') return () => {};
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 10) {
    warn(`${MEMORY_PROBE_ENV}=${value} ignored: give whole milliseconds, 10 or more`);
    return () => {};
  }
  const timer = setInterval(() => process.stderr.write(memoryLine()), ms);
  timer.unref();
  return () => clearInterval(timer);
}
