/**
 * The bitmap type the redaction and export code works on: 8-bit RGBA, row-major, in image pixels.
 *
 * Why a structural type and not ImageData or a Buffer: the same functions run in the editor page (on an
 * ImageData's Uint8ClampedArray) and under Node (on main/capture/png.ts's Buffer), so redaction is tested where
 * it is cheap and used where it is needed, with the same code.
 */

export interface RgbaPixels {
  readonly width: number;
  readonly height: number;
  /** width * height * 4 bytes. */
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** A rectangle in image pixels. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The whole pixels a rectangle covers inside the image: fractional edges grow outwards (a redaction never
 * leaves a partly covered pixel intact), the result is clipped to the image, and null when nothing is left.
 */
export function coveredPixels(rect: PixelRect, image: { width: number; height: number }): PixelRect | null {
  const left = Math.max(0, Math.floor(Math.min(rect.x, rect.x + rect.width)));
  const top = Math.max(0, Math.floor(Math.min(rect.y, rect.y + rect.height)));
  const right = Math.min(image.width, Math.ceil(Math.max(rect.x, rect.x + rect.width)));
  const bottom = Math.min(image.height, Math.ceil(Math.max(rect.y, rect.y + rect.height)));
  if (!(right > left && bottom > top)) return null;
  return { x: left, y: top, width: right - left, height: bottom - top };
}
