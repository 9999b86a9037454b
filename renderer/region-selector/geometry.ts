/** Pure geometry of the region selector (DIP, relative to the display). */
import type { Rect } from '../../common/ipc-contract.ts';

export interface Point {
  x: number;
  y: number;
}

export const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** The rectangle spanned by two corners, whichever way the drag went. */
export function rectBetween(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
}

/** The part of `rect` on a display of `width` x `height`, or null if none. */
export function clipRect(rect: Rect, width: number, height: number): Rect | null {
  const x = clamp(Math.round(rect.x), 0, width);
  const y = clamp(Math.round(rect.y), 0, height);
  const right = clamp(Math.round(rect.x + rect.width), 0, width);
  const bottom = clamp(Math.round(rect.y + rect.height), 0, height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

export const contains = (rect: Rect, p: Point): boolean =>
  p.x >= rect.x && p.y >= rect.y && p.x < rect.x + rect.width && p.y < rect.y + rect.height;

/** The window under the pointer: `windows` are in z-order, topmost first (as main lists them). */
export function windowAt(windows: readonly Rect[], p: Point): Rect | null {
  return windows.find((w) => contains(w, p)) ?? null;
}

/** Where the size label goes: above the selection's top-left corner, or inside it at the top edge. */
export function labelPosition(rect: Rect, label: { width: number; height: number }, display: Point): Point {
  const above = rect.y - label.height - 6;
  return {
    x: clamp(rect.x, 4, display.x - label.width - 4),
    y: above >= 4 ? above : clamp(rect.y + 6, 4, display.y - label.height - 4),
  };
}

/** The magnifier sits below-right of the pointer, flipped near the right and bottom edges. */
export function magnifierPosition(p: Point, size: { width: number; height: number }, display: Point): Point {
  const gap = 22;
  const x = p.x + gap + size.width > display.x ? p.x - gap - size.width : p.x + gap;
  const y = p.y + gap + size.height > display.y ? p.y - gap - size.height : p.y + gap;
  return { x: clamp(x, 0, display.x - size.width), y: clamp(y, 0, display.y - size.height) };
}
