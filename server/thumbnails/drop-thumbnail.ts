/**
 * Deletes a link's thumbnail with the link: its row first, then its object (in that order, a maker finishing at the
 * same moment finds its claim gone and deletes what it stored; see make-thumbnail.ts). Called by every path that
 * drops a link's index row: DELETE /v1/files/:id, reconcile --fix, bucket notifications.
 */
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { AppContext } from '../context.ts';
import { deleteThumbnailRow } from '../db/thumbnails.ts';

export async function dropThumbnail(ctx: Pick<AppContext, 'db' | 's3' | 'config'>, shareId: string): Promise<void> {
  const row = await deleteThumbnailRow(ctx.db, shareId);
  if (row?.state === 'done' || row?.state === 'making')
    await ctx.s3.send(new DeleteObjectCommand({ Bucket: ctx.config.s3Bucket, Key: row.key }));
}
