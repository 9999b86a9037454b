/**
 * Early links. A client announces an upload before sending it, so its link can be copied at once:
 * until the upload is recorded, the gateway answers that link with 202 and an "uploading…" page.
 */
import type { UploadReserveRequest, UploadReserveResponse } from '../../common/broker-api.ts';
import { shareUrl } from '../../common/share-key.ts';
import type { AppContext } from '../context.ts';
import { deleteReservation, findReservation, upsertReservation } from '../db/reservations.ts';
import { shareBaseUrlFor } from '../domains/share-base.ts';
import { conflict } from '../errors.ts';
import { existingUpload } from './record-upload.ts';
import { parseUserKey, requireAllowedExpiry } from './validate.ts';

export async function reserveUpload(
  ctx: AppContext,
  userId: string,
  req: UploadReserveRequest,
): Promise<UploadReserveResponse> {
  const parsed = parseUserKey(req.key, userId);
  const expire = requireAllowedExpiry(req.expire, ctx.config.allowedExpiry);
  const url = shareUrl(await shareBaseUrlFor(ctx, userId), parsed.shareId, parsed.name);
  if (await existingUpload(ctx, parsed, req.key)) return { shareId: parsed.shareId, url };
  const held = await findReservation(ctx.db, parsed.shareId);
  if (held && held.key !== req.key) throw conflict(`share id ${parsed.shareId} is taken; plan the share again`);
  await upsertReservation(ctx.db, {
    shareId: parsed.shareId,
    key: req.key,
    userId,
    name: parsed.name,
    bytes: req.bytes,
    contentType: req.contentType,
    expire,
    createdAt: ctx.now().toISOString(),
  });
  return { shareId: parsed.shareId, url };
}

/** The job was cancelled: its early link answers 404 from now on. Idempotent; own keys only. */
export async function releaseUpload(ctx: AppContext, userId: string, key: string): Promise<void> {
  parseUserKey(key, userId);
  await deleteReservation(ctx.db, key);
}
