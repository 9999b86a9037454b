/**
 * A tiny PNG decoder/encoder (node:zlib only), enough to crop a screenshot in-process.
 *
 * Why not `convert -crop`: ImageMagick exists on Linux only (screenshot-desktop uses it there), while macOS
 * (`screencapture`) and Windows (screenshot-desktop's .NET helper) hand us PNGs with no ImageMagick around.
 * Cropping in-process works the same on all three, costs no extra process, and the tests sample pixels with it.
 *
 * Decodes every non-interlaced PNG a screen grabber writes: grey, RGB, palette, grey+alpha, RGBA, at bit depths
 * 1-16 (ImageMagick's `import` writes a 1-bit palette PNG for a two-colour screen). Always decodes to 8-bit
 * RGBA and encodes 8-bit RGB or RGBA. Adam7-interlaced files are refused with a clear error.
 */
import { deflateSync, inflateSync, crc32 } from 'node:zlib';

export interface RgbaImage {
  width: number;
  height: number;
  /** width * height * 4 bytes, row-major, 8-bit RGBA. */
  data: Buffer;
}

export const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Channels per colour type: grey, RGB, palette, grey + alpha, RGBA. */
export const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Width and height from the IHDR chunk, without decoding. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || !png.subarray(0, 8).equals(SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * Decode to 8-bit RGBA. With `region`, only those pixels are expanded (and rows below it are not even
 * unfiltered): cropping a 1920x1080 capture costs a fraction of a full decode.
 */
export function decodePng(png: Buffer, region?: { x: number; y: number; width: number; height: number }): RgbaImage {
  const { width, height } = pngSize(png);
  const area = region ?? { x: 0, y: 0, width, height };
  if (area.x < 0 || area.y < 0 || area.x + area.width > width || area.y + area.height > height) {
    throw new RangeError(
      `crop ${area.width}x${area.height}+${area.x}+${area.y} is outside the ${width}x${height} capture`,
    );
  }
  const depth = png[24]!;
  const colorType = png[25]!;
  if (png[28] !== 0) throw new Error('interlaced PNGs are not supported');
  const channels = CHANNELS[colorType];
  if (channels === undefined || ![1, 2, 4, 8, 16].includes(depth)) {
    throw new Error(`unsupported PNG colour type ${colorType} / bit depth ${depth}`);
  }
  const { palette, transparency, idat } = imageChunks(png);
  if (colorType === 3 && !palette) throw new Error('palette PNG without a PLTE chunk');

  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3); // filter distance in bytes
  const raw = unfilter(inflateSync(Buffer.concat(idat)), stride, area.y + area.height, bpp);

  const data = Buffer.alloc(area.width * area.height * 4);
  const max = (1 << Math.min(depth, 8)) - 1;
  // Sample `index` (pixel * channels + channel) of the row starting at `row`, as its raw value (0..max).
  const sample = (row: number, index: number): number => {
    if (depth === 16) return raw[row + index * 2]!; // high byte
    if (depth === 8) return raw[row + index]!;
    const bit = index * depth;
    return (raw[row + (bit >> 3)]! >> (8 - depth - (bit & 7))) & max;
  };
  const scale = (v: number): number => (depth >= 8 ? v : Math.round((v * 255) / max));
  for (let y = area.y; y < area.y + area.height; y++) {
    const row = y * stride;
    for (let x = area.x; x < area.x + area.width; x++) {
      const at = x * channels;
      const out = ((y - area.y) * area.width + (x - area.x)) * 4;
      if (colorType === 3) {
        const i = sample(row, at);
        palette!.copy(data, out, i * 3, i * 3 + 3);
        data[out + 3] = transparency && i < transparency.length ? transparency[i]! : 255;
      } else if (colorType === 0 || colorType === 4) {
        const g = scale(sample(row, at));
        data[out] = data[out + 1] = data[out + 2] = g;
        data[out + 3] = colorType === 4 ? scale(sample(row, at + 1)) : 255;
      } else {
        data[out] = scale(sample(row, at));
        data[out + 1] = scale(sample(row, at + 1));
        data[out + 2] = scale(sample(row, at + 2));
        data[out + 3] = colorType === 6 ? scale(sample(row, at + 3)) : 255;
      }
    }
  }
  return { width: area.width, height: area.height, data };
}

function unfilter(input: Buffer, stride: number, height: number, bpp: number): Buffer {
  if (input.length < (stride + 1) * height) throw new Error('truncated PNG image data');
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = input[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[dst + i - bpp]! : 0;
      const b = y > 0 ? out[dst - stride + i]! : 0;
      const c = i >= bpp && y > 0 ? out[dst - stride + i - bpp]! : 0;
      const x = input[src + i]!;
      let v: number;
      if (filter === 0) v = x;
      else if (filter === 1) v = x + a;
      else if (filter === 2) v = x + b;
      else if (filter === 3) v = x + ((a + b) >> 1);
      else if (filter === 4) v = x + paeth(a, b, c);
      else throw new Error(`bad PNG filter type ${filter}`);
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** The chunks that make the image: the palette and its alpha (tRNS), and the image data (IDAT) in order. */
export function imageChunks(png: Buffer): { palette?: Buffer; transparency?: Buffer; idat: Buffer[] } {
  const found: { palette?: Buffer; transparency?: Buffer; idat: Buffer[] } = { idat: [] };
  for (let at = 8; at + 8 <= png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'PLTE') found.palette = body;
    else if (type === 'tRNS') found.transparency = body;
    else if (type === 'IDAT') found.idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  return found;
}

/**
 * A PNG file of IHDR, one IDAT (`idat`: the deflated rows) and IEND: no metadata. `between`: chunks that go between
 * IHDR and IDAT (PLTE, tRNS).
 */
export function pngFile(
  width: number,
  height: number,
  depth: number,
  colorType: number,
  idat: Buffer,
  between: Buffer[] = [],
): Buffer<ArrayBuffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = colorType;
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    ...between,
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** One PNG chunk: length, type, body and the CRC of type and body. */
export function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/**
 * 8-bit RGB (when every pixel is opaque) or RGBA PNG. Each row uses the "up" filter, which suits screenshots
 * (large flat areas) and keeps encoding fast; zlib level 6.
 */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  let opaque = true;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] !== 255) {
      opaque = false;
      break;
    }
  }
  const channels = opaque ? 3 : 4;
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  const row = Buffer.alloc(stride);
  const previous = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    if (channels === 4) data.copy(row, 0, y * width * 4, (y + 1) * width * 4);
    else for (let x = 0; x < width; x++) data.copy(row, x * 3, (y * width + x) * 4, (y * width + x) * 4 + 3);
    const dst = y * (stride + 1);
    raw[dst] = 2; // up
    for (let i = 0; i < stride; i++) raw[dst + 1 + i] = (row[i]! - previous[i]!) & 0xff;
    row.copy(previous);
  }
  return pngFile(width, height, 8, opaque ? 2 : 6, deflateSync(raw));
}

/** The pixel at (x, y) as [r, g, b, a]. */
export function pixelAt(image: RgbaImage, x: number, y: number): [number, number, number, number] {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) throw new RangeError(`(${x}, ${y}) is outside`);
  const i = (y * image.width + x) * 4;
  return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!, image.data[i + 3]!];
}
