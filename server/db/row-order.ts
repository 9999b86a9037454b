/**
 * The one order statistics writers lock rows in (stats-tally.ts, transfer.ts, cache-log-seen.ts): keys compared by
 * UTF-16 code unit, as Array.prototype.sort compares strings, so every writer sorts the same rows the same way and no
 * two of them deadlock on one PostgreSQL.
 */
export const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
