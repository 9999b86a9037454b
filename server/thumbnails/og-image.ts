/**
 * The share page's og:image for a large image: its thumbnail instead of the image itself. Unfurlers fetch og:image
 * whole and give up on big ones (X/Twitter takes at most 5 MB, Facebook 8 MB), and a chat preview needs 480 px, not
 * 40 MB; below OG_THUMBNAIL_MIN_BYTES the image itself is small enough and stays. Only public links have a public
 * thumbnail; a thumbnail that could not be made leaves the image itself.
 */
import type { Database } from '../db/open-database.ts';
import { findThumbnail } from '../db/thumbnails.ts';
import type { StoredUpload } from '../db/uploads.ts';
import { previewKind } from '../share/preview-kind.ts';
import { isPublicLink } from './public-thumbnail.ts';
import { THUMBNAIL_TYPE } from './thumbnail-key.ts';

export const OG_THUMBNAIL_MIN_BYTES = 5 * 1000 * 1000;

/** The page-relative path of a link's public thumbnail (after `/<shareId>/<name>`). */
export const THUMBNAIL_SUFFIX = '/thumbnail';

/** The og:image to use for `pageUrl`'s file, or null to keep the file's own bytes. */
export async function ogThumbnail(
  db: Database,
  upload: StoredUpload,
  pageUrl: string,
  now: Date,
): Promise<{ url: string; type: string } | null> {
  if (upload.bytes < OG_THUMBNAIL_MIN_BYTES || previewKind(upload.contentType, upload.name) !== 'image') return null;
  if (!isPublicLink(upload, now)) return null;
  const row = await findThumbnail(db, upload.shareId);
  if (row && (row.state === 'failed' || row.state === 'none')) return null;
  return { url: pageUrl + THUMBNAIL_SUFFIX, type: THUMBNAIL_TYPE };
}
