/**
 * Sizes on the command line (`user quota --storage 10GB`): a number with B, KB/MB/GB/TB (powers of 1000, as
 * disks and file managers count) or KiB/MiB/GiB/TiB (powers of 1024); `none` removes the limit (null).
 */
import { UserError } from '../db/users.ts';

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** Bytes, or null for `none`; a UserError naming the option otherwise (the CLI prints it, exit 1). */
export function parseSizeArg(option: string, text: string): number | null {
  if (text.trim().toLowerCase() === 'none') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const factor = m ? UNITS[(m[2] || 'b').toLowerCase()] : undefined;
  const bytes = m && factor !== undefined ? Math.round(Number(m[1]) * factor) : NaN;
  if (!Number.isSafeInteger(bytes))
    throw new UserError(
      `--${option} ${JSON.stringify(text)} is not a size: write e.g. 500MB, 10GB, 2GiB or none (KB/MB/GB/TB are powers of 1000, KiB/MiB/GiB/TiB of 1024)`,
    );
  return bytes;
}
