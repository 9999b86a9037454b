/** DIP selections → physical pixels of one display's capture: scale factors, negative origins, clamping. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dipToPhysical,
  displayForSelection,
  matchCaptureDisplay,
  normalizeRect,
  physicalSize,
  type DisplayInfo,
} from '../../main/capture/display-geometry.ts';

const display = (
  id: number,
  x: number,
  y: number,
  width: number,
  height: number,
  scaleFactor: number,
): DisplayInfo => ({
  id,
  bounds: { x, y, width, height },
  scaleFactor,
});

test('scale 1: the selection is the capture rectangle', () => {
  const d = display(1, 0, 0, 1920, 1080, 1);
  assert.deepEqual(dipToPhysical({ x: 100, y: 200, width: 300, height: 150 }, d), {
    x: 100,
    y: 200,
    width: 300,
    height: 150,
  });
  assert.deepEqual(physicalSize(d), { width: 1920, height: 1080 });
});

test('scale 2 (Retina): everything doubles', () => {
  const d = display(1, 0, 0, 1440, 900, 2);
  assert.deepEqual(physicalSize(d), { width: 2880, height: 1800 });
  assert.deepEqual(dipToPhysical({ x: 10, y: 20, width: 30, height: 40 }, d), { x: 20, y: 40, width: 60, height: 80 });
  assert.deepEqual(dipToPhysical({ x: 0, y: 0, width: 1440, height: 900 }, d), {
    x: 0,
    y: 0,
    width: 2880,
    height: 1800,
  });
});

test('scale 1.25 and 1.5: fractional products round outwards, never losing a touched pixel', () => {
  const d125 = display(1, 0, 0, 1536, 864, 1.25); // a 1920x1080 panel at 125 %
  assert.deepEqual(physicalSize(d125), { width: 1920, height: 1080 });
  assert.deepEqual(dipToPhysical({ x: 100, y: 100, width: 200, height: 100 }, d125), {
    x: 125,
    y: 125,
    width: 250,
    height: 125,
  });
  // x: 101 × 1.25 = 126.25 → starts at 126, (101 + 3) × 1.25 = 130 → ends at 130;
  // y: 1.25 → 1, 2.5 → 3: a 1-DIP-high line covers parts of two physical rows, both kept
  assert.deepEqual(dipToPhysical({ x: 101, y: 1, width: 3, height: 1 }, d125), { x: 126, y: 1, width: 4, height: 2 });

  const d15 = display(1, 0, 0, 2560, 1440, 1.5); // 3840x2160 at 150 %
  assert.deepEqual(dipToPhysical({ x: 1, y: 1, width: 1, height: 1 }, d15), { x: 1, y: 1, width: 2, height: 2 });
  assert.deepEqual(dipToPhysical({ x: 10, y: 10, width: 10, height: 10 }, d15), {
    x: 15,
    y: 15,
    width: 15,
    height: 15,
  });
  // floating noise (110.00000000000001) does not add a pixel
  const d11 = display(1, 0, 0, 1000, 1000, 1.1);
  assert.deepEqual(dipToPhysical({ x: 0, y: 0, width: 100, height: 100 }, d11), {
    x: 0,
    y: 0,
    width: 110,
    height: 110,
  });
});

test('the real capture size wins over bounds × scale (platform-rounded DIP bounds)', () => {
  // 1366x768 at 150 %: Electron reports 911x512 DIP; the capture is still 1366x768
  const d = display(1, 0, 0, 911, 512, 1.5);
  const capture = { width: 1366, height: 768 };
  assert.deepEqual(dipToPhysical({ x: 0, y: 0, width: 911, height: 512 }, d, capture), {
    x: 0,
    y: 0,
    width: 1366,
    height: 768,
  });
  const r = dipToPhysical({ x: 900, y: 500, width: 11, height: 12 }, d, capture)!;
  assert.equal(r.x + r.width, 1366);
  assert.equal(r.y + r.height, 768);
});

test('displays at negative origins: coordinates are relative to the display', () => {
  const left = display(2, -1280, 0, 1280, 1024, 1);
  assert.deepEqual(dipToPhysical({ x: -1280, y: 0, width: 100, height: 50 }, left), {
    x: 0,
    y: 0,
    width: 100,
    height: 50,
  });
  const above = display(3, 200, -900, 1440, 900, 2);
  assert.deepEqual(dipToPhysical({ x: 210, y: -890, width: 20, height: 10 }, above), {
    x: 20,
    y: 20,
    width: 40,
    height: 20,
  });
});

test('a selection spanning the edge is clamped to the display; one outside it gives undefined', () => {
  const primary = display(1, 0, 0, 1920, 1080, 1);
  const left = display(2, -1280, 0, 1280, 1024, 1.5);
  const spanning = { x: -100, y: 1000, width: 300, height: 200 };
  assert.deepEqual(dipToPhysical(spanning, primary), { x: 0, y: 1000, width: 200, height: 80 });
  assert.deepEqual(dipToPhysical(spanning, left), { x: 1770, y: 1500, width: 150, height: 36 });
  assert.equal(dipToPhysical({ x: 2000, y: 0, width: 10, height: 10 }, primary), undefined);
  assert.equal(dipToPhysical({ x: 5, y: 5, width: 0, height: 10 }, primary), undefined);
});

test('a selection dragged up-left (negative size) is normalized', () => {
  assert.deepEqual(normalizeRect({ x: 300, y: 200, width: -100, height: -50 }), {
    x: 200,
    y: 150,
    width: 100,
    height: 50,
  });
  const d = display(1, 0, 0, 1000, 1000, 2);
  assert.deepEqual(dipToPhysical({ x: 300, y: 200, width: -100, height: -50 }, d), {
    x: 400,
    y: 300,
    width: 200,
    height: 100,
  });
});

test('the display holding most of the selection is chosen', () => {
  const displays = [
    display(1, 0, 0, 1920, 1080, 1),
    display(2, 1920, 0, 1280, 720, 2),
    display(3, -1280, 0, 1280, 1024, 1),
  ];
  assert.equal(displayForSelection(displays, { x: 1900, y: 10, width: 100, height: 10 })?.id, 2);
  assert.equal(displayForSelection(displays, { x: 1850, y: 10, width: 100, height: 10 })?.id, 1);
  assert.equal(displayForSelection(displays, { x: -50, y: 10, width: 60, height: 10 })?.id, 3);
  assert.equal(displayForSelection(displays, { x: 5000, y: 10, width: 60, height: 10 }), undefined);
});

test('matching an Electron display to the screenshot back-end display', () => {
  // X11: one global scale; xrandr gives physical bounds
  const xrandr = [
    { id: 'HDMI-1', primary: true, bounds: { x: 0, y: 0, width: 3840, height: 2160 } },
    { id: 'DP-1', primary: false, bounds: { x: 3840, y: 0, width: 2560, height: 1440 } },
  ];
  assert.equal(matchCaptureDisplay(display(1, 1920, 0, 1280, 720, 2), xrandr)?.id, 'DP-1');
  assert.equal(matchCaptureDisplay(display(2, 0, 0, 1920, 1080, 2), xrandr)?.id, 'HDMI-1');
  assert.equal(matchCaptureDisplay(display(3, 9000, 0, 100, 100, 1), xrandr), undefined);
  // macOS: no bounds, primary first
  const mac = [
    { id: 0, primary: true },
    { id: 1, primary: false },
  ];
  assert.equal(matchCaptureDisplay(display(1, 0, 0, 1440, 900, 2), mac, true)?.id, 0);
  assert.equal(matchCaptureDisplay(display(2, 1440, 0, 1920, 1080, 1), mac, false), undefined);
  // a single display always matches
  assert.equal(matchCaptureDisplay(display(1, 0, 0, 10, 10, 1), [{ id: 'screen' }])?.id, 'screen');
});
