/**
 * The fast crop of screen grabs (main/capture/crop-png-fast.ts) against the general codec it stands in for
 * (crop-png.ts): every filter type, in the first row and below, for RGB and RGBA, at the edges of the image; grey
 * and palette grabs of 1 to 8 bits expanded; a decode made ahead, in slices; only IHDR, IDAT and IEND in the file;
 * 16-bit PNGs still cropped through the general path; bad rectangles refused with a clear message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pngChunks } from '../../common/image/png-chunks.ts';
import { cropPng } from '../../main/capture/crop-png.ts';
import { cropScreenPng, decodeScreenPng, EDIT_LEVEL, SHARE_LEVEL } from '../../main/capture/crop-png-fast.ts';
import { CHANNELS, chunk, decodePng } from '../../main/capture/png.ts';
import { rawPng } from '../helpers/raw-png.ts';

/**
 * A PNG whose rows use the filters given in turn, over pseudo-random bytes (the filter bytes apply as written);
 * 8-bit unless `depth` says otherwise.
 */
function filteredPng(
  width: number,
  height: number,
  colorType: number,
  filters: number[],
  extra: Buffer[] = [],
  depth = 8,
) {
  const stride = Math.ceil((width * CHANNELS[colorType]! * depth) / 8);
  const raw = Buffer.alloc((stride + 1) * height);
  let seed = 7;
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = filters[y % filters.length]!;
    for (let i = 1; i <= stride; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      // runs of equal bytes, as screens have, and noise
      raw[y * (stride + 1) + i] = i % 7 < 3 ? 0 : seed >>> 24;
    }
  }
  return rawPng(width, height, depth, colorType, raw, extra);
}

test('every filter type, first row included, RGB and RGBA: the same pixels as the general crop', async () => {
  for (const colorType of [2, 6] as const) {
    for (const first of [0, 1, 2, 3, 4]) {
      const png = filteredPng(61, 17, colorType, [first, 4, 3, 2, 1, 0, 4, 4, 3]);
      for (const rect of [
        { x: 0, y: 0, width: 61, height: 17 },
        { x: 0, y: 0, width: 1, height: 1 },
        { x: 5, y: 2, width: 11, height: 6 },
        { x: 60, y: 16, width: 1, height: 1 },
        { x: 1, y: 3, width: 60, height: 14 },
      ]) {
        const fast = await cropScreenPng(png, rect, EDIT_LEVEL);
        const what = `colour type ${colorType}, first row filter ${first}, ${JSON.stringify(rect)}`;
        assert.deepEqual(decodePng(fast), decodePng(cropPng(png, rect)), what);
        assert.equal(fast[25], colorType, `${what}: the colour type is kept`);
      }
    }
  }
});

test('a grab decoded ahead, in slices of rows, serves any region of it', async () => {
  // taller than one slice (decodeScreenPng yields to the event loop between slices of rows)
  const png = filteredPng(37, 301, 6, [4, 3, 1, 2, 4, 0, 4]);
  const ahead = decodeScreenPng(png);
  for (const rect of [
    { x: 0, y: 0, width: 37, height: 301 },
    { x: 3, y: 120, width: 30, height: 20 },
    { x: 0, y: 255, width: 37, height: 46 },
  ]) {
    const what = JSON.stringify(rect);
    assert.deepEqual(decodePng(await cropScreenPng(png, rect, EDIT_LEVEL, ahead)), decodePng(cropPng(png, rect)), what);
  }
  // a kind it leaves to the general crop (16-bit) is decoded as null
  assert.equal(await decodeScreenPng(filteredPng(8, 4, 2, [0], [], 16)), null);
});

test('the file holds IHDR, IDAT and IEND only; the level changes its size, not its pixels', async () => {
  const text = chunk('tEXt', Buffer.from('Comment\0grabbed by someone'));
  const png = filteredPng(64, 40, 2, [4, 1, 2], [text]);
  const rect = { x: 3, y: 4, width: 50, height: 30 };
  const small = await cropScreenPng(png, rect, SHARE_LEVEL);
  const fast = await cropScreenPng(png, rect, EDIT_LEVEL);
  assert.deepEqual(
    pngChunks(small).map((c) => c.type),
    ['IHDR', 'IDAT', 'IEND'],
  );
  assert.deepEqual(decodePng(fast), decodePng(small));
  assert.ok(small.length <= fast.length, `${small.length} > ${fast.length}`);
});

test('grey and palette grabs, 1 to 8 bits, with alpha or not: expanded to the same pixels as the general crop', async () => {
  const palette = chunk('PLTE', Buffer.from(Array.from({ length: 256 * 3 }, (_, i) => (i * 37) % 256)));
  const alpha = chunk('tRNS', Buffer.from([0, 80, 160, 255, 7]));
  const kinds = [
    { type: 0, depth: 8, extra: [] },
    { type: 0, depth: 1, extra: [] },
    { type: 0, depth: 2, extra: [] },
    { type: 0, depth: 4, extra: [] },
    { type: 4, depth: 8, extra: [] },
    { type: 3, depth: 8, extra: [palette] },
    { type: 3, depth: 4, extra: [palette, alpha] },
    { type: 3, depth: 1, extra: [palette] },
  ];
  for (const { type, depth, extra } of kinds) {
    const png = filteredPng(29, 140, type, [4, 1, 2, 3, 0], extra, depth);
    const ahead = decodeScreenPng(png);
    assert.notEqual(await ahead, null, `type ${type}, ${depth} bits: the fast path`);
    for (const rect of [
      { x: 0, y: 0, width: 29, height: 140 },
      { x: 3, y: 130, width: 17, height: 10 },
    ]) {
      const fast = await cropScreenPng(png, rect, EDIT_LEVEL, ahead);
      const what = `type ${type}, ${depth} bits, ${JSON.stringify(rect)}`;
      assert.deepEqual(decodePng(fast), decodePng(cropPng(png, rect)), what);
    }
  }
});

test('other kinds of PNG are cropped through the general codec; bad rectangles are refused clearly', async () => {
  const deep = filteredPng(9, 5, 2, [1, 4], [], 16); // 16 bits per sample: no screen grabber's, so cropPng's
  const rect = { x: 1, y: 1, width: 3, height: 2 };
  assert.deepEqual(decodePng(await cropScreenPng(deep, rect)), decodePng(cropPng(deep, rect)));

  const png = filteredPng(10, 10, 6, [0]);
  await assert.rejects(cropScreenPng(png, { x: 5, y: 5, width: 6, height: 1 }), /crop 6x1\+5\+5 is outside the 10x10/);
  await assert.rejects(cropScreenPng(png, { x: 0, y: 0, width: 0, height: 3 }), /positive size/);
  await assert.rejects(cropScreenPng(png, { x: 0.5, y: 0, width: 2, height: 3 }), /whole pixels/);
  const bad = filteredPng(4, 3, 2, [9]);
  await assert.rejects(cropScreenPng(bad, { x: 0, y: 0, width: 4, height: 3 }), /bad PNG filter type 9/);
});
