/**
 * The editor's document: the objects drawn on the capture (in image pixels) and the crop, as immutable values,
 * so undo and redo are a list of documents: every action, crop included, is one step back.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type ShapeKind = 'arrow' | 'line' | 'rect' | 'ellipse';
export type StrokeKind = 'pen' | 'highlighter';
export type RedactKind = 'pixelate' | 'blur' | 'box';

export type Item =
  | { id: number; kind: ShapeKind; from: Point; to: Point; color: string; width: number }
  | { id: number; kind: StrokeKind; points: Point[]; color: string; width: number }
  | { id: number; kind: 'text'; at: Point; text: string; color: string; size: number; background: boolean }
  | { id: number; kind: 'step'; at: Point; color: string; size: number }
  | { id: number; kind: RedactKind; rect: Box };

export interface Doc {
  readonly items: readonly Item[];
  /** The part of the capture that is exported, or null for all of it. */
  readonly crop: Box | null;
}

export const EMPTY: Doc = { items: [], crop: null };

export const isRedaction = (item: Item): item is Extract<Item, { kind: RedactKind }> =>
  item.kind === 'pixelate' || item.kind === 'blur' || item.kind === 'box';

/** A rectangle from two corners, in either order. */
export function boxBetween(a: Point, b: Point): Box {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) };
}

/** The number a step badge shows: its place among the steps (so deleting one renumbers the rest). */
export function stepNumber(doc: Doc, id: number): number {
  return doc.items.filter((i) => i.kind === 'step' && i.id <= id).length;
}

/** The area an item covers, in image pixels (text: measured by the caller's measure). */
export function bounds(item: Item, measure: (text: string, size: number) => number): Box {
  switch (item.kind) {
    case 'arrow':
    case 'line':
    case 'rect':
    case 'ellipse': {
      const b = boxBetween(item.from, item.to);
      const pad = item.kind === 'arrow' ? item.width * 3 : item.width / 2;
      return { x: b.x - pad, y: b.y - pad, width: b.width + 2 * pad, height: b.height + 2 * pad };
    }
    case 'pen':
    case 'highlighter': {
      const xs = item.points.map((p) => p.x);
      const ys = item.points.map((p) => p.y);
      const pad = item.kind === 'highlighter' ? item.width * 2 : item.width;
      const x = Math.min(...xs) - pad;
      const y = Math.min(...ys) - pad;
      return { x, y, width: Math.max(...xs) + pad - x, height: Math.max(...ys) + pad - y };
    }
    case 'text': {
      const pad = item.size * 0.3;
      return {
        x: item.at.x - pad,
        y: item.at.y - pad,
        width: measure(item.text, item.size) + 2 * pad,
        height: item.size * 1.25 + 2 * pad,
      };
    }
    case 'step':
      return { x: item.at.x - item.size, y: item.at.y - item.size, width: item.size * 2, height: item.size * 2 };
    default:
      return item.rect;
  }
}

export function translate(item: Item, dx: number, dy: number): Item {
  const move = (p: Point): Point => ({ x: p.x + dx, y: p.y + dy });
  switch (item.kind) {
    case 'arrow':
    case 'line':
    case 'rect':
    case 'ellipse':
      return { ...item, from: move(item.from), to: move(item.to) };
    case 'pen':
    case 'highlighter':
      return { ...item, points: item.points.map(move) };
    case 'text':
    case 'step':
      return { ...item, at: move(item.at) };
    default:
      return { ...item, rect: { ...item.rect, x: item.rect.x + dx, y: item.rect.y + dy } };
  }
}

/** Undo and redo over whole documents. */
export class History {
  private past: Doc[] = [];
  private future: Doc[] = [];
  present: Doc = EMPTY;

  push(doc: Doc): void {
    this.past.push(this.present);
    this.present = doc;
    this.future = [];
  }

  undo(): boolean {
    const doc = this.past.pop();
    if (!doc) return false;
    this.future.push(this.present);
    this.present = doc;
    return true;
  }

  redo(): boolean {
    const doc = this.future.pop();
    if (!doc) return false;
    this.past.push(this.present);
    this.present = doc;
    return true;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** Replace the present without a step (a drag in progress, whose start was pushed when it began). */
  replace(doc: Doc): void {
    this.present = doc;
  }

  /** Whether anything was drawn (Esc asks before throwing it away). */
  get changed(): boolean {
    return this.present !== EMPTY && (this.present.items.length > 0 || this.present.crop !== null);
  }
}
