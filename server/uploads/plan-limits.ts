/**
 * A user's plan against one file: the largest file they may share, and their storage (live links plus
 * reservations in flight). Called inside the transaction that then writes the reservation or the link, with the
 * user's row locked (users.ts lockUser), so two uploads racing for the last bytes of a quota cannot both pass.
 */
import { quotaMessage, type QuotaErrorCode } from '../../common/quota-refusal.ts';
import type { Queryable } from '../db/open-database.ts';
import { storageUsed } from '../db/usage.ts';
import type { User } from '../db/users.ts';
import { HttpError } from '../errors.ts';

export function planRefusal(code: QuotaErrorCode, r: { limit: number; used: number; needed: number }): HttpError {
  const details = { limit: r.limit, used: r.used, needed: r.needed };
  return new HttpError(413, code, quotaMessage(code, r), { details });
}

export const hasPlanLimits = (user: User | undefined): user is User =>
  user !== undefined && (user.storageLimit !== null || user.maxFileSize !== null);

/**
 * Throws the 413 when a file of `bytes` does not fit: file_too_large above the max file size, quota_exceeded when
 * the storage used (without `key`'s own reservation) plus `bytes` would pass the limit. `countFrom`: bytes already
 * admitted for this key (its reservation) that the record of the upload need not check again.
 */
export async function checkPlan(
  trx: Queryable,
  user: User,
  key: string,
  bytes: number,
  now: Date,
  countFrom = 0,
): Promise<void> {
  if (user.maxFileSize !== null && bytes > user.maxFileSize)
    throw planRefusal('file_too_large', { limit: user.maxFileSize, used: 0, needed: bytes });
  if (user.storageLimit === null || bytes <= countFrom) return;
  const used = await storageUsed(trx, user.name, now, key);
  if (used + bytes > user.storageLimit)
    throw planRefusal('quota_exceeded', { limit: user.storageLimit, used, needed: bytes });
}
