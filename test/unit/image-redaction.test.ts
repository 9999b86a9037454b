/**
 * Redaction you can trust, checked on the exported pixels: under a redaction every pixel differs from the
 * original or is its block's mean (a), pixels outside are identical (c), and the exported PNG carries nothing
 * but the chunks that draw it. (b), OCR before and after, is in test/integration/ocr-redaction.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { decodePng, encodePng, type RgbaImage } from '../../main/capture/png.ts';
import { blur, blurRadius, quantise, QUANT_LEVELS } from '../../common/image/blur.ts';
import { MIN_BLOCK, pixelate, pixelBlockSize } from '../../common/image/pixelate.ts';
import { coveredPixels, type PixelRect } from '../../common/image/pixels.ts';
import { pngChunks, stripPngMetadata } from '../../common/image/png-chunks.ts';
import { applyRedactions, type Redaction } from '../../common/image/redact.ts';
import { solidBox } from '../../common/image/solid-box.ts';

/** Deterministic noise: the hardest image for "no original pixel survives" (no flat areas to hide in). */
function noise(width: number, height: number, seed = 7): RgbaImage {
  const data = Buffer.alloc(width * height * 4);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = (i & 3) === 3 ? 255 : s >>> 24;
  }
  return { width, height, data };
}

/** White with black "glyph" strokes in a band: text-like, with flat areas between strokes. */
function textLike(width: number, height: number): RgbaImage {
  const image = { width, height, data: Buffer.alloc(width * height * 4, 255) };
  for (let x = 10; x + 8 < width; x += 9) {
    solidBox(image, { x, y: 30, width: 2, height: 14 });
    solidBox(image, { x: x + 2, y: 30 + (x % 12), width: 5, height: 2 });
  }
  return image;
}

const clone = (image: RgbaImage): RgbaImage => ({ ...image, data: Buffer.from(image.data) });
const pixel = (image: RgbaImage, x: number, y: number) => [
  ...image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4),
];
const inside = (r: PixelRect, x: number, y: number) => x >= r.x && y >= r.y && x < r.x + r.width && y < r.y + r.height;

function assertOutsideIdentical(before: RgbaImage, after: RgbaImage, areas: PixelRect[]): void {
  for (let y = 0; y < before.height; y++)
    for (let x = 0; x < before.width; x++)
      if (!areas.some((a) => inside(a, x, y)))
        assert.deepEqual(pixel(after, x, y), pixel(before, x, y), `pixel (${x}, ${y}) outside changed`);
}

test('pixelate: each block is its mean (a), blocks are ≥ 10 px and grow on large regions, outside is intact (c)', () => {
  const original = noise(200, 120);
  const image = clone(original);
  const rect = { x: 13.5, y: 20.2, width: 101, height: 47 };
  pixelate(image, rect);
  const area = coveredPixels(rect, image)!;
  assert.deepEqual(area, { x: 13, y: 20, width: 102, height: 48 }, 'a partly covered pixel is covered');
  const block = pixelBlockSize(rect);
  assert.equal(block, MIN_BLOCK);
  for (let by = area.y; by < area.y + area.height; by += block) {
    for (let bx = area.x; bx < area.x + area.width; bx += block) {
      const cells: number[][] = [];
      for (let y = by; y < Math.min(by + block, area.y + area.height); y++)
        for (let x = bx; x < Math.min(bx + block, area.x + area.width); x++) cells.push(pixel(original, x, y));
      const mean = [0, 1, 2, 3].map((c) => Math.round(cells.reduce((s, p) => s + p[c]!, 0) / cells.length));
      for (let y = by; y < Math.min(by + block, area.y + area.height); y++)
        for (let x = bx; x < Math.min(bx + block, area.x + area.width); x++) {
          const now = pixel(image, x, y);
          const same = now.every((v, c) => v === pixel(original, x, y)[c]);
          assert.ok(!same || now.every((v, c) => v === mean[c]), `(${x}, ${y}) kept its original value`);
          assert.deepEqual(now, mean, `(${x}, ${y}) is its block's mean`);
        }
    }
  }
  assertOutsideIdentical(original, image, [area]);
  assert.equal(pixelBlockSize({ x: 0, y: 0, width: 2400, height: 300 }), 100);
  const tiny = clone(original);
  pixelate(tiny, { x: 0, y: 0, width: 40, height: 40 }, 3);
  assert.deepEqual(pixel(tiny, 0, 0), pixel(tiny, 9, 9), 'a block asked below 10 px is raised to 10');
  assert.notDeepEqual(pixel(tiny, 9, 9), pixel(tiny, 10, 10));
});

