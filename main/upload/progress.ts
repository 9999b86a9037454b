/**
 * Upload progress that only moves forward: bytes are counted as they are read from disk, per part;
 * when a part is retried its bytes are not counted twice.
 */
export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
}

export class ProgressTracker {
  readonly #totalBytes: number;
  readonly #onProgress: ((progress: UploadProgress) => void) | undefined;
  readonly #perPart = new Map<number, number>();
  #sentBytes = 0;

  constructor(totalBytes: number, onProgress?: (progress: UploadProgress) => void) {
    this.#totalBytes = totalBytes;
    this.#onProgress = onProgress;
  }

  get sentBytes(): number {
    return this.#sentBytes;
  }

  /** A counter for one attempt at one part: call it with each chunk's size. */
  attempt(partNumber: number): (bytes: number) => void {
    let read = 0;
    return (bytes) => {
      read += bytes;
      const before = this.#perPart.get(partNumber) ?? 0;
      if (read > before) this.#advance(partNumber, read - before);
    };
  }

  /** A part that was already uploaded (resume): counts all of it at once. */
  done(partNumber: number, bytes: number): void {
    const before = this.#perPart.get(partNumber) ?? 0;
    if (bytes > before) this.#advance(partNumber, bytes - before);
  }

  #advance(partNumber: number, bytes: number): void {
    this.#perPart.set(partNumber, (this.#perPart.get(partNumber) ?? 0) + bytes);
    this.#sentBytes += bytes;
    this.#onProgress?.({ sentBytes: this.#sentBytes, totalBytes: this.#totalBytes });
  }
}
