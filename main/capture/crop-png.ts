/** Region capture = a crop of a full-screen capture, in the capture's physical pixels. */
import { decodePng, encodePng, type RgbaImage } from './png.ts';
import type { Rect } from '../../common/ipc-contract.ts';

/**
 * Refuses a crop that is not whole pixels with a positive size, or (given the capture's size) not inside it, with a
 * message saying which.
 */
export function checkCropRect(rect: Rect, size?: { width: number; height: number }): void {
  const { x, y, width, height } = rect;
  if (![x, y, width, height].every(Number.isInteger) || width <= 0 || height <= 0) {
    throw new RangeError(`crop rectangle must be whole pixels with a positive size: ${JSON.stringify(rect)}`);
  }
  if (size && (x < 0 || y < 0 || x + width > size.width || y + height > size.height)) {
    throw new RangeError(`crop ${width}x${height}+${x}+${y} is outside the ${size.width}x${size.height} capture`);
  }
}

export function cropImage(image: RgbaImage, rect: Rect): RgbaImage {
  checkCropRect(rect, image);
  const { x, y, width, height } = rect;
  const data = Buffer.alloc(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * 4;
    image.data.copy(data, row * width * 4, from, from + width * 4);
  }
  return { width, height, data };
}

/** Decodes only the rectangle (see decodePng), then encodes it. */
export function cropPng(png: Buffer, rect: Rect): Buffer {
  checkCropRect(rect); // decodePng says whether it is inside the capture
  return encodePng(decodePng(png, rect));
}
