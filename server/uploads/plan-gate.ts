/**
 * What is handed out to a user whose plan has limits: a multipart upload only for a key they reserved (the
 * reservation is where the size was checked), and S3 credentials only while some storage is left. Users without
 * limits are not asked anything more than before.
 */
import type { AppContext } from '../context.ts';
import { storageUsed } from '../db/usage.ts';
import { findUser } from '../db/users.ts';
import { HttpError } from '../errors.ts';
import { formatBytes } from '../../common/format-bytes.ts';
import { API } from '../../common/broker-api.ts';
import { hasPlanLimits } from './plan-limits.ts';

export async function requireReservedIfLimited(ctx: AppContext, userId: string, key: string): Promise<void> {
  if (!hasPlanLimits(await findUser(ctx.db, userId))) return;
  const reserved = await ctx.db
    .selectFrom('reservations')
    .select('key')
    .where('key', '=', key)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!reserved)
    throw new HttpError(
      409,
      'not_reserved',
      `reserve ${key} first (POST ${API.reserve} with its size): your plan has limits, checked there`,
    );
}

/** 413 quota_exceeded when the storage limit is used up: no credentials to write with. */
export async function requireStorageLeft(ctx: AppContext, userId: string): Promise<void> {
  const user = await findUser(ctx.db, userId);
  if (user?.storageLimit === null || user === undefined) return;
  const used = await storageUsed(ctx.db, userId, ctx.now());
  if (used < user.storageLimit) return;
  const message = `your storage limit is used up (${formatBytes(used)} of ${formatBytes(user.storageLimit)}); delete links to make room`;
  throw new HttpError(413, 'quota_exceeded', message, { details: { limit: user.storageLimit, used, needed: 0 } });
}
