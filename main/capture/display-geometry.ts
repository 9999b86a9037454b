/**
 * Multi-monitor and HiDPI geometry, pure functions.
 *
 * The region selector works in DIP (device-independent pixels): Electron's `screen.getAllDisplays()` gives each
 * display's `bounds` in global DIP screen coordinates (a display left of or above the primary has a negative
 * origin) and its `scaleFactor` (1, 1.25, 1.5, 2…). A screenshot of one display is in that display's physical
 * pixels. These functions map between the two.
 */
import type { Rect } from '../../common/ipc-contract.ts';

/** A window on screen in global physical pixels (visible-windows.ts lists them; the region selector snaps to them). */
export interface ScreenWindow extends Rect {
  id: string;
}

export interface Size {
  width: number;
  height: number;
}

/** The part of Electron's `Display` that matters here (structurally compatible with it). */
export interface DisplayInfo {
  id: number | string;
  /** Global DIP screen coordinates. */
  bounds: Rect;
  scaleFactor: number;
}

/** A display as the screenshot back-end knows it; `bounds` in physical pixels when the platform says. */
export interface CaptureDisplay {
  id: string | number;
  /** One image of every monitor (the XDG screenshot portal): desktop-split.ts cuts it per display. */
  wholeDesktop?: boolean;
  name?: string;
  primary?: boolean;
  bounds?: Rect;
}

// Products like 100 * 1.1 come out as 110.00000000000001: snap before floor/ceil.
const EPSILON = 1e-6;

/** Physical pixel size of a display's capture: its DIP size times its scale factor. */
export function physicalSize(display: DisplayInfo): Size {
  return {
    width: Math.round(display.bounds.width * display.scaleFactor),
    height: Math.round(display.bounds.height * display.scaleFactor),
  };
}

export function intersect(a: Rect, b: Rect): Rect | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined;
}

/** Make width and height positive (a drag from bottom-right to top-left gives negative sizes). */
export function normalizeRect(r: Rect): Rect {
  return {
    x: Math.min(r.x, r.x + r.width),
    y: Math.min(r.y, r.y + r.height),
    width: Math.abs(r.width),
    height: Math.abs(r.height),
  };
}

/**
 * Map a selection in global DIP coordinates to physical pixels of `display`'s capture.
 *
 * - The selection is clamped to the display first: a selection spanning a display edge keeps only the part on
 *   this display. Returns undefined when nothing of it is on the display.
 * - Scale = capture size / DIP size per axis, so the display's right and bottom edges land exactly on the
 *   capture's edges even when the platform rounded the DIP bounds (1366 px at 150% = 910.67 DIP → 911).
 *   Pass the real capture size when you have it; the default is bounds × scaleFactor.
 * - Edges are rounded outwards (floor the start, ceil the end): every pixel the user touched is kept.
 */
export function dipToPhysical(
  selection: Rect,
  display: DisplayInfo,
  captureSize: Size = physicalSize(display),
): Rect | undefined {
  const clamped = intersect(normalizeRect(selection), display.bounds);
  if (!clamped) return undefined;
  const sx = captureSize.width / display.bounds.width;
  const sy = captureSize.height / display.bounds.height;
  const left = Math.max(0, Math.floor((clamped.x - display.bounds.x) * sx + EPSILON));
  const top = Math.max(0, Math.floor((clamped.y - display.bounds.y) * sy + EPSILON));
  const right = Math.min(captureSize.width, Math.ceil((clamped.x + clamped.width - display.bounds.x) * sx - EPSILON));
  const bottom = Math.min(
    captureSize.height,
    Math.ceil((clamped.y + clamped.height - display.bounds.y) * sy - EPSILON),
  );
  if (right <= left || bottom <= top) return undefined;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The display holding most of the selection (ties: the first in the list), or undefined if none does. */
export function displayForSelection<D extends DisplayInfo>(displays: readonly D[], selection: Rect): D | undefined {
  let best: D | undefined;
  let bestArea = 0;
  for (const display of displays) {
    const overlap = intersect(normalizeRect(selection), display.bounds);
    const area = overlap ? overlap.width * overlap.height : 0;
    if (area > bestArea) {
      best = display;
      bestArea = area;
    }
  }
  return best;
}

/**
 * Which screenshot back-end display shows this Electron display.
 * - With physical bounds (Linux xrandr, Windows): the one at bounds × scaleFactor, ±2 px. On X11 Electron uses
 *   one global scale factor, so physical origin = DIP origin × scale.
 * - Without (macOS lists displays in order, primary first): the primary one for the primary display.
 * Returns undefined when nothing matches; the caller then captures every display and crops.
 */
export function matchCaptureDisplay(
  display: DisplayInfo,
  captureDisplays: readonly CaptureDisplay[],
  isPrimary = false,
): CaptureDisplay | undefined {
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= 2;
  const size = physicalSize(display);
  const byBounds = captureDisplays.find(
    (c) =>
      c.bounds &&
      near(c.bounds.x, display.bounds.x * display.scaleFactor) &&
      near(c.bounds.y, display.bounds.y * display.scaleFactor) &&
      near(c.bounds.width, size.width) &&
      near(c.bounds.height, size.height),
  );
  if (byBounds) return byBounds;
  if (captureDisplays.length === 1) return captureDisplays[0];
  if (isPrimary && captureDisplays.every((c) => !c.bounds)) return captureDisplays.find((c) => c.primary);
  return undefined;
}

/**
 * Windows (global physical pixels, as X11 reports them) as DIP rectangles relative to `display`, clipped to
 * it, order kept; those not on it are left out. Linux/X11 scales every display alike: DIP = pixels / scale.
 */
export function windowsOnDisplay<W extends Rect>(windows: readonly W[], display: DisplayInfo): Rect[] {
  const { bounds, scaleFactor: scale } = display;
  const area = { x: 0, y: 0, width: bounds.width, height: bounds.height };
  const out: Rect[] = [];
  for (const w of windows) {
    const rel = {
      x: w.x / scale - bounds.x,
      y: w.y / scale - bounds.y,
      width: w.width / scale,
      height: w.height / scale,
    };
    const clipped = intersect(rel, area);
    if (clipped && clipped.width >= 1 && clipped.height >= 1) out.push(clipped);
  }
  return out;
}
