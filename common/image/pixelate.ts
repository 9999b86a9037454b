/**
 * Pixelate: every block of the region becomes the mean of its pixels. Nothing of a block survives but that one
 * colour, so text under it cannot be read back; blocks are at least MIN_BLOCK image pixels and grow with the
 * region, so a large region is not left as a readable mosaic of small blocks.
 */
import { coveredPixels, type PixelRect, type RgbaPixels } from './pixels.ts';

export const MIN_BLOCK = 10;

/** The block side for a region: MIN_BLOCK, or 1/24 of its longer side when that is larger. */
export function pixelBlockSize(rect: PixelRect): number {
  return Math.max(MIN_BLOCK, Math.ceil(Math.max(Math.abs(rect.width), Math.abs(rect.height)) / 24));
}

/**
 * Pixelate `rect` of `image` in place. Blocks start at the region's top-left corner; the last ones in a row or
 * column may be narrower and take the mean of the pixels they hold. `block` below MIN_BLOCK is raised to it.
 */
export function pixelate(image: RgbaPixels, rect: PixelRect, block = pixelBlockSize(rect)): void {
  const area = coveredPixels(rect, image);
  if (!area) return;
  const side = Math.max(MIN_BLOCK, Math.round(block));
  const { data, width } = image;
  for (let by = area.y; by < area.y + area.height; by += side) {
    const bottom = Math.min(by + side, area.y + area.height);
    for (let bx = area.x; bx < area.x + area.width; bx += side) {
      const right = Math.min(bx + side, area.x + area.width);
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let y = by; y < bottom; y++) {
        for (let i = (y * width + bx) * 4, end = (y * width + right) * 4; i < end; i += 4) {
          r += data[i]!;
          g += data[i + 1]!;
          b += data[i + 2]!;
          a += data[i + 3]!;
        }
      }
      const n = (bottom - by) * (right - bx);
      const mean = [Math.round(r / n), Math.round(g / n), Math.round(b / n), Math.round(a / n)] as const;
      for (let y = by; y < bottom; y++) {
        for (let i = (y * width + bx) * 4, end = (y * width + right) * 4; i < end; i += 4) {
          data[i] = mean[0];
          data[i + 1] = mean[1];
          data[i + 2] = mean[2];
          data[i + 3] = mean[3];
        }
      }
    }
  }
}
