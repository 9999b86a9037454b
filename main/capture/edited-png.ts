/**
 * The editor's PNG as the page's export worker made it (renderer/editor/export-worker.ts), checked in main before
 * anything is written or uploaded: a well-formed PNG whose IHDR says the size the page announced, 8-bit RGBA or
 * RGB, and nothing but the chunks that draw it (common/image/png-chunks.ts drops every ancillary chunk and
 * whatever follows IEND), so no text or metadata from the source can leave, whatever the page did.
 */
import { pngChunks, stripPngMetadata } from '../../common/image/png-chunks.ts';

export function checkedEditedPng(png: Uint8Array, width: number, height: number): Buffer<ArrayBuffer> {
  const clean = stripPngMetadata(png);
  const ihdr = pngChunks(clean)[0]!;
  const view = new DataView(clean.buffer, clean.byteOffset, clean.byteLength);
  if (ihdr.size !== 25) throw new Error('the edited PNG has a malformed IHDR chunk');
  const w = view.getUint32(ihdr.start + 8);
  const h = view.getUint32(ihdr.start + 12);
  if (w !== width || h !== height) throw new Error(`the edited PNG is ${w}x${h}, expected ${width}x${height}`);
  const depth = clean[ihdr.start + 16];
  const colour = clean[ihdr.start + 17];
  if (depth !== 8 || (colour !== 6 && colour !== 2)) throw new Error('the edited PNG is not 8-bit RGB(A)');
  if (!pngChunks(clean).some((c) => c.type === 'IDAT')) throw new Error('the edited PNG has no image data');
  return Buffer.from(clean.buffer as ArrayBuffer, clean.byteOffset, clean.byteLength);
}
