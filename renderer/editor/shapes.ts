/**
 * What a tool makes from a drag (or the keyboard's two corners): pure functions of the tool, the two points
 * and the style, so the pointer, the keyboard and the live preview make exactly the same object.
 */
import { boxBetween, type Box, type Item, type Point } from './model.ts';
import type { Tool } from './tools.ts';

export interface ShapeStyle {
  id: number;
  color: string;
  /** The stroke width in image pixels (the 1× width times the capture's scale). */
  width: number;
}

/** `box` rounded to whole image pixels and cut to the image; null if less than 2×2 is left. */
export function clip(box: Box, size: { width: number; height: number }): Box | null {
  const x = Math.max(0, Math.round(box.x));
  const y = Math.max(0, Math.round(box.y));
  const right = Math.min(size.width, Math.round(box.x + box.width));
  const bottom = Math.min(size.height, Math.round(box.y + box.height));
  return right - x >= 2 && bottom - y >= 2 ? { x, y, width: right - x, height: bottom - y } : null;
}

/** The object `tool` makes from `from` to `to` (null: too small, or the tool makes none by dragging). */
export function itemFor(
  tool: Tool,
  from: Point,
  to: Point,
  strokes: Point[],
  style: ShapeStyle,
  size: { width: number; height: number },
): Item | null {
  const { id, color, width } = style;
  switch (tool) {
    case 'arrow':
    case 'line':
    case 'rect':
    case 'ellipse':
      return Math.hypot(to.x - from.x, to.y - from.y) < 2 ? null : { id, kind: tool, from, to, color, width };
    case 'pen':
    case 'highlighter':
      return { id, kind: tool, points: strokes.length > 1 ? strokes : [from, to], color, width };
    case 'pixelate':
    case 'blur':
    case 'box': {
      const rect = clip(boxBetween(from, to), size);
      return rect && { id, kind: tool, rect };
    }
    default:
      return null;
  }
}

/** Tools whose drag shows as a dashed frame until released (crop and the redactions). */
export const FRAMED: ReadonlySet<Tool> = new Set(['crop', 'pixelate', 'blur', 'box']);
