/** A PNG made by hand from its rows as they are stored (each a filter byte, then its bytes), for the decoders' tests. */
import { deflateSync } from 'node:zlib';
import { chunk, SIGNATURE } from '../../main/capture/png.ts';

/** `extra`: chunks between IHDR and IDAT (PLTE, tRNS, tEXt…). */
export function rawPng(
  width: number,
  height: number,
  depth: number,
  colorType: number,
  rows: Buffer,
  extra: Buffer[] = [],
): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = colorType;
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    ...extra,
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
