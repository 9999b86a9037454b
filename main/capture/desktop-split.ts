/**
 * Per-display captures from a back-end that only sees the whole desktop (the XDG screenshot portal on
 * GNOME/KDE: one image, every monitor in it). The region selector freezes each display on its own and crops a
 * selection from that display's picture, so the desktop image is cut into the displays the app knows: each
 * display's share of the layout (its DIP bounds within the union of all displays' bounds) is the same share
 * of the image. That holds when the image is the layout at one scale, as GNOME's and KDE's screenshots are
 * with every monitor at the same scale; with mixed scales the cut can be a few pixels off at the seams.
 * The desktop is captured once per back-end made here (one freeze), however many displays ask.
 */
import { cropPng } from './crop-png.ts';
import type { Rect } from '../../common/ipc-contract.ts';
import type { CaptureDisplay, DisplayInfo } from './display-geometry.ts';
import { pngSize } from './png.ts';
import type { ScreenshotBackend } from './screenshot-backend.ts';

const union = (rects: readonly Rect[]): Rect => {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
};

/** The pixels of `display` in an image of the whole layout `layout` (DIP) that is `image` pixels large. */
export function displayShare(display: Rect, layout: Rect, image: { width: number; height: number }): Rect {
  const sx = image.width / layout.width;
  const sy = image.height / layout.height;
  const x = Math.round((display.x - layout.x) * sx);
  const y = Math.round((display.y - layout.y) * sy);
  const right = Math.min(image.width, Math.round((display.x + display.width - layout.x) * sx));
  const bottom = Math.min(image.height, Math.round((display.y + display.height - layout.y) * sy));
  return { x, y, width: right - x, height: bottom - y };
}

/** `backend` as it is, or, when it sees only the whole desktop and there are several displays, one per display. */
export function splitWholeDesktop(backend: ScreenshotBackend, displays: readonly DisplayInfo[]): ScreenshotBackend {
  let listed: Promise<CaptureDisplay[]> | undefined;
  let desktop: Promise<Buffer> | undefined;
  const layout = union(displays.map((d) => d.bounds));
  const idOf = (display: DisplayInfo): string => `desktop:${display.id}`;
  return {
    async listDisplays() {
      const own = await (listed ??= backend.listDisplays());
      const whole = own.length === 1 && own[0]!.wholeDesktop === true;
      if (!whole || displays.length < 2) return own;
      // bounds in physical pixels, as matchCaptureDisplay compares them
      return displays.map((d) => ({
        id: idOf(d),
        name: `display ${d.id} of the desktop`,
        bounds: {
          x: Math.round(d.bounds.x * d.scaleFactor),
          y: Math.round(d.bounds.y * d.scaleFactor),
          width: Math.round(d.bounds.width * d.scaleFactor),
          height: Math.round(d.bounds.height * d.scaleFactor),
        },
      }));
    },
    async captureDisplay(id) {
      const display = displays.find((d) => idOf(d) === id);
      if (!display) return backend.captureDisplay(id);
      const own = (await (listed ??= backend.listDisplays()))[0]!;
      const png = await (desktop ??= backend.captureDisplay(own.id));
      return cropPng(png, displayShare(display.bounds, layout, pngSize(png)));
    },
  };
}
