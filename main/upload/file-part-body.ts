/**
 * The body of one PutObject/UploadPart: a byte range of the file, streamed, never buffered.
 * 1 MiB reads are about 2.5× faster than the 64 KiB default (bench notes). A stream body makes
 * SigV4 sign UNSIGNED-PAYLOAD instead of hashing the payload. The body counts bytes as they are
 * read (smooth progress), applies the optional bandwidth limit, and fails if the file no longer
 * has the bytes the plan expected, instead of leaving the request hanging on a short body.
 */
import fs from 'node:fs';
import { Transform, pipeline, type Readable, type TransformCallback } from 'node:stream';
import type { Throttle } from './throttle.ts';

export const READ_CHUNK_SIZE = 1024 * 1024;

export interface PartBodyOptions {
  /** Called with each chunk's size as it is read from disk. */
  onBytes?: (bytes: number) => void;
  throttle?: Throttle;
}

export interface PartBody {
  body: Readable;
  contentLength: number;
}

/** Bytes `start` (inclusive) to `end` (exclusive) of `path`. */
export function filePartBody(path: string, start: number, end: number, options: PartBodyOptions = {}): PartBody {
  const contentLength = end - start;
  // A throttled upload reads in smaller chunks so the limit is smooth (8 chunks a second or more).
  const highWaterMark = options.throttle
    ? Math.max(16 * 1024, Math.min(READ_CHUNK_SIZE, Math.floor(options.throttle.bytesPerSecond / 8)))
    : READ_CHUNK_SIZE;
  const meter = new PartMeter(contentLength, options);
  if (contentLength === 0) return { body: meter.end(), contentLength };
  const file = fs.createReadStream(path, { start, end: end - 1, highWaterMark });
  return { body: pipeline(file, meter, () => {}), contentLength };
}

class PartMeter extends Transform {
  readonly #expected: number;
  readonly #options: PartBodyOptions;
  #seen = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(expected: number, options: PartBodyOptions) {
    super({ highWaterMark: READ_CHUNK_SIZE });
    this.#expected = expected;
    this.#options = options;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#seen > this.#expected) return callback(changed());
    this.#options.onBytes?.(chunk.length);
    const delay = this.#options.throttle?.reserve(chunk.length) ?? 0;
    if (delay <= 0) return callback(null, chunk);
    this.#timer = setTimeout(() => callback(null, chunk), delay);
  }

  override _flush(callback: TransformCallback): void {
    callback(this.#seen === this.#expected ? null : changed());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.#timer);
    callback(error);
  }
}

function changed(): Error {
  return new Error('the file changed while uploading (it is shorter or longer than when the upload started)');
}
