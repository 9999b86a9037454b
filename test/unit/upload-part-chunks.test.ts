/**
 * server/uploads/part-chunks.ts: parts of exactly the part size whatever the chunks look like, the bytes in order,
 * a short stream in one joined buffer, full parts only in the reused buffers, a longer stream's chunks copied into a
 * part buffer as they arrive (none waits beside it), and a refusal from onBytes stops it; the buffers of one
 * upload serve the next through SpareBuffers (none freed, at most `keep` kept, only the default size).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { PartBuffers, partChunks, SpareBuffers } from '../../server/uploads/part-chunks.ts';

function chunked(bytes: Buffer, sizes: number[]): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length]!;
    chunks.push(bytes.subarray(at, at + n));
    at += n;
  }
  return Readable.from(chunks);
}

async function collect(bytes: Buffer, sizes: number[], partSize: number, count = 3) {
  const buffers = new PartBuffers(partSize, count);
  const parts: Buffer[] = [];
  const totals: number[] = [];
  for await (const part of partChunks(chunked(bytes, sizes), buffers, (t) => void totals.push(t))) {
    parts.push(Buffer.from(part)); // a copy: the buffer goes back to the pool below
    buffers.release(part);
  }
  return { parts, totals };
}

test('parts are exactly the part size but the last, and hold the bytes in order, for any chunking', async () => {
  const bytes = randomBytes(10_000);
  for (const sizes of [[1], [7, 3000, 13], [999], [1000], [10_000], [4096, 1]]) {
    const { parts, totals } = await collect(bytes, sizes, 1000);
    assert.deepEqual(
      parts.map((p) => p.length),
      Array(10).fill(1000),
      `chunks of ${sizes.join(',')}`,
    );
    assert.ok(Buffer.concat(parts).equals(bytes));
    assert.equal(totals.at(-1), 10_000);
  }
  const uneven = await collect(bytes.subarray(0, 2500), [333], 1000);
  assert.deepEqual(
    uneven.parts.map((p) => p.length),
    [1000, 1000, 500],
  );
  assert.ok(Buffer.concat(uneven.parts).equals(bytes.subarray(0, 2500)));
});

test('a stream shorter than one part is one buffer of its own size, not a pooled part', async () => {
  const bytes = randomBytes(300);
  const buffers = new PartBuffers(1000, 1);
  const parts: Buffer[] = [];
  for await (const part of partChunks(chunked(bytes, [64]), buffers, () => {})) parts.push(part);
  assert.equal(parts.length, 1);
  assert.ok(parts[0]!.equals(bytes));
  const free = await Promise.race([buffers.acquire(), new Promise((r) => setTimeout(() => r('none'), 20))]);
  assert.ok(Buffer.isBuffer(free) && free.length === 1000, 'the one pool buffer was never taken');
});

test('buffers are reused: a part waits for one to come back once all are out', async () => {
  const buffers = new PartBuffers(8, 2);
  const a = await buffers.acquire();
  const b = await buffers.acquire();
  let third: Buffer | undefined;
  const waiting = buffers.acquire().then((buffer) => (third = buffer));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(third, undefined, 'no third buffer is made');
  buffers.release(a);
  await waiting;
  assert.equal(third, a, 'the released one is handed on');
  buffers.release(b.subarray(0, 4)); // a short last part is not a pool buffer
  const next = await Promise.race([buffers.acquire(), new Promise((r) => setTimeout(() => r('none'), 20))]);
  assert.equal(next, 'none');
});

test('past the first part, a chunk waits for a part buffer before the next one is read', async () => {
  const bytes = randomBytes(2500);
  const buffers = new PartBuffers(1000, 1);
  let reads = 0;
  async function* source(): AsyncGenerator<Buffer> {
    for (let at = 0; at < bytes.length; at += 250) {
      reads++;
      yield bytes.subarray(at, at + 250);
    }
  }
  const parts = partChunks(source(), buffers, () => {});
  const first = (await parts.next()).value as Buffer;
  assert.equal(reads, 4);
  const second = parts.next();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(reads, 5, 'while the one buffer is out, one chunk of the next part is read, not a part of them');
  const got = [Buffer.from(first)];
  buffers.release(first);
  const next = (await second).value as Buffer;
  got.push(Buffer.from(next));
  buffers.release(next);
  for await (const part of parts) got.push(Buffer.from(part));
  assert.deepEqual(
    got.map((p) => p.length),
    [1000, 1000, 500],
  );
  assert.ok(Buffer.concat(got).equals(bytes));
});

test('onBytes throwing stops the stream there', async () => {
  const stream = chunked(randomBytes(5000), [100]);
  const seen: number[] = [];
  const buffers = new PartBuffers(1000, 2);
  const parts = partChunks(stream, buffers, (total) => {
    seen.push(total);
    if (total > 2500) throw new Error('over the quota');
  });
  await assert.rejects(async () => {
    for await (const part of parts) buffers.release(part); // as stream-upload.ts does once S3 has it
  }, /over the quota/);
  assert.equal(seen.at(-1), 2600);
  assert.ok(stream.destroyed, 'the source is no longer read');
});

test("an upload's buffers serve the next one: none made again, at most keep kept, other sizes not kept", async () => {
  const size = 5000; // above Buffer.poolSize / 2: each buffer has its own ArrayBuffer, as 5 MiB parts do
  const spares = new SpareBuffers(size, 2);
  const first = new PartBuffers(size, 3, spares);
  const made: Buffer[] = [];
  for await (const part of partChunks(chunked(randomBytes(2.5 * size), [999]), first, () => {})) made.push(part);
  assert.deepEqual(
    made.map((part) => part.length),
    [size, size, size / 2],
  );
  first.dispose();
  assert.equal(spares.count, 2, 'two of the three kept (keep = 2)');
  const second = new PartBuffers(size, 3, spares);
  const taken = [await second.acquire(), await second.acquire(), await second.acquire()];
  const parents = made.map((part) => part.buffer);
  assert.equal(taken.filter((b) => parents.includes(b.buffer)).length, 2, 'the kept buffers come back');
  assert.equal(spares.count, 0);
  second.dispose();
  const other = new PartBuffers(2 * size, 1, spares);
  await other.acquire();
  other.dispose();
  assert.equal(spares.count, 2, 'a buffer of another size is not kept');
});
