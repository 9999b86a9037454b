/** Region capture = a crop of a full-screen capture, in the capture's physical pixels. */
import { decodePng, encodePng, type RgbaImage } from './png.ts';
import type { Rect } from '../../common/ipc-contract.ts';

export function cropImage(image: RgbaImage, rect: Rect): RgbaImage {
  const { x, y, width, height } = rect;
  if (![x, y, width, height].every(Number.isInteger) || width <= 0 || height <= 0) {
    throw new RangeError(`crop rectangle must be whole pixels with a positive size: ${JSON.stringify(rect)}`);
  }
  if (x < 0 || y < 0 || x + width > image.width || y + height > image.height) {
    throw new RangeError(`crop ${width}x${height}+${x}+${y} is outside the ${image.width}x${image.height} capture`);
  }
  const data = Buffer.alloc(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * 4;
    image.data.copy(data, row * width * 4, from, from + width * 4);
  }
  return { width, height, data };
}

/** Decodes only the rectangle (see decodePng), then encodes it. */
export function cropPng(png: Buffer, rect: Rect): Buffer {
  if (![rect.x, rect.y, rect.width, rect.height].every(Number.isInteger) || rect.width <= 0 || rect.height <= 0) {
    throw new RangeError(`crop rectangle must be whole pixels with a positive size: ${JSON.stringify(rect)}`);
  }
  return encodePng(decodePng(png, rect));
}
