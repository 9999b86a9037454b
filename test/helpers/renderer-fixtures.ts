/**
 * Pictures for the renderer tests: a "desktop" PNG with windows drawn where the selector is told they are, and the
 * editor's plain grey capture, served as the app's scheme serves it.
 */
import type { Page } from 'playwright-core';
import { EDITOR_CAPTURE_SCHEME, type Rect } from '../../common/ipc-contract.ts';
import { encodePng } from '../../main/capture/png.ts';

/** An opaque PNG from RGB pixels (the project's encoder writes RGB when nothing is transparent). */
function rgbPng(width: number, height: number, rgb: Uint8Array): Buffer {
  const data = Buffer.alloc(width * height * 4, 255);
  for (let p = 0; p < width * height; p++) data.set(rgb.subarray(p * 3, p * 3 + 3), p * 4);
  return encodePng({ width, height, data });
}

/**
 * A desktop `width` x `height` DIP at `scale` physical pixels per DIP: a wallpaper gradient and the
 * given windows (title bar, body with text-like lines). The top-left physical pixel of each window
 * body is pure red (#ff0000), so the magnifier's color readout can be checked.
 */
export function desktopPng(width: number, height: number, scale: number, windows: Rect[]): Buffer {
  const W = Math.round(width * scale);
  const H = Math.round(height * scale);
  const rgb = new Uint8Array(W * H * 3);
  const set = (x: number, y: number, r: number, g: number, b: number) => {
    const i = (y * W + x) * 3;
    rgb[i] = r;
    rgb[i + 1] = g;
    rgb[i + 2] = b;
  };
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const t = (x / W + y / H) / 2;
      set(x, y, Math.round(30 + 60 * t), Math.round(60 + 90 * (1 - t)), Math.round(120 + 100 * t));
    }
  }
  const palette: [number, number, number][] = [
    [246, 247, 249],
    [32, 34, 40],
    [236, 240, 248],
  ];
  // drawn bottom-most first: windows[0] is the topmost
  [...windows].reverse().forEach((w, index) => {
    const [r, g, b] = palette[(windows.length - 1 - index) % palette.length]!;
    const dark = r < 100;
    const x0 = Math.round(w.x * scale);
    const y0 = Math.round(w.y * scale);
    const x1 = Math.min(W, Math.round((w.x + w.width) * scale));
    const y1 = Math.min(H, Math.round((w.y + w.height) * scale));
    const bar = Math.round(28 * scale);
    for (let y = Math.max(0, y0); y < y1; y++) {
      for (let x = Math.max(0, x0); x < x1; x++) {
        const inBar = y < y0 + bar;
        const line =
          !inBar &&
          (y - y0 - bar) % Math.round(22 * scale) < Math.round(8 * scale) &&
          x > x0 + 16 * scale &&
          x < x1 - 60 * scale &&
          y - y0 > bar + 14 * scale;
        if (inBar) set(x, y, dark ? 52 : 222, dark ? 55 : 226, dark ? 64 : 233);
        else if (line) set(x, y, dark ? 90 : 200, dark ? 96 : 206, dark ? 110 : 216);
        else set(x, y, r, g, b);
      }
    }
    for (const [dx, color] of [
      [16, [255, 95, 87]],
      [36, [254, 188, 46]],
      [56, [40, 200, 64]],
    ] as const) {
      const cx = x0 + dx * scale;
      const cy = y0 + 14 * scale;
      for (let y = Math.round(cy - 6 * scale); y <= cy + 6 * scale; y++)
        for (let x = Math.round(cx - 6 * scale); x <= cx + 6 * scale; x++)
          if ((x - cx) ** 2 + (y - cy) ** 2 <= (6 * scale) ** 2 && x >= 0 && y >= 0 && x < W && y < H)
            set(x, y, color[0], color[1], color[2]);
    }
    if (x0 >= 0 && y0 + bar < H) set(x0, y0 + bar, 255, 0, 0);
  });
  return rgbPng(W, H, rgb);
}

/** A 320 x 200 capture of one opaque grey `level`: the editor tests find it in the view's middle pixel. */
export function greyPng(level: number): Buffer {
  return encodePng({
    width: 320,
    height: 200,
    data: Buffer.from(new Uint8Array(320 * 200 * 4).map((_, i) => (i % 4 === 3 ? 255 : level))),
  });
}

/** The editor's capture scheme (OpenOptions.protocols) answering `png`, and how many times it was fetched. */
export function servedCapture(png: Buffer): {
  protocols: Map<string, (request: Request) => Promise<Response>>;
  fetched(): number;
} {
  let fetched = 0;
  const answer = async () => {
    fetched++;
    return new Response(new Uint8Array(png), { headers: { 'content-type': 'image/png' } });
  };
  return { protocols: new Map([[EDITOR_CAPTURE_SCHEME, answer]]), fetched: () => fetched };
}

/** The view's middle pixel (RGBA): the capture drawn there, or not. */
export function viewMiddle(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('#view')!;
    return [...canvas.getContext('2d')!.getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data];
  });
}
