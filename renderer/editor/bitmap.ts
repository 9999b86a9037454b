/**
 * The capture with its redactions applied to the pixels (common/image/redact.ts, the code the tests check),
 * kept as a canvas at image size: the view and the export both draw it, so a redaction is never an overlay
 * above intact pixels. Recomputed only when the list of redactions changes. The capture's pixels are read back
 * (getImageData, 33 MB for a 4K capture) only when the first redaction needs them, not before the first paint.
 */
import { applyRedactions, type Redaction } from '../../common/image/redact.ts';
import { isRedaction, type Doc } from './model.ts';

export class RedactedBitmap {
  private readonly canvas: HTMLCanvasElement;
  private readonly source: CanvasImageSource;
  private original: ImageData | null = null;
  private key = '[]';

  constructor(source: CanvasImageSource, width: number, height: number) {
    this.source = source;
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    this.canvas.getContext('2d')!.drawImage(source, 0, 0);
  }

  /** The bitmap for `doc`'s redactions, in the order they were made. */
  for(doc: Doc): HTMLCanvasElement {
    const redactions: Redaction[] = doc.items.filter(isRedaction).map((item) => ({ kind: item.kind, rect: item.rect }));
    const key = JSON.stringify(redactions);
    if (key === this.key) return this.canvas;
    const g = this.canvas.getContext('2d', { willReadFrequently: true })!;
    if (!this.original) {
      const reader = document.createElement('canvas');
      reader.width = this.canvas.width;
      reader.height = this.canvas.height;
      const r = reader.getContext('2d', { willReadFrequently: true })!;
      r.drawImage(this.source, 0, 0);
      this.original = r.getImageData(0, 0, reader.width, reader.height);
    }
    const data = new ImageData(new Uint8ClampedArray(this.original.data), this.original.width, this.original.height);
    applyRedactions(data, redactions);
    g.putImageData(data, 0, 0);
    this.key = key;
    return this.canvas;
  }
}
