/**
 * The tray icon, drawn in code (no binary asset to ship): a tray with an arrow into it, at 1× and 2×. On macOS
 * it is a template image (black + alpha; the menu bar tints it for light and dark); elsewhere it is drawn in a
 * colour that reads on light and dark panels. `busy` adds a dot: uploads in flight.
 */
import { encodePng } from '../../capture/png.ts';

export function trayIconPng(size: 16 | 32, options: { template: boolean; busy: boolean }): Buffer {
  const data = Buffer.alloc(size * size * 4);
  const [r, g, b] = options.template ? [0, 0, 0] : [0x3b, 0x82, 0xf6];
  const s = size / 16;
  const dot = (x: number, y: number): void => {
    if (x < 0 || y < 0 || x >= size || y >= size) return;
    const i = (y * size + x) * 4;
    data[i] = r;
    data[i + 1] = g;
    data[i + 2] = b;
    data[i + 3] = 255;
  };
  const fill = (x0: number, y0: number, x1: number, y1: number): void => {
    for (let y = Math.round(y0 * s); y < Math.round(y1 * s); y++)
      for (let x = Math.round(x0 * s); x < Math.round(x1 * s); x++) dot(x, y);
  };
  // the tray: a U at the bottom
  fill(1, 9, 2.5, 15);
  fill(13.5, 9, 15, 15);
  fill(1, 13.5, 15, 15);
  // the arrow: a shaft and a head pointing down
  fill(7, 1, 9, 8);
  for (let row = 0; row < 4; row++) fill(4 + row, 7 + row, 12 - row, 8 + row);
  if (options.busy) fill(12, 1, 15, 4);
  return encodePng({ width: size, height: size, data });
}
