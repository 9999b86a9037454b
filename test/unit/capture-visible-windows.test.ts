/** Window snapping: parsing xdotool's geometry, stacking order, and DIP per display. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { windowsOnDisplay } from '../../main/capture/display-geometry.ts';
import { listVisibleWindows, parseWindowGeometry, topmostFirst } from '../../main/capture/visible-windows.ts';

const XDOTOOL = `WINDOW=1293\nX=0\nY=0\nWIDTH=1280\nHEIGHT=800\nSCREEN=0\nWINDOW=2098147\nX=50\nY=60\nWIDTH=300\nHEIGHT=200\nSCREEN=0\nWINDOW=99\nX=640\nY=640\nWIDTH=10\nHEIGHT=96\nSCREEN=0\nWINDOW=4195299\nX=-20\nY=300\nWIDTH=200\nHEIGHT=100\nSCREEN=0\n`;

test('parses every WINDOW block; the root and slivers go; topmost (last listed) first', () => {
  const all = parseWindowGeometry(XDOTOOL);
  assert.equal(all.length, 4);
  assert.deepEqual(all[3], { id: '4195299', x: -20, y: 300, width: 200, height: 100 });
  assert.deepEqual(
    topmostFirst(all, '1293').map((w) => w.id),
    ['4195299', '2098147'],
  );
  assert.deepEqual(parseWindowGeometry('garbage\nX=1\n'), []);
});

test('windows become DIP rectangles relative to each display, clipped, order kept', () => {
  const windows = [
    { id: 'a', x: 100, y: 100, width: 400, height: 200 },
    { id: 'b', x: 3800, y: 0, width: 400, height: 400 }, // across the edge of two 1920-DIP displays at scale 2
    { id: 'c', x: 9000, y: 0, width: 10, height: 10 },
  ];
  const left = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 2 };
  const right = { id: 2, bounds: { x: 1920, y: 0, width: 1920, height: 1080 }, scaleFactor: 2 };
  assert.deepEqual(windowsOnDisplay(windows, left), [
    { x: 50, y: 50, width: 200, height: 100 },
    { x: 1900, y: 0, width: 20, height: 200 },
  ]);
  assert.deepEqual(windowsOnDisplay(windows, right), [{ x: 0, y: 0, width: 180, height: 200 }]);
});

test('no X display, Wayland, other platforms or a failing tool: no windows, no error', async () => {
  const fail = async (): Promise<string> => {
    throw new Error('xdotool: not found');
  };
  const ok = async (file: string): Promise<string> =>
    file === 'xwininfo' ? 'xwininfo: Window id: 0x50d (the root window)\n' : XDOTOOL;
  assert.deepEqual(await listVisibleWindows({}, 'linux', ok), []);
  assert.deepEqual(await listVisibleWindows({ DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' }, 'linux', ok), []);
  assert.deepEqual(await listVisibleWindows({ DISPLAY: ':0' }, 'darwin', ok), []);
  assert.deepEqual(await listVisibleWindows({ DISPLAY: ':0' }, 'linux', fail), []);
  assert.deepEqual(
    (await listVisibleWindows({ DISPLAY: ':0' }, 'linux', ok)).map((w) => w.id),
    ['4195299', '2098147'],
  );
});
