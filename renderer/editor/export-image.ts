/**
 * The edited image: the redacted bitmap and the objects drawn at 1:1 in image pixels, cut to the crop. For Share,
 * Copy and Save it is drawn into an OffscreenCanvas and handed to the warm export worker as an ImageBitmap, which
 * makes the PNG (png-worker.ts; main checks it and drops every ancillary chunk); for OCR, or if the worker fails,
 * it is read back as RGBA for main to encode (main/capture/png-fast.ts). Why not canvas.toBlob('image/png') here:
 * on the page's thread Chromium encodes in idle time, over a second on a busy page (bench/capture/README.md).
 * Either way only the flattened image leaves the page: what is under a redaction is gone before it does.
 */
import type { EditedExport, EditedImage } from '../../common/ipc-contract.ts';
import type { RedactedBitmap } from './bitmap.ts';
import { drawItems } from './draw.ts';
import type { Doc } from './model.ts';
import type { PngWorker } from './png-worker.ts';

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

/** Share, Copy and Save: the worker's PNG of the flattened image, or its pixels if the worker cannot. */
export async function exportPng(
  worker: PngWorker,
  bitmap: RedactedBitmap,
  doc: Doc,
  width: number,
  height: number,
): Promise<EditedExport> {
  const crop = doc.crop ?? { x: 0, y: 0, width, height };
  const canvas = new OffscreenCanvas(Math.max(1, Math.round(crop.width)), Math.max(1, Math.round(crop.height)));
  const g = canvas.getContext('2d')!;
  g.translate(-Math.round(crop.x), -Math.round(crop.y));
  g.drawImage(bitmap.for(doc), 0, 0);
  // the same drawing calls as the view's: an OffscreenCanvas's 2D context has every one drawItems makes
  drawItems(g as unknown as CanvasRenderingContext2D, doc);
  const png = await worker.encode(canvas.transferToImageBitmap());
  return png ? { width: canvas.width, height: canvas.height, png } : exportImage(bitmap, doc, width, height);
}
