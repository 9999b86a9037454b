/**
 * The visible part: zoom (fit, 100 %, the wheel) and pan, mapping between the canvas and image pixels, and
 * painting one frame: the redacted bitmap, the objects, the crop's shade, the selection, the shape being drawn
 * and the keyboard cursor. 100 % is the capture's own size on screen: a 2× capture shows one image pixel per
 * device pixel, at half the CSS size.
 */
import type { RedactedBitmap } from './bitmap.ts';
import { drawItem, drawItems } from './draw.ts';
import type { Box, Doc, Item, Point } from './model.ts';

export interface Overlay {
  draft: Item | null;
  /** A rectangle being dragged (crop and redactions show as a dashed frame until released). */
  frame: Box | null;
  selected: Box | null;
  cursor: Point | null;
}

export class View {
  zoom = 1;
  /** The image point at the canvas's top-left corner. */
  origin: Point = { x: 0, y: 0 };
  private readonly canvas: HTMLCanvasElement;
  private readonly imageSize: { width: number; height: number };
  private readonly scaleFactor: number;

  constructor(canvas: HTMLCanvasElement, imageSize: { width: number; height: number }, scaleFactor: number) {
    this.canvas = canvas;
    this.imageSize = imageSize;
    this.scaleFactor = scaleFactor;
  }

  private get cssSize(): { width: number; height: number } {
    return { width: this.canvas.clientWidth, height: this.canvas.clientHeight };
  }

  /** CSS pixels per image pixel at 100 %. */
  get actualZoom(): number {
    return 1 / this.scaleFactor;
  }

  fit(): void {
    const { width, height } = this.cssSize;
    const pad = 16;
    this.zoom = Math.min((width - pad) / this.imageSize.width, (height - pad) / this.imageSize.height, this.actualZoom);
    this.center();
  }

  actual(): void {
    this.zoom = this.actualZoom;
    this.center();
  }

  private center(): void {
    const { width, height } = this.cssSize;
    this.origin = {
      x: (this.imageSize.width - width / this.zoom) / 2,
      y: (this.imageSize.height - height / this.zoom) / 2,
    };
  }

  /** Zoom by `factor`, keeping the image point under (cssX, cssY) where it is. */
  zoomAt(factor: number, cssX: number, cssY: number): void {
    const before = this.toImage(cssX, cssY);
    this.zoom = Math.min(8, Math.max(0.02, this.zoom * factor));
    this.origin = { x: before.x - cssX / this.zoom, y: before.y - cssY / this.zoom };
  }

  pan(dxCss: number, dyCss: number): void {
    this.origin = { x: this.origin.x + dxCss / this.zoom, y: this.origin.y + dyCss / this.zoom };
  }

  toImage(cssX: number, cssY: number): Point {
    return { x: this.origin.x + cssX / this.zoom, y: this.origin.y + cssY / this.zoom };
  }

  toCss(p: Point): Point {
    return { x: (p.x - this.origin.x) * this.zoom, y: (p.y - this.origin.y) * this.zoom };
  }

  /**
   * The capture, the objects and the crop's shade at the current zoom, kept while neither the document nor the
   * view changes: a frame while dragging a shape then copies it once and draws only the shape on top (on a
   * 5120x2880 capture with 200 objects, redrawing all of it every frame is what costs frames). A frame with
   * nothing on top (the first paint) is drawn straight into the view instead when the layer is not current.
   */
  private base: { canvas: HTMLCanvasElement; key: string; doc: Doc } | null = null;

  private baseKey(scale: number): string {
    return `${this.canvas.width}x${this.canvas.height}@${scale},${this.origin.x},${this.origin.y}`;
  }

  private baseLayer(bitmap: RedactedBitmap, doc: Doc, scale: number): HTMLCanvasElement {
    const { width, height } = this.canvas;
    const key = this.baseKey(scale);
    if (this.base && this.base.key === key && this.base.doc === doc) return this.base.canvas;
    const canvas = this.base?.canvas ?? document.createElement('canvas');
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const g = canvas.getContext('2d')!;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, width, height);
    this.drawBase(g, bitmap, doc, scale);
    this.base = { canvas, key, doc };
    return canvas;
  }

  /** The capture, the objects and the crop's shade, into `g` (cleared) at `scale`. */
  private drawBase(g: CanvasRenderingContext2D, bitmap: RedactedBitmap, doc: Doc, scale: number): void {
    g.setTransform(scale, 0, 0, scale, -this.origin.x * scale, -this.origin.y * scale);
    g.imageSmoothingEnabled = this.zoom < 1;
    g.drawImage(bitmap.for(doc), 0, 0);
    drawItems(g, doc);
    if (doc.crop) {
      // shade what the crop leaves out
      g.fillStyle = 'rgb(0 0 0 / 55%)';
      const { x, y, width: w, height: h } = doc.crop;
      g.beginPath();
      g.rect(0, 0, this.imageSize.width, this.imageSize.height);
      g.rect(x, y + h, w, -h);
      g.fill('evenodd');
    }
  }

  paint(bitmap: RedactedBitmap, doc: Doc, overlay: Overlay): void {
    const dpr = window.devicePixelRatio || 1;
    const { width, height } = this.cssSize;
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
    }
    const g = this.canvas.getContext('2d')!;
    const scale = this.zoom * dpr;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const nothingOnTop = !overlay.draft && !overlay.frame && !overlay.selected && !overlay.cursor;
    const kept = this.base && this.base.key === this.baseKey(scale) && this.base.doc === doc;
    if (nothingOnTop && !kept) {
      // nothing to draw on top (the first paint, a committed shape): straight into the view, no layer to
      // allocate and copy; the layer is made when a frame has something on top (a drag)
      this.drawBase(g, bitmap, doc, scale);
      return;
    }
    g.drawImage(this.baseLayer(bitmap, doc, scale), 0, 0);
    g.setTransform(scale, 0, 0, scale, -this.origin.x * scale, -this.origin.y * scale);
    if (overlay.draft) drawItem(g, doc, overlay.draft);
    const hair = 1 / this.zoom;
    const dashed = (box: Box, color: string): void => {
      g.lineWidth = 2 * hair;
      g.setLineDash([6 * hair, 4 * hair]);
      g.strokeStyle = '#ffffff';
      g.strokeRect(box.x, box.y, box.width, box.height);
      g.strokeStyle = color;
      g.lineDashOffset = 6 * hair;
      g.strokeRect(box.x, box.y, box.width, box.height);
      g.setLineDash([]);
      g.lineDashOffset = 0;
    };
    if (overlay.frame) dashed(overlay.frame, '#000000');
    if (overlay.selected) dashed(overlay.selected, '#2f6fed');
    if (overlay.cursor) {
      const { x, y } = overlay.cursor;
      const r = 10 * hair;
      g.lineWidth = 3 * hair;
      g.strokeStyle = '#ffffff';
      g.beginPath();
      g.moveTo(x - r, y);
      g.lineTo(x + r, y);
      g.moveTo(x, y - r);
      g.lineTo(x, y + r);
      g.stroke();
      g.lineWidth = hair;
      g.strokeStyle = '#000000';
      g.stroke();
    }
  }
}
