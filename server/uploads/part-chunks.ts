/**
 * Cuts a byte stream into parts of exactly `partSize` bytes (the last one shorter), each copied into one
 * buffer of its own: memory is one part being filled plus the parts the caller holds, whatever the stream's
 * length. `onBytes` sees the running total after every chunk, before it is kept, so a caller can refuse to
 * go on (throw) the moment a stream grows past what it may store. As lib-storage's getChunkStream, without
 * its Buffer.concat of every chunk (a second copy of each part).
 */
import type { Readable } from 'node:stream';

export async function* partChunks(
  stream: Readable,
  partSize: number,
  onBytes: (total: number) => void | Promise<void>,
): AsyncGenerator<Buffer> {
  let part = Buffer.allocUnsafe(partSize);
  let filled = 0;
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    await onBytes(total);
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(partSize - filled, chunk.length - offset);
      chunk.copy(part, filled, offset, offset + n);
      filled += n;
      offset += n;
      if (filled === partSize) {
        yield part;
        part = Buffer.allocUnsafe(partSize);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield part.subarray(0, filled);
}
