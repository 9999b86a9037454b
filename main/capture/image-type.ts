/**
 * Which image a file holds, told by its first bytes (never by its name): the formats the editor page decodes
 * (Chromium's <img>), so a dropped JPEG or WebP can be edited as well as a PNG capture.
 */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif' | 'image/bmp';

/** How many bytes imageTypeOf needs. */
export const IMAGE_HEAD_BYTES = 12;

const ascii = (head: Uint8Array, at: number, text: string): boolean =>
  head.length >= at + text.length && [...text].every((c, i) => head[at + i] === c.charCodeAt(0));

export function imageTypeOf(head: Uint8Array): ImageType | null {
  if (head[0] === 0x89 && ascii(head, 1, 'PNG\r\n\x1a\n')) return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'image/webp';
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return 'image/gif';
  if (ascii(head, 0, 'BM') && head.length >= IMAGE_HEAD_BYTES) return 'image/bmp';
  return null;
}
