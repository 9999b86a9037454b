/**
 * The thumbnails table: one row per link whose thumbnail was asked for or looked at, so that of several instances
 * exactly one makes it (the row is the claim: an INSERT that only one of them wins) and a failure is remembered
 * instead of retried at every sweep. A claim older than the stale time (its maker died) may be taken over.
 */
import type { Selectable } from 'kysely';
import { fromRow, type StoredUpload } from './uploads.ts';
import type { Queryable } from './open-database.ts';
import type { ThumbnailsTable } from './schema.ts';

export type ThumbnailRow = Selectable<ThumbnailsTable>;
export type ThumbnailState = ThumbnailsTable['state'];

export async function findThumbnail(db: Queryable, shareId: string): Promise<ThumbnailRow | null> {
  return (await db.selectFrom('thumbnails').selectAll().where('share_id', '=', shareId).executeTakeFirst()) ?? null;
}

/**
 * Claims the making of a link's thumbnail: true for the one caller that inserted the `making` row, or took over a
 * claim made before `staleBefore`; false when another holds it or it has an outcome already.
 */
export async function claimThumbnail(
  db: Queryable,
  claim: { shareId: string; key: string; now: Date; staleBefore: Date },
): Promise<boolean> {
  const madeAt = claim.now.toISOString();
  const row = await db
    .insertInto('thumbnails')
    .values({ share_id: claim.shareId, key: claim.key, state: 'making', bytes: null, made_at: madeAt, detail: null })
    .onConflict((oc) =>
      oc
        .column('share_id')
        .doUpdateSet({ made_at: madeAt })
        .where('thumbnails.state', '=', 'making')
        .where('thumbnails.made_at', '<', claim.staleBefore.toISOString()),
    )
    .returning('share_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Records the outcome of a claim made at `claimedAt`. False when the claim is no longer ours: the link was deleted
 * meanwhile (its row with it), or another instance took the claim over as stale.
 */
export async function settleThumbnail(
  db: Queryable,
  shareId: string,
  claimedAt: Date,
  outcome: { state: 'done' | 'failed'; bytes: number | null; detail: string | null; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('thumbnails')
    .set({ state: outcome.state, bytes: outcome.bytes, detail: outcome.detail, made_at: outcome.now.toISOString() })
    .where('share_id', '=', shareId)
    .where('state', '=', 'making')
    .where('made_at', '=', claimedAt.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives a claim up (the thumbnail could not be stored): the next sweep or request tries again. */
export async function releaseClaim(db: Queryable, shareId: string, claimedAt: Date): Promise<void> {
  await db
    .deleteFrom('thumbnails')
    .where('share_id', '=', shareId)
    .where('state', '=', 'making')
    .where('made_at', '=', claimedAt.toISOString())
    .execute();
}

/** A link that gets no thumbnail (not an image or a video, or too large): remembered so nobody looks again. */
export async function recordNoThumbnail(
  db: Queryable,
  row: { shareId: string; key: string; detail: string; now: Date },
): Promise<void> {
  await db
    .insertInto('thumbnails')
    .values({
      share_id: row.shareId,
      key: row.key,
      state: 'none',
      bytes: null,
      made_at: row.now.toISOString(),
      detail: row.detail,
    })
    .onConflict((oc) => oc.column('share_id').doNothing())
    .execute();
}

/** Deletes a link's row; returns it (its key names the object to delete), or null when there was none. */
export async function deleteThumbnailRow(db: Queryable, shareId: string): Promise<ThumbnailRow | null> {
  return (await db.deleteFrom('thumbnails').where('share_id', '=', shareId).returningAll().executeTakeFirst()) ?? null;
}

/**
 * Links uploaded since `since`, not expired at `now`, that may need a thumbnail (an image or a video type) and have
 * no row yet, newest first. The uploads_uploaded_at index keeps this a short range scan however many links there are.
 */
export async function uploadsWithoutThumbnail(
  db: Queryable,
  since: Date,
  now: Date,
  limit: number,
): Promise<StoredUpload[]> {
  const rows = await db
    .selectFrom('uploads')
    .leftJoin('thumbnails', 'thumbnails.share_id', 'uploads.share_id')
    .selectAll('uploads')
    .where('uploads.uploaded_at', '>=', since.toISOString())
    .where('thumbnails.share_id', 'is', null)
    .where((eb) => eb.or([eb('uploads.expires_at', 'is', null), eb('uploads.expires_at', '>', now.toISOString())]))
    .where((eb) =>
      eb.or([eb('uploads.content_type', 'like', 'image/%'), eb('uploads.content_type', 'like', 'video/%')]),
    )
    .orderBy('uploads.uploaded_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => fromRow(row)!);
}

/**
 * Rows settled since `since` whose link is gone: a maker that finished just as its link was deleted, or a path that
 * drops index rows without their thumbnails. Their objects are to delete. Only recent rows are looked at (the
 * thumbnails_made_at index), since the paths that delete links drop their thumbnails themselves.
 */
export async function orphanThumbnails(db: Queryable, since: Date, limit: number): Promise<ThumbnailRow[]> {
  return db
    .selectFrom('thumbnails')
    .leftJoin('uploads', 'uploads.share_id', 'thumbnails.share_id')
    .selectAll('thumbnails')
    .where('thumbnails.made_at', '>=', since.toISOString())
    .where('uploads.share_id', 'is', null)
    .limit(limit)
    .execute();
}

/** The thumbnail state of each of `shareIds` that has a row (the files list: a thumbnail when done, else an icon). */
export async function thumbnailStates(db: Queryable, shareIds: string[]): Promise<Map<string, ThumbnailState>> {
  if (shareIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('thumbnails')
    .select(['share_id', 'state'])
    .where('share_id', 'in', shareIds)
    .execute();
  return new Map(rows.map((r) => [r.share_id, r.state]));
}
