/**
 * The capture editor's PNG, encoded in main from the page's raw RGBA (issue #17): Chromium's canvas.toBlob took
 * ~1.1 s for a 3840x2160 capture on a software canvas, most of the export. Measured here on a 3840x2160 screen
 * of real UI (tiled docs/screenshots, Node 22, 2 loaded cores): filter None + zlib level 1 → 933 KB in 47–64 ms;
 * None + level 3: 880 KB, 58–75 ms; Up + level 1: 1035 KB (Up does not pay at level 1); Up + level 6 (encodePng,
 * made for small crops): 871 KB in ~460 ms. Filter None is also free to compute (one row copy, where Sub or Up
 * is a JS loop over 33 MB: 110–200 ms), so: None, level 1. The deflate runs on libuv's thread pool (zlib's async
 * API), so main's event loop is not held while it works, as a worker thread would give without its start-up.
 * The file has IHDR, IDAT and IEND only: nothing from the page or the source but the pixels.
 */
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { pngFile, type RgbaImage } from './png.ts';

const deflateAsync = promisify(deflate);
/**
 * zlib's output buffer: Node's async zlib goes to the thread pool and back once per buffer it fills, 16 KiB by
 * default, so a 4K screen's ~0.6 MB PNG took ~40 trips; with 4 MiB it is one or two (4K desktop scene, interleaved, load
 * 8: min 56 → 36 ms, median 109 → 104). Splitting the rows into bands deflated at once (pigz's way, the Adler-32
 * combined) was tried and was slower at that load (min 54 ms for 2 bands against 39), so it is not kept.
 */
export const OUT_CHUNK = 4 << 20;

/** 8-bit RGBA PNG of `image`: each row filter None, zlib level 1. */
export async function encodePngFast(image: RgbaImage): Promise<Buffer<ArrayBuffer>> {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new Error(`bad image size ${width}x${height}`);
  if (data.length !== width * height * 4)
    throw new Error(`expected ${width * height * 4} bytes for ${width}x${height} RGBA, got ${data.length}`);
  const stride = width * 4;
  const raw = Buffer.allocUnsafe((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const at = y * (stride + 1);
    raw[at] = 0; // filter None
    data.copy(raw, at + 1, y * stride, (y + 1) * stride);
  }
  const idat = await deflateAsync(raw, { level: 1, chunkSize: OUT_CHUNK });
  return pngFile(width, height, 8, 6, idat); // 8-bit RGBA
}