test('blur: quantised to a few levels, every pixel of the text changed, outside intact', () => {
  const original = textLike(240, 80);
  const image = clone(original);
  const rect = { x: 5, y: 20, width: 200, height: 40 };
  blur(image, rect);
  const levels = new Set(Array.from({ length: 256 }, (_, v) => quantise(v)));
  assert.equal(levels.size, QUANT_LEVELS);
  let ink = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++)
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      const now = pixel(image, x, y);
      for (const v of now) assert.ok(levels.has(v), `(${x}, ${y}) holds ${v}, not a quantisation level`);
      if (pixel(original, x, y)[0] === 0) {
        ink++;
        assert.notDeepEqual(now, pixel(original, x, y), `text pixel (${x}, ${y}) survived the blur`);
      }
    }
  assert.ok(ink > 300, 'the test image has text under the region');
  assertOutsideIdentical(original, image, [rect]);

  // On noise (no flat area) every pixel under the region changes.
  const rough = noise(64, 64);
  const blurred = clone(rough);
  blur(blurred, { x: 0, y: 0, width: 64, height: 64 });
  let kept = 0;
  for (let i = 0; i < rough.data.length; i += 4)
    if (rough.data.readUInt32BE(i) === blurred.data.readUInt32BE(i)) kept++;
  assert.equal(kept, 0);
  assert.equal(blurRadius({ x: 0, y: 0, width: 4000, height: 10 }), 100);
});

test('solid box: every covered pixel is the colour, opaque; outside intact', () => {
  const original = noise(50, 40);
  const image = clone(original);
  solidBox(image, { x: 40, y: 30, width: 20, height: -12 }, [200, 10, 30]);
  const area = { x: 40, y: 18, width: 10, height: 12 };
  for (let y = area.y; y < area.y + area.height; y++)
    for (let x = area.x; x < area.x + area.width; x++) assert.deepEqual(pixel(image, x, y), [200, 10, 30, 255]);
  assertOutsideIdentical(original, image, [area]);
  solidBox(image, { x: 60, y: 0, width: 5, height: 5 }); // wholly outside: nothing happens
  assert.equal(coveredPixels({ x: 60, y: 0, width: 5, height: 5 }, image), null);
});

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body, crc32(head.subarray(4))) >>> 0);
  return Buffer.concat([head, body, crc]);
}

test('the encoder writes IHDR, IDAT and IEND only; stripping drops text, EXIF, profiles and bytes after IEND', () => {
  const png = encodePng(noise(30, 20));
  assert.deepEqual(
    pngChunks(png).map((c) => c.type),
    ['IHDR', 'IDAT', 'IEND'],
  );

  const ihdrEnd = 8 + 25;
  const dirty = Buffer.concat([
    png.subarray(0, ihdrEnd),
    chunk('tEXt', Buffer.from('Comment\0secret path /home/me/passwords.txt')),
    chunk('iTXt', Buffer.from('XML:com.adobe.xmp\0\0\0\0\0<x/>')),
    chunk('eXIf', Buffer.from('MM\0*')),
    chunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f])),
    png.subarray(ihdrEnd, png.length - 12),
    chunk('zTXt', Buffer.from('Author\0\0x')),
    png.subarray(png.length - 12),
    Buffer.from('the original image data left behind after IEND'),
  ]);
  const clean = Buffer.from(stripPngMetadata(dirty));
  assert.deepEqual(
    pngChunks(clean).map((c) => c.type),
    ['IHDR', 'IDAT', 'IEND'],
  );
  assert.ok(clean.equals(png), 'the same bytes as a clean encode');
  assert.ok(!clean.includes('secret') && !clean.includes('left behind'));
  assert.deepEqual(decodePng(clean), decodePng(png));

  assert.throws(() => stripPngMetadata(Buffer.from('GIF89a')), /not a PNG/);
  assert.throws(() => stripPngMetadata(png.subarray(0, png.length - 12)), /no IEND/);
});

test('export: three redactions applied to the bitmap, encoded and decoded: outside every region identical', () => {
  const original = noise(320, 200, 99);
  const image = clone(original);
  const redactions: Redaction[] = [
    { kind: 'pixelate', rect: { x: 10, y: 10, width: 80, height: 30 } },
    { kind: 'blur', rect: { x: 120, y: 40, width: 90, height: 50 } },
    { kind: 'box', rect: { x: 250, y: 150, width: 40, height: 30 } },
  ];
  applyRedactions(image, redactions);
  const exported = decodePng(Buffer.from(stripPngMetadata(encodePng(image))));
  assertOutsideIdentical(
    original,
    exported,
    redactions.map((r) => r.rect),
  );
  for (const { rect } of redactions)
    for (let y = rect.y; y < rect.y + rect.height; y++)
      for (let x = rect.x; x < rect.x + rect.width; x++)
        assert.notDeepEqual(pixel(exported, x, y), pixel(original, x, y), `(${x}, ${y}) kept its original value`);
});
