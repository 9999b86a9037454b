/**
 * A region of a screen grab, cropped mostly off main's event loop and mostly before the region is known: the path
 * from "region chosen" to the capture on disk (and so to the editor showing it, issue #17, or its link on the
 * clipboard).
 *
 * Why not cropPng (crop-png.ts) for every grab: its general decoder expands each pixel through a per-sample
 * function and its encoder filters each row "up" at zlib level 6, all synchronously, all after the choice; a
 * 3840x2160 region of a desktop took ~500 ms of main's thread (220 decoding, ~300 encoding) on this 2-core machine.
 * Here, for what screen grabbers write (8-bit RGB or RGBA; grey or palette, 1 to 8 bits, from ImageMagick for
 * screens of few colours), in two steps:
 *  - decodeScreenPng, started while the user is still choosing: inflate on libuv's thread pool, then every row
 *    unfiltered in place, one tight loop per filter type, in slices that let main answer IPC in between;
 *  - cropScreenPng, once the region is known: the region's rows copied under filter None and deflated on the
 *    thread pool.
 * Anything else (16-bit, interlaced) goes through cropPng. The file holds IHDR, IDAT and IEND only,
 * as cropPng's does: nothing of the grab's metadata.
 *
 * The deflate level is the caller's: measured on a 3840x2160 desktop as ImageMagick writes it (Paeth rows), filter
 * None at level 1 took 24 ms for 520 KB, level 6 78 ms for 203 KB (level 4: 63 ms, 319 KB; Up did not pay at
 * either). A capture to be shared is uploaded, so it gets level 6 (SHARE_LEVEL); one for the editor or OCR is only
 * read back (the editor uploads its own export), so it gets level 1 (EDIT_LEVEL). The decode of that grab: inflate
 * ~45 ms, unfilter ~100 ms of JS for Paeth rows (~300 MB/s); bench/capture/editor.ts prints both steps.
 */
import { promisify } from 'node:util';
import { deflate, inflate } from 'node:zlib';
import type { Rect } from '../../common/ipc-contract.ts';
import { checkCropRect, cropPng } from './crop-png.ts';
import { OUT_CHUNK } from './png-fast.ts';
import { CHANNELS, imageChunks, pngFile, pngSize } from './png.ts';

const inflateAsync = promisify(inflate);
const deflateAsync = promisify(deflate);

/** zlib levels: the smaller file for a capture that is uploaded as it is, the faster one for the editor. */
export const SHARE_LEVEL = 6;
export const EDIT_LEVEL = 1;

/** A screen grab's pixels: its rows unfiltered in place, each still behind its (now meaningless) filter byte. */
export interface DecodedScreen {
  width: number;
  height: number;
  colorType: 2 | 6;
  rows: Buffer;
}

/** Rows unfiltered per turn of the event loop: main answers IPC in between (~5 ms each for a 4K screen). */
const ROWS_PER_TURN = 128;

/**
 * The grab's pixels as RGB or RGBA rows, or null for a kind of PNG this path leaves to cropPng (16-bit or
 * interlaced: no screen grabber writes them). Grey and palette grabs (ImageMagick's `import` writes them for
 * screens of few colours, down to 1 bit) are expanded to RGB, or RGBA where they carry alpha. Decoding can start
 * before the region is known (while the user chooses it: screenshot-flows.ts), and yields to the event loop as it
 * goes.
 */
export async function decodeScreenPng(png: Buffer): Promise<DecodedScreen | null> {
  const { width, height } = pngSize(png);
  const depth = png[24]!;
  const type = png[25]!;
  const channels = CHANNELS[type];
  if (channels === undefined || depth > 8 || png[28] !== 0) return null;
  const { palette, transparency, idat } = imageChunks(png);
  if (type === 3 && !palette) return null; // cropPng says what is wrong
  const stride = Math.ceil((width * channels * depth) / 8);
  const bpp = Math.max(1, (channels * depth) >> 3);
  const filtered = await inflateAsync(Buffer.concat(idat), { chunkSize: OUT_CHUNK });
  if (filtered.length < (stride + 1) * height) throw new Error('truncated PNG image data');
  const direct = depth === 8 && (type === 2 || type === 6);
  const colorType = type === 6 || type === 4 || (type === 3 && transparency) ? 6 : 2;
  const out = colorType === 2 ? 3 : 4;
  const rows = direct ? filtered : Buffer.alloc((width * out + 1) * height);
  for (let y = 0; y < height; y += ROWS_PER_TURN) {
    if (y > 0) await new Promise((resolve) => setImmediate(resolve));
    const to = Math.min(height, y + ROWS_PER_TURN);
    unfilterInPlace(filtered, stride, y, to, bpp);
    if (!direct) {
      for (let row = y; row < to; row++) {
        expandRow(
          filtered,
          row * (stride + 1) + 1,
          rows,
          row * (width * out + 1) + 1,
          width,
          type,
          depth,
          out,
          palette,
          transparency,
        );
      }
    }
  }
  return { width, height, colorType, rows };
}

