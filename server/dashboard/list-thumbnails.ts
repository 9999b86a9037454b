/**
 * Which links of a files page show their server-made thumbnail: those whose thumbnail is done (one statement for
 * the page). An image or video with no thumbnail row yet gets its kind's icon now, and its thumbnail is queued in
 * the background, so the next visit shows it; a failed one, or any other kind, keeps the icon.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../context.ts';
import { thumbnailStates } from '../db/thumbnails.ts';
import type { StoredUpload } from '../db/uploads.ts';
import type { Thumbnailer } from '../thumbnails/thumbnailer.ts';

const MAY_HAVE_ONE = /^(image|video)\//i;

export async function madeThumbnails(
  ctx: AppContext,
  thumbnailer: Thumbnailer,
  uploads: StoredUpload[],
  log: FastifyBaseLogger,
): Promise<Set<string>> {
  const states = await thumbnailStates(
    ctx.db,
    uploads.map((u) => u.shareId),
  );
  const missing = uploads.filter((u) => !states.has(u.shareId) && MAY_HAVE_ONE.test(u.contentType));
  if (missing.length > 0) {
    log.debug({ count: missing.length }, 'files list: thumbnails queued');
    thumbnailer.prepare(missing);
  }
  return new Set([...states].filter(([, state]) => state === 'done').map(([shareId]) => shareId));
}
