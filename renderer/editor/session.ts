/**
 * One editing session: the capture, the view, the document's history and what the input is doing right now
 * (the tool, a drag or keyboard shape in progress, the selection, the keyboard cursor), with the actions every
 * way of input shares (add an object, finish a shape, move, delete, undo, redo) and the painting of a frame,
 * at most one per animation frame. The input modules (pointer.ts, keyboard.ts, text-tool.ts, toolbar.ts,
 * finish.ts, secrets-review.ts) change it; only this module paints.
 */
import type { EditorContext, SecretFound } from '../../common/ipc-contract.ts';
import type { RedactedBitmap } from './bitmap.ts';
import { measureText } from './draw.ts';
import type { EditorElements } from './elements.ts';
import { bounds, boxBetween, History, translate, type Box, type Doc, type Item, type Point } from './model.ts';
import { clip, FRAMED, itemFor } from './shapes.ts';
import { PngWorker } from './png-worker.ts';
import { TOOLS, type Tool } from './tools.ts';
import type { View } from './view.ts';

export class Session {
  readonly el: EditorElements;
  readonly history = new History();
  context!: EditorContext;
  bitmap!: RedactedBitmap;
  view!: View;
  size = { width: 0, height: 0 };
  tool: Tool = 'arrow';
  color = '#e5484d';
  width = 4;
  selected: number | null = null;
  nextId = 1;
  busy = false;
  /** The export worker: started after the first paint (startExportWorker) so the first Share finds it warm. */
  private exportWorker: PngWorker | null = null;
  /** A drag or a keyboard shape in progress: where it started, the pen's points. */
  anchor: Point | null = null;
  points: Point[] = [];
  moving: { id: number; last: Point; pushed: boolean } | null = null;
  pointer: Point | null = null;
  cursor: Point = { x: 0, y: 0 };
  cursorShown = false;
  editingText: { id: number | null; at: Point } | null = null;
  /** "Redact sensitive text": the proposals still to be shown, the first being asked about. */
  review: SecretFound[] = [];
  private frame = 0;
  private readonly measurer = document.createElement('canvas').getContext('2d')!;

  constructor(el: EditorElements) {
    this.el = el;
  }

  /** Starts the export worker if it was not yet: after the first paint, so its start does not compete with it. */
  startExportWorker(): PngWorker {
    this.exportWorker ??= new PngWorker();
    return this.exportWorker;
  }

  get pngWorker(): PngWorker {
    return this.startExportWorker();
  }

  get ready(): boolean {
    return this.view !== undefined;
  }

  get scale(): number {
    return this.context.scaleFactor;
  }

  get doc(): Doc {
    return this.history.present;
  }

  say(text: string): void {
    this.el.live.textContent = text;
  }

  readonly measure = (text: string, size: number): number => measureText(this.measurer, text, size);

  clip(box: Box): Box | null {
    return clip(box, this.size);
  }

  /** The object the current tool makes from `from` to `to`, in the current colour and width. */
  itemFor(from: Point, to: Point, strokes: Point[]): Item | null {
    return itemFor(
      this.tool,
      from,
      to,
      strokes,
      { id: this.nextId, color: this.color, width: this.width * this.scale },
      this.size,
    );
  }

  schedule(): void {
    if (!this.frame && this.ready) this.frame = requestAnimationFrame(() => this.paint());
  }

  commit(item: Item | null, what: string): void {
    if (!item) return;
    this.nextId++;
    this.history.push({ ...this.doc, items: [...this.doc.items, item] });
    this.say(`${what} added`);
    this.schedule();
  }

  finishShape(from: Point, to: Point): void {
    if (this.tool === 'crop') {
      const crop = this.clip(boxBetween(from, to));
      if (crop) {
        this.history.push({ ...this.doc, crop });
        this.say(`Cropped to ${crop.width} × ${crop.height}`);
      }
    } else this.commit(this.itemFor(from, to, this.points), TOOLS.find((t) => t.tool === this.tool)!.label);
    this.anchor = null;
    this.points = [];
    this.schedule();
  }

  placeStep(at: Point): void {
    this.commit({ id: this.nextId, kind: 'step', at, color: this.color, size: (10 + this.width) * this.scale }, 'Step');
  }

  /** The topmost object at `p` (a few screen pixels of slack). */
  hit(p: Point): Item | undefined {
    const slack = 4 / this.view.zoom;
    return [...this.doc.items].reverse().find((item) => {
      const b = bounds(item, this.measure);
      return p.x >= b.x - slack && p.y >= b.y - slack && p.x <= b.x + b.width + slack && p.y <= b.y + b.height + slack;
    });
  }

  moveSelected(dx: number, dy: number, push = true): void {
    if (this.selected === null) return;
    const items = this.doc.items.map((i) => (i.id === this.selected ? translate(i, dx, dy) : i));
    if (push) this.history.push({ ...this.doc, items });
    else this.history.replace({ ...this.doc, items });
    this.schedule();
  }

  deleteSelected(): void {
    if (this.selected === null) return;
    this.history.push({ ...this.doc, items: this.doc.items.filter((i) => i.id !== this.selected) });
    this.selected = null;
    this.say('Deleted');
    this.schedule();
  }

  undo(): void {
    if (this.history.undo()) this.say('Undone');
    this.selected = null;
    this.schedule();
  }

  redo(): void {
    if (this.history.redo()) this.say('Redone');
    this.selected = null;
    this.schedule();
  }

  /** The keyboard cursor, shown at the middle of the view when it was not yet. */
  showCursor(): void {
    if (this.cursorShown) return;
    this.cursorShown = true;
    this.cursor = this.view.toImage(this.el.canvas.clientWidth / 2, this.el.canvas.clientHeight / 2);
  }

  paint(): void {
    if (this.frame) cancelAnimationFrame(this.frame); // painted now: a frame already asked for would paint it again
    this.frame = 0;
    let draft: Item | null = null;
    let box: Box | null = null;
    const end = this.pointer ?? (this.cursorShown ? this.cursor : null);
    if (this.anchor && end) {
      if (FRAMED.has(this.tool)) box = boxBetween(this.anchor, end);
      else draft = this.itemFor(this.anchor, end, this.points);
    }
    const chosen = this.selected === null ? undefined : this.doc.items.find((i) => i.id === this.selected);
    this.view.paint(this.bitmap, this.doc, {
      draft,
      frame: this.review[0]?.box ?? box,
      selected: chosen ? bounds(chosen, this.measure) : null,
      cursor: this.cursorShown ? this.cursor : null,
    });
    this.el.zoomLabel.textContent = `${Math.round((this.view.zoom / this.view.actualZoom) * 100)} %`;
    this.el.undo.disabled = !this.history.canUndo;
    this.el.redo.disabled = !this.history.canRedo;
    this.el.deleteButton.disabled = this.selected === null;
  }
}