/** One row of grey, grey + alpha or palette samples (1 to 8 bits) as `out` bytes per pixel (RGB or RGBA). */
function expandRow(
  src: Uint8Array,
  from: number,
  dst: Uint8Array,
  to: number,
  width: number,
  type: number,
  depth: number,
  out: number,
  palette: Buffer | undefined,
  transparency: Buffer | undefined,
): void {
  const max = (1 << depth) - 1;
  const perSample = type === 4 ? 2 : 1;
  for (let x = 0; x < width; x++, to += out) {
    let v: number;
    if (depth === 8) v = src[from + x * perSample]!;
    else {
      const bit = x * depth;
      v = (src[from + (bit >> 3)]! >> (8 - depth - (bit & 7))) & max;
    }
    if (type === 3) {
      dst[to] = palette![v * 3] ?? 0;
      dst[to + 1] = palette![v * 3 + 1] ?? 0;
      dst[to + 2] = palette![v * 3 + 2] ?? 0;
      if (out === 4) dst[to + 3] = transparency && v < transparency.length ? transparency[v]! : 255;
    } else {
      const grey = depth === 8 ? v : Math.round((v * 255) / max);
      dst[to] = dst[to + 1] = dst[to + 2] = grey;
      if (out === 4) dst[to + 3] = type === 4 ? src[from + x * 2 + 1]! : 255;
    }
  }
}

/**
 * The PNG of `rect` (physical pixels) of `png`, a screen grab; `level`: zlib's, as above. `decoded`: the grab's
 * decode if one was started ahead (decodeScreenPng of the same `png`).
 */
export async function cropScreenPng(
  png: Buffer,
  rect: Rect,
  level = SHARE_LEVEL,
  decoded?: Promise<DecodedScreen | null>,
): Promise<Buffer> {
  const screen = await (decoded ?? decodeScreenPng(png));
  if (!screen) return cropPng(png, rect);
  checkCropRect(rect, screen);
  const bpp = screen.colorType === 2 ? 3 : 4;
  const line = screen.width * bpp + 1;
  const rowBytes = rect.width * bpp;
  const raw = Buffer.allocUnsafe((rowBytes + 1) * rect.height);
  for (let y = 0; y < rect.height; y++) {
    const from = (rect.y + y) * line + 1 + rect.x * bpp;
    raw[y * (rowBytes + 1)] = 0; // filter None
    screen.rows.copy(raw, y * (rowBytes + 1) + 1, from, from + rowBytes);
  }
  return pngFile(
    rect.width,
    rect.height,
    8,
    screen.colorType,
    await deflateAsync(raw, { level, chunkSize: OUT_CHUNK }),
  );
}

/**
 * Reverses the PNG row filters of rows `from` to `to` (exclusive), in place, the rows above already done: each row
 * keeps its filter byte, and its bytes become the pixels. Uint8Array stores wrap modulo 256, as the filters' sums
 * want. `bpp`: bytes per pixel.
 */
function unfilterInPlace(buf: Uint8Array, stride: number, from: number, to: number, bpp: number): void {
  const line = stride + 1;
  for (let y = from; y < to; y++) {
    const start = y * line + 1;
    const end = start + stride;
    const filter = buf[start - 1];
    const first = y === 0; // the row above is all zeros
    if (filter === 0) continue;
    if (filter === 1) {
      for (let i = start + bpp; i < end; i++) buf[i] = buf[i]! + buf[i - bpp]!;
    } else if (filter === 2) {
      if (!first) for (let i = start; i < end; i++) buf[i] = buf[i]! + buf[i - line]!;
    } else if (filter === 3) {
      for (let i = start; i < start + bpp; i++) buf[i] = buf[i]! + (first ? 0 : buf[i - line]! >> 1);
      if (first) for (let i = start + bpp; i < end; i++) buf[i] = buf[i]! + (buf[i - bpp]! >> 1);
      else for (let i = start + bpp; i < end; i++) buf[i] = buf[i]! + ((buf[i - bpp]! + buf[i - line]!) >> 1);
    } else if (filter === 4) {
      if (first) {
        // Paeth with b = c = 0 is a, as Sub
        for (let i = start + bpp; i < end; i++) buf[i] = buf[i]! + buf[i - bpp]!;
        continue;
      }
      for (let i = start; i < start + bpp; i++) buf[i] = buf[i]! + buf[i - line]!; // a = c = 0: b
      for (let i = start + bpp; i < end; i++) {
        const a = buf[i - bpp]!;
        const b = buf[i - line]!;
        const c = buf[i - line - bpp]!;
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        buf[i] = buf[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
    } else {
      throw new Error(`bad PNG filter type ${filter}`);
    }
  }
}
