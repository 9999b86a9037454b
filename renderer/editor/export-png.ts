/**
 * The edited image as a PNG: the redacted bitmap and the objects drawn at 1:1 in image pixels, cut to the
 * crop, encoded by the canvas and stripped of every chunk that does not draw it (no text, no profile).
 */
import { stripPngMetadata } from '../../common/image/png-chunks.ts';
import type { RedactedBitmap } from './bitmap.ts';
import { drawItems } from './draw.ts';
import type { Doc } from './model.ts';

export async function exportPng(bitmap: RedactedBitmap, doc: Doc, width: number, height: number): Promise<Uint8Array> {
  const crop = doc.crop ?? { x: 0, y: 0, width, height };
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(crop.width));
  canvas.height = Math.max(1, Math.round(crop.height));
  const g = canvas.getContext('2d')!;
  g.translate(-Math.round(crop.x), -Math.round(crop.y));
  g.drawImage(bitmap.for(doc), 0, 0);
  drawItems(g, doc);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the image could not be encoded');
  return stripPngMetadata(new Uint8Array(await blob.arrayBuffer()));
}
