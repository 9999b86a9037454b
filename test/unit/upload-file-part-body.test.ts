import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { filePartBody } from '../../main/upload/file-part-body.ts';
import { ProgressTracker } from '../../main/upload/progress.ts';
import { createThrottle } from '../../main/upload/throttle.ts';

const dir = mkdtempSync(join(tmpdir(), 'traydrop-body-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const data = randomBytes(3 * 1024 * 1024 + 17);
const file = join(dir, 'data.bin');
writeFileSync(file, data);

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

test('streams exactly the byte range, in chunks of at most 1 MiB, counting bytes', async () => {
  const seen: number[] = [];
  const { body, contentLength } = filePartBody(file, 100, 2_500_000, { onBytes: (n) => seen.push(n) });
  assert.equal(contentLength, 2_499_900);
  const out = await collect(body);
  assert.ok(out.equals(data.subarray(100, 2_500_000)));
  assert.equal(
    seen.reduce((a, b) => a + b, 0),
    2_499_900,
  );
  assert.ok(Math.max(...seen) <= 1024 * 1024);
});

test('an empty range is an empty body', async () => {
  const { body, contentLength } = filePartBody(file, 0, 0);
  assert.equal(contentLength, 0);
  assert.equal((await collect(body)).length, 0);
});

test('a file that became shorter fails instead of sending a short body', async () => {
  const { body } = filePartBody(file, data.length - 10, data.length + 10);
  await assert.rejects(collect(body), /changed while uploading/);
});

test('the throttle holds the rate', async () => {
  const throttle = createThrottle(4 * 1024 * 1024);
  const started = performance.now();
  const { body } = filePartBody(file, 0, 2 * 1024 * 1024, { throttle });
  await collect(body);
  const seconds = (performance.now() - started) / 1000;
  assert.ok(seconds > 0.42 && seconds < 1.5, `2 MiB at 4 MiB/s took ${seconds}s`);
});

test('the throttle is shared: two streams split the rate', () => {
  let now = 0;
  const throttle = createThrottle(1000, () => now);
  assert.equal(throttle.reserve(1000), 950); // 1 s of bytes, less the 50 ms burst
  assert.equal(throttle.reserve(1000), 1950); // a second stream queues behind the first
  now = 5000; // idle time is not saved up beyond the burst
  assert.equal(throttle.reserve(50), 0);
  assert.equal(throttle.reserve(500), 500);
  assert.throws(() => createThrottle(0), RangeError);
});

test('progress only moves forward and does not double count retried parts', () => {
  const updates: number[] = [];
  const progress = new ProgressTracker(300, (p) => updates.push(p.sentBytes));
  const first = progress.attempt(1);
  first(60);
  first(40);
  const retry = progress.attempt(1);
  retry(50); // re-reading bytes already counted: no change
  retry(80);
  progress.done(2, 100);
  assert.deepEqual(updates, [60, 100, 130, 230]);
  assert.equal(progress.sentBytes, 230);
});

/** A local HTTP server that answers each request with the bytes it received. */
async function echoServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.end(Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Pipes the body into a PUT the way the SDK does (`body.pipe(request)`); resolves with what the server got. */
async function sendPiped(url: string, body: NodeJS.ReadableStream, length: number): Promise<Buffer> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { 'content-length': length } }, (res) => {
      collect(res).then(resolve, reject);
    });
    req.on('error', reject);
    body.pipe(req);
  });
}

test('piped into an HTTP request, it sends exactly the range, reusing its buffers', async () => {
  const server = await echoServer();
  try {
    for (const [start, end] of [
      [0, data.length],
      [5, 5 + 1024 * 1024],
      [100, 2_500_000],
      [7, 7],
    ] as const) {
      let counted = 0;
      const { body, contentLength } = filePartBody(file, start, end, { onBytes: (n) => (counted += n) });
      const got = await sendPiped(server.url, body, contentLength);
      assert.ok(got.equals(data.subarray(start, end)), `bytes ${start}-${end}`);
      assert.equal(counted, end - start);
      assert.ok(body.destroyed, 'the body closes its file once sent');
    }
  } finally {
    await server.close();
  }
});

test('piped: a file that became shorter fails the request with the reason', async () => {
  const server = await echoServer();
  try {
    const { body, contentLength } = filePartBody(file, data.length - 10, data.length + 10);
    await assert.rejects(sendPiped(server.url, body, contentLength), /changed while uploading/);
  } finally {
    await server.close();
  }
});

test('piped: the throttle holds the rate', async () => {
  const server = await echoServer();
  try {
    const throttle = createThrottle(4 * 1024 * 1024);
    const started = performance.now();
    const { body, contentLength } = filePartBody(file, 0, 2 * 1024 * 1024, { throttle });
    const got = await sendPiped(server.url, body, contentLength);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(got.length, 2 * 1024 * 1024);
    assert.ok(seconds > 0.42 && seconds < 1.5, `2 MiB at 4 MiB/s took ${seconds}s`);
  } finally {
    await server.close();
  }
});
