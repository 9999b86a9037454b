/** The in-process PNG codec that region capture relies on: round trips, every colour type, crops. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunk, decodePng, encodePng, pixelAt, pngSize, type RgbaImage } from '../../main/capture/png.ts';
import { rawPng as pngOfRows } from '../helpers/raw-png.ts';
import { cropImage, cropPng } from '../../main/capture/crop-png.ts';

function image(width: number, height: number, at: (x: number, y: number) => number[]): RgbaImage {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(at(x, y), (y * width + x) * 4);
  return { width, height, data };
}

/** A hand-made PNG: rows are [filter byte, ...bytes]. */
const rawPng = (
  width: number,
  height: number,
  depth: number,
  colorType: number,
  rows: number[][],
  extra: Buffer[] = [],
) => pngOfRows(width, height, depth, colorType, Buffer.from(rows.flat()), extra);

test('encode → decode round trip, opaque (RGB) and with alpha (RGBA)', () => {
  const opaque = image(37, 11, (x, y) => [x * 6, y * 20, (x * y) % 256, 255]);
  const png = encodePng(opaque);
  assert.equal(png[25], 2, 'opaque images are written as RGB');
  assert.deepEqual(decodePng(png), opaque);
  assert.deepEqual(pngSize(png), { width: 37, height: 11 });

  const alpha = image(5, 4, (x, y) => [x, y, 7, x * 60]);
  const png2 = encodePng(alpha);
  assert.equal(png2[25], 6);
  assert.deepEqual(decodePng(png2), alpha);
});

test('decodes a 1-bit palette PNG (what ImageMagick import writes for a two-colour screen)', () => {
  const plte = chunk('PLTE', Buffer.from([255, 0, 0, 255, 255, 255]));
  // 10 px wide, 1 bit each → 2 bytes per row; row 0 = 1010101010, row 1 = 0000000001
  const png = rawPng(
    10,
    2,
    1,
    3,
    [
      [0, 0b10101010, 0b10000000],
      [0, 0b00000000, 0b01000000],
    ],
    [plte],
  );
  const img = decodePng(png);
  assert.deepEqual(pixelAt(img, 0, 0), [255, 255, 255, 255]);
  assert.deepEqual(pixelAt(img, 1, 0), [255, 0, 0, 255]);
  assert.deepEqual(pixelAt(img, 8, 0), [255, 255, 255, 255]);
  assert.deepEqual(pixelAt(img, 0, 1), [255, 0, 0, 255]);
  assert.deepEqual(pixelAt(img, 9, 1), [255, 255, 255, 255]);
});

test('decodes grey, grey+alpha, 16-bit RGB and every filter type', () => {
  const grey = decodePng(rawPng(2, 1, 8, 0, [[0, 10, 200]]));
  assert.deepEqual(pixelAt(grey, 1, 0), [200, 200, 200, 255]);
  const grey4 = decodePng(rawPng(2, 1, 4, 0, [[0, 0xf0]]));
  assert.deepEqual(pixelAt(grey4, 0, 0), [255, 255, 255, 255]);
  assert.deepEqual(pixelAt(grey4, 1, 0), [0, 0, 0, 255]);
  const ga = decodePng(rawPng(1, 1, 8, 4, [[0, 50, 128]]));
  assert.deepEqual(pixelAt(ga, 0, 0), [50, 50, 50, 128]);
  const rgb16 = decodePng(rawPng(1, 1, 16, 2, [[0, 0x12, 0x34, 0xab, 0xcd, 0xff, 0xff]]));
  assert.deepEqual(pixelAt(rgb16, 0, 0), [0x12, 0xab, 0xff, 255]);
  // 2x2 grey: row 0 with Sub (1), row 1 with Up (2); then Average (3) and Paeth (4)
  const filtered = decodePng(
    rawPng(2, 2, 8, 0, [
      [1, 10, 5],
      [2, 1, 1],
    ]),
  );
  assert.deepEqual(
    [pixelAt(filtered, 0, 0)[0], pixelAt(filtered, 1, 0)[0], pixelAt(filtered, 0, 1)[0], pixelAt(filtered, 1, 1)[0]],
    [10, 15, 11, 16],
  );
  const avg = decodePng(
    rawPng(2, 2, 8, 0, [
      [0, 10, 20],
      [3, 5, 5],
    ]),
  );
  // (0 + 10) >> 1 = 5 → 10; (10 + 20) >> 1 = 15 → 20
  assert.deepEqual([pixelAt(avg, 0, 1)[0], pixelAt(avg, 1, 1)[0]], [10, 20]);
  const paeth = decodePng(
    rawPng(2, 2, 8, 0, [
      [0, 10, 20],
      [4, 1, 1],
    ]),
  );
  // x0: paeth(0, 10, 0) = 10 → 11; x1: a=11, b=20, c=10 → p=21 → b (20) → 21
  assert.deepEqual([pixelAt(paeth, 0, 1)[0], pixelAt(paeth, 1, 1)[0]], [11, 21]);
});

test('refuses what it cannot read, with a reason', () => {
  assert.throws(() => decodePng(Buffer.from('GIF89a not a png at all....')), /not a PNG/);
  const interlaced = rawPng(1, 1, 8, 0, [[0, 1]]);
  interlaced[28] = 1;
  assert.throws(() => decodePng(interlaced), /interlaced/);
});

test('crop keeps exactly the rectangle and refuses one outside the capture', () => {
  const src = image(100, 50, (x, y) => [x, y, 0, 255]);
  const cropped = cropImage(src, { x: 10, y: 20, width: 30, height: 5 });
  assert.equal(cropped.width, 30);
  assert.equal(cropped.height, 5);
  assert.deepEqual(pixelAt(cropped, 0, 0), [10, 20, 0, 255]);
  assert.deepEqual(pixelAt(cropped, 29, 4), [39, 24, 0, 255]);
  const viaPng = decodePng(cropPng(encodePng(src), { x: 99, y: 49, width: 1, height: 1 }));
  assert.deepEqual(pixelAt(viaPng, 0, 0), [99, 49, 0, 255]);
  assert.throws(() => cropImage(src, { x: 90, y: 0, width: 11, height: 1 }), /outside the 100x50 capture/);
  assert.throws(() => cropImage(src, { x: 0.5, y: 0, width: 1, height: 1 }), /whole pixels/);
});
