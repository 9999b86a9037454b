const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1234567 → "1.2 MB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

export function formatExpiry(expiresAt: string | null): string {
  return expiresAt === null
    ? 'never expires'
    : `expires ${expiresAt.replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC')}`;
}
