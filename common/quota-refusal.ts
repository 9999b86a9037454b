/**
 * The 413 a reservation gets when the user's plan does not allow the file (issue #16), and the one sentence both
 * the server and the client say about it: `over your storage limit (9.8 GB of 10 GB used; this file needs 4.2 GB)`.
 */
import type { ApiError } from './broker-api.ts';

export type QuotaErrorCode = 'quota_exceeded' | 'file_too_large';

/** Body of the 413: bytes; `used` includes reservations in flight, `needed` is the file's size. */
export interface QuotaRefusal extends ApiError {
  error: QuotaErrorCode;
  limit: number;
  used: number;
  needed: number;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Decimal units, as the CLI prints sizes: 9_800_000_000 → "9.8 GB". */
export function quotaBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

export function quotaMessage(code: QuotaErrorCode, r: { limit: number; used: number; needed: number }): string {
  return code === 'quota_exceeded'
    ? `over your storage limit (${quotaBytes(r.used)} of ${quotaBytes(r.limit)} used; this file needs ${quotaBytes(r.needed)})`
    : `too large for your plan (${quotaBytes(r.needed)}; the largest file you may share is ${quotaBytes(r.limit)})`;
}

export function isQuotaErrorCode(code: string): code is QuotaErrorCode {
  return code === 'quota_exceeded' || code === 'file_too_large';
}
