/**
 * A limit as the quota form shows it, in the words `traydrop-server user quota` reads back (size-arg.ts): the
 * largest unit that divides it exactly (10GB, 512MiB), or the bytes, or `none`. Saving the form unchanged
 * therefore sets the same limits.
 */
const UNITS: [string, number][] = [
  ['TiB', 1024 ** 4],
  ['TB', 1e12],
  ['GiB', 1024 ** 3],
  ['GB', 1e9],
  ['MiB', 1024 ** 2],
  ['MB', 1e6],
  ['KiB', 1024],
  ['KB', 1e3],
];

export function sizeField(bytes: number | null): string {
  if (bytes === null) return 'none';
  if (bytes === 0) return '0';
  for (const [unit, factor] of UNITS) if (bytes % factor === 0) return `${bytes / factor}${unit}`;
  return String(bytes);
}
