/**
 * A multipart/form-data body made on the fly, of any size, for the upload endpoint's tests and bench: the bytes of
 * its one file come from a 1 MiB random block with each MiB's number written in (so no two MiB are alike), its
 * length is known in advance (for Content-Length), and nothing of it is held in memory but that block.
 *
 *   const body = formBody({ name: 'big.bin', bytes: 300 * MiB, fields: { expire: '7d' } });
 *   http.request(url, { headers: { 'content-type': body.contentType, 'content-length': body.length } });
 *   for (const chunk of body.chunks()) …; body.fileSha256()
 */
import { createHash, randomBytes } from 'node:crypto';

const BLOCK = 1024 * 1024;

export interface FormBody {
  contentType: string;
  /** The whole body's length in bytes. */
  length: number;
  /** The body, part by part: the fields and the file's head, the file in blocks of 1 MiB at most, the end. */
  chunks(): Generator<Buffer>;
  /** SHA-256 (hex) of the file's bytes alone. */
  fileSha256(): string;
}

export function formBody(options: { name: string; bytes: number; fields?: Record<string, string> }): FormBody {
  const boundary = `----traydrop${randomBytes(8).toString('hex')}`;
  const block = randomBytes(BLOCK);
  const fields = Object.entries(options.fields ?? {})
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const head = Buffer.from(
    `${fields}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${options.name}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  function* fileBlocks(): Generator<Buffer> {
    for (let at = 0, n = 0; at < options.bytes; at += BLOCK, n++) {
      const chunk = Buffer.from(block.subarray(0, Math.min(BLOCK, options.bytes - at)));
      if (chunk.length >= 8) chunk.writeBigUInt64BE(BigInt(n));
      yield chunk;
    }
  }
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: head.length + options.bytes + tail.length,
    *chunks() {
      yield head;
      yield* fileBlocks();
      yield tail;
    },
    fileSha256() {
      const hash = createHash('sha256');
      for (const chunk of fileBlocks()) hash.update(chunk);
      return hash.digest('hex');
    },
  };
}
