/**
 * Blur for redaction: a wide blur (three box passes, close to a Gaussian) and then a quantisation of every
 * channel to QUANT_LEVELS levels.
 *
 * Why quantise: a plain blur is a known linear filter, and deconvolving it brings text back when the blurred
 * values are kept exactly. Rounding each value to one of a few levels throws away the low bits that
 * deconvolution needs (the text's contrast after a blur this wide is smaller than one quantisation step). The
 * blur reads only pixels inside the region (edges are repeated), so the result depends on nothing else and
 * pixels outside are left as they are.
 */
import { coveredPixels, type PixelRect, type RgbaPixels } from './pixels.ts';

export const QUANT_LEVELS = 8;
export const MIN_BLUR_RADIUS = 8;
const PASSES = 3;

/** The box radius for a region: MIN_BLUR_RADIUS, or 1/40 of its longer side when that is larger. */
export function blurRadius(rect: PixelRect): number {
  return Math.max(MIN_BLUR_RADIUS, Math.ceil(Math.max(Math.abs(rect.width), Math.abs(rect.height)) / 40));
}

/** One value rounded to the nearest of QUANT_LEVELS evenly spaced levels over 0..255. */
export function quantise(value: number): number {
  const step = 255 / (QUANT_LEVELS - 1);
  return Math.round(Math.round(value / step) * step);
}

/** Blur and quantise `rect` of `image` in place. A radius below MIN_BLUR_RADIUS is raised to it. */
export function blur(image: RgbaPixels, rect: PixelRect, radius = blurRadius(rect)): void {
  const area = coveredPixels(rect, image);
  if (!area) return;
  const r = Math.max(MIN_BLUR_RADIUS, Math.round(radius));
  const { width: w, height: h } = area;
  const plane = new Float32Array(w * h);
  const scratch = new Float32Array(Math.max(w, h));
  for (let channel = 0; channel < 4; channel++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++)
        plane[y * w + x] = image.data[((area.y + y) * image.width + area.x + x) * 4 + channel]!;
    }
    for (let pass = 0; pass < PASSES; pass++) {
      for (let y = 0; y < h; y++) boxLine(plane, y * w, 1, w, r, scratch);
      for (let x = 0; x < w; x++) boxLine(plane, x, w, h, r, scratch);
    }
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        image.data[((area.y + y) * image.width + area.x + x) * 4 + channel] = quantise(plane[y * w + x]!);
      }
    }
  }
}

/**
 * A box filter of radius r along one line of `length` values (start, stride), edges repeated: a running sum,
 * the line copied out first so the loop reads a plain array with no clamping in the middle.
 */
function boxLine(
  plane: Float32Array,
  start: number,
  stride: number,
  length: number,
  r: number,
  line: Float32Array,
): void {
  for (let i = 0, at = start; i < length; i++, at += stride) line[i] = plane[at]!;
  const first = line[0]!;
  const last = line[length - 1]!;
  const value = (i: number): number => (i < 0 ? first : i >= length ? last : line[i]!);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += value(i);
  const scale = 1 / (2 * r + 1);
  for (let i = 0, at = start; i < length; i++, at += stride) {
    plane[at] = sum * scale;
    const add = i + r + 1;
    const drop = i - r;
    sum += (add < length ? line[add]! : last) - (drop >= 0 ? line[drop]! : first);
  }
}
