/** A PNG made by hand from its rows as they are stored (each a filter byte, then its bytes), for the decoders' tests. */
import { deflateSync } from 'node:zlib';
import { pngFile } from '../../main/capture/png.ts';

/** `extra`: chunks between IHDR and IDAT (PLTE, tRNS, tEXt…). */
export function rawPng(
  width: number,
  height: number,
  depth: number,
  colorType: number,
  rows: Buffer,
  extra: Buffer[] = [],
): Buffer {
  return pngFile(width, height, depth, colorType, deflateSync(rows), extra);
}
