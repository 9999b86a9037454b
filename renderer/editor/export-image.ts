/**
 * The edited image as pixels: the redacted bitmap and the objects drawn at 1:1 in image pixels, cut to the crop,
 * read back as RGBA for main to encode (main/capture/png-fast.ts). Why not canvas.toBlob('image/png'): on a
 * software canvas (no GPU) Chromium took ~1.1 s to encode a 3840x2160 capture (bench/capture/README.md); the
 * read-back is tens of ms and main's zlib at level 1 another ~50. The pixels are the flattened bitmap, so what
 * is under a redaction is gone before anything leaves the page, and no metadata can ride along.
 */
import type { EditedImage } from '../../common/ipc-contract.ts';
import type { RedactedBitmap } from './bitmap.ts';
import { drawItems } from './draw.ts';
import type { Doc } from './model.ts';

export function exportImage(bitmap: RedactedBitmap, doc: Doc, width: number, height: number): EditedImage {
  const crop = doc.crop ?? { x: 0, y: 0, width, height };
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(crop.width));
  canvas.height = Math.max(1, Math.round(crop.height));
  // read back once, right after drawing: a CPU-backed canvas gives getImageData without a GPU copy
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  g.translate(-Math.round(crop.x), -Math.round(crop.y));
  g.drawImage(bitmap.for(doc), 0, 0);
  drawItems(g, doc);
  const { data } = g.getImageData(0, 0, canvas.width, canvas.height);
  return { width: canvas.width, height: canvas.height, pixels: new Uint8Array(data.buffer) };
}
