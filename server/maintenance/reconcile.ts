/**
 * Compares the index with the bucket (ListObjectsV2 under users/). In the index but missing in S3:
 * the row is stale (deleted behind the server's back, or by lifecycle) and `fix` deletes it (and its thumbnail), so
 * the link answers 404. In S3 but not in the index: reported; `fix` indexes it when the key parses
 * and the object carries an allowed expire tag (its expiry counts from the object's LastModified). A removed row is
 * also purged from every cache in CACHE_PURGE_URLS, so a cached copy does not outlive the object.
 */
import { GetObjectTaggingCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { EXPIRY_TAG_KEY, expiresAt, isExpiry } from '../../common/expiry.ts';
import { parseObjectKey } from '../../common/share-key.ts';
import { purgeLink, type PurgeLog } from '../cache/purge.ts';
import type { AppContext } from '../context.ts';
import { indexedKeys } from '../db/file-list.ts';
import { findUploadByShareId, deleteUploadRow, insertUpload } from '../db/uploads.ts';
import { dropThumbnail } from '../thumbnails/drop-thumbnail.ts';

export interface ReconcileReport {
  scanned: number;
  indexed: number;
  /** Keys in the index whose object is gone. */
  missingInS3: string[];
  /** Keys in S3 the index does not know. */
  notIndexed: string[];
  /** With fix: rows deleted, and objects indexed (or why not). */
  removedRows: string[];
  addedRows: string[];
  skipped: { key: string; reason: string }[];
}

export type S3Object = { Key: string; Size: number; LastModified: Date };

async function* listObjects(ctx: Pick<AppContext, 's3' | 'config'>, prefix: string): AsyncGenerator<S3Object> {
  let ContinuationToken: string | undefined;
  do {
    const page = await ctx.s3.send(
      new ListObjectsV2Command({ Bucket: ctx.config.s3Bucket, Prefix: prefix, ContinuationToken }),
    );
    for (const o of page.Contents ?? [])
      if (o.Key) yield { Key: o.Key, Size: o.Size ?? 0, LastModified: o.LastModified ?? new Date() };
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
}

type Ctx = Pick<AppContext, 'db' | 's3' | 'config'>;

/** Indexes one object the index lacks (also used by bucket notifications); records the outcome in `report`. */
export async function indexObject(
  ctx: Ctx,
  o: S3Object,
  report: Pick<ReconcileReport, 'addedRows' | 'skipped'>,
): Promise<void> {
  const parsed = parseObjectKey(o.Key);
  if (!parsed) return void report.skipped.push({ key: o.Key, reason: 'not a users/<id>/<shareId>/<name> key' });
  if (await findUploadByShareId(ctx.db, parsed.shareId))
    return void report.skipped.push({ key: o.Key, reason: 'share id already used by another key' });
  const tags = await ctx.s3.send(new GetObjectTaggingCommand({ Bucket: ctx.config.s3Bucket, Key: o.Key }));
  const expire = tags.TagSet?.find((t) => t.Key === EXPIRY_TAG_KEY)?.Value;
  if (!isExpiry(expire)) return void report.skipped.push({ key: o.Key, reason: 'no valid expire tag' });
  const head = await ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.config.s3Bucket, Key: o.Key }));
  await insertUpload(ctx.db, {
    shareId: parsed.shareId,
    key: o.Key,
    userId: parsed.userId,
    name: parsed.name,
    bytes: o.Size,
    contentType: head.ContentType ?? 'application/octet-stream',
    expire,
    uploadedAt: o.LastModified.toISOString(),
    expiresAt: expiresAt(expire, o.LastModified)?.toISOString() ?? null,
    uploadId: null,
  });
  report.addedRows.push(o.Key);
}

export async function reconcile(
  ctx: Ctx & { log: PurgeLog },
  options: { fix: boolean; prefix?: string },
): Promise<ReconcileReport> {
  const prefix = options.prefix ?? 'users/';
  const index = await indexedKeys(ctx.db, prefix);
  const report: ReconcileReport = {
    scanned: 0,
    indexed: index.size,
    missingInS3: [],
    notIndexed: [],
    removedRows: [],
    addedRows: [],
    skipped: [],
  };
  const orphans: S3Object[] = [];
  for await (const o of listObjects(ctx, prefix)) {
    report.scanned++;
    if (!index.delete(o.Key)) orphans.push(o);
  }
  report.missingInS3 = [...index.keys()];
  report.notIndexed = orphans.map((o) => o.Key);
  if (!options.fix) return report;
  for (const [key, shareId] of index) {
    await deleteUploadRow(ctx.db, shareId);
    await dropThumbnail(ctx, shareId);
    await purgeLink(ctx, shareId, ctx.log);
    report.removedRows.push(key);
  }
  for (const o of orphans) await indexObject(ctx, o, report);
  return report;
}
