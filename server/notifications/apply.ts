/**
 * Applies bucket-notification events to the index, with the same rules as `reconcile --fix`
 * (server/maintenance/reconcile.ts): a created object the index lacks is indexed when its key parses
 * and it carries a valid expire tag (expiry counts from the event time); a removed object's row is
 * deleted (and its thumbnail), so its link answers 404 at once. Repeated events change nothing. Keys the app is still
 * uploading (a pending multipart upload or an early-link reservation) are left to the app's report.
 */
import { parseObjectKey } from '../../common/share-key.ts';
import type { AppContext } from '../context.ts';
import { indexedKeys } from '../db/file-list.ts';
import { pendingForKey } from '../db/pending-multipart.ts';
import { findReservation } from '../db/reservations.ts';
import { deleteUploadRow } from '../db/uploads.ts';
import { indexObject } from '../maintenance/reconcile.ts';
import { isNotFound } from '../s3/owner-s3.ts';
import { dropThumbnail } from '../thumbnails/drop-thumbnail.ts';
import type { IndexEvent } from './events.ts';

export type Outcome =
  { key: string; result: 'indexed' | 'removed' | 'unchanged' } | { key: string; result: 'skipped'; reason: string };

type Ctx = Pick<AppContext, 'db' | 's3' | 'config'>;

const indexedShareId = async (ctx: Ctx, key: string): Promise<string | undefined> =>
  (await indexedKeys(ctx.db, key)).get(key);

export async function applyEvent(ctx: Ctx, event: IndexEvent): Promise<Outcome> {
  const { key } = event;
  if (event.bucket !== ctx.config.s3Bucket) return { key, result: 'skipped', reason: 'another bucket' };
  if (!key.startsWith('users/')) return { key, result: 'skipped', reason: 'outside users/' };
  if (event.kind === 'removed') {
    const shareId = await indexedShareId(ctx, key);
    if (shareId === undefined) return { key, result: 'unchanged' };
    await deleteUploadRow(ctx.db, shareId);
    await dropThumbnail(ctx, shareId);
    return { key, result: 'removed' };
  }
  if ((await indexedShareId(ctx, key)) !== undefined) return { key, result: 'unchanged' };
  const parsed = parseObjectKey(key);
  if (parsed && (await pendingForKey(ctx.db, key, parsed.userId)).length > 0)
    return { key, result: 'skipped', reason: 'multipart upload still pending; the app reports it' };
  if (parsed && (await findReservation(ctx.db, parsed.shareId))?.key === key)
    return { key, result: 'skipped', reason: 'early link reserved; the app reports it' };
  const report = { addedRows: [] as string[], skipped: [] as { key: string; reason: string }[] };
  try {
    await indexObject(ctx, { Key: key, Size: event.size, LastModified: event.time }, report);
  } catch (error) {
    // deleted again before we looked (its ObjectRemoved event follows)
    if (isNotFound(error)) return { key, result: 'skipped', reason: 'object gone' };
    throw error;
  }
  if (report.addedRows.length > 0) return { key, result: 'indexed' };
  return { key, result: 'skipped', reason: report.skipped[0]?.reason ?? 'not indexed' };
}
