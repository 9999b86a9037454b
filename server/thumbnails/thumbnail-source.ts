/**
 * Which links get a thumbnail, and made from what: the images the share page previews (PNG, JPEG, GIF, WebP, AVIF,
 * BMP; never SVG or other active content, previewed as text) and videos. An image is decoded whole, so one above
 * MAX_IMAGE_BYTES is left alone; a video is read by ffmpeg with Range requests, only as far as its first second.
 */
import type { StoredUpload } from '../db/uploads.ts';
import { previewKind } from '../share/preview-kind.ts';

export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;

export type ThumbnailSource = { kind: 'image' | 'video' } | { kind: 'none'; reason: string };

export function thumbnailSource(upload: Pick<StoredUpload, 'contentType' | 'name' | 'bytes'>): ThumbnailSource {
  const kind = previewKind(upload.contentType, upload.name);
  if (kind === 'video') return { kind };
  if (kind !== 'image') return { kind: 'none', reason: `not an image or a video (${kind})` };
  if (upload.bytes > MAX_IMAGE_BYTES) return { kind: 'none', reason: `image above ${MAX_IMAGE_BYTES} bytes` };
  return { kind };
}
