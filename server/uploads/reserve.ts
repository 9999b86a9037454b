/**
 * Early links. A client announces an upload before sending it, so its link can be copied at once:
 * until the upload is recorded, the gateway answers that link with 202 and an "uploading…" page. The reservation
 * carries the file's size, so it is where a user's plan is checked (413 before a byte is sent); every way in
 * (the app API, POST /v1/upload) reserves through reserveUpload.
 */
import type { UploadReserveRequest, UploadReserveResponse } from '../../common/broker-api.ts';
import { shareUrl } from '../../common/share-key.ts';
import type { AppContext } from '../context.ts';
import { deleteReservation, findReservation, upsertReservation } from '../db/reservations.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';
import { conflict } from '../errors.ts';
import { existingUpload } from './record-upload.ts';
import { parseUserKey, requireAllowedExpiry } from './validate.ts';
import { inTransaction, type Queryable } from '../db/open-database.ts';
import { findUser, lockUser } from '../db/users.ts';
import { checkPlan, hasPlanLimits } from './plan-limits.ts';

export async function reserveUpload(
  ctx: AppContext,
  userId: string,
  req: UploadReserveRequest,
): Promise<UploadReserveResponse> {
  const parsed = parseUserKey(req.key, userId);
  const expire = requireAllowedExpiry(req.expire, ctx.config.allowedExpiry);
  const url = shareUrl(await shareBaseUrlFor(ctx, userId), parsed.shareId, parsed.name);
  if (await existingUpload(ctx, parsed, req.key)) return { shareId: parsed.shareId, url };
  const now = ctx.now();
  const reservation = {
    shareId: parsed.shareId,
    key: req.key,
    userId,
    name: parsed.name,
    bytes: req.bytes,
    contentType: req.contentType,
    expire,
    createdAt: now.toISOString(),
  };
  const write = async (db: Queryable): Promise<void> => {
    const held = await findReservation(db, parsed.shareId);
    if (held && held.key !== req.key) throw conflict(`share id ${parsed.shareId} is taken; plan the share again`);
    await upsertReservation(db, reservation);
  };
  const user = await findUser(ctx.db, userId);
  if (!hasPlanLimits(user)) await write(ctx.db);
  else
    // the plan's check and the reservation in one transaction, the user's row locked: of two reservations racing
    // for the last bytes of the quota, the second sees the first's bytes and gets the 413
    await inTransaction(ctx.db, async (trx) => {
      await lockUser(trx, userId);
      await checkPlan(trx, user, req.key, req.bytes, now);
      await write(trx);
    });
  return { shareId: parsed.shareId, url };
}

/** The job was cancelled: its early link answers 404 from now on. Idempotent; own keys only. */
export async function releaseUpload(ctx: AppContext, userId: string, key: string): Promise<void> {
  parseUserKey(key, userId);
  await deleteReservation(ctx.db, key);
}
