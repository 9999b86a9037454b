/**
 * The 413 a reservation gets when the user's plan does not allow the file (issue #16), and the one sentence both
 * the server and the client say about it: `over your storage limit (9.8 GB of 10 GB used; this file needs 4.2 GB)`.
 */
import type { ApiError } from './broker-api.ts';
import { formatBytes } from './format-bytes.ts';

export type QuotaErrorCode = 'quota_exceeded' | 'file_too_large';

/** Body of the 413: bytes; `used` includes reservations in flight, `needed` is the file's size. */
export interface QuotaRefusal extends ApiError {
  error: QuotaErrorCode;
  limit: number;
  used: number;
  needed: number;
}

export function quotaMessage(code: QuotaErrorCode, r: { limit: number; used: number; needed: number }): string {
  return code === 'quota_exceeded'
    ? `over your storage limit (${formatBytes(r.used)} of ${formatBytes(r.limit)} used; this file needs ${formatBytes(r.needed)})`
    : `too large for your plan (${formatBytes(r.needed)}; the largest file you may share is ${formatBytes(r.limit)})`;
}

export function isQuotaErrorCode(code: string): code is QuotaErrorCode {
  return code === 'quota_exceeded' || code === 'file_too_large';
}
