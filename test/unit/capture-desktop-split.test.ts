/** A whole-desktop capture (the portal's) cut per display for the region selector's frozen displays. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayShare, splitWholeDesktop } from '../../main/capture/desktop-split.ts';
import { decodePng, encodePng } from '../../main/capture/png.ts';
import type { ScreenshotBackend } from '../../main/capture/screenshot-backend.ts';

const RED = [200, 0, 0];
const BLUE = [0, 0, 200];

/** 300×100: the left 200 columns red, the right 100 blue. */
function desktopPng(): Buffer {
  const width = 300;
  const height = 100;
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([...(x < 200 ? RED : BLUE), 255], (y * width + x) * 4);
  return encodePng({ width, height, data });
}

function portalLike(): ScreenshotBackend & { captures: number } {
  const backend = {
    captures: 0,
    listDisplays: async () => [{ id: 'desktop', primary: true, wholeDesktop: true }],
    captureDisplay: async () => {
      backend.captures += 1;
      return desktopPng();
    },
  };
  return backend;
}

const colours = (png: Buffer): Set<string> => {
  const { data } = decodePng(png);
  const seen = new Set<string>();
  for (let i = 0; i < data.length; i += 4) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
  return seen;
};

test('each display gets its share of the desktop image, by its place in the layout; the desktop is taken once', async () => {
  // the image need not be the layout's pixels: each share is a fraction of the layout
  const displays = [
    { id: 1, bounds: { x: 0, y: 0, width: 1000, height: 500 }, scaleFactor: 2 },
    { id: 2, bounds: { x: 1000, y: 0, width: 500, height: 500 }, scaleFactor: 2 },
  ];
  const portal = portalLike();
  const split = splitWholeDesktop(portal, displays);
  const listed = await split.listDisplays();
  assert.deepEqual(
    listed.map((d) => [d.id, d.bounds]),
    [
      ['desktop:1', { x: 0, y: 0, width: 2000, height: 1000 }],
      ['desktop:2', { x: 2000, y: 0, width: 1000, height: 1000 }],
    ],
  );
  const left = await split.captureDisplay('desktop:1');
  const right = await split.captureDisplay('desktop:2');
  assert.deepEqual([decodePng(left).width, decodePng(left).height], [200, 100]);
  assert.deepEqual([...colours(left)], [RED.join()]);
  assert.deepEqual([decodePng(right).width, decodePng(right).height], [100, 100]);
  assert.deepEqual([...colours(right)], [BLUE.join()]);
  assert.equal(portal.captures, 1);
});

test('one display, or a back-end that sees displays on their own: nothing changes', async () => {
  const one = [{ id: 1, bounds: { x: 0, y: 0, width: 300, height: 100 }, scaleFactor: 1 }];
  assert.deepEqual(await splitWholeDesktop(portalLike(), one).listDisplays(), [
    { id: 'desktop', primary: true, wholeDesktop: true },
  ]);
  const perDisplay: ScreenshotBackend = {
    listDisplays: async () => [{ id: 'a', bounds: { x: 0, y: 0, width: 1, height: 1 } }],
    captureDisplay: async () => desktopPng(),
  };
  const two = [...one, { id: 2, bounds: { x: 300, y: 0, width: 300, height: 100 }, scaleFactor: 1 }];
  assert.deepEqual(await splitWholeDesktop(perDisplay, two).listDisplays(), await perDisplay.listDisplays());
});

test('displayShare: offsets of a layout that starts left of and above 0, clamped to the image', () => {
  const layout = { x: -500, y: -100, width: 1500, height: 600 };
  assert.deepEqual(displayShare({ x: -500, y: -100, width: 500, height: 300 }, layout, { width: 3000, height: 1200 }), {
    x: 0,
    y: 0,
    width: 1000,
    height: 600,
  });
  assert.deepEqual(displayShare({ x: 0, y: 0, width: 1000, height: 600 }, layout, { width: 3000, height: 1200 }), {
    x: 1000,
    y: 200,
    width: 2000,
    height: 1000,
  });
});
