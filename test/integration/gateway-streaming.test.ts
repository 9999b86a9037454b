/**
 * Streaming: many stalled downloads do not hold up other links (no upstream socket cap), and every
 * kind of answer hands its upstream socket back (a HEAD whose empty body was never read kept its
 * socket, and the process alive, until RGW hung up).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { type ClientRequest, request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createObjectReader, type ObjectReader } from '../../server/s3/object-get.ts';
import { gatewayFixture, type GatewayUser, pathOf } from '../helpers/gateway.ts';
import { waitFor } from '../helpers/wait-for.ts';
import type { TestServer } from '../helpers/server.ts';

describe('gateway: streaming under stalled clients', () => {
  let server: TestServer;
  let user: GatewayUser;
  before(async () => ({ server, user } = await gatewayFixture()));
  after(() => server.close());

  it('100 downloads that stop reading leave the next download unaffected', async () => {
    const big = await user.share('big.bin', randomBytes(8 << 20), 'application/octet-stream');
    const small = await user.share('small.txt', 'still served', 'text/plain');
    const url = new URL(server.url);
    const stalled: ClientRequest[] = [];
    const responded = await Promise.all(
      Array.from({ length: 100 }, () => {
        return new Promise<number>((resolve, reject) => {
          const req = request({ host: url.hostname, port: url.port, path: `${pathOf(big)}/raw` }, (res) => {
            res.pause(); // never read: the gateway's upstream read stalls on backpressure
            res.on('error', () => {}); // destroyed at the end
            resolve(res.statusCode!);
          });
          req.on('error', (error) => (stalled.includes(req) ? undefined : reject(error)));
          req.end();
          stalled.push(req);
        });
      }),
    );
    assert.ok(responded.every((s) => s === 200));
    const started = Date.now();
    const res = await fetch(`${server.url}${pathOf(small)}/raw`, { signal: AbortSignal.timeout(5000) });
    assert.equal(await res.text(), 'still served');
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    for (const req of stalled) req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
  });
});

/** Reads the first chunk of a download, then closes the connection (a browser tab closed mid-download). */
function firstChunkThenHangUp(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve(res.statusCode!);
      });
    });
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    req.end();
  });
}

describe('gateway: upstream sockets', () => {
  let server: TestServer;
  let user: GatewayUser;
  let objects: ObjectReader | undefined;
  before(async () => {
    ({ server, user } = await gatewayFixture({ makeObjects: (config) => (objects = createObjectReader(config)) }));
  });
  after(() => {
    objects?.destroy();
    return server.close();
  });

  it('HEAD, 304, 416, ranges, stopped and full downloads all give their S3 socket back', async () => {
    const file = await user.share('file.bin', randomBytes(1 << 20), 'application/octet-stream');
    const raw = `${server.url}${pathOf(file)}/raw`;
    const head = await fetch(raw, { method: 'HEAD' });
    assert.equal(head.status, 200);
    const etag = head.headers.get('etag')!;
    const answers = await Promise.all([
      fetch(raw, { method: 'HEAD' }).then((r) => r.status),
      fetch(raw, { headers: { 'if-none-match': etag } }).then((r) => r.status),
      fetch(raw, { headers: { range: 'bytes=9999999-' } }).then(async (r) => (await r.arrayBuffer(), r.status)),
      fetch(raw, { headers: { range: 'bytes=10-19' } }).then(async (r) => (await r.arrayBuffer(), r.status)),
      fetch(raw).then(async (r) => (await r.arrayBuffer(), r.status)),
      firstChunkThenHangUp(raw),
    ]);
    assert.deepEqual(answers, [200, 304, 416, 206, 200, 200]);
    const settled = await waitFor(
      'no busy S3 socket',
      () => (objects!.sockets().busy === 0 ? true : undefined),
      10_000,
    );
    assert.equal(settled, true);
    assert.ok(objects!.sockets().idle >= 1, 'sockets are kept alive for the next read');
  });

  it('closing the reader closes its idle sockets', async () => {
    assert.ok(objects!.sockets().idle >= 1);
    objects!.destroy();
    const left = await waitFor(
      'sockets closed',
      () => {
        const { busy, idle } = objects!.sockets();
        return busy + idle === 0 ? 0 : undefined;
      },
      5_000,
    );
    assert.equal(left, 0);
  });
});
