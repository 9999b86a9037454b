/**
 * The capture with its redactions applied to the pixels (common/image/redact.ts, the code the tests check): the
 * view and the export both draw what `for` returns, so a redaction is never an overlay above intact pixels.
 * With no redaction that is the decoded capture itself (no copy before the first paint: a 4K canvas copy cost
 * ~40 ms there); the first redaction reads the capture's pixels back once (getImageData, 33 MB for 4K) into a
 * canvas of its own, recomputed only when the list of redactions changes.
 */
import { applyRedactions, type Redaction } from '../../common/image/redact.ts';
import { isRedaction, type Doc } from './model.ts';

export class RedactedBitmap {
  private readonly source: CanvasImageSource;
  private readonly width: number;
  private readonly height: number;
  private canvas: HTMLCanvasElement | null = null;
  private original: ImageData | null = null;
  private key = '[]';

  constructor(source: CanvasImageSource, width: number, height: number) {
    this.source = source;
    this.width = width;
    this.height = height;
  }

  /** The bitmap for `doc`'s redactions, in the order they were made. */
  for(doc: Doc): CanvasImageSource {
    const redactions: Redaction[] = doc.items.filter(isRedaction).map((item) => ({ kind: item.kind, rect: item.rect }));
    if (redactions.length === 0) return this.source;
    const key = JSON.stringify(redactions);
    if (key === this.key && this.canvas) return this.canvas;
    if (!this.canvas || !this.original) {
      this.canvas = document.createElement('canvas');
      this.canvas.width = this.width;
      this.canvas.height = this.height;
      const r = this.canvas.getContext('2d', { willReadFrequently: true })!;
      r.drawImage(this.source, 0, 0);
      this.original = r.getImageData(0, 0, this.width, this.height);
    }
    const data = new ImageData(new Uint8ClampedArray(this.original.data), this.width, this.height);
    applyRedactions(data, redactions);
    this.canvas.getContext('2d', { willReadFrequently: true })!.putImageData(data, 0, 0);
    this.key = key;
    return this.canvas;
  }
}
