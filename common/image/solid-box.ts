/** Solid box: the plainest redaction, every covered pixel painted one opaque colour (black unless told). */
import { coveredPixels, type PixelRect, type RgbaPixels } from './pixels.ts';

export function solidBox(
  image: RgbaPixels,
  rect: PixelRect,
  color: readonly [number, number, number] = [0, 0, 0],
): void {
  const area = coveredPixels(rect, image);
  if (!area) return;
  for (let y = area.y; y < area.y + area.height; y++) {
    for (let i = (y * image.width + area.x) * 4, end = (y * image.width + area.x + area.width) * 4; i < end; i += 4) {
      image.data[i] = color[0];
      image.data[i + 1] = color[1];
      image.data[i + 2] = color[2];
      image.data[i + 3] = 255;
    }
  }
}
