/**
 * A size as people read it, in decimal units as file managers show them: 1234567 → "1.2 MB", 9_800_000_000 →
 * "9.8 GB". One function for the CLI, the server's pages and the quota messages, which all print sizes alike.
 */
const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}
