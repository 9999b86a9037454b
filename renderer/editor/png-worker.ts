/**
 * The page's side of the export worker (export-worker.ts), started with the editor so it is warm by the first
 * Share: the flattened image goes over as an ImageBitmap (transferToImageBitmap: moved, not copied) and the PNG
 * comes back as bytes (transferred). Why a worker: canvas.toBlob on the page's thread waits for idle time (over
 * a second on a busy page), and the pixels' way (read back, 33 MB over IPC, main's zlib) costs more than the
 * worker's encode (bench/capture/editor.ts). Any failure of the worker gives null: the caller sends pixels then.
 */
interface Reply {
  id: number;
  png?: ArrayBuffer;
  error?: string;
}

export class PngWorker {
  private readonly worker: Worker | null;
  private readonly waiting = new Map<number, (png: Uint8Array | null) => void>();
  private next = 1;

  constructor(url = 'export-worker.js') {
    this.worker = PngWorker.start(url);
    if (!this.worker) return;
    this.worker.onmessage = (event: MessageEvent<Reply>) => {
      const { id, png } = event.data;
      this.waiting.get(id)?.(png ? new Uint8Array(png) : null);
      this.waiting.delete(id);
    };
    this.worker.onerror = () => this.failAll();
  }

  private static start(url: string): Worker | null {
    try {
      return new Worker(url);
    } catch {
      return null; // the page's CSP or the scheme refused it: pixels, then
    }
  }

  /** The PNG of `bitmap` (which is handed over, then closed by the worker), or null if the worker cannot. */
  encode(bitmap: ImageBitmap): Promise<Uint8Array | null> {
    if (!this.worker) {
      bitmap.close();
      return Promise.resolve(null);
    }
    const id = this.next++;
    const done = new Promise<Uint8Array | null>((resolve) => this.waiting.set(id, resolve));
    this.worker.postMessage({ id, bitmap }, [bitmap]);
    return done;
  }

  private failAll(): void {
    for (const resolve of this.waiting.values()) resolve(null);
    this.waiting.clear();
  }
}
