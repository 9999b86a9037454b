import { UsageError } from './cli-io.ts';

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `--limit-rate 500K` / `2M` / `1.5m` / `1048576` → bytes per second (K = 1024, as curl reads it). */
export function parseRate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?(?:\/s)?$/i.exec(text.trim());
  const value = m ? Number(m[1]) * UNITS[m[2]!.toLowerCase()]! : NaN;
  if (!Number.isFinite(value) || value < 1024) {
    throw new UsageError(`--limit-rate ${text}: expected bytes per second of at least 1K, like 500K or 2M`);
  }
  return Math.floor(value);
}
