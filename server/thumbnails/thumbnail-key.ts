/**
 * Where a link's thumbnail lives in the bucket: `thumbs/<userId>/<shareId>.webp`, beside the users' objects but
 * outside `users/`, the only prefix their STS credentials may write (server/sts/session-policy.ts): nobody but the
 * server can put or replace a thumbnail, so what the gateway serves as one is what ffmpeg made.
 */
export const THUMBNAIL_PREFIX = 'thumbs/';

/** WebP: alpha survives (screenshots), a third smaller than JPEG at the same quality, shown by every browser. */
export const THUMBNAIL_TYPE = 'image/webp';

/** The long side of a thumbnail, in pixels (smaller images keep their size). */
export const THUMBNAIL_SIZE = 480;

export function thumbnailKey(userId: string, shareId: string): string {
  return `${THUMBNAIL_PREFIX}${userId}/${shareId}.webp`;
}
