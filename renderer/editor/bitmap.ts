/**
 * The capture with its redactions applied to the pixels (common/image/redact.ts, the code the tests check),
 * kept as a canvas at image size: the view and the export both draw it, so a redaction is never an overlay
 * above intact pixels. Recomputed only when the list of redactions changes.
 */
import { applyRedactions, type Redaction } from '../../common/image/redact.ts';
import { isRedaction, type Doc } from './model.ts';

export class RedactedBitmap {
  private readonly canvas: HTMLCanvasElement;
  private key = '';
  private readonly original: ImageData;

  constructor(original: ImageData) {
    this.original = original;
    this.canvas = document.createElement('canvas');
    this.canvas.width = original.width;
    this.canvas.height = original.height;
    this.canvas.getContext('2d')!.putImageData(original, 0, 0);
  }

  /** The bitmap for `doc`'s redactions, in the order they were made. */
  for(doc: Doc): HTMLCanvasElement {
    const redactions: Redaction[] = doc.items.filter(isRedaction).map((item) => ({ kind: item.kind, rect: item.rect }));
    const key = JSON.stringify(redactions);
    if (key !== this.key) {
      const data = new ImageData(new Uint8ClampedArray(this.original.data), this.original.width, this.original.height);
      applyRedactions(data, redactions);
      this.canvas.getContext('2d')!.putImageData(data, 0, 0);
      this.key = key;
    }
    return this.canvas;
  }
}
